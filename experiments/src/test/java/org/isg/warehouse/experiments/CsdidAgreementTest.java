package org.isg.warehouse.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.isg.warehouse.contracts.files.PythonPackages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The estimator against an independent implementation: csdid 0.4.3, the Python port of R
 * {@code did} (pinned with every dependency in did-oracle-constraints.txt, {@link DidOracle}, and installed by the test
 * into the project's cache, like Airflow). The same panels go to both; every ATT(g, t), its
 * analytic standard error, the Wald pre-test and the simple, event-time and cohort aggregations
 * (overall and per key, with standard errors) must agree to 1e-9, the event study's covariance
 * (what HonestDiD takes) to 1e-12.
 */
class CsdidAgreementTest
{
    private static final double TOLERANCE = 1e-9;

    @TempDir
    static Path directory;

    private static Path python;

    private record Fixture(String name, SimulatedExperiment experiment, ControlGroup controlGroup, long seed)
    {
        @Override
        public String toString()
        {
            return name;
        }
    }

    static List<Fixture> fixtures()
    {
        List<SimulatedExperiment.Cohort> threeCohorts = List.of(new SimulatedExperiment.Cohort(3, 12), new SimulatedExperiment.Cohort(5, 15),
                new SimulatedExperiment.Cohort(7, 9));
        return List.of(
                // Three cohorts and never-treated units, every unit seen every period; effects growing with exposure
                new Fixture("balanced", new SimulatedExperiment(9, 25, threeCohorts, 1.5, 0.4, 0.0, 1.0, 0.0), ControlGroup.NEVER_TREATED, 101),
                // The same design with about a fifth of the unit-periods missing (R's allow_unbalanced_panel)
                new Fixture("unbalanced", new SimulatedExperiment(9, 25, threeCohorts, 1.5, 0.4, 0.0, 1.0, 0.2), ControlGroup.NEVER_TREATED, 202),
                // Four cohorts compared with the not-yet-treated, with a pre-trend for the Wald test to see
                new Fixture("not-yet-treated", new SimulatedExperiment(10, 10, List.of(new SimulatedExperiment.Cohort(3, 8), new SimulatedExperiment.Cohort(5, 10),
                        new SimulatedExperiment.Cohort(6, 7), new SimulatedExperiment.Cohort(9, 12)), 2.0, -0.1, 0.15, 0.8, 0.0), ControlGroup.NOT_YET_TREATED, 303));
    }

    @BeforeAll
    static void installTheOracle()
            throws IOException
    {
        Path environment = PythonPackages.virtualEnvironment(DidOracle.ENVIRONMENT, DidOracle.requirements(), DidOracle.constraints(), System.out::println);
        python = environment.resolve("bin").resolve("python");
        Files.writeString(directory.resolve("csdid_oracle.py"), DidOracle.resource("csdid_oracle.py"), UTF_8);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyFigureEqualsCsdid(Fixture fixture)
            throws Exception
    {
        UnitPanel panel = fixture.experiment().panel(fixture.seed());
        JsonNode oracle = runOracle(panel, fixture);
        GroupTimeEffects effects = CallawaySantAnna.estimate(panel, fixture.controlGroup());

        assertThat(oracle.path("balanced").asBoolean()).isEqualTo(!effects.flags().contains(EstimationFlag.UNBALANCED_PANEL));
        List<GroupTimeEffect> cells = effects.cells();
        JsonNode oracleCells = oracle.path("cells");
        assertThat(cells).hasSize(oracleCells.size());
        for (int index = 0; index < cells.size(); index++) {
            JsonNode expected = oracleCells.get(index);
            GroupTimeEffect cell = cells.get(index);
            String cellName = "ATT(%d, %d)".formatted(cell.cohort(), cell.period());
            assertThat(cell.cohort()).as(cellName).isEqualTo(expected.path("cohort").asInt());
            assertThat(cell.period()).as(cellName).isEqualTo(expected.path("period").asInt());
            assertThat(cell.estimate()).as(cellName).isCloseTo(expected.path("att").asDouble(), within(TOLERANCE));
            assertThat(effects.cell(index).analyticStandardError()).as(cellName + " standard error").isCloseTo(expected.path("se").asDouble(), within(TOLERANCE));
        }

        PreTrendTest preTrend = effects.preTrendTest().orElseThrow();
        assertThat(preTrend.statistic()).isCloseTo(oracle.path("W").asDouble(), within(TOLERANCE * Math.max(1, preTrend.statistic())));
        // csdid rounds the p-value to 5 decimals, as R does
        assertThat(preTrend.pValue()).isCloseTo(oracle.path("Wpval").asDouble(), within(0.5e-5 + 1e-12));

        assertAggregation(effects, AggregationType.SIMPLE, oracle.path("aggregations").path("simple"));
        assertAggregation(effects, AggregationType.EVENT_TIME, oracle.path("aggregations").path("dynamic"));
        assertAggregation(effects, AggregationType.COHORT, oracle.path("aggregations").path("group"));

        EventStudy eventStudy = EventStudy.of(effects.aggregate(AggregationType.EVENT_TIME).orElseThrow().parts());
        JsonNode covariance = oracle.path("event_study_covariance");
        assertThat(covariance.size()).isEqualTo(eventStudy.eventTimes().size());
        for (int row = 0; row < covariance.size(); row++) {
            for (int column = 0; column < covariance.size(); column++) {
                assertThat(eventStudy.covariance(row, column)).as("event-study covariance [%d, %d]", row, column)
                        .isCloseTo(covariance.get(row).get(column).asDouble(), within(1e-12));
            }
        }
    }

    private static void assertAggregation(GroupTimeEffects effects, AggregationType type, JsonNode expected)
    {
        AggregatedEffects aggregated = effects.aggregate(type).orElseThrow();
        assertThat(aggregated.overall().estimate()).as(type + " overall").isCloseTo(expected.path("att").asDouble(), within(TOLERANCE));
        assertThat(aggregated.overall().analyticStandardError()).as(type + " overall standard error").isCloseTo(expected.path("se").asDouble(), within(TOLERANCE));
        JsonNode parts = expected.path("parts");
        assertThat(aggregated.parts()).as(type + " parts").hasSize(parts.size());
        for (int index = 0; index < parts.size(); index++) {
            Effect part = aggregated.parts().get(index);
            String name = type + " " + parts.get(index).path("key").asInt();
            assertThat(part.key()).as(name).isEqualTo(OptionalInt.of(parts.get(index).path("key").asInt()));
            assertThat(part.estimate()).as(name).isCloseTo(parts.get(index).path("att").asDouble(), within(TOLERANCE));
            assertThat(part.analyticStandardError()).as(name + " standard error").isCloseTo(parts.get(index).path("se").asDouble(), within(TOLERANCE));
        }
    }

    /** The panel in R did's long format ({@link DidOracle#longFormat}), through csdid. */
    private static JsonNode runOracle(UnitPanel panel, Fixture fixture)
            throws IOException, InterruptedException
    {
        Path csv = directory.resolve(fixture.name() + ".csv");
        Files.write(csv, DidOracle.longFormat(panel), UTF_8);
        Path out = directory.resolve(fixture.name() + ".json");
        String controlGroup = switch (fixture.controlGroup()) {
            case NEVER_TREATED -> "nevertreated";
            case NOT_YET_TREATED -> "notyettreated";
        };
        Process process = new ProcessBuilder(python.toString(), directory.resolve("csdid_oracle.py").toString(), csv.toString(), controlGroup, out.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return new ObjectMapper().readTree(out.toFile());
    }
}
