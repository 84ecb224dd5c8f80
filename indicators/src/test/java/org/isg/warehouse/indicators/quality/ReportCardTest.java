package org.isg.warehouse.indicators.quality;

import org.isg.warehouse.indicators.quality.ReportCard.Completeness;
import org.isg.warehouse.indicators.quality.ReportCard.PopulationSources;
import org.isg.warehouse.indicators.quality.ReportCard.RelatedIndicators;
import org.isg.warehouse.indicators.quality.ReportCard.Row;
import org.isg.warehouse.indicators.quality.ReportCard.Scope;
import org.isg.warehouse.indicators.quality.ReportCard.Subject;
import org.isg.warehouse.indicators.quality.ReportCard.Value;
import org.junit.jupiter.api.Test;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Every expected figure below was worked out by hand; the arithmetic is in the comments. */
class ReportCardTest
{
    private static final String COHORT = "COMPREHENSIVE";
    private static final Subject RATE = new Subject("X_RATE", "grid_cases", Optional.empty());
    private static final YearMonth CUTOFF = YearMonth.of(2026, 8);

    @Test
    void modifiedZUsesTheMedianAndTheScaledMad()
    {
        // median of 10 11 12 12 13 40 is 12; absolute deviations 0 0 1 1 2 28, MAD (1 + 1) / 2 = 1
        List<Double> values = List.of(10.0, 12.0, 11.0, 13.0, 40.0, 12.0);
        assertThat(Statistics.modifiedZ(40, values)).isCloseTo(28 / 1.4826, within(1e-12));
        assertThat(Statistics.modifiedZ(10, values)).isCloseTo(-2 / 1.4826, within(1e-12));
        // MAD 0 (four of five equal): mean absolute deviation 4 / 5 = 0.8, z(9) = 4 / (1.253314 · 0.8) = 3.9894
        assertThat(Statistics.modifiedZ(9, List.of(5.0, 5.0, 5.0, 5.0, 9.0))).isCloseTo(3.989423, within(1e-6));
        assertThat(Statistics.modifiedZ(5, List.of(5.0, 5.0, 5.0))).isZero();
    }

    @Test
    void completenessIsDivergentOnlyWhenItsWilsonIntervalLiesBelowTheThreshold()
    {
        // A: 27 of 30 days, Wilson [74.38, 96.54] contains 90; B: 20 of 30, [48.78, 80.77] lies below 90
        List<Row> rows = ReportCard.compute(List.of(RATE), List.of(), List.of(),
                List.of(new Completeness("A", COHORT, "grid_cases", "2026-08", 27, 30), new Completeness("B", COHORT, "grid_cases", "2026-08", 20, 30),
                        new Completeness("B", COHORT, "eldercare_service_logs", "2026-08", 0, 30)),
                List.of(), CUTOFF);
        Row a = only(rows, DataQualityDimension.COMPLETENESS, "MONTH", "2026-08", "A");
        assertThat(a.figure().getAsDouble()).isCloseTo(90.0, within(1e-9));
        assertThat(a.figureLow().getAsDouble()).isCloseTo(74.378917, within(1e-5));
        assertThat(a.figureHigh().getAsDouble()).isCloseTo(96.540011, within(1e-5));
        assertThat(a.divergent()).contains(false);
        Row b = only(rows, DataQualityDimension.COMPLETENESS, "MONTH", "2026-08", "B");
        assertThat(b.figureHigh().getAsDouble()).isCloseTo(80.769502, within(1e-5));
        assertThat(b.divergent()).contains(true);
        // national: 47 of 60 days = 78.33%, Wilson [66.38, 86.88]; one of two bases divergent
        Row national = only(rows, DataQualityDimension.COMPLETENESS, "MONTH", "2026-08", null);
        assertThat(national.figure().getAsDouble()).isCloseTo(78.333333, within(1e-5));
        assertThat(national.figureHigh().getAsDouble()).isCloseTo(86.876956, within(1e-5));
        assertThat(national.assessedBases()).isEqualTo(2);
        assertThat(national.divergentBases()).isEqualTo(1);
        assertThat(national.divergentShare().getAsDouble()).isEqualTo(50.0);
        assertThat(national.divergentBaseCodes()).containsExactly("B");
        assertThat(national.threshold()).isEqualTo(90.0);
        // the year adds the months: the same days here
        assertThat(only(rows, DataQualityDimension.COMPLETENESS, "YEAR", "2026", "B").divergent()).contains(true);
    }

    @Test
    void outliersAgainstTheBasesOwnHistory()
    {
        // A's months 2026-01 … 2026-08: 50 52 48 51 49 50 53 90
        List<Value> values = months("A", 50, 52, 48, 51, 49, 50, 53, 90);
        List<Row> rows = ReportCard.compute(List.of(RATE), List.of(), values, List.of(), List.of(), CUTOFF);
        // August: mean 443 / 8 = 55.375, sample sd √(1387.875 / 7) = 14.081, z = 34.625 / 14.081 = 2.459: moderate, not extreme
        assertThat(only(rows, DataQualityDimension.OUTLIER_MODERATE, "MONTH", "2026-08", "A").figure().getAsDouble()).isCloseTo(2.459029, within(1e-5));
        assertThat(only(rows, DataQualityDimension.OUTLIER_MODERATE, "MONTH", "2026-08", "A").divergent()).contains(true);
        assertThat(only(rows, DataQualityDimension.OUTLIER_EXTREME, "MONTH", "2026-08", "A").divergent()).contains(false);
        // robust: median (50 + 51) / 2 = 50.5, deviations sorted 0.5 0.5 0.5 1.5 1.5 2.5 2.5 39.5, MAD 1.5: z = 39.5 / (1.4826 · 1.5) = 17.76
        Row robust = only(rows, DataQualityDimension.OUTLIER_ROBUST_HISTORY, "MONTH", "2026-08", "A");
        assertThat(robust.figure().getAsDouble()).isCloseTo(17.761590, within(1e-5));
        assertThat(robust.divergent()).contains(true);
        // June has six months of history (median 50, MAD 1, z(50) = 0); May has only five: not assessed
        assertThat(only(rows, DataQualityDimension.OUTLIER_ROBUST_HISTORY, "MONTH", "2026-06", "A").figure().getAsDouble()).isZero();
        assertThat(find(rows, DataQualityDimension.OUTLIER_ROBUST_HISTORY, "MONTH", "2026-05", "A")).isEmpty();
        // the year carries its most extreme month
        assertThat(only(rows, DataQualityDimension.OUTLIER_ROBUST_HISTORY, "YEAR", "2026", "A").figure().getAsDouble()).isCloseTo(17.761590, within(1e-5));
        // consistency over time: 90 / mean(49, 50, 53) = 90 / 50.667 = 1.776, beyond ±33%
        Row overTime = only(rows, DataQualityDimension.CONSISTENCY_OVER_TIME, "MONTH", "2026-08", "A");
        assertThat(overTime.figure().getAsDouble()).isCloseTo(1.776316, within(1e-5));
        assertThat(overTime.divergent()).contains(true);
        // the OUTLIER flag: August only
        assertThat(ReportCard.outliers(values)).containsExactly(new ReportCard.Key("A", "X_RATE", "MONTH", "2026-08"));
    }

    @Test
    void outliersAgainstTheCohort()
    {
        // five bases in 2026-08: 60 61 62 63 95; median 62, deviations 2 1 0 1 33, MAD 1: z(95) = 33 / 1.4826 = 22.26, z(60) = −1.35
        List<Value> values = new ArrayList<>();
        String[] bases = {"A", "B", "C", "D", "E"};
        double[] cohortValues = {60, 61, 62, 63, 95};
        for (int index = 0; index < bases.length; index++) {
            values.add(new Value(bases[index], COHORT, "X_RATE", "MONTH", "2026-08", cohortValues[index]));
        }
        List<Row> rows = ReportCard.compute(List.of(RATE), List.of(), values, List.of(), List.of(), CUTOFF);
        assertThat(only(rows, DataQualityDimension.OUTLIER_ROBUST_COHORT, "MONTH", "2026-08", "E").figure().getAsDouble()).isCloseTo(22.258195, within(1e-5));
        Row national = only(rows, DataQualityDimension.OUTLIER_ROBUST_COHORT, "MONTH", "2026-08", null);
        assertThat(national.divergentBaseCodes()).containsExactly("E");
        assertThat(national.figure().getAsDouble()).isEqualTo(20.0);
        assertThat(ReportCard.outliers(values)).containsExactly(new ReportCard.Key("E", "X_RATE", "MONTH", "2026-08"));
        // four bases are too few for a cohort z
        assertThat(ReportCard.outliers(values.subList(1, 5))).isEmpty();
    }

    @Test
    void relatedIndicatorsAndDenominators()
    {
        // P / Q per base: A 40 / 80 = 0.5, B 60 / 60 = 1, C 50 / 70; national mean(P) / mean(Q) = 50 / 70 = 0.714
        List<Value> values = List.of(new Value("A", COHORT, "P", "MONTH", "2026-08", 40), new Value("A", COHORT, "Q", "MONTH", "2026-08", 80),
                new Value("B", COHORT, "P", "MONTH", "2026-08", 60), new Value("B", COHORT, "Q", "MONTH", "2026-08", 60),
                new Value("C", COHORT, "P", "MONTH", "2026-08", 50), new Value("C", COHORT, "Q", "MONTH", "2026-08", 70));
        Subject perCapita = new Subject("Y_PER_1000", "eldercare_service_logs", Optional.of("population_60plus"));
        List<PopulationSources> populations = List.of(new PopulationSources("A", COHORT, "population_60plus", 10_500, 10_000),
                new PopulationSources("B", COHORT, "population_60plus", 12_000, 10_000), new PopulationSources("B", COHORT, "population_adult", 1, 1));
        List<Row> rows = ReportCard.compute(List.of(perCapita), List.of(new RelatedIndicators("P", "Q")), values, List.of(), populations, CUTOFF);
        // A: 0.5 / 0.714 = 0.7, B: 1 / 0.714 = 1.4, C: 1.0
        assertThat(only(rows, DataQualityDimension.CONSISTENCY_BETWEEN_INDICATORS, "MONTH", "2026-08", "A").figure().getAsDouble()).isCloseTo(0.7, within(1e-9));
        assertThat(only(rows, DataQualityDimension.CONSISTENCY_BETWEEN_INDICATORS, "MONTH", "2026-08", "B").figure().getAsDouble()).isCloseTo(1.4, within(1e-9));
        Row pairs = only(rows, DataQualityDimension.CONSISTENCY_BETWEEN_INDICATORS, "MONTH", "2026-08", null);
        assertThat(pairs.indicatorCode()).isEqualTo("P");
        assertThat(pairs.relatedIndicatorCode()).contains("Q");
        assertThat(pairs.figure().getAsDouble()).isCloseTo(50.0 / 70.0, within(1e-12));
        assertThat(pairs.divergentBaseCodes()).containsExactly("A", "B");
        // streets report 10,500 against 10,000 (A, within 10%) and 12,000 against 10,000 (B, divergent); national 22,500 / 20,000
        Row denominators = only(rows, DataQualityDimension.DENOMINATOR_CONSISTENCY, "MONTH", "2026-08", null);
        assertThat(denominators.figure().getAsDouble()).isCloseTo(1.125, within(1e-12));
        assertThat(denominators.divergentBaseCodes()).containsExactly("B");
        assertThat(denominators.assessedBases()).isEqualTo(2);
        assertThat(only(rows, DataQualityDimension.DENOMINATOR_CONSISTENCY, "YEAR", "2026", "A").figure().getAsDouble()).isCloseTo(1.05, within(1e-12));
    }

    private static List<Value> months(String base, double... values)
    {
        List<Value> months = new ArrayList<>();
        for (int month = 1; month <= values.length; month++) {
            months.add(new Value(base, COHORT, "X_RATE", "MONTH", YearMonth.of(2026, month).toString(), values[month - 1]));
        }
        return months;
    }

    private static List<Row> find(List<Row> rows, DataQualityDimension dimension, String periodType, String period, String base)
    {
        return rows.stream().filter(row -> row.dimension() == dimension && row.periodType().equals(periodType) && row.period().equals(period)
                && (base == null ? row.scope() == Scope.NATIONAL : row.baseCode().equals(Optional.of(base)))).toList();
    }

    private static Row only(List<Row> rows, DataQualityDimension dimension, String periodType, String period, String base)
    {
        List<Row> found = find(rows, dimension, periodType, period, base);
        assertThat(found).as("%s %s %s %s", dimension, periodType, period, base).hasSize(1);
        return found.get(0);
    }
}
