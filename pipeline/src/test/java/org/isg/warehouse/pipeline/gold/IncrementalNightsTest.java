package org.isg.warehouse.pipeline.gold;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.indicators.Indicator;
import org.isg.warehouse.indicators.IndicatorCatalogue;
import org.isg.warehouse.indicators.disclosure.DisclosurePolicy;
import org.isg.warehouse.pipeline.NightlyRun;
import org.isg.warehouse.pipeline.TestNights;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.testing.SharedSpark;
import org.isg.warehouse.testing.TestDeliveries;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Incremental nights (issue 3): a night recomputes only the (indicator, period) rows its changes
 * touch, scores only the cohort-periods whose values changed (issue 14), and a full rebuild gives
 * the same tables. The first night is run once: on 2026-11-10 C01 delivers 40 cases registered on
 * each of 10 July, 10 August and 10 October, 30 of each closed (75% closure in each month). Each test works on its own copy of that landing area and warehouse, so
 * no test depends on another's changes: a definition change of GC_REWORK_RATE; a correction on
 * 2026-11-20 that moves case A1 (closed) from 10 August to 10 October, then a rebuild. The test of
 * populations runs three nights of health screenings and divisions snapshots of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncrementalNightsTest
{
    private static final LocalDate FIRST_NIGHT = LocalDate.of(2026, 11, 10);
    private static final LocalDate CORRECTION_NIGHT = LocalDate.of(2026, 11, 20);
    private static final String CHANGED = "GC_REWORK_RATE";

    @TempDir
    static Path directory;

    private Path firstNight;
    private String firstRunId;
    // this test's copy of the first night
    private Path landing;
    private Warehouse warehouse;

    @BeforeAll
    void runTheFirstNight()
            throws Exception
    {
        firstNight = directory.resolve("first-night");
        Path landing = firstNight.resolve("landing");
        TestDeliveries.writeCsv(landing, "grid_cases", "C01", "2026-11-10", "2026-11-11T01:00:00+08:00", GridCaseRows.HEADER
                + GridCaseRows.cases("J", LocalDateTime.of(2026, 7, 10, 10, 0), 40, 30)
                + GridCaseRows.cases("A", LocalDateTime.of(2026, 8, 10, 10, 0), 40, 30)
                + GridCaseRows.cases("O", LocalDateTime.of(2026, 10, 10, 10, 0), 40, 30));
        // Exports of July and September with no change in them: C01 has delivered every month since July (SPEC §3: no M)
        TestDeliveries.writeCsv(landing, "grid_cases", "C01", "2026-07-31", "2026-08-01T01:00:00+08:00", GridCaseRows.HEADER);
        TestDeliveries.writeCsv(landing, "grid_cases", "C01", "2026-09-30", "2026-10-01T01:00:00+08:00", GridCaseRows.HEADER);
        Warehouse warehouse = new Warehouse(SharedSpark.session(), firstNight.resolve("warehouse").toString());
        firstRunId = TestNights.quiet(warehouse).run(landing.toString(), FIRST_NIGHT).runId();
    }

    @BeforeEach
    void copyTheFirstNight(@TempDir Path copy)
            throws IOException
    {
        try (Stream<Path> paths = Files.walk(firstNight)) {
            for (Path path : paths.toList()) {
                Path target = copy.resolve(firstNight.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                }
                else {
                    Files.copy(path, target);
                }
            }
        }
        landing = copy.resolve("landing");
        warehouse = new Warehouse(SharedSpark.session(), copy.resolve("warehouse").toString());
    }

    @Test
    void rerunningTheNightWritesNoGoldVersionAndSkipsTheStageUntilAGoldTableChanges()
            throws Exception
    {
        long indicatorValues = version("indicator_values");
        long baseScores = version("base_scores");
        String rerun = TestNights.quiet(warehouse).run(landing.toString(), FIRST_NIGHT).runId();
        assertThat(version("indicator_values")).isEqualTo(indicatorValues);
        assertThat(version("base_scores")).isEqualTo(baseScores);
        // The first night's publish set the gold tables' retention (a maintenance commit): still nothing to do
        assertThat(indicatorsStageCounts(rerun)).isEqualTo(Map.of("inputs_unchanged", 1L));
        // A later cut-off, or a changed definition, is another input
        GoldInputs inputs = new GoldInputs(warehouse);
        assertThat(inputs.unchangedSinceRecorded(inputs.current(FIRST_NIGHT, IndicatorCatalogue.load(), BaseRegistry.load(), DisclosurePolicy.load()))).isTrue();
        assertThat(inputs.unchangedSinceRecorded(inputs.current(FIRST_NIGHT.plusDays(1), IndicatorCatalogue.load(), BaseRegistry.load(), DisclosurePolicy.load()))).isFalse();
        assertThat(inputs.unchangedSinceRecorded(inputs.current(FIRST_NIGHT, catalogueWithMinimumN(CHANGED, 25), BaseRegistry.load(), DisclosurePolicy.load()))).isFalse();

        // A gold table written since (here by hand) is not what the stage left: it runs again
        warehouse.table(Warehouse.GOLD, "base_scores").delete("base_code = 'C01'");
        String afterChange = TestNights.quiet(warehouse).run(landing.toString(), FIRST_NIGHT).runId();
        assertThat(indicatorsStageCounts(afterChange)).containsKey("base_scores").doesNotContainKey("inputs_unchanged");
        assertThat(warehouse.read(Warehouse.GOLD, "base_scores").where("base_code = 'C01'").count()).isPositive();
    }

    private Map<String, Long> indicatorsStageCounts(String runId)
    {
        List<Row> rows = warehouse.read(Warehouse.OPS, "runs").where("run_id = '%s' AND stage = 'indicators'".formatted(runId)).collectAsList();
        assertThat(rows).hasSize(1);
        return rows.get(0).getJavaMap(rows.get(0).fieldIndex("counts"));
    }

    @Test
    void changingOneDefinitionChangesOnlyThatIndicatorsRows()
            throws Exception
    {
        Map<String, Row> before = rowsByKey();
        IndicatorCatalogue changed = catalogueWithMinimumN(CHANGED, 25);
        String changedHash = changed.indicators().stream().filter(indicator -> indicator.code().equals(CHANGED)).findFirst().orElseThrow().definitionHash();
        String unchangedHash = IndicatorCatalogue.load().indicators().stream().filter(indicator -> indicator.code().equals(CHANGED)).findFirst().orElseThrow().definitionHash();
        assertThat(changedHash).isNotEqualTo(unchangedHash);

        new IndicatorValuesJob(warehouse, BaseRegistry.load(), line -> { }).run(changed, FIRST_NIGHT, "run-changed-definition");

        Map<String, Row> after = rowsByKey();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        long changedRows = 0;
        for (Map.Entry<String, Row> entry : after.entrySet()) {
            Row row = entry.getValue();
            if (row.<String>getAs("indicator_code").equals(CHANGED)) {
                changedRows++;
                assertThat(row.<String>getAs("definition_hash")).isEqualTo(changedHash);
                assertThat(row.<String>getAs("run_id")).isEqualTo("run-changed-definition");
            }
            else {
                // every column, the run id and the cut-off included
                assertThat(row).as(entry.getKey()).isEqualTo(before.get(entry.getKey()));
            }
        }
        // C01 and the other bases expected to deliver grid cases, in July, August and October, Q3, Q4 and the year
        assertThat(changedRows).isEqualTo(warehouse.read(Warehouse.GOLD, "indicator_values").where("indicator_code = 'GC_CLOSURE_RATE'").count()).isGreaterThan(6);

        // The catalogue's own definition back: its rows return to the original hash
        new IndicatorValuesJob(warehouse, BaseRegistry.load(), line -> { }).run(IndicatorCatalogue.load(), FIRST_NIGHT, "run-definition-restored");
        assertThat(warehouse.read(Warehouse.GOLD, "indicator_values").where("indicator_code = '%s' AND definition_hash <> '%s'".formatted(CHANGED, unchangedHash)).count()).isZero();
    }

    @Test
    void aCorrectionRecomputesThePeriodsOfItsOldAndNewVersionOnlyAndARebuildAgrees()
            throws Exception
    {
        String correctionRunId = runTheCorrectionNight();

        // July: final at the first night's cut-off and untouched by the correction: the first night's row
        Row july = closureRate("MONTH", "2026-07");
        assertThat(july.<String>getAs("run_id")).isEqualTo(firstRunId);
        assertThat(july.<java.sql.Timestamp>getAs("as_of")).isEqualTo(IndicatorValuesJob.cutoff(FIRST_NIGHT));
        assertThat(july.<Double>getAs("value")).isCloseTo(75.0, within(1e-9));
        // A window indicator is final 30 days later: July's on-time closure since 2026-09-14 (July 31st + 15 + 30 days),
        // October's not before 2026-12-15 (P at this cut-off, November 20th), while October's closure rate is final since 2026-11-15
        assertThat(closureRate("MONTH", "2026-10").<String>getAs("obs_status")).isEqualTo("A");
        assertThat(GoldRows.single(warehouse, "indicator_values",
                "base_code = 'C01' AND indicator_code = 'GC_ONTIME_CLOSURE_RATE' AND period_type = 'MONTH' AND period = '2026-07'").<String>getAs("obs_status")).isEqualTo("A");
        assertThat(GoldRows.single(warehouse, "indicator_values",
                "base_code = 'C01' AND indicator_code = 'GC_ONTIME_CLOSURE_RATE' AND period_type = 'MONTH' AND period = '2026-10'").<String>getAs("obs_status")).isEqualTo("P");
        // August lost A1 (its old version): 29 closed of 39
        assertRecomputed(closureRate("MONTH", "2026-08"), correctionRunId, 29, 39);
        // October gained it: 31 closed of 41
        assertRecomputed(closureRate("MONTH", "2026-10"), correctionRunId, 31, 41);
        // Q3: July 30/40 and August 29/39
        assertRecomputed(closureRate("QUARTER", "2026-Q3"), correctionRunId, 59, 79);
        assertRecomputed(closureRate("QUARTER", "2026-Q4"), correctionRunId, 31, 41);
        assertRecomputed(closureRate("YEAR", "2026"), correctionRunId, 90, 120);

        assertARebuildGivesTheSameTable();
    }

    @Test
    void aLateDeliveryWithNoRecordOfAFinalMissingMonthPublishesItAsARebuildDoes()
            throws Exception
    {
        // C02 delivered nothing the first night: every period from July, the first night's month, is M
        assertThat(closureRate("C02", "MONTH", "2026-09").<String>getAs("obs_status")).isEqualTo("M");
        // On 2026-11-20 its export of September 30th arrives late, with no change in it, and one of November 20th with a case
        // registered on 10 October. September was final at both cut-offs, and no record of it changed: only the delivery tells
        TestDeliveries.writeCsv(landing, "grid_cases", "C02", "2026-09-30", "2026-10-01T01:00:00+08:00", GridCaseRows.HEADER);
        TestDeliveries.writeCsv(landing, "grid_cases", "C02", "2026-11-20", "2026-11-21T01:00:00+08:00", GridCaseRows.HEADER
                + GridCaseRows.oneCase("B1", LocalDateTime.of(2026, 10, 10, 10, 0), 1, true, "2026-11-20 09:00:00"));
        TestNights.quiet(warehouse).run(landing.toString(), CORRECTION_NIGHT);

        // September: delivered, nothing registered in it: Q with 0 / 0 (it stayed M before RefreshPlan's delivery rule)
        Row september = closureRate("C02", "MONTH", "2026-09");
        assertThat(september.<String>getAs("obs_status")).isEqualTo("Q");
        assertThat(september.<Double>getAs("denominator")).isEqualTo(0.0);
        // October has its record; August, the third quarter and the year, with no data in July and August, stay M
        assertThat(closureRate("C02", "MONTH", "2026-10").<Double>getAs("denominator")).isEqualTo(1.0);
        assertThat(closureRate("C02", "MONTH", "2026-08").<String>getAs("obs_status")).isEqualTo("M");
        assertThat(closureRate("C02", "QUARTER", "2026-Q3").<String>getAs("obs_status")).isEqualTo("M");
        assertThat(closureRate("C02", "YEAR", "2026").<String>getAs("obs_status")).isEqualTo("M");
        assertARebuildGivesTheSameTable();
    }

    @Test
    void onlyTheCohortPeriodsWhoseValuesChangedAreScoredAgainAndTheKeptScoresAreWhatScoringGives()
    {
        long cohortPeriods = warehouse.read(Warehouse.GOLD, "indicator_values").select("cohort", "period_type", "period").distinct().count();
        // C01's July closure rate, 75% on the first night, becomes 50%: one value of one cohort-period
        warehouse.table(Warehouse.GOLD, "indicator_values").update(
                functions.expr("base_code = 'C01' AND indicator_code = 'GC_CLOSURE_RATE' AND period_type = 'MONTH' AND period = '2026-07'"),
                Map.of("value", functions.lit(50.0), "numerator", functions.lit(20.0)));

        BaseScoresJob job = new BaseScoresJob(warehouse, BaseRegistry.load());
        LocalDate nextNight = FIRST_NIGHT.plusDays(1);
        BaseScoresJob.Result kept = scores(job, nextNight, "run-kept", BaseScoresJob.Reuse.UNCHANGED_COHORT_PERIODS);
        assertThat(kept.cohortPeriodsScored()).isEqualTo(1);
        assertThat(kept.cohortPeriodsKept()).isEqualTo(cohortPeriods - 1);
        // every row, kept or scored, carries this run's cut-off and id
        assertThat(warehouse.read(Warehouse.GOLD, "base_scores").where("run_id <> 'run-kept' OR as_of <> timestamp'%s'".formatted(IndicatorValuesJob.cutoff(nextNight))).count())
                .isZero();

        // Scoring every cohort-period gives the same rows, the kept ones included: rows that differed would be written
        List<Row> keptRows = warehouse.read(Warehouse.GOLD, "base_scores").collectAsList();
        BaseScoresJob.Result full = scores(job, nextNight, "run-kept", BaseScoresJob.Reuse.NONE);
        assertThat(full.cohortPeriodsScored()).isEqualTo(cohortPeriods);
        assertThat(warehouse.read(Warehouse.GOLD, "base_scores").collectAsList()).containsExactlyInAnyOrderElementsOf(keptRows);

        // Scores written since by someone else are not the scores the digests describe: everything is scored again
        warehouse.table(Warehouse.GOLD, "base_scores").delete("base_code = 'C01'");
        BaseScoresJob.Result afterHandWrite = scores(job, nextNight, "run-after-hand-write", BaseScoresJob.Reuse.UNCHANGED_COHORT_PERIODS);
        assertThat(afterHandWrite.cohortPeriodsScored()).isEqualTo(cohortPeriods);
        assertThat(afterHandWrite.cohortPeriodsKept()).isZero();
        assertThat(warehouse.read(Warehouse.GOLD, "base_scores").where("base_code = 'C01'").count())
                .isEqualTo(warehouse.read(Warehouse.GOLD, "indicator_values").where("base_code = 'C01'").select("period_type", "period").distinct().count());
    }

    @Test
    void aChangedPopulationRecomputesEveryPeriodOfItsPerCapitaIndicatorAndASnapshotDeliveredAgainUnchangedNone(@TempDir Path own)
            throws Exception
    {
        // A warehouse of its own: HE01 screens 4 persons on 10 July in a community of 1,000 adults, 4 per 1,000
        landing = own.resolve("landing");
        warehouse = new Warehouse(SharedSpark.session(), own.resolve("warehouse").toString());
        StringBuilder screenings = new StringBuilder(LatestAndPerCapitaIndicatorsTest.SCREENINGS_HEADER);
        for (int person = 1; person <= 4; person++) {
            screenings.append("J%d,PJ%d,M,1960,110100001001,DIABETES,2026-07-10 09:00:00,0,NORMAL,,,,,2026-07-10 09:00:00\n".formatted(person, person));
        }
        TestDeliveries.writeCsv(landing, "health_screenings", "HE01", "2026-11-10", "2026-11-11T01:00:00+08:00", screenings.toString());
        // an export of July: the warehouse's first month, so HE01 is expected from July on (SPEC §3)
        TestDeliveries.writeCsv(landing, "health_screenings", "HE01", "2026-07-31", "2026-08-01T01:00:00+08:00", LatestAndPerCapitaIndicatorsTest.SCREENINGS_HEADER);
        TestDeliveries.writeCsv(landing, "divisions", "HE01", "2026-11-10", "2026-11-11T01:00:00+08:00", communityOfAdults(1000));
        String first = TestNights.quiet(warehouse).run(landing.toString(), FIRST_NIGHT).runId();
        assertReach(first, 4.0, 1000.0);

        // The same snapshot exported again: a delete and an insert of the same rows. July is final and its records did not change: kept
        TestDeliveries.writeCsv(landing, "divisions", "HE01", "2026-11-11", "2026-11-12T01:00:00+08:00", communityOfAdults(1000));
        TestNights.quiet(warehouse).run(landing.toString(), FIRST_NIGHT.plusDays(1));
        assertReach(first, 4.0, 1000.0);

        // Twice the adults: no record of July changed, yet its 4 persons are now 2 per 1,000
        TestDeliveries.writeCsv(landing, "divisions", "HE01", "2026-11-12", "2026-11-13T01:00:00+08:00", communityOfAdults(2000));
        String third = TestNights.quiet(warehouse).run(landing.toString(), FIRST_NIGHT.plusDays(2)).runId();
        assertReach(third, 2.0, 2000.0);
    }

    private static String communityOfAdults(int adults)
    {
        return "division_code,name,level,population,population_60plus,population_adult\n110100001001,东社区,COMMUNITY,%d,200,%d\n".formatted(adults + 200, adults);
    }

    /** HE01's screening reach in July: computed by that run, with that value and population. */
    private void assertReach(String runId, double value, double adults)
    {
        Row july = GoldRows.single(warehouse, "indicator_values",
                "base_code = 'HE01' AND indicator_code = 'HS_SCREENING_REACH_PER_1000' AND period_type = 'MONTH' AND period = '2026-07'");
        assertThat(july.<String>getAs("run_id")).isEqualTo(runId);
        assertThat(july.<Double>getAs("numerator")).isEqualTo(4.0);
        assertThat(july.<Double>getAs("denominator")).isEqualTo(adults);
        assertThat(july.<Double>getAs("value")).isCloseTo(value, within(1e-9));
    }

    private static BaseScoresJob.Result scores(BaseScoresJob job, LocalDate cutoffDate, String runId, BaseScoresJob.Reuse reuse)
    {
        return job.run(IndicatorCatalogue.load(), GoldInputs.definitionsFingerprint(IndicatorCatalogue.load(), BaseRegistry.load(), DisclosurePolicy.load()), cutoffDate, runId,
                BaseScoresJob.DEFAULT_SEED, BaseScoresJob.DEFAULT_DRAWS, reuse);
    }

    /** A full rebuild at the correction night's cut-off gives the tables the nights maintained, value for value. */
    private void assertARebuildGivesTheSameTable()
    {
        Map<String, Row> incremental = rowsByKey();
        List<Row> incrementalScores = warehouse.read(Warehouse.GOLD, "base_scores").drop("run_id", "as_of").collectAsList();
        NightlyRun.rebuildGold(warehouse, BaseRegistry.load(), CORRECTION_NIGHT, line -> { });
        // kept scores and scored ones alike: the rebuild scores every cohort-period
        assertThat(warehouse.read(Warehouse.GOLD, "base_scores").drop("run_id", "as_of").collectAsList()).containsExactlyInAnyOrderElementsOf(incrementalScores);
        Map<String, Row> rebuilt = rowsByKey();
        assertThat(rebuilt.keySet()).isEqualTo(incremental.keySet());
        for (Map.Entry<String, Row> entry : rebuilt.entrySet()) {
            Row expected = incremental.get(entry.getKey());
            for (String column : entry.getValue().schema().fieldNames()) {
                // run_id and as_of say which run computed a row, at which cut-off; every value column must match
                if (!column.equals("run_id") && !column.equals("as_of")) {
                    assertThat(entry.getValue().<Object>getAs(column)).as(entry.getKey() + " " + column).isEqualTo(expected.getAs(column));
                }
            }
        }
    }

    /** Case A1 again, registered on 10 October now, still closed, a later version. */
    private String runTheCorrectionNight()
            throws Exception
    {
        TestDeliveries.writeCsv(landing, "grid_cases", "C01", "2026-11-20", "2026-11-21T01:00:00+08:00", GridCaseRows.HEADER
                + GridCaseRows.oneCase("A1", LocalDateTime.of(2026, 10, 10, 10, 0), 1, true, "2026-11-20 09:00:00"));
        return TestNights.quiet(warehouse).run(landing.toString(), CORRECTION_NIGHT).runId();
    }

    private void assertRecomputed(Row row, String runId, int numerator, int denominator)
    {
        assertThat(row.<String>getAs("run_id")).isEqualTo(runId);
        assertThat(row.<Double>getAs("numerator")).isEqualTo(numerator);
        assertThat(row.<Double>getAs("denominator")).isEqualTo(denominator);
        assertThat(row.<Double>getAs("value")).isCloseTo(100.0 * numerator / denominator, within(1e-9));
    }

    private Row closureRate(String periodType, String period)
    {
        return closureRate("C01", periodType, period);
    }

    private Row closureRate(String base, String periodType, String period)
    {
        return GoldRows.single(warehouse, "indicator_values",
                "base_code = '%s' AND indicator_code = 'GC_CLOSURE_RATE' AND period_type = '%s' AND period = '%s'".formatted(base, periodType, period));
    }

    private Map<String, Row> rowsByKey()
    {
        Map<String, Row> rows = new TreeMap<>();
        for (Row row : warehouse.read(Warehouse.GOLD, "indicator_values").collectAsList()) {
            String key = String.join("|", row.<String>getAs("base_code"), row.<String>getAs("indicator_code"), row.<String>getAs("period_type"), row.<String>getAs("period"));
            assertThat(rows.put(key, row)).as("one row per base, indicator and period: " + key).isNull();
        }
        return rows;
    }

    private long version(String goldTable)
    {
        return warehouse.table(Warehouse.GOLD, goldTable).history(1).first().getLong(0);
    }

    private static IndicatorCatalogue catalogueWithMinimumN(String code, int minimumN)
            throws Exception
    {
        ObjectMapper json = new ObjectMapper();
        ObjectNode catalogue;
        try (InputStream resource = Indicator.class.getResourceAsStream(IndicatorCatalogue.RESOURCE)) {
            catalogue = (ObjectNode) json.readTree(resource);
        }
        catalogue.withArray("indicators").forEach(entry -> {
            if (entry.path("code").asText().equals(code)) {
                ((ObjectNode) entry).put("minimum_n", minimumN);
            }
        });
        return IndicatorCatalogue.parse(json.writeValueAsString(catalogue));
    }
}
