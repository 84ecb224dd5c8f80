package org.isg.warehouse.indicators.quality;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The data-quality report card ({@code gold.dq_report_card}, issue 16) and the OUTLIER flag of
 * {@code gold.indicator_values}, computed from published values and submission figures. Engine-free:
 * the pipeline collects the inputs (a few thousand values a month) and writes the rows.
 * <p>
 * Rows per indicator, MONTH and YEAR period and {@link DataQualityDimension}: one {@code BASE} row per
 * base with the figure, and one {@code NATIONAL} row with the overall figure and the count, share and
 * list of divergent bases. Values taken are those with a value (status A or P).
 */
public final class ReportCard
{
    /** The own-history window of a value, the value's period included, and the fewest values it needs. */
    public static final int HISTORY_MONTHS = 12;
    public static final int HISTORY_MINIMUM = 6;
    /** The fewest bases of a cohort with a value before the cohort z is taken. */
    public static final int COHORT_MINIMUM = 5;
    /** Consistency over time compares with this many preceding periods, and needs at least {@link #PRECEDING_MINIMUM} of them. */
    public static final int PRECEDING_PERIODS = 3;
    public static final int PRECEDING_MINIMUM = 2;
    public static final String MONTH = "MONTH";
    public static final String QUARTER = "QUARTER";
    public static final String YEAR = "YEAR";

    private ReportCard() {}

    /** A published value of {@code gold.indicator_values}. */
    public record Value(String baseCode, String cohort, String indicatorCode, String periodType, String period, double value)
    {
        public Value
        {
            requireNonNull(baseCode, "baseCode is null");
            requireNonNull(cohort, "cohort is null");
            requireNonNull(indicatorCode, "indicatorCode is null");
            requireNonNull(periodType, "periodType is null");
            requireNonNull(period, "period is null");
        }

        public Key key()
        {
            return new Key(baseCode, indicatorCode, periodType, period);
        }
    }

    public record Key(String baseCode, String indicatorCode, String periodType, String period)
    {
        public Key
        {
            requireNonNull(baseCode, "baseCode is null");
            requireNonNull(indicatorCode, "indicatorCode is null");
            requireNonNull(periodType, "periodType is null");
            requireNonNull(period, "period is null");
        }
    }

    /** Days with an accepted delivery of a dataset in a month, of the days due ({@code gold.submission_quality}). */
    public record Completeness(String baseCode, String cohort, String dataset, String month, int daysReported, int daysDue)
    {
        public Completeness
        {
            requireNonNull(baseCode, "baseCode is null");
            requireNonNull(cohort, "cohort is null");
            requireNonNull(dataset, "dataset is null");
            requireNonNull(month, "month is null");
        }
    }

    /** One population column of a base's divisions snapshot, as its streets report it and as their communities and villages add up. */
    public record PopulationSources(String baseCode, String cohort, String column, long reportedByStreets, long sumUnderStreets)
    {
        public PopulationSources
        {
            requireNonNull(baseCode, "baseCode is null");
            requireNonNull(cohort, "cohort is null");
            requireNonNull(column, "column is null");
        }
    }

    /** What the card needs of a catalogue entry. */
    public record Subject(String indicatorCode, String dataset, Optional<String> perCapitaColumn)
    {
        public Subject
        {
            requireNonNull(indicatorCode, "indicatorCode is null");
            requireNonNull(dataset, "dataset is null");
            requireNonNull(perCapitaColumn, "perCapitaColumn is null");
        }
    }

    /** Two indicators whose ratio should be about the same in every base: the first over the second. */
    public record RelatedIndicators(String indicatorCode, String relatedIndicatorCode)
    {
        public RelatedIndicators
        {
            requireNonNull(indicatorCode, "indicatorCode is null");
            requireNonNull(relatedIndicatorCode, "relatedIndicatorCode is null");
        }
    }

    public enum Scope
    {
        BASE, NATIONAL
    }

    /**
     * A row of the card. On a BASE row {@code divergentBases} is 0 or 1 and the list is empty or the
     * base; on a NATIONAL row {@code divergent} is empty.
     */
    public record Row(
            DataQualityDimension dimension,
            String indicatorCode,
            Optional<String> relatedIndicatorCode,
            String periodType,
            String period,
            Scope scope,
            Optional<String> baseCode,
            Optional<String> cohort,
            OptionalDouble figure,
            OptionalDouble figureLow,
            OptionalDouble figureHigh,
            Optional<Boolean> divergent,
            int assessedBases,
            int divergentBases,
            OptionalDouble divergentShare,
            List<String> divergentBaseCodes)
    {
        public Row
        {
            requireNonNull(dimension, "dimension is null");
            requireNonNull(indicatorCode, "indicatorCode is null");
            requireNonNull(relatedIndicatorCode, "relatedIndicatorCode is null");
            requireNonNull(periodType, "periodType is null");
            requireNonNull(period, "period is null");
            requireNonNull(scope, "scope is null");
            requireNonNull(baseCode, "baseCode is null");
            requireNonNull(cohort, "cohort is null");
            requireNonNull(figure, "figure is null");
            requireNonNull(figureLow, "figureLow is null");
            requireNonNull(figureHigh, "figureHigh is null");
            requireNonNull(divergent, "divergent is null");
            requireNonNull(divergentShare, "divergentShare is null");
            divergentBaseCodes = List.copyOf(divergentBaseCodes);
        }

        public double threshold()
        {
            return dimension.threshold();
        }
    }

    /** A base's figure before the national row is added. */
    private record Figure(String baseCode, String cohort, double value, OptionalDouble low, OptionalDouble high)
    {
        boolean divergent(DataQualityDimension dimension)
        {
            return dimension.divergent(value, high.orElse(value));
        }
    }

    public static List<Row> compute(Collection<Subject> subjects, Collection<RelatedIndicators> pairs, Collection<Value> values, Collection<Completeness> completeness,
            Collection<PopulationSources> populations, YearMonth cutoffMonth)
    {
        List<Row> rows = new ArrayList<>();
        Map<String, List<Value>> valuesByIndicator = values.stream().collect(Collectors.groupingBy(Value::indicatorCode, TreeMap::new, Collectors.toList()));
        for (Subject subject : subjects) {
            List<Value> indicatorValues = valuesByIndicator.getOrDefault(subject.indicatorCode(), List.of());
            completeness(subject, completeness, rows);
            outliers(subject.indicatorCode(), indicatorValues, rows);
            consistencyOverTime(subject.indicatorCode(), indicatorValues, MONTH, rows);
            consistencyOverTime(subject.indicatorCode(), indicatorValues, YEAR, rows);
            subject.perCapitaColumn().ifPresent(column -> denominators(subject.indicatorCode(), column, populations, cutoffMonth, rows));
        }
        for (RelatedIndicators pair : pairs) {
            between(pair, valuesByIndicator.getOrDefault(pair.indicatorCode(), List.of()), valuesByIndicator.getOrDefault(pair.relatedIndicatorCode(), List.of()), rows);
        }
        return rows;
    }

    /**
     * The values that carry the OUTLIER flag (SPEC §4.1): a robust (modified) z beyond
     * {@link DataQualityDimension#OUTLIER_ROBUST_HISTORY}'s threshold against the base's own values
     * of the same period type in the window ending with the value (12 months, 8 quarters or 5
     * years, at least half of them present), or against its cohort's values of the same period
     * (at least {@link #COHORT_MINIMUM}).
     */
    public static Set<Key> outliers(Collection<Value> values)
    {
        Set<Key> flagged = new HashSet<>();
        double threshold = DataQualityDimension.OUTLIER_ROBUST_HISTORY.threshold();
        for (List<Value> series : values.stream().collect(Collectors.groupingBy(value -> List.of(value.baseCode(), value.indicatorCode(), value.periodType()))).values()) {
            String periodType = series.get(0).periodType();
            int window = historyWindow(periodType);
            Map<Integer, Double> byOrdinal = series.stream().collect(Collectors.toMap(value -> ordinal(periodType, value.period()), Value::value));
            for (Value value : series) {
                historyRobustZ(byOrdinal, ordinal(periodType, value.period()), window)
                        .ifPresent(z -> {
                            if (Math.abs(z) > threshold) {
                                flagged.add(value.key());
                            }
                        });
            }
        }
        for (List<Value> cohort : values.stream().collect(Collectors.groupingBy(value -> List.of(value.indicatorCode(), value.periodType(), value.period(), value.cohort()))).values()) {
            if (cohort.size() >= COHORT_MINIMUM) {
                List<Double> cohortValues = cohort.stream().map(Value::value).toList();
                cohort.stream().filter(value -> Math.abs(Statistics.modifiedZ(value.value(), cohortValues)) > DataQualityDimension.OUTLIER_ROBUST_COHORT.threshold())
                        .forEach(value -> flagged.add(value.key()));
            }
        }
        return flagged;
    }

    private static int historyWindow(String periodType)
    {
        return switch (periodType) {
            case MONTH -> HISTORY_MONTHS;
            case QUARTER -> 8;
            case YEAR -> 5;
            default -> throw new IllegalArgumentException("period type " + periodType);
        };
    }

    private static List<Double> window(Map<Integer, Double> byOrdinal, int ordinal, int length)
    {
        List<Double> window = new ArrayList<>();
        for (int each = ordinal - length + 1; each <= ordinal; each++) {
            Double value = byOrdinal.get(each);
            if (value != null) {
                window.add(value);
            }
        }
        return window;
    }

    private static OptionalDouble historyRobustZ(Map<Integer, Double> byOrdinal, int ordinal, int length)
    {
        List<Double> window = window(byOrdinal, ordinal, length);
        int minimum = length == HISTORY_MONTHS ? HISTORY_MINIMUM : (length + 1) / 2;
        return window.size() < minimum ? OptionalDouble.empty() : OptionalDouble.of(Statistics.modifiedZ(byOrdinal.get(ordinal), window));
    }

    /** Month, quarter or year as a consecutive number: 2026-11 → 2026 × 12 + 10, 2026-Q4 → 2026 × 4 + 3, 2026 → 2026. */
    static int ordinal(String periodType, String period)
    {
        int year = Integer.parseInt(period.substring(0, 4));
        return switch (periodType) {
            case MONTH -> year * 12 + Integer.parseInt(period.substring(5, 7)) - 1;
            case QUARTER -> year * 4 + Integer.parseInt(period.substring(6, 7)) - 1;
            case YEAR -> year;
            default -> throw new IllegalArgumentException("period type " + periodType);
        };
    }

    private static void completeness(Subject subject, Collection<Completeness> completeness, List<Row> rows)
    {
        Map<String, List<Completeness>> byMonth = new TreeMap<>();
        Map<String, List<Completeness>> byYear = new TreeMap<>();
        for (Completeness each : completeness) {
            if (each.dataset().equals(subject.dataset()) && each.daysDue() > 0) {
                byMonth.computeIfAbsent(each.month(), ignored -> new ArrayList<>()).add(each);
                byYear.computeIfAbsent(each.month().substring(0, 4), ignored -> new ArrayList<>()).add(each);
            }
        }
        byMonth.forEach((month, figures) -> completenessRows(subject.indicatorCode(), MONTH, month, figures, rows));
        byYear.forEach((year, figures) -> completenessRows(subject.indicatorCode(), YEAR, year, figures, rows));
    }

    private static void completenessRows(String indicatorCode, String periodType, String period, List<Completeness> figures, List<Row> rows)
    {
        Map<String, long[]> perBase = new TreeMap<>();
        Map<String, String> cohorts = new TreeMap<>();
        for (Completeness each : figures) {
            long[] days = perBase.computeIfAbsent(each.baseCode(), ignored -> new long[2]);
            days[0] += each.daysReported();
            days[1] += each.daysDue();
            cohorts.put(each.baseCode(), each.cohort());
        }
        List<Figure> baseFigures = new ArrayList<>();
        long reported = 0;
        long due = 0;
        for (Map.Entry<String, long[]> base : perBase.entrySet()) {
            long[] days = base.getValue();
            reported += days[0];
            due += days[1];
            double[] interval = Statistics.wilsonPercent(days[0], days[1]);
            baseFigures.add(new Figure(base.getKey(), cohorts.get(base.getKey()), 100.0 * days[0] / days[1], OptionalDouble.of(interval[0]), OptionalDouble.of(interval[1])));
        }
        double[] interval = Statistics.wilsonPercent(reported, due);
        emit(DataQualityDimension.COMPLETENESS, indicatorCode, Optional.empty(), periodType, period, baseFigures,
                OptionalDouble.of(100.0 * reported / due), OptionalDouble.of(interval[0]), OptionalDouble.of(interval[1]), rows);
    }

    /** The four outlier dimensions: MONTH rows per value, YEAR rows with the year's most extreme month (history) or the year value (cohort). */
    private static void outliers(String indicatorCode, List<Value> values, List<Row> rows)
    {
        List<DataQualityDimension> history = List.of(DataQualityDimension.OUTLIER_MODERATE, DataQualityDimension.OUTLIER_EXTREME, DataQualityDimension.OUTLIER_ROBUST_HISTORY);
        // dimension → period → base figures
        Map<DataQualityDimension, Map<String, List<Figure>>> months = new TreeMap<>();
        Map<DataQualityDimension, Map<String, Map<String, Figure>>> years = new TreeMap<>();
        Map<String, List<Value>> series = values.stream().filter(value -> value.periodType().equals(MONTH))
                .collect(Collectors.groupingBy(Value::baseCode, TreeMap::new, Collectors.toList()));
        for (Map.Entry<String, List<Value>> base : series.entrySet()) {
            Map<Integer, Double> byOrdinal = base.getValue().stream().collect(Collectors.toMap(value -> ordinal(MONTH, value.period()), Value::value));
            for (Value value : base.getValue()) {
                int ordinal = ordinal(MONTH, value.period());
                List<Double> window = window(byOrdinal, ordinal, HISTORY_MONTHS);
                if (window.size() < HISTORY_MINIMUM) {
                    continue;
                }
                OptionalDouble standard = Statistics.standardZ(value.value(), window);
                double robust = Statistics.modifiedZ(value.value(), window);
                for (DataQualityDimension dimension : history) {
                    OptionalDouble z = dimension == DataQualityDimension.OUTLIER_ROBUST_HISTORY ? OptionalDouble.of(robust) : standard;
                    if (z.isEmpty()) {
                        continue;
                    }
                    Figure figure = new Figure(value.baseCode(), value.cohort(), z.getAsDouble(), OptionalDouble.empty(), OptionalDouble.empty());
                    months.computeIfAbsent(dimension, ignored -> new TreeMap<>()).computeIfAbsent(value.period(), ignored -> new ArrayList<>()).add(figure);
                    // the year's figure: its most extreme month
                    years.computeIfAbsent(dimension, ignored -> new TreeMap<>()).computeIfAbsent(value.period().substring(0, 4), ignored -> new TreeMap<>())
                            .merge(value.baseCode(), figure, (kept, candidate) -> Math.abs(candidate.value()) > Math.abs(kept.value()) ? candidate : kept);
                }
            }
        }
        for (String periodType : List.of(MONTH, YEAR)) {
            Map<String, List<Value>> cohorts = values.stream().filter(value -> value.periodType().equals(periodType))
                    .collect(Collectors.groupingBy(value -> value.period() + "|" + value.cohort(), TreeMap::new, Collectors.toList()));
            for (List<Value> cohort : cohorts.values()) {
                if (cohort.size() < COHORT_MINIMUM) {
                    continue;
                }
                List<Double> cohortValues = cohort.stream().map(Value::value).toList();
                for (Value value : cohort) {
                    Figure figure = new Figure(value.baseCode(), value.cohort(), Statistics.modifiedZ(value.value(), cohortValues), OptionalDouble.empty(), OptionalDouble.empty());
                    if (periodType.equals(MONTH)) {
                        months.computeIfAbsent(DataQualityDimension.OUTLIER_ROBUST_COHORT, ignored -> new TreeMap<>()).computeIfAbsent(value.period(), ignored -> new ArrayList<>()).add(figure);
                    }
                    else {
                        years.computeIfAbsent(DataQualityDimension.OUTLIER_ROBUST_COHORT, ignored -> new TreeMap<>()).computeIfAbsent(value.period(), ignored -> new TreeMap<>())
                                .put(value.baseCode(), figure);
                    }
                }
            }
        }
        months.forEach((dimension, periods) -> periods.forEach((period, figures) -> emitShareOfValues(dimension, indicatorCode, MONTH, period, figures, rows)));
        years.forEach((dimension, periods) -> periods.forEach((period, figures) -> emitShareOfValues(dimension, indicatorCode, YEAR, period, List.copyOf(figures.values()), rows)));
    }

    /** An outlier dimension's national figure: the share of the assessed bases' figures that are divergent (%). */
    private static void emitShareOfValues(DataQualityDimension dimension, String indicatorCode, String periodType, String period, List<Figure> figures, List<Row> rows)
    {
        long divergent = figures.stream().filter(figure -> figure.divergent(dimension)).count();
        emit(dimension, indicatorCode, Optional.empty(), periodType, period, figures, OptionalDouble.of(100.0 * divergent / figures.size()),
                OptionalDouble.empty(), OptionalDouble.empty(), rows);
    }

    /** The value over the mean of the preceding periods' values (at least two of the three); national: the bases' mean value over their mean of means. */
    private static void consistencyOverTime(String indicatorCode, List<Value> values, String periodType, List<Row> rows)
    {
        Map<String, List<Figure>> byPeriod = new TreeMap<>();
        Map<String, double[]> nationalSums = new TreeMap<>();
        Map<String, List<Value>> series = values.stream().filter(value -> value.periodType().equals(periodType))
                .collect(Collectors.groupingBy(Value::baseCode, TreeMap::new, Collectors.toList()));
        for (List<Value> base : series.values()) {
            Map<Integer, Double> byOrdinal = base.stream().collect(Collectors.toMap(value -> ordinal(periodType, value.period()), Value::value));
            for (Value value : base) {
                int ordinal = ordinal(periodType, value.period());
                List<Double> preceding = window(byOrdinal, ordinal - 1, PRECEDING_PERIODS);
                if (preceding.size() < PRECEDING_MINIMUM) {
                    continue;
                }
                double mean = preceding.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                if (mean <= 0) {
                    continue;
                }
                byPeriod.computeIfAbsent(value.period(), ignored -> new ArrayList<>())
                        .add(new Figure(value.baseCode(), value.cohort(), value.value() / mean, OptionalDouble.empty(), OptionalDouble.empty()));
                double[] sums = nationalSums.computeIfAbsent(value.period(), ignored -> new double[2]);
                sums[0] += value.value();
                sums[1] += mean;
            }
        }
        byPeriod.forEach((period, figures) -> emit(DataQualityDimension.CONSISTENCY_OVER_TIME, indicatorCode, Optional.empty(), periodType, period, figures,
                OptionalDouble.of(nationalSums.get(period)[0] / nationalSums.get(period)[1]), OptionalDouble.empty(), OptionalDouble.empty(), rows));
    }

    /** The base's ratio of the two indicators over the national ratio (the mean of the first over the mean of the second, over the bases with both). */
    private static void between(RelatedIndicators pair, List<Value> first, List<Value> second, List<Row> rows)
    {
        Function<Value, String> key = value -> value.periodType() + "|" + value.period() + "|" + value.baseCode();
        Map<String, Value> seconds = second.stream().collect(Collectors.toMap(key, Function.identity()));
        // period type and period → the bases' pairs of values
        Map<List<String>, List<Value[]>> byPeriod = new TreeMap<>(Comparator.comparing((List<String> period) -> period.get(0)).thenComparing(period -> period.get(1)));
        for (Value value : first) {
            Value related = seconds.get(key.apply(value));
            if (!value.periodType().equals(QUARTER) && related != null && related.value() > 0) {
                byPeriod.computeIfAbsent(List.of(value.periodType(), value.period()), ignored -> new ArrayList<>()).add(new Value[] {value, related});
            }
        }
        for (Map.Entry<List<String>, List<Value[]>> period : byPeriod.entrySet()) {
            double firstMean = period.getValue().stream().mapToDouble(both -> both[0].value()).average().orElseThrow();
            double secondMean = period.getValue().stream().mapToDouble(both -> both[1].value()).average().orElseThrow();
            if (firstMean <= 0) {
                continue;
            }
            double national = firstMean / secondMean;
            List<Figure> figures = period.getValue().stream()
                    .map(both -> new Figure(both[0].baseCode(), both[0].cohort(), both[0].value() / both[1].value() / national, OptionalDouble.empty(), OptionalDouble.empty()))
                    .toList();
            emit(DataQualityDimension.CONSISTENCY_BETWEEN_INDICATORS, pair.indicatorCode(), Optional.of(pair.relatedIndicatorCode()), period.getKey().get(0), period.getKey().get(1),
                    figures, OptionalDouble.of(national), OptionalDouble.empty(), OptionalDouble.empty(), rows);
        }
    }

    /** The divisions snapshot is the latest: assessed for the cut-off month and its year. */
    private static void denominators(String indicatorCode, String column, Collection<PopulationSources> populations, YearMonth cutoffMonth, List<Row> rows)
    {
        List<Figure> figures = new ArrayList<>();
        long reported = 0;
        long summed = 0;
        for (PopulationSources sources : populations) {
            if (sources.column().equals(column) && sources.sumUnderStreets() > 0) {
                figures.add(new Figure(sources.baseCode(), sources.cohort(), (double) sources.reportedByStreets() / sources.sumUnderStreets(), OptionalDouble.empty(), OptionalDouble.empty()));
                reported += sources.reportedByStreets();
                summed += sources.sumUnderStreets();
            }
        }
        if (figures.isEmpty()) {
            return;
        }
        OptionalDouble national = OptionalDouble.of((double) reported / summed);
        emit(DataQualityDimension.DENOMINATOR_CONSISTENCY, indicatorCode, Optional.empty(), MONTH, cutoffMonth.toString(), figures, national, OptionalDouble.empty(), OptionalDouble.empty(), rows);
        emit(DataQualityDimension.DENOMINATOR_CONSISTENCY, indicatorCode, Optional.empty(), YEAR, Integer.toString(cutoffMonth.getYear()), figures, national, OptionalDouble.empty(),
                OptionalDouble.empty(), rows);
    }

    private static void emit(DataQualityDimension dimension, String indicatorCode, Optional<String> related, String periodType, String period, List<Figure> figures,
            OptionalDouble nationalFigure, OptionalDouble nationalLow, OptionalDouble nationalHigh, List<Row> rows)
    {
        List<String> divergentBases = new ArrayList<>();
        for (Figure figure : figures.stream().sorted(Comparator.comparing(Figure::baseCode)).toList()) {
            boolean divergent = figure.divergent(dimension);
            if (divergent) {
                divergentBases.add(figure.baseCode());
            }
            rows.add(new Row(dimension, indicatorCode, related, periodType, period, Scope.BASE, Optional.of(figure.baseCode()), Optional.of(figure.cohort()),
                    OptionalDouble.of(figure.value()), figure.low(), figure.high(), Optional.of(divergent), 1, divergent ? 1 : 0,
                    OptionalDouble.of(divergent ? 100 : 0), divergent ? List.of(figure.baseCode()) : List.of()));
        }
        rows.add(new Row(dimension, indicatorCode, related, periodType, period, Scope.NATIONAL, Optional.empty(), Optional.empty(), nationalFigure, nationalLow, nationalHigh,
                Optional.empty(), figures.size(), divergentBases.size(), figures.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(100.0 * divergentBases.size() / figures.size()),
                divergentBases));
    }
}
