package org.isg.warehouse.pipeline.gold;

import org.apache.spark.sql.Row;
import org.isg.warehouse.pipeline.TestNights;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.testing.SharedSpark;
import org.isg.warehouse.testing.TestDeliveries;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * gold.indicator_values on grid cases whose figures are worked out by hand. Cut-off: end of
 * 2026-11-30.
 * <ul>
 * <li>C01, October: 40 cases registered on the 10th and dispatched an hour later with a 48-hour
 * deadline; case i (1..30) handled i hours after dispatch and closed an hour later; cases 31..40
 * still DISPATCHED (past their deadline at the cut-off).</li>
 * <li>C01, November: 60 cases registered on the 5th likewise; cases 1..57 closed (handled after i
 * hours), 58..60 still DISPATCHED.</li>
 * <li>C02, November: 10 cases, all closed: below the minimum n of 30.</li>
 * <li>C03 is expected to deliver grid cases and delivers nothing.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndicatorValuesTest
{
    @TempDir
    static Path directory;

    private Warehouse warehouse;

    @BeforeAll
    void runTheNight()
            throws Exception
    {
        Path landing = directory.resolve("landing");
        TestDeliveries.writeCsv(landing, "grid_cases", "C01", "2026-11-29", "2026-11-30T01:00:00+08:00",
                GridCaseRows.HEADER + GridCaseRows.cases("O", LocalDateTime.of(2026, 10, 10, 10, 0), 40, 30) + GridCaseRows.cases("N", LocalDateTime.of(2026, 11, 5, 10, 0), 60, 57));
        TestDeliveries.writeCsv(landing, "grid_cases", "C02", "2026-11-29", "2026-11-30T01:00:00+08:00",
                GridCaseRows.HEADER + GridCaseRows.cases("N", LocalDateTime.of(2026, 11, 5, 10, 0), 10, 10));
        warehouse = new Warehouse(SharedSpark.session(), directory.resolve("warehouse").toString());
        TestNights.quiet(warehouse).run(landing.toString(), LocalDate.of(2026, 11, 30));
    }

    @Test
    void closureRateByMonthQuarterAndYear()
    {
        // October 30/40 = 75%, final (it ended more than 15 days before the cut-off); Wilson 95%: 59.806..85.8129
        assertRow("C01", "GC_CLOSURE_RATE", "MONTH", "2026-10", 75.0, 30, 40, "A");
        assertInterval("C01", "GC_CLOSURE_RATE", "2026-10", 59.806, 85.8129);
        // November 57/60 = 95%, provisional
        assertRow("C01", "GC_CLOSURE_RATE", "MONTH", "2026-11", 95.0, 57, 60, "P");
        // The quarter is the ratio of sums, 87/100 = 87%, not the mean of the months (85%)
        assertRow("C01", "GC_CLOSURE_RATE", "QUARTER", "2026-Q4", 87.0, 87, 100, "P");
        assertInterval("C01", "GC_CLOSURE_RATE", "2026-Q4", 79.0196, 92.2428);
        assertRow("C01", "GC_CLOSURE_RATE", "YEAR", "2026", 87.0, 87, 100, "P");
    }

    @Test
    void onTimeClosureCountsOpenCasesPastTheirDeadline()
    {
        // October: 30 closed within 48 h, plus 10 open past the deadline: 30/40
        assertRow("C01", "GC_ONTIME_CLOSURE_RATE", "MONTH", "2026-10", 75.0, 30, 40, "A");
        // November: cases 1..47 closed within 48 h (handled after i h, closed 1 h later), 48..57 late, 3 open past the deadline: 47/60
        assertRow("C01", "GC_ONTIME_CLOSURE_RATE", "MONTH", "2026-11", 100.0 * 47 / 60, 47, 60, "P");
        assertInterval("C01", "GC_ONTIME_CLOSURE_RATE", "2026-11", 66.38, 86.877);
    }

    @Test
    void medianDisposalTimeIsComputedFromTheRecordsOfEachPeriod()
    {
        // October: hours 1..30, median 15.5; November: hours 1..57, median 29
        assertRow("C01", "GC_DISPOSAL_HOURS_P50", "MONTH", "2026-10", 15.5, null, 30, "A");
        assertRow("C01", "GC_DISPOSAL_HOURS_P50", "MONTH", "2026-11", 29.0, null, 57, "P");
        // The quarter: 1..30 twice and 31..57 once, 87 values, the 44th is 22 (the mean of the monthly medians would be 22.25)
        assertRow("C01", "GC_DISPOSAL_HOURS_P50", "QUARTER", "2026-Q4", 22.0, null, 87, "P");
    }

    @Test
    void smallDenominatorsAreSuppressedAndSilentBasesAreMissing()
    {
        assertRow("C02", "GC_CLOSURE_RATE", "MONTH", "2026-11", null, 10, 10, "Q");
        assertRow("C03", "GC_CLOSURE_RATE", "MONTH", "2026-10", null, null, null, "M");
        assertRow("C03", "GC_CLOSURE_RATE", "MONTH", "2026-11", null, null, null, "M");
        // C02 has no October records either: missing, not suppressed
        assertRow("C02", "GC_CLOSURE_RATE", "MONTH", "2026-10", null, null, null, "M");
        Row c01 = row("C01", "GC_CLOSURE_RATE", "MONTH", "2026-10");
        assertThat(c01.<String>getAs("cohort")).isEqualTo("COMPREHENSIVE");
        assertThat(c01.<String>getAs("level")).isEqualTo("MACRO");
        assertThat(c01.<String>getAs("unit")).isEqualTo("%");
    }

    @Test
    void aBaseWithTooFewValuesIsNotScoredAndSaysWhy()
    {
        // C01 is comprehensive: 23 indicators apply. In October it has grid cases only, and of the 8 grid
        // indicators satisfaction has no rating (Q): 7 values, fewer than two thirds of 23.
        Row score = GoldRows.single(warehouse, "base_scores", "base_code = 'C01' AND period_type = 'MONTH' AND period = '2026-10'");
        assertThat(score.<Object>getAs("score")).isNull();
        assertThat(score.<Integer>getAs("indicators_applicable")).isEqualTo(23);
        assertThat(score.<Integer>getAs("indicators_with_value")).isEqualTo(7);
        assertThat(score.<String>getAs("not_scored_reason")).isEqualTo("7 of 23 applicable indicators have a value; two thirds are needed");
        assertThat(score.<String>getAs("cohort")).isEqualTo("COMPREHENSIVE");
    }

    private void assertRow(String base, String indicator, String periodType, String period, Double value, Integer numerator, Integer denominator, String status)
    {
        Row row = row(base, indicator, periodType, period);
        assertThat(row.<String>getAs("obs_status")).as("status of " + base + " " + indicator + " " + period).isEqualTo(status);
        if (value == null) {
            assertThat(row.<Object>getAs("value")).isNull();
        }
        else {
            assertThat(row.<Double>getAs("value")).isCloseTo(value, within(1e-9));
        }
        assertThat(row.<Double>getAs("numerator")).isEqualTo(numerator == null ? null : numerator.doubleValue());
        assertThat(row.<Double>getAs("denominator")).isEqualTo(denominator == null ? null : denominator.doubleValue());
    }

    private void assertInterval(String base, String indicator, String period, double low, double high)
    {
        Row row = row(base, indicator, period.contains("Q") ? "QUARTER" : "MONTH", period);
        assertThat(row.<Double>getAs("ci_low")).isCloseTo(low, within(1e-3));
        assertThat(row.<Double>getAs("ci_high")).isCloseTo(high, within(1e-3));
    }

    private Row row(String base, String indicator, String periodType, String period)
    {
        return GoldRows.single(warehouse, "indicator_values",
                "base_code = '%s' AND indicator_code = '%s' AND period_type = '%s' AND period = '%s'".formatted(base, indicator, periodType, period));
    }
}
