package org.isg.warehouse.pipeline.gold;

import org.apache.spark.sql.Row;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.generator.ExportGenerator;
import org.isg.warehouse.generator.GenerateOptions;
import org.isg.warehouse.generator.PlantedExperiment;
import org.isg.warehouse.indicators.IndicatorCatalogue;
import org.isg.warehouse.pipeline.TestNights;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.testing.SharedSpark;
import org.isg.warehouse.testing.TestDeliveries;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Experiment effects end to end (issue 15): the generator declares C01's and C02's experiments
 * ({@link PlantedExperiment}) with twelve months of outcome history and plants effects of known
 * size into the records; after one night's intake the effects are in gold. The truth is the generator's
 * plan; the panel is checked against counts written here in plain Spark SQL over silver.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExperimentEffectsTest
{
    private static final LocalDate NIGHT = LocalDate.of(2026, 11, 20);

    @TempDir
    static Path directory;

    private Path landing;
    private Warehouse warehouse;

    @BeforeAll
    void runTheNight()
            throws Exception
    {
        landing = directory.resolve("landing");
        new ExportGenerator(new GenerateOptions(landing, NIGHT, NIGHT, List.of("C01", "C02"), GenerateOptions.DEFAULT_SEED, 0, false, 20, 5000,
                GenerateOptions.Experiments.PLANTED), BaseRegistry.load(), line -> { }).generate();
        // CM01 delivers grid cases, ledger entries and divisions (no screenings) and declares an experiment that breaks every check a row rule cannot make
        new ExportGenerator(new GenerateOptions(landing, NIGHT, NIGHT, List.of("CM01"), GenerateOptions.DEFAULT_SEED, 0, false, 20, 5000), BaseRegistry.load(),
                line -> { }).generate();
        BaseRegistry registry = BaseRegistry.load();
        // the generator's division codes: 110100 + 100 × the base's registry position, street, community
        String community = "%06d001".formatted(110100 + 100 * registry.bases().indexOf(registry.base("CM01").orElseThrow()));
        TestDeliveries.writeCsv(landing, "experiment_units", "CM01", NIGHT.toString(), "2026-11-21T01:00:00+08:00", """
                assignment_id,experiment_id,title,technology,outcome_codes,unit_level,division_code,arm,treatment_start
                X/1,EXP-X,Checks,OTHER,GC_AI_DISCOVERY_SHARE;HS_AI_ASSISTED_SHARE;GC_DISPOSAL_HOURS_P50;NO_SUCH_CODE,COMMUNITY,%1$s001,TREATMENT,2026-11-01
                X/2,EXP-X,Checks,OTHER,GC_AI_DISCOVERY_SHARE;HS_AI_ASSISTED_SHARE;GC_DISPOSAL_HOURS_P50;NO_SUCH_CODE,COMMUNITY,%1$s002,CONTROL,
                X/3,EXP-X,Checks,OTHER,GC_AI_DISCOVERY_SHARE;HS_AI_ASSISTED_SHARE;GC_DISPOSAL_HOURS_P50;NO_SUCH_CODE,COMMUNITY,999999999999,CONTROL,
                X/4,EXP-X,Checks,OTHER,GC_AI_DISCOVERY_SHARE;HS_AI_ASSISTED_SHARE;GC_DISPOSAL_HOURS_P50;NO_SUCH_CODE,COMMUNITY,%1$s002,TREATMENT,2026-10-01
                """.formatted(community));
        warehouse = new Warehouse(SharedSpark.session(), directory.resolve("warehouse").toString());
        // the intake, then the experiments' part of stage INDICATORS: the rest of gold is other tests' business
        String runId = TestNights.intake(TestNights.quiet(warehouse), landing.toString(), NIGHT);
        new ExperimentEffectsJob(warehouse, BaseRegistry.load(), line -> { }).run(IndicatorCatalogue.load(), NIGHT, runId);
    }

    @Test
    void thePlantedEffectsAreRecoveredWithinTheirIntervalsAndThePreTrendIsFlagged()
    {
        Map<String, Row> headline = new TreeMap<>();
        Map<String, Row> placebo = new TreeMap<>();
        for (Row row : warehouse.read(Warehouse.GOLD, ExperimentEffectsJob.EFFECTS_TABLE).where("control_group = 'NEVER_TREATED'").collectAsList()) {
            String key = row.<String>getAs("base_code") + " " + row.getAs("experiment_id");
            if (row.<String>getAs("aggregation").equals("SIMPLE")) {
                headline.put(key, row);
            }
            if (row.<String>getAs("aggregation").equals("PRE_TREND")) {
                placebo.put(key, row);
            }
        }
        assertThat(headline).containsOnlyKeys("C01 EXP-AICAM", "C01 EXP-AISCREEN", "C02 EXP-AICAM", "CM01 EXP-X");

        // C01's AI cameras: +15 points planted, inside the interval and significant; parallel trends hold
        Row cameras = headline.get("C01 EXP-AICAM");
        assertThat(cameras.<String>getAs("indicator_code")).isEqualTo("GC_AI_DISCOVERY_SHARE");
        assertThat(cameras.<Double>getAs("ci_low")).isLessThan(15.0).isGreaterThan(0.0);
        assertThat(cameras.<Double>getAs("ci_high")).isGreaterThan(15.0);
        assertThat(cameras.<Integer>getAs("treated_units")).isEqualTo(5);
        assertThat(cameras.<Integer>getAs("units")).isEqualTo(10);
        assertThat(cameras.getList(cameras.fieldIndex("trust_flags"))).doesNotContain("PRE_TRENDS_FAILED");

        // C01's AI-read screenings: no effect planted, the interval covers zero
        Row screenings = headline.get("C01 EXP-AISCREEN");
        assertThat(screenings.<Double>getAs("ci_low")).isLessThan(0.0);
        assertThat(screenings.<Double>getAs("ci_high")).isGreaterThan(0.0);

        // C02's communities were on the rise before the cameras: the placebo leaves out zero, the grade is D
        Row rising = headline.get("C02 EXP-AICAM");
        Row risingPlacebo = placebo.get("C02 EXP-AICAM");
        assertThat(risingPlacebo.<Double>getAs("ci_low")).isGreaterThan(0.0);
        assertThat(rising.getList(rising.fieldIndex("trust_flags"))).contains("PRE_TRENDS_FAILED");
        assertThat(rising.<String>getAs("trust_grade")).isEqualTo("D");
    }

    @Test
    void aDeclarationIsCheckedAgainstTheDivisionsTheCatalogueAndTheRegistry()
    {
        Map<String, Row> byOutcome = new TreeMap<>();
        for (Row row : warehouse.read(Warehouse.GOLD, ExperimentEffectsJob.EFFECTS_TABLE)
                .where("base_code = 'CM01' AND control_group = 'NEVER_TREATED' AND aggregation = 'SIMPLE'").collectAsList()) {
            byOutcome.put(row.getAs("indicator_code"), row);
        }
        assertThat(byOutcome).containsOnlyKeys("GC_AI_DISCOVERY_SHARE", "HS_AI_ASSISTED_SHARE", "GC_DISPOSAL_HOURS_P50", "NO_SUCH_CODE");
        // 999999999999 is no division of CM01's; its second row for community 002 is a duplicate: two units stay
        Row rate = byOutcome.get("GC_AI_DISCOVERY_SHARE");
        assertThat(rate.getList(rate.fieldIndex("estimation_flags"))).contains("UNITS_NOT_IN_DIVISIONS", "DUPLICATE_UNITS");
        assertThat(rate.<Integer>getAs("units")).isEqualTo(2);
        // CM01 delivers no screenings; a percentile has no unit-level rate in v1; NO_SUCH_CODE is not in the catalogue
        assertThat(byOutcome.get("HS_AI_ASSISTED_SHARE").getList(byOutcome.get("HS_AI_ASSISTED_SHARE").fieldIndex("estimation_flags"))).contains("OUTCOME_NOT_DELIVERED");
        assertThat(byOutcome.get("GC_DISPOSAL_HOURS_P50").getList(byOutcome.get("GC_DISPOSAL_HOURS_P50").fieldIndex("estimation_flags"))).contains("OUTCOME_KIND_NOT_SUPPORTED");
        assertThat(byOutcome.get("NO_SUCH_CODE").getList(byOutcome.get("NO_SUCH_CODE").fieldIndex("estimation_flags"))).contains("OUTCOME_NOT_IN_CATALOGUE");
        for (String outcome : List.of("HS_AI_ASSISTED_SHARE", "GC_DISPOSAL_HOURS_P50", "NO_SUCH_CODE")) {
            assertThat(byOutcome.get(outcome).<String>getAs("trust_grade")).as(outcome).isEqualTo("D");
            assertThat(byOutcome.get(outcome).<Double>getAs("estimate")).as(outcome).isNull();
        }
    }

    @Test
    void thePanelCountsEachUnitsRecordsAsTheCatalogueDefinesTheRate()
    {
        // GC_AI_DISCOVERY_SHARE: records by China month of reported_at; numerator source = 'AI_CAMERA'; population every record
        warehouse.read(Warehouse.SILVER, "grid_cases").createOrReplaceTempView("experiment_grid_cases");
        Map<String, String> expected = new TreeMap<>();
        for (Row row : SharedSpark.session().sql("""
                SELECT division_code, date_format(from_utc_timestamp(reported_at, 'Asia/Shanghai'), 'yyyy-MM') AS month,
                       count_if(source = 'AI_CAMERA') AS ai, count(*) AS cases
                FROM experiment_grid_cases
                WHERE base_code = 'C01' AND from_utc_timestamp(reported_at, 'Asia/Shanghai') < TIMESTAMP '2026-11-21 00:00:00'
                GROUP BY 1, 2""").collectAsList()) {
            expected.put(row.getString(0) + " " + row.getString(1), row.getLong(2) + "/" + row.getLong(3));
        }
        Map<String, String> actual = new TreeMap<>();
        List<Row> panel = warehouse.read(Warehouse.GOLD, ExperimentEffectsJob.PANEL_TABLE)
                .where("base_code = 'C01' AND experiment_id = 'EXP-AICAM'").collectAsList();
        for (Row row : panel) {
            actual.put(row.<String>getAs("unit_code") + " " + row.getAs("month"), Math.round(row.<Double>getAs("numerator")) + "/" + Math.round(row.<Double>getAs("denominator")));
        }
        // the ten units are communities: each is its own division; C01's cases fall in those ten only
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.keySet().stream().map(key -> key.substring(key.indexOf(' ') + 1)).distinct().count()).isEqualTo(13);

        // 110100001001 went live in April 2026, 2026 × 12 + 4 − 1 in R did's encoding; 110100001002 is a control
        Row treated = panel.stream().filter(row -> row.getAs("unit_code").equals("110100001001") && row.getAs("month").equals("2026-05")).findFirst().orElseThrow();
        assertThat(treated.<String>getAs("arm")).isEqualTo("TREATMENT");
        assertThat(treated.<String>getAs("first_treated_month")).isEqualTo("2026-04");
        assertThat(treated.<Integer>getAs("first_treated_period")).isEqualTo(24315);
        assertThat(treated.<Integer>getAs("period")).isEqualTo(24316);
        Row control = panel.stream().filter(row -> row.getAs("unit_code").equals("110100001002")).findFirst().orElseThrow();
        assertThat(control.<String>getAs("arm")).isEqualTo("CONTROL");
        assertThat(control.<Integer>getAs("first_treated_period")).isZero();
    }

    @Test
    @Order(Integer.MAX_VALUE) // changes silver: last
    void aNightReestimatesOnlyTheOutcomesWhosePanelChanged()
    {
        ExperimentEffectsJob job = new ExperimentEffectsJob(warehouse, BaseRegistry.load(), line -> { });
        long version = warehouse.table(Warehouse.GOLD, ExperimentEffectsJob.EFFECTS_TABLE).history(1).first().getAs("version");

        ExperimentEffectsJob.Result unchanged = job.run(IndicatorCatalogue.load(), NIGHT, "rerun");

        assertThat(unchanged.outcomes()).isEqualTo(3 + 4);
        assertThat(unchanged.estimated()).isZero();
        assertThat(warehouse.table(Warehouse.GOLD, ExperimentEffectsJob.EFFECTS_TABLE).history(1).first().<Long>getAs("version")).isEqualTo(version);

        // C02 withdraws a month of one community's cases: its panel changes, C01's two outcomes do not
        warehouse.table(Warehouse.SILVER, "grid_cases").delete("base_code = 'C02' AND division_code = '110200001002' "
                + "AND date_format(from_utc_timestamp(reported_at, 'Asia/Shanghai'), 'yyyy-MM') = '2026-02'");

        ExperimentEffectsJob.Result corrected = job.run(IndicatorCatalogue.load(), NIGHT, "corrected");

        assertThat(corrected.estimated()).isEqualTo(1);
        assertThat(warehouse.read(Warehouse.GOLD, ExperimentEffectsJob.EFFECTS_TABLE).where("run_id = 'corrected'")
                .select("base_code").distinct().collectAsList()).extracting(row -> row.getString(0)).containsExactly("C02");
    }
}
