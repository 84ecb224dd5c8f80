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
        // C01's October cases came in the export of October 31st, its November cases in that of November 29th;
        // the warehouse's first night is therefore in October, and October is published for every base
        TestDeliveries.writeCsv(landing, "grid_cases", "C01", "2026-10-31", "2026-11-01T01:00:00+08:00",
                GridCaseRows.HEADER + GridCaseRows.cases("O", LocalDateTime.of(2026, 10, 10, 10, 0), 40, 30));
        TestDeliveries.writeCsv(landing, "grid_cases", "C01", "2026-11-29", "2026-11-30T01:00:00+08:00",
                GridCaseRows.HEADER + GridCaseRows.cases("N", LocalDateTime.of(2026, 11, 5, 10, 0), 60, 57));
        TestDeliveries.writeCsv(landing, "grid_cases", "C02", "2026-11-29", "2026-11-30T01:00:00+08:00",
                GridCaseRows.HEADER + GridCaseRows.cases("N", LocalDateTime.of(2026, 11, 5, 10, 0), 10, 10));
        // C05: three cases reported on November 20th, none registered yet
        TestDeliveries.writeCsv(landing, "grid_cases", "C05", "2026-11-29", "2026-11-30T01:00:00+08:00", GridCaseRows.HEADER
                + "R1,G1,320500001001,HOTLINE,01-01,2026-11-20 09:00:00,,,,,,REPORTED,0,,,2026-11-20 09:00:00\n"
                + "R2,G1,320500001001,HOTLINE,01-01,2026-11-20 09:00:00,,,,,,REPORTED,0,,,2026-11-20 09:00:00\n"
                + "R3,G1,320500001001,PATROL,01-01,2026-11-20 09:00:00,,,,,,REPORTED,0,,,2026-11-20 09:00:00\n");
        // C04: 30 cases dispatched on October 10th, only 10 handled: the other 20 are older than 720 hours at the cut-off
        TestDeliveries.writeCsv(landing, "grid_cases", "C04", "2026-11-29", "2026-11-30T01:00:00+08:00",
                GridCaseRows.HEADER + GridCaseRows.cases("U", LocalDateTime.of(2026, 10, 10, 10, 0), 30, 10));
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
        // October: 30 closed within 48 h, plus 10 open past the deadline: 30/40; provisional until
        // 2026-12-15 (October 31st + 15 days + the indicator's 30 final_after days), the cut-off is 11-30
        assertRow("C01", "GC_ONTIME_CLOSURE_RATE", "MONTH", "2026-10", 75.0, 30, 40, "P");
        // November: cases 1..47 closed within 48 h (handled after i h, closed 1 h later), 48..57 late, 3 open past the deadline: 47/60
        assertRow("C01", "GC_ONTIME_CLOSURE_RATE", "MONTH", "2026-11", 100.0 * 47 / 60, 47, 60, "P");
        assertInterval("C01", "GC_ONTIME_CLOSURE_RATE", "2026-11", 66.38, 86.877);
    }

    @Test
    void medianDisposalTimeIsComputedFromTheRecordsOfEachPeriod()
    {
        // October: hours 1..30, and the 10 cases still unhandled, dispatched 51 days before the cut-off
        // (over censor_after, 720 h), as +∞: 40 values, h = 39 × 0.5 = 19.5, between x(20) = 20 and x(21) = 21: 20.5.
        // Interval: np = 20, 1.96 √10 = 6.198: ranks ⌊13.80⌋ = 13 and ⌈26.198⌉ + 1 = 28, x(13) = 13, x(28) = 28
        assertRow("C01", "GC_DISPOSAL_HOURS_P50", "MONTH", "2026-10", 20.5, null, 40, "A");
        assertInterval("C01", "GC_DISPOSAL_HOURS_P50", "2026-10", 13.0, 28.0);
        // November: hours 1..57; the 3 unhandled were dispatched 25.5 days before the cut-off, under 720 h: left out.
        // h = 28: x(29) = 29. Interval: np = 28.5, 1.96 √14.25 = 7.399: ranks 21 and 37
        assertRow("C01", "GC_DISPOSAL_HOURS_P50", "MONTH", "2026-11", 29.0, null, 57, "P");
        assertInterval("C01", "GC_DISPOSAL_HOURS_P50", "2026-11", 21.0, 37.0);
        // The quarter: 1..30 twice, 31..57 once and 10 × +∞, 97 values; h = 48: x(49) = 25
        assertRow("C01", "GC_DISPOSAL_HOURS_P50", "QUARTER", "2026-Q4", 25.0, null, 97, "P");
    }

    @Test
    void aMedianBeyondEveryFinishedCaseIsUnboundedNotTheMedianOfTheFinishedOnes()
    {
        // C04, October: hours 1..10 and 20 × +∞; h = 14.5 lands between x(15) and x(16), both +∞. Leaving the
        // unfinished cases out would have published 5.5 h. Interval: ranks 9 and 22: x(9) = 9, x(22) = +∞ (no upper end)
        assertRow("C04", "GC_DISPOSAL_HOURS_P50", "MONTH", "2026-10", null, null, 30, "A");
        Row row = row("C04", "GC_DISPOSAL_HOURS_P50", "MONTH", "2026-10");
        assertThat(GoldRows.flags(row)).containsExactly(QualityFlag.PERCENTILE_UNBOUNDED.name());
        assertThat(row.<Double>getAs("ci_low")).isEqualTo(9.0);
        assertThat(row.<Object>getAs("ci_high")).isNull();
    }

    @Test
    void smallDenominatorsAreSuppressedAndSilentBasesAreMissing()
    {
        assertRow("C02", "GC_CLOSURE_RATE", "MONTH", "2026-11", null, 10, 10, "Q");
        assertRow("C03", "GC_CLOSURE_RATE", "MONTH", "2026-10", null, null, null, "M");
        assertRow("C03", "GC_CLOSURE_RATE", "MONTH", "2026-11", null, null, null, "M");
        // C02 has no October delivery or record either: missing, not suppressed; so are its quarter and year,
        // though November has data: an incomplete period is not published as if complete
        assertRow("C02", "GC_CLOSURE_RATE", "MONTH", "2026-10", null, null, null, "M");
        assertRow("C02", "GC_CLOSURE_RATE", "QUARTER", "2026-Q4", null, null, null, "M");
        assertRow("C02", "GC_CLOSURE_RATE", "YEAR", "2026", null, null, null, "M");
        // C05 delivered in November but registered nothing: the closure rate (by registered_at) is Q with 0 / 0, not M;
        // its citizen-report share (by reported_at) is computed: 2 of 3, suppressed below 30
        assertRow("C05", "GC_CLOSURE_RATE", "MONTH", "2026-11", null, 0, 0, "Q");
        assertRow("C05", "GC_CITIZEN_REPORT_SHARE", "MONTH", "2026-11", null, 2, 3, "Q");
        assertRow("C05", "GC_CLOSURE_RATE", "MONTH", "2026-10", null, null, null, "M");
        // Nothing before the warehouse's first night (October 2026): September has no row at all
        assertThat(warehouse.read(Warehouse.GOLD, "indicator_values").where("period < '2026-10' AND period_type = 'MONTH'").count()).isZero();
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
