package org.isg.warehouse.pipeline.gold;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.isg.warehouse.contracts.dataset.DivisionCodes;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.contracts.tables.WarehouseTables;
import org.isg.warehouse.contracts.text.Sha256;
import org.isg.warehouse.experiments.AggregationType;
import org.isg.warehouse.experiments.ControlGroup;
import org.isg.warehouse.experiments.DeclarationFlag;
import org.isg.warehouse.experiments.EffectSummary;
import org.isg.warehouse.experiments.EventStudy;
import org.isg.warehouse.experiments.MultiplierBootstrap;
import org.isg.warehouse.experiments.PublishedEffect;
import org.isg.warehouse.experiments.TrustAssessment;
import org.isg.warehouse.experiments.TrustFlag;
import org.isg.warehouse.experiments.TrustGrade;
import org.isg.warehouse.experiments.UnitPanel;
import org.isg.warehouse.indicators.Indicator;
import org.isg.warehouse.indicators.IndicatorCatalogue;
import org.isg.warehouse.indicators.IndicatorKind;
import org.isg.warehouse.pipeline.SparkSchemas;
import org.isg.warehouse.pipeline.Warehouse;

import java.nio.ByteBuffer;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * The experiment effects, part of stage INDICATORS (issue 15, docs/experiments.md): from each base's
 * latest declaration ({@code silver.experiment_units}) the unit panels {@code gold.experiment_panel}
 * — every outcome rate by the catalogue's own definition over the records of each unit, month by
 * month — and from them {@code gold.experiment_effects}: Callaway–Sant'Anna ATT(g,t) against
 * never-treated and not-yet-treated units, aggregated overall, by event time and by cohort, with
 * unit-clustered multiplier-bootstrap intervals, the pre-trend tests, the event-study covariance and
 * a trust grade. The estimation is plain Java in the driver (module {@code experiments}).
 * <p>
 * Incremental: each outcome's estimate carries a fingerprint of its declaration and of the panel
 * cells it used; a night re-estimates only the outcomes whose fingerprint changed and keeps the
 * other rows as they are.
 */
public final class ExperimentEffectsJob
{
    public static final String PANEL_TABLE = WarehouseTables.EXPERIMENT_PANEL.name();
    public static final String EFFECTS_TABLE = WarehouseTables.EXPERIMENT_EFFECTS.name();
    public static final int BOOTSTRAP_DRAWS = 999;
    static final double ALPHA = 0.05;
    static final String EXPERIMENT_UNITS = org.isg.warehouse.contracts.dataset.Dataset.EXPERIMENT_UNITS.tableName();
    /** Changes with the estimator's code or settings: a new version re-estimates everything once. */
    private static final String ESTIMATOR_VERSION = "callaway-santanna-1/draws-" + BOOTSTRAP_DRAWS + "/alpha-" + ALPHA;
    private static final StructType PANEL_SCHEMA = SparkSchemas.of(WarehouseTables.EXPERIMENT_PANEL);
    private static final StructType EFFECTS_SCHEMA = SparkSchemas.of(WarehouseTables.EXPERIMENT_EFFECTS);
    private static final Set<String> RUN_COLUMNS = Set.of("as_of", "run_id");

    private final Warehouse warehouse;
    private final BaseRegistry registry;
    private final Consumer<String> progress;

    public ExperimentEffectsJob(Warehouse warehouse, BaseRegistry registry, Consumer<String> progress)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /**
     * What a night did.
     *
     * @param outcomes outcomes declared
     * @param estimated outcomes estimated this night (the others kept as stored)
     */
    public record Result(long panelRows, long effectRows, int outcomes, int estimated) {}

    /** One experiment of a base, as its latest declaration states it, after the declaration checks. */
    record Declared(String baseCode, String experimentId, String title, String technology, List<String> outcomeCodes, String unitLevel,
            SortedMap<String, Optional<YearMonth>> units, Set<DeclarationFlag> flags)
    {
        Declared
        {
            requireNonNull(baseCode, "baseCode is null");
            requireNonNull(experimentId, "experimentId is null");
            requireNonNull(title, "title is null");
            requireNonNull(technology, "technology is null");
            outcomeCodes = List.copyOf(outcomeCodes);
            requireNonNull(unitLevel, "unitLevel is null");
            units = Collections.unmodifiableSortedMap(new TreeMap<>(units));
            // in declaration order, whatever set was given: the fingerprint spells them out
            flags = Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(DeclarationFlag.class) : EnumSet.copyOf(flags));
        }
    }

    /** One unit-month of an outcome: the records of the unit's divisions in the month. */
    record Cell(String unitCode, YearMonth month, double numerator, double denominator) {}

    public Result run(IndicatorCatalogue catalogue, LocalDate cutoffDate, String runId)
    {
        if (!warehouse.exists(Warehouse.SILVER, EXPERIMENT_UNITS)) {
            return new Result(0, 0, 0, 0);
        }
        Timestamp cutoff = IndicatorValuesJob.cutoff(cutoffDate);
        List<Declared> experiments = declarations();
        Map<String, Map<String, List<Cell>>> cellsByOutcome = cells(experiments, catalogue, cutoffDate, cutoff);
        Map<String, List<Row>> storedEffects = storedEffects();

        List<Row> panelRows = new ArrayList<>();
        List<Row> effectRows = new ArrayList<>();
        int outcomes = 0;
        int estimated = 0;
        for (Declared experiment : experiments) {
            for (String outcomeCode : experiment.outcomeCodes()) {
                outcomes++;
                String key = outcomeKey(experiment.baseCode(), experiment.experimentId(), outcomeCode);
                Optional<Indicator> indicator = catalogue.indicator(outcomeCode);
                Set<DeclarationFlag> flags = EnumSet.noneOf(DeclarationFlag.class);
                flags.addAll(experiment.flags());
                Optional<DeclarationFlag> problem = outcomeProblem(experiment.baseCode(), indicator);
                problem.ifPresent(flags::add);
                List<Cell> cells = problem.isPresent()
                        ? List.of()
                        : cellsByOutcome.getOrDefault(experiment.baseCode() + "|" + outcomeCode, Map.of()).getOrDefault(experiment.experimentId(), List.of());
                int minimumN = indicator.map(Indicator::minimumN).orElse(0);
                for (Cell cell : cells) {
                    panelRows.add(panelRow(experiment, outcomeCode, cell, minimumN, indicator.map(Indicator::finalAfterDays).orElse(0), cutoffDate, cutoff, runId));
                }
                String fingerprint = fingerprint(experiment, outcomeCode, flags, cells, minimumN);
                List<Row> stored = storedEffects.getOrDefault(key, List.of());
                if (!stored.isEmpty() && stored.stream().allMatch(row -> fingerprint.equals(row.getAs("panel_fingerprint")))) {
                    effectRows.addAll(stored);
                    continue;
                }
                estimated++;
                effectRows.addAll(estimate(experiment, outcomeCode, flags, problem.isEmpty(), cells, minimumN, fingerprint, cutoff, runId));
            }
        }
        warehouse.overwriteIfChanged(Warehouse.GOLD, PANEL_TABLE, warehouse.spark().createDataFrame(panelRows, PANEL_SCHEMA), RUN_COLUMNS);
        warehouse.overwriteIfChanged(Warehouse.GOLD, EFFECTS_TABLE, warehouse.spark().createDataFrame(effectRows, EFFECTS_SCHEMA), RUN_COLUMNS);
        progress.accept("indicators: experiments: %d outcomes of %d experiments, %d re-estimated, %d kept; gold.%s %d rows, gold.%s %d rows"
                .formatted(outcomes, experiments.size(), estimated, outcomes - estimated, PANEL_TABLE, panelRows.size(), EFFECTS_TABLE, effectRows.size()));
        return new Result(panelRows.size(), effectRows.size(), outcomes, estimated);
    }

    /**
     * Each base's experiments from its latest declaration, checked against its divisions snapshot:
     * a unit that is not a division of the declared level is left out (flagged).
     */
    private List<Declared> declarations()
    {
        Map<String, List<Row>> byExperiment = new TreeMap<>();
        for (Row row : warehouse.read(Warehouse.SILVER, EXPERIMENT_UNITS)
                .select("base_code", "experiment_id", "assignment_id", "title", "technology", "outcome_codes", "unit_level", "division_code", "arm", "treatment_start")
                .orderBy("base_code", "experiment_id", "assignment_id")
                .collectAsList()) {
            byExperiment.computeIfAbsent(row.getString(0) + "|" + row.getString(1), ignored -> new ArrayList<>()).add(row);
        }
        Map<String, String> divisionLevels = new TreeMap<>();
        if (warehouse.exists(Warehouse.SILVER, IndicatorValuesJob.DIVISIONS)) {
            for (Row row : warehouse.read(Warehouse.SILVER, IndicatorValuesJob.DIVISIONS).select("base_code", "division_code", "level").collectAsList()) {
                divisionLevels.put(row.getString(0) + "|" + row.getString(1), row.getString(2));
            }
        }
        List<Declared> experiments = new ArrayList<>();
        for (List<Row> rows : byExperiment.values()) {
            Row first = rows.get(0);
            Set<DeclarationFlag> flags = EnumSet.noneOf(DeclarationFlag.class);
            SortedMap<String, Optional<YearMonth>> units = new TreeMap<>();
            for (Row row : rows) {
                for (int column = 3; column <= 6; column++) {
                    if (!first.getString(column).equals(row.getString(column))) {
                        flags.add(DeclarationFlag.INCONSISTENT_DECLARATION);
                    }
                }
                String division = row.getString(7);
                if (!first.getString(6).equals(divisionLevels.get(row.getString(0) + "|" + division))) {
                    flags.add(DeclarationFlag.UNITS_NOT_IN_DIVISIONS);
                    continue;
                }
                if (units.containsKey(division)) {
                    flags.add(DeclarationFlag.DUPLICATE_UNITS);
                    continue;
                }
                // the contract guarantees a start for a treated unit and none for a control
                units.put(division, row.isNullAt(9) ? Optional.empty() : Optional.of(YearMonth.from(row.<Date>getAs("treatment_start").toLocalDate())));
            }
            List<String> outcomeCodes = List.of(first.getString(5).split(";", -1)).stream().distinct().toList();
            experiments.add(new Declared(first.getString(0), first.getString(1), first.getString(3), first.getString(4), outcomeCodes, first.getString(6), units, flags));
        }
        return experiments;
    }

    /** Why an outcome cannot be estimated for the base, if it cannot. */
    private Optional<DeclarationFlag> outcomeProblem(String baseCode, Optional<Indicator> indicator)
    {
        if (indicator.isEmpty()) {
            return Optional.of(DeclarationFlag.OUTCOME_NOT_IN_CATALOGUE);
        }
        if (!registry.isExpected(baseCode, indicator.get().dataset())) {
            return Optional.of(DeclarationFlag.OUTCOME_NOT_DELIVERED);
        }
        return indicator.get().kind() == IndicatorKind.RATIO ? Optional.empty() : Optional.of(DeclarationFlag.OUTCOME_KIND_NOT_SUPPORTED);
    }

    /**
     * The unit-month cells of every estimable outcome, by {@code base|outcome} and experiment: one
     * aggregation per dataset and period column over the experiment bases' records (numerator and
     * denominator of each outcome by base, division and month, exactly as gold.indicator_values counts
     * them), then each unit summed over the divisions it covers (a street its communities).
     */
    private Map<String, Map<String, List<Cell>>> cells(List<Declared> experiments, IndicatorCatalogue catalogue, LocalDate cutoffDate, Timestamp cutoff)
    {
        Map<String, List<Indicator>> groups = new LinkedHashMap<>();
        Map<String, Set<String>> basesByOutcome = new TreeMap<>();
        for (Declared experiment : experiments) {
            for (String outcomeCode : experiment.outcomeCodes()) {
                Optional<Indicator> indicator = catalogue.indicator(outcomeCode);
                if (outcomeProblem(experiment.baseCode(), indicator).isPresent() || experiment.units().isEmpty()) {
                    continue;
                }
                List<Indicator> group = groups.computeIfAbsent(indicator.get().dataset().tableName() + "/" + indicator.get().periodBy(), ignored -> new ArrayList<>());
                if (!group.contains(indicator.get())) {
                    group.add(indicator.get());
                }
                basesByOutcome.computeIfAbsent(outcomeCode, ignored -> new java.util.TreeSet<>()).add(experiment.baseCode());
            }
        }
        // base|outcome → division → month → {numerator, denominator}
        Map<String, Map<String, Map<YearMonth, double[]>>> byDivision = new TreeMap<>();
        for (List<Indicator> group : groups.values()) {
            Indicator any = group.get(0);
            if (!warehouse.exists(Warehouse.SILVER, any.dataset().tableName())) {
                continue;
            }
            Set<String> bases = new java.util.TreeSet<>();
            group.forEach(indicator -> bases.addAll(basesByOutcome.get(indicator.code())));
            Dataset<Row> records = IndicatorValuesJob.dated(warehouse.read(Warehouse.SILVER, any.dataset().tableName()).where(col("base_code").isin(bases.toArray())), any, cutoffDate)
                    .withColumn("unit_division", col(divisionColumn(any.dataset())))
                    .withColumn("month", date_format(col("period_date"), "yyyy-MM"));
            List<Column> aggregates = new ArrayList<>();
            for (Indicator indicator : group) {
                Column inPopulation = IndicatorValuesJob.predicate(indicator.population(), cutoff);
                aggregates.add(sum(when(inPopulation.and(IndicatorValuesJob.predicate(indicator.numerator().orElseThrow(), cutoff)), 1).otherwise(0)).cast(DataTypes.DoubleType));
                aggregates.add(sum(when(inPopulation, 1).otherwise(0)).cast(DataTypes.DoubleType));
            }
            for (Row row : records.groupBy("base_code", "unit_division", "month").agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
                    .collectAsList()) {
                for (int index = 0; index < group.size(); index++) {
                    String outcome = row.getString(0) + "|" + group.get(index).code();
                    if (!basesByOutcome.get(group.get(index).code()).contains(row.getString(0)) || row.isNullAt(1)) {
                        continue;
                    }
                    double[] figures = byDivision.computeIfAbsent(outcome, ignored -> new TreeMap<>()).computeIfAbsent(row.getString(1), ignored -> new TreeMap<>())
                            .computeIfAbsent(YearMonth.parse(row.getString(2)), ignored -> new double[2]);
                    figures[0] += row.getDouble(3 + 2 * index);
                    figures[1] += row.getDouble(4 + 2 * index);
                }
            }
        }
        Map<String, Map<String, List<Cell>>> cells = new TreeMap<>();
        for (Declared experiment : experiments) {
            for (String outcomeCode : experiment.outcomeCodes()) {
                Map<String, Map<YearMonth, double[]>> divisions = byDivision.getOrDefault(experiment.baseCode() + "|" + outcomeCode, Map.of());
                List<Cell> experimentCells = new ArrayList<>();
                for (String unit : experiment.units().keySet()) {
                    String prefix = DivisionCodes.coveredPrefix(unit);
                    Map<YearMonth, double[]> months = new TreeMap<>();
                    divisions.forEach((division, figures) -> {
                        if (division.startsWith(prefix)) {
                            figures.forEach((month, values) -> {
                                double[] sums = months.computeIfAbsent(month, ignored -> new double[2]);
                                sums[0] += values[0];
                                sums[1] += values[1];
                            });
                        }
                    });
                    months.forEach((month, sums) -> {
                        // a month without a record of the population has no rate: no cell
                        if (sums[1] > 0) {
                            experimentCells.add(new Cell(unit, month, sums[0], sums[1]));
                        }
                    });
                }
                cells.computeIfAbsent(experiment.baseCode() + "|" + outcomeCode, ignored -> new TreeMap<>()).put(experiment.experimentId(), experimentCells);
            }
        }
        return cells;
    }

    /** The column holding a record's division. */
    static String divisionColumn(org.isg.warehouse.contracts.dataset.Dataset dataset)
    {
        return switch (dataset) {
            case GRID_CASES, ELDERCARE_SERVICE_LOGS, HEALTH_SCREENINGS -> "division_code";
            case THREE_ASSETS_LEDGER -> "village_code";
            case DIVISIONS, EXPERIMENT_UNITS -> throw new IllegalArgumentException(dataset.tableName() + " has no outcome records");
        };
    }

    /** R did's period encoding: months counted from year 0, so consecutive months are consecutive integers. */
    static int period(YearMonth month)
    {
        return month.getYear() * 12 + month.getMonthValue() - 1;
    }

    private static Row panelRow(Declared experiment, String outcomeCode, Cell cell, int minimumN, int finalAfterDays, LocalDate cutoffDate, Timestamp cutoff, String runId)
    {
        Optional<YearMonth> start = experiment.units().get(cell.unitCode());
        boolean suppressed = cell.denominator() < minimumN;
        boolean finalMonth = !cell.month().atEndOfMonth().plusDays(IndicatorValuesJob.FINAL_AFTER_DAYS + finalAfterDays).isAfter(cutoffDate);
        return RowFactory.create(experiment.baseCode(), experiment.experimentId(), outcomeCode, cell.unitCode(), start.isPresent() ? "TREATMENT" : "CONTROL",
                start.map(YearMonth::toString).orElse(null), start.map(ExperimentEffectsJob::period).orElse(0), cell.month().toString(), period(cell.month()),
                cell.numerator(), cell.denominator(), suppressed ? null : 100 * cell.numerator() / cell.denominator(),
                suppressed ? ObservationStatus.Q.name() : finalMonth ? ObservationStatus.A.name() : ObservationStatus.P.name(), cutoff, runId);
    }

    /** The estimate's rows for one outcome: both comparisons, every aggregation and part; one NO_ESTIMATE row when nothing can be estimated. */
    private static List<Row> estimate(Declared experiment, String outcomeCode, Set<DeclarationFlag> declarationFlags, boolean estimable, List<Cell> cells, int minimumN,
            String fingerprint, Timestamp cutoff, String runId)
    {
        UnitPanel.Builder builder = UnitPanel.builder();
        experiment.units().forEach((unit, start) -> builder.unit(unit, start.map(month -> OptionalInt.of(period(month))).orElse(OptionalInt.empty())));
        int suppressed = 0;
        for (Cell cell : cells) {
            if (cell.denominator() < minimumN) {
                suppressed++;
            }
            else {
                builder.outcome(cell.unitCode(), period(cell.month()), 100 * cell.numerator() / cell.denominator());
            }
        }
        double suppressedShare = cells.isEmpty() ? 0 : (double) suppressed / cells.size();
        long seed = seed(experiment, outcomeCode);
        Outcome outcome = new Outcome(experiment, outcomeCode, declarationFlags, suppressedShare, seed, fingerprint, cutoff, runId);
        List<Row> rows = new ArrayList<>();
        if (!estimable || experiment.units().isEmpty() || cells.size() == suppressed) {
            rows.add(outcome.notEstimated(ControlGroup.NEVER_TREATED));
            return rows;
        }
        UnitPanel panel = builder.build();
        for (ControlGroup controlGroup : ControlGroup.values()) {
            EffectSummary summary = EffectSummary.estimate(panel, controlGroup, new MultiplierBootstrap(BOOTSTRAP_DRAWS, seed), ALPHA);
            TrustAssessment trust = TrustAssessment.assess(summary, suppressedShare);
            if (summary.effects().isEmpty()) {
                rows.add(outcome.row(summary, trust, AggregationType.SIMPLE.name(), null, null, null, null));
                continue;
            }
            List<Double> covariance = summary.eventStudy().map(EventStudy::covariance).orElse(List.of());
            List<Integer> eventTimes = summary.eventStudy().map(EventStudy::eventTimes).orElse(List.of());
            for (PublishedEffect effect : summary.effects()) {
                Integer eventTime = null;
                String cohortMonth = null;
                List<Double> covarianceRow = null;
                if (effect.key().isPresent()) {
                    switch (effect.aggregation()) {
                        case EVENT_TIME -> {
                            eventTime = effect.key().getAsInt();
                            int position = eventTimes.indexOf(eventTime);
                            covarianceRow = covariance.subList(position * eventTimes.size(), (position + 1) * eventTimes.size());
                        }
                        case COHORT -> cohortMonth = YearMonth.of(Math.floorDiv(effect.key().getAsInt(), 12), Math.floorMod(effect.key().getAsInt(), 12) + 1).toString();
                        case SIMPLE -> { }
                    }
                }
                rows.add(outcome.row(summary, trust, effect.aggregation().name(), eventTime, cohortMonth, effect, covarianceRow));
            }
            summary.placebo().ifPresent(placebo -> rows.add(outcome.row(summary, trust, "PRE_TREND", null, null, placebo, null)));
        }
        return rows;
    }

    /** What every row of one outcome's estimate shares. */
    private record Outcome(Declared experiment, String outcomeCode, Set<DeclarationFlag> declarationFlags, double suppressedShare, long seed, String fingerprint,
            Timestamp cutoff, String runId)
    {
        Row notEstimated(ControlGroup controlGroup)
        {
            return RowFactory.create(experiment.baseCode(), experiment.experimentId(), experiment.title(), experiment.technology(), outcomeCode, experiment.unitLevel(),
                    controlGroup.name(), AggregationType.SIMPLE.name(), null, null, null, null, null, null, null, null, null, null,
                    TrustGrade.D.name(), List.of(TrustFlag.NO_ESTIMATE.name()), declarationFlags.stream().map(Enum::name).toList(),
                    experiment.units().size(), 0, 0, suppressedShare, BOOTSTRAP_DRAWS, seed, fingerprint, cutoff, runId);
        }

        Row row(EffectSummary summary, TrustAssessment trust, String aggregation, Integer eventTime, String cohortMonth, PublishedEffect effect, List<Double> covarianceRow)
        {
            List<String> flags = new ArrayList<>();
            declarationFlags.forEach(flag -> flags.add(flag.name()));
            summary.flags().forEach(flag -> flags.add(flag.name()));
            return RowFactory.create(experiment.baseCode(), experiment.experimentId(), experiment.title(), experiment.technology(), outcomeCode, experiment.unitLevel(),
                    summary.controlGroup().name(), aggregation, eventTime, cohortMonth,
                    effect == null ? null : effect.estimate(), effect == null ? null : effect.standardError(),
                    effect == null ? null : effect.lower(), effect == null ? null : effect.upper(), effect == null ? null : effect.uniformBand(),
                    covarianceRow == null ? null : List.copyOf(covarianceRow),
                    summary.waldPreTest().map(test -> test.statistic()).orElse(null), summary.waldPreTest().map(test -> test.pValue()).orElse(null),
                    trust.grade().name(), trust.flags().stream().map(Enum::name).toList(), flags,
                    experiment.units().size(), summary.treatedUnits(), summary.comparisonUnits(), suppressedShare, BOOTSTRAP_DRAWS, seed, fingerprint, cutoff, runId);
        }
    }

    /** The stored estimate rows by outcome. */
    private Map<String, List<Row>> storedEffects()
    {
        Map<String, List<Row>> stored = new TreeMap<>();
        if (!warehouse.exists(Warehouse.GOLD, EFFECTS_TABLE)) {
            return stored;
        }
        Dataset<Row> rows = warehouse.read(Warehouse.GOLD, EFFECTS_TABLE);
        if (!java.util.Arrays.equals(rows.schema().fieldNames(), EFFECTS_SCHEMA.fieldNames())) {
            // a table of an earlier layout: every outcome is estimated again
            return stored;
        }
        for (Row row : rows.collectAsList()) {
            stored.computeIfAbsent(outcomeKey(row.getAs("base_code"), row.getAs("experiment_id"), row.getAs("indicator_code")), ignored -> new ArrayList<>()).add(row);
        }
        return stored;
    }

    private static String outcomeKey(String baseCode, String experimentId, String outcomeCode)
    {
        return baseCode + "|" + experimentId + "|" + outcomeCode;
    }

    /** The bootstrap seed of an outcome: its identity, so the same panel always gets the same draws. */
    private static long seed(Declared experiment, String outcomeCode)
    {
        return ByteBuffer.wrap(Sha256.digest(outcomeKey(experiment.baseCode(), experiment.experimentId(), outcomeCode).getBytes(UTF_8))).getLong() & Long.MAX_VALUE;
    }

    /** What the estimate depends on: the estimator, the declaration as checked and the cells as counted. */
    private static String fingerprint(Declared experiment, String outcomeCode, Set<DeclarationFlag> flags, List<Cell> cells, int minimumN)
    {
        StringBuilder text = new StringBuilder(ESTIMATOR_VERSION).append('\n')
                .append(outcomeKey(experiment.baseCode(), experiment.experimentId(), outcomeCode)).append('\n')
                .append(experiment.title()).append('|').append(experiment.technology()).append('|').append(experiment.unitLevel()).append('|').append(minimumN).append('\n')
                .append(flags).append('\n')
                .append(experiment.units()).append('\n');
        for (Cell cell : cells) {
            text.append(cell.unitCode()).append('|').append(cell.month()).append('|').append(cell.numerator()).append('|').append(cell.denominator()).append('\n');
        }
        return Sha256.hex(text.toString());
    }
}
