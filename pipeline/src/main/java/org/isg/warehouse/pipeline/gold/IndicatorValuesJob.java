package org.isg.warehouse.pipeline.gold;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.isg.warehouse.contracts.dataset.ColumnType;
import org.isg.warehouse.contracts.dataset.DivisionCodes;
import org.isg.warehouse.contracts.registry.Base;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.contracts.statistics.Confidence;
import org.isg.warehouse.contracts.tables.WarehouseTables;
import org.isg.warehouse.indicators.Indicator;
import org.isg.warehouse.indicators.IndicatorCatalogue;
import org.isg.warehouse.pipeline.QueryExecution;
import org.isg.warehouse.pipeline.ScalaCollections;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.pipeline.ops.DeliveryLedger;
import org.isg.warehouse.pipeline.ops.DeliveryStatus;
import org.isg.warehouse.quality.ChinaTime;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

/**
 * Stage INDICATORS: {@code gold.indicator_values}, one row per (base, indicator, period) for every
 * catalogue entry and every MONTH, QUARTER and YEAR. A night recomputes the rows its changes touch
 * ({@link RefreshPlan}) and replaces exactly those in one commit; {@link #rebuild} recomputes all.
 * The catalogue drives everything: an indicator is a catalogue entry, not code here.
 * <p>
 * Quarters and years are computed from the records of their whole range (for rates the ratio of
 * summed numerators and denominators; percentiles, distinct counts and latest-per-entity values
 * from the records), never from monthly values.
 */
public final class IndicatorValuesJob
{
    public static final String TABLE = WarehouseTables.INDICATOR_VALUES.name();
    /** A period is final ({@code A}) once it ended at least this many days before the cut-off. */
    static final int FINAL_AFTER_DAYS = 15;
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final String DIVISIONS = "divisions";
    /** Streets contain communities and villages; nothing lies under a community or a village. */
    static final List<String> FINEST_DIVISION_LEVELS = List.of("COMMUNITY", "VILLAGE");
    private static final String OUTSIDE_DIVISIONS = "records_outside_divisions";
    /** The code prefix a division covers ({@link DivisionCodes}): a street covers its communities and villages. */
    static final String COVERED_PREFIX = DivisionCodes.coveredPrefixSql("division_code");
    private static final String PER_CAPITA_PREFIX = "per_capita_";
    private static final String KEY_SEPARATOR = "|";

    private final Warehouse warehouse;
    private final BaseRegistry registry;
    private final Consumer<String> progress;

    public IndicatorValuesJob(Warehouse warehouse, BaseRegistry registry, Consumer<String> progress)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /**
     * The night's refresh: recomputes the (indicator, period) rows that changes since the last
     * computation touch ({@link RefreshPlan}) and replaces exactly those, in one commit.
     *
     * @param runDate the run date: the cut-off is the end of that day, China time
     * @return rows written
     */
    public long run(IndicatorCatalogue catalogue, LocalDate runDate, String runId)
    {
        List<DeliveryLedger.Entry> deliveries = new DeliveryLedger(warehouse).entries();
        return refresh(catalogue, RefreshPlan.incremental(warehouse, registry, catalogue, deliveries, runDate), deliveries, runId);
    }

    /** Every row recomputed from silver and the table replaced in one commit: what the nights maintain incrementally. */
    public long rebuild(IndicatorCatalogue catalogue, LocalDate runDate, String runId)
    {
        return refresh(catalogue, RefreshPlan.full(warehouse, catalogue, runDate), new DeliveryLedger(warehouse).entries(), runId);
    }

    /** @param deliveries {@code ops.deliveries}, read once for the plan and the M / Q verdicts */
    private long refresh(IndicatorCatalogue catalogue, RefreshPlan plan, List<DeliveryLedger.Entry> deliveries, String runId)
    {
        // Gold reads silver, which holds about the rows of the accepted deliveries
        long silverRows = deliveries.stream()
                .filter(entry -> entry.status() == DeliveryStatus.ACCEPTED)
                .mapToLong(entry -> entry.acceptedRows() == null ? 0 : entry.acceptedRows())
                .sum();
        QueryExecution.apply(warehouse.spark(), "indicators", silverRows, progress);
        LocalDate cutoffDate = plan.cutoffDate();
        Timestamp cutoff = cutoff(cutoffDate);
        if (plan.nothingToDo()) {
            progress.accept("indicators: gold.%s unchanged, nothing changed since its cut-off %s".formatted(TABLE, cutoffDate));
            return 0;
        }
        progress.accept("indicators: %s, cut-off %s".formatted(plan.describe(), cutoffDate));
        GarwoodInterval.register(warehouse.spark());
        // One pass per dataset and period column: records exploded into their month, quarter and year,
        // every indicator of the group a conditional aggregate of the same groupBy
        Map<String, List<Indicator>> groups = new LinkedHashMap<>();
        for (Indicator indicator : catalogue.indicators()) {
            if (plan.scopes().containsKey(indicator.code()) && plan.watermark().silverVersions().containsKey(indicator.dataset().tableName())) {
                groups.computeIfAbsent(indicator.dataset().tableName() + "/" + indicator.periodBy(), ignored -> new ArrayList<>()).add(indicator);
            }
        }
        List<Dataset<Row>> persisted = new ArrayList<>();
        Dataset<Row> values = null;
        try {
            for (List<Indicator> group : groups.values()) {
                Optional<ExpectedPeriods> expected = ExpectedPeriods.of(registry, group.get(0).dataset(), deliveries, cutoffDate);
                if (expected.isEmpty()) {
                    continue;
                }
                Dataset<Row> groupValues = groupValues(group, plan, cutoff, expected.get(), persisted);
                values = values == null ? groupValues : values.unionByName(groupValues);
            }
            Dataset<Row> table;
            if (values != null) {
                table = values.join(cohorts(), "base_code")
                        .withColumn("as_of", lit(cutoff))
                        .withColumn("run_id", lit(runId))
                        .select("base_code", "cohort", "indicator_code", "indicator_version", "definition_hash", "level", "period_type", "period",
                                "value", "numerator", "denominator", "unit", "ci_low", "ci_high", "obs_status", "quality_flags", "as_of", "run_id");
            }
            else if (warehouse.exists(Warehouse.GOLD, TABLE)) {
                table = warehouse.read(Warehouse.GOLD, TABLE).limit(0);
            }
            else {
                return 0;
            }
            // A few thousand rows a year: one file, not one per branch and shuffle partition of the plan
            table = warehouse.conformed(Warehouse.GOLD, TABLE, table).coalesce(1).persist(StorageLevel.MEMORY_AND_DISK());
            persisted.add(table);
            long written = table.count();
            // The watermark travels in the same commit as the rows it describes
            DataFrameWriter<Row> writer = table.write().format("delta").mode("overwrite").option("userMetadata", plan.watermark().toJson());
            if (plan.full() || !warehouse.exists(Warehouse.GOLD, TABLE)) {
                writer.option("overwriteSchema", "true").save(warehouse.tablePath(Warehouse.GOLD, TABLE));
            }
            else {
                writer.option("replaceWhere", plan.replacePredicate()).save(warehouse.tablePath(Warehouse.GOLD, TABLE));
            }
            progress.accept("indicators: gold.%s %s, %d rows written for %d indicators".formatted(TABLE, plan.full() ? "rebuilt" : "refreshed", written, plan.scopes().size()));
            return written;
        }
        finally {
            persisted.forEach(Dataset::unpersist);
        }
    }

    /** The data cut-off of a run date: the end of that day, China time (SPEC §6). */
    public static Timestamp cutoff(LocalDate runDate)
    {
        return Timestamp.from(runDate.plusDays(1).atStartOfDay(CHINA).toInstant());
    }

    /** The date whose China calendar month, quarter and year hold a record of the indicator. */
    static Column periodDate(Indicator indicator)
    {
        boolean dateColumn = indicator.dataset().contract().column(indicator.periodBy()).orElseThrow().type() == ColumnType.DATE;
        return dateColumn ? col(indicator.periodBy()) : to_date(expr(ChinaTime.wallTimeOfInstant("`%s`".formatted(indicator.periodBy()))));
    }

    /** Silver's records of the indicator's dataset with their China calendar {@code period_date}, up to the cut-off. */
    static Dataset<Row> dated(Dataset<Row> silver, Indicator indicator, LocalDate cutoffDate)
    {
        return silver.withColumn("period_date", periodDate(indicator))
                .where(col("period_date").isNotNull().and(col("period_date").leq(lit(java.sql.Date.valueOf(cutoffDate)))));
    }

    /** One indicator per period column of the table's catalogue entries: what dates its records ({@link #periodDate}). */
    static Map<String, Indicator> periodColumns(IndicatorCatalogue catalogue, String table)
    {
        Map<String, Indicator> periodColumns = new TreeMap<>();
        for (Indicator indicator : catalogue.indicators()) {
            if (indicator.dataset().tableName().equals(table)) {
                periodColumns.putIfAbsent(indicator.periodBy(), indicator);
            }
        }
        return periodColumns;
    }

    /**
     * Each record once per period column, as its kept columns, {@code period_column} and its China
     * calendar {@code period_date} there; a record undated in a column is left out for that column.
     */
    static Dataset<Row> datedByPeriodColumn(Dataset<Row> records, Map<String, Indicator> periodColumns, String... keptColumns)
    {
        List<Column> dates = new ArrayList<>();
        periodColumns.forEach((column, indicator) -> dates.add(struct(lit(column).as("period_column"), periodDate(indicator).as("period_date"))));
        List<Column> selected = new ArrayList<>();
        List<Column> flattened = new ArrayList<>();
        for (String kept : keptColumns) {
            selected.add(col(kept));
            flattened.add(col(kept));
        }
        selected.add(explode(array(dates.toArray(Column[]::new))).as("dated"));
        flattened.add(col("dated.period_column").as("period_column"));
        flattened.add(col("dated.period_date").as("period_date"));
        return records.select(selected.toArray(Column[]::new)).select(flattened.toArray(Column[]::new)).where(col("period_date").isNotNull());
    }

    /** The indicators sharing a dataset and a period column, over the periods the plan refreshes for any of them. */
    private Dataset<Row> groupValues(List<Indicator> group, RefreshPlan plan, Timestamp cutoff, ExpectedPeriods expected, List<Dataset<Row>> persisted)
    {
        Indicator any = group.get(0);
        LocalDate cutoffDate = plan.cutoffDate();
        Dataset<Row> silver = warehouse.read(Warehouse.SILVER, any.dataset().tableName(), plan.watermark().silverVersions().get(any.dataset().tableName()));
        List<Column> periods = new ArrayList<>();
        for (PeriodType periodType : PeriodType.values()) {
            periods.add(struct(lit(periodType.name()).as("period_type"), periodType.label(col("period_date")).as("period"), periodType.lastDay(col("period_date")).as("period_last_day")));
        }
        Dataset<Row> dated = dated(silver, any, cutoffDate);
        if (group.stream().anyMatch(indicator -> indicator.perCapita().isPresent())) {
            dated = markOutsideDivisions(dated, plan);
        }
        Optional<Set<RefreshPlan.Period>> wanted = periodsOf(group, plan);
        // a period's first day is a month's
        Optional<LocalDate> earliest = wanted.map(union -> union.stream().map(period -> period.type().firstDay(period.label())).min(LocalDate::compareTo)
                .orElse(cutoffDate.plusDays(1)));
        if (earliest.isPresent()) {
            dated = dated.where(col("period_date").geq(lit(java.sql.Date.valueOf(earliest.get()))));
        }
        // Which months each base has records in: with its deliveries, what tells M from Q (ExpectedPeriods); read over
        // every period, of which the months from the earliest on are those of the records this query reads
        Map<String, Set<YearMonth>> monthsWithRecords = plan.monthsWithRecords().of(any, earliest);
        Map<ExpectedPeriods.BasePeriod, ExpectedPeriods.Verdict> verdicts = expected.verdicts(wanted.orElseGet(expected::allPeriods), monthsWithRecords);
        // Each record in its month, quarter and year. Not cached: a group that needs its records twice (latest
        // per entity) reads them again, which costs less than caching every column of them three times over
        // (docs/benchmarks.md, "The values job without its records cache")
        Dataset<Row> records = dated
                .withColumn("period_of", explode(array(periods.toArray(Column[]::new))))
                .withColumn("period_type", col("period_of.period_type"))
                .withColumn("period", col("period_of.period"))
                .withColumn("period_last_day", col("period_of.period_last_day"))
                .drop("period_of");
        if (wanted.isPresent()) {
            records = records.where(keyIn(wanted.get().stream().map(period -> key(period.type().name(), period.label())).toList(), "period_type", "period"));
        }

        List<Column> aggregates = new ArrayList<>();
        aggregates.add(first("period_last_day").as("period_last_day"));
        for (int index = 0; index < group.size(); index++) {
            Indicator indicator = group.get(index);
            Column inPopulation = predicate(indicator.population(), cutoff);
            switch (indicator.kind()) {
                case RATIO -> {
                    aggregates.add(sum(when(inPopulation.and(predicate(indicator.numerator().orElseThrow(), cutoff)), 1).otherwise(0)).cast(DataTypes.DoubleType).as("numerator_" + index));
                    aggregates.add(sum(when(inPopulation, 1).otherwise(0)).cast(DataTypes.DoubleType).as("denominator_" + index));
                }
                case PERCENTILE -> aggregates.add(expr(orderedMeasures(indicator, cutoff)).as("measures_" + index));
                case DISTINCT_PER_CAPITA -> {
                    aggregates.add(countDistinct(when(inPopulation, expr(indicator.distinct().orElseThrow()))).cast(DataTypes.DoubleType).as("numerator_" + index));
                    aggregates.add(max(inPopulation.and(col(OUTSIDE_DIVISIONS))).as("outside_" + index));
                }
                case LATEST_PER_ENTITY_RATIO -> { }
            }
        }
        Dataset<Row> figures = records.groupBy("base_code", "period_type", "period").agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
                .persist(StorageLevel.MEMORY_AND_DISK());
        persisted.add(figures);

        // Denominators that are not aggregates of the records: per-capita populations per base, latest-per-entity counts per period
        Dataset<Row> complete = figures;
        Set<String> populationColumns = new TreeSet<>();
        for (Indicator indicator : group) {
            indicator.perCapita().ifPresent(populationColumns::add);
        }
        if (!populationColumns.isEmpty()) {
            complete = complete.join(perCapitaDenominators(populationColumns, plan), using("base_code"), "left");
        }
        List<Column> perIndicator = new ArrayList<>();
        for (int index = 0; index < group.size(); index++) {
            Indicator indicator = group.get(index);
            Column numerator = col("numerator_" + index);
            Column denominator = col("denominator_" + index);
            Column none = lit(null).cast(DataTypes.DoubleType);
            Column rawValue = none;
            Column rawLow = none;
            Column rawHigh = none;
            Column outside = lit(false);
            switch (indicator.kind()) {
                case RATIO -> { }
                case PERCENTILE -> {
                    OrderStatistics statistics = new OrderStatistics("measures_" + index, indicator.percentile().orElseThrow());
                    numerator = none;
                    denominator = statistics.count();
                    rawValue = statistics.value();
                    rawLow = statistics.low();
                    rawHigh = statistics.high();
                }
                case DISTINCT_PER_CAPITA -> {
                    denominator = col(PER_CAPITA_PREFIX + indicator.perCapita().orElseThrow());
                    outside = coalesce(col("outside_" + index), lit(false));
                }
                case LATEST_PER_ENTITY_RATIO -> complete = complete.join(latestPerEntity(indicator, records.where(predicate(indicator.population(), cutoff)), cutoff)
                        .withColumnRenamed("numerator", "numerator_" + index)
                        .withColumnRenamed("denominator", "denominator_" + index), using("base_code", "period_type", "period"), "left");
            }
            List<Column> figure = new ArrayList<>(List.of(numerator.as("numerator"), denominator.as("denominator"), rawValue.as("raw_value"),
                    rawLow.as("raw_low"), rawHigh.as("raw_high"), outside.as(OUTSIDE_DIVISIONS)));
            figure.addAll(parameters(indicator));
            perIndicator.add(struct(figure.toArray(Column[]::new)));
        }
        // One plan for the whole group: a row per base, period and indicator, finished with the indicator's parameters as columns
        Dataset<Row> indicatorFigures = complete
                .select(col("base_code"), col("period_type"), col("period"), col("period_last_day"), explode(array(perIndicator.toArray(Column[]::new))).as("figure"))
                .select("base_code", "period_type", "period", "period_last_day", "figure.*");
        Dataset<Row> values = finish(indicatorFigures, cutoffDate);
        return inScope(published(values, group, figures, verdicts), group, plan);
    }

    /** The union of the periods the plan refreshes for the group's indicators; empty when one needs every period. */
    private static Optional<Set<RefreshPlan.Period>> periodsOf(List<Indicator> group, RefreshPlan plan)
    {
        Set<RefreshPlan.Period> union = new TreeSet<>();
        for (Indicator indicator : group) {
            RefreshPlan.Scope scope = plan.scopes().get(indicator.code());
            if (scope.everyPeriod()) {
                return Optional.empty();
            }
            union.addAll(scope.periods());
        }
        return Optional.of(union);
    }

    /** Each indicator's rows restricted to the periods the plan refreshes for it: exactly the rows its predicate replaces. */
    private Dataset<Row> inScope(Dataset<Row> values, List<Indicator> group, RefreshPlan plan)
    {
        List<String> everyPeriod = new ArrayList<>();
        List<String> indicatorPeriods = new ArrayList<>();
        for (Indicator indicator : group) {
            RefreshPlan.Scope scope = plan.scopes().get(indicator.code());
            if (scope.everyPeriod()) {
                everyPeriod.add(indicator.code());
            }
            else {
                scope.periods().forEach(period -> indicatorPeriods.add(key(indicator.code(), period.type().name(), period.label())));
            }
        }
        if (indicatorPeriods.isEmpty()) {
            return values;
        }
        return values.where(keyIn(indicatorPeriods, "indicator_code", "period_type", "period").or(col("indicator_code").isin(everyPeriod.toArray())));
    }

    /**
     * Whether the row's key columns, joined, are one of the keys ({@link #key}): a semi-join with a
     * driver-side list as a filter. Spark tests a long list as a hash set; a join with the list as
     * a table cost a broadcast, and so a Spark job, per use.
     */
    private static Column keyIn(Collection<String> keys, String... columns)
    {
        return concat_ws(KEY_SEPARATOR, Arrays.stream(columns).map(functions::col).toArray(Column[]::new)).isin(keys.toArray());
    }

    /** The parts joined as {@link #keyIn} joins the key columns; codes and period labels hold no separator. */
    private static String key(String... parts)
    {
        return String.join(KEY_SEPARATOR, parts);
    }

    /**
     * The indicator's descriptive columns and the parameters its value is finished with, as
     * literals: a join with a table of them cost a broadcast, and so a Spark job, per use.
     */
    private static List<Column> parameters(Indicator indicator)
    {
        return List.of(lit(indicator.code()).as("indicator_code"), lit(indicator.version()).as("indicator_version"), lit(indicator.definitionHash()).as("definition_hash"),
                lit(indicator.level().name()).as("level"), lit(indicator.unit()).as("unit"), lit(indicator.minimumN()).as("minimum_n"),
                lit(indicator.unit().equals("‰") ? 1000.0 : 100.0).as("scale"), lit(IntervalMethod.of(indicator.kind()).name()).as("interval_method"),
                lit(indicator.finalAfterDays()).as("final_after_days"));
    }

    /**
     * Value, interval, status and flags from each row's figures and its indicator's parameters
     * ({@link #parameters}): a rate is the proportion scaled to % with a Wilson interval, a
     * per-capita value the count over the population scaled to ‰ with the exact (Garwood) Poisson
     * interval of the count, a percentile the order statistic with its distribution-free interval
     * ({@link OrderStatistics}). Below the minimum n the value is suppressed (Q). A period is final
     * (A) once it ended 15 days plus the indicator's {@code final_after_days} before the cut-off.
     */
    private static Dataset<Row> finish(Dataset<Row> figures, LocalDate cutoffDate)
    {
        Column method = col("interval_method");
        // a period with records but none in the population: 0 / 0 (a percentile has no numerator)
        Dataset<Row> complete = figures.withColumn("denominator", coalesce(col("denominator"), lit(0.0)))
                .withColumn("numerator", when(method.equalTo(IntervalMethod.ORDER_STATISTICS.name()), col("numerator")).otherwise(coalesce(col("numerator"), lit(0.0))));
        Column wilson = method.equalTo(IntervalMethod.WILSON.name());
        Column garwood = method.equalTo(IntervalMethod.GARWOOD.name());
        Column suppressed = col("denominator").lt(col("minimum_n"));
        Column scale = col("scale");
        Column proportion = col("numerator").divide(col("denominator"));
        Column n = col("denominator");
        Column z2 = lit(Confidence.Z_95 * Confidence.Z_95);
        Column centre = proportion.plus(z2.divide(n.multiply(2))).divide(lit(1).plus(z2.divide(n)));
        Column halfWidth = lit(Confidence.Z_95).multiply(sqrt(proportion.multiply(lit(1).minus(proportion)).divide(n).plus(z2.divide(n.multiply(n).multiply(4)))))
                .divide(lit(1).plus(z2.divide(n)));
        Column unbounded = col("raw_value").equalTo(lit(Double.POSITIVE_INFINITY));
        Column finalPeriod = date_add(col("period_last_day"), lit(FINAL_AFTER_DAYS).plus(col("final_after_days"))).leq(lit(java.sql.Date.valueOf(cutoffDate)));
        Column flags = array_compact(array(
                when(garwood.and(col("numerator").gt(col("denominator"))), lit(QualityFlag.NUMERATOR_EXCEEDS_POPULATION.name())),
                when(col(OUTSIDE_DIVISIONS), lit(QualityFlag.RECORDS_OUTSIDE_DIVISIONS.name())),
                when(unbounded, lit(QualityFlag.PERCENTILE_UNBOUNDED.name()))));
        return complete
                .withColumn("value", when(suppressed.or(unbounded), lit(null))
                        .when(wilson.or(garwood), proportion.multiply(scale))
                        .otherwise(col("raw_value")))
                .withColumn("ci_low", when(suppressed, lit(null))
                        .when(wilson, centre.minus(halfWidth).multiply(scale))
                        .when(garwood, call_function(GarwoodInterval.LOW, col("numerator")).divide(n).multiply(scale))
                        .otherwise(col("raw_low")))
                .withColumn("ci_high", when(suppressed, lit(null))
                        .when(wilson, centre.plus(halfWidth).multiply(scale))
                        .when(garwood, call_function(GarwoodInterval.HIGH, col("numerator")).divide(n).multiply(scale))
                        .when(col("raw_high").equalTo(lit(Double.POSITIVE_INFINITY)), lit(null))
                        .otherwise(col("raw_high")))
                .withColumn("obs_status", when(suppressed, lit("Q")).when(finalPeriod, lit("A")).otherwise(lit("P")))
                .withColumn("quality_flags", flags)
                .select(col("base_code"), col("period_type"), col("period"), col("value"), col("numerator"), col("denominator"), col("ci_low"), col("ci_high"),
                        col("obs_status"), col("quality_flags"), col("indicator_code"), col("indicator_version"), col("definition_hash"), col("level"), col("unit"));
    }

    /**
     * The population's measures, sorted: a finished event's measure; an unfinished one (measure
     * null) that began more than {@code censor_after} before the cut-off as +∞; a younger unfinished
     * one is left out.
     */
    private static String orderedMeasures(Indicator indicator, Timestamp cutoff)
    {
        long censorMicros = indicator.censorAfterMinutes().orElseThrow() * 60_000_000L;
        return ("sort_array(collect_list(CASE WHEN %1$s THEN (CASE WHEN (%2$s) IS NOT NULL THEN CAST(%2$s AS DOUBLE) "
                + "WHEN unix_micros(%3$s) < %4$d THEN double('Infinity') END) END))")
                .formatted(bound(indicator.population(), cutoff), indicator.measure().orElseThrow(), indicator.startedBy().orElseThrow(),
                        cutoff.getTime() * 1000 - censorMicros);
    }

    private Dataset<Row> verdicts(Map<ExpectedPeriods.BasePeriod, ExpectedPeriods.Verdict> verdicts)
    {
        List<Row> rows = new ArrayList<>();
        verdicts.forEach((basePeriod, verdict) -> rows.add(RowFactory.create(basePeriod.baseCode(), basePeriod.period().type().name(), basePeriod.period().label(),
                verdict.name())));
        return warehouse.spark().createDataFrame(rows, new StructType().add("base_code", DataTypes.StringType).add("period_type", DataTypes.StringType)
                .add("period", DataTypes.StringType).add("verdict", DataTypes.StringType));
    }

    /**
     * The rows gold publishes for the group ({@link ExpectedPeriods}): computed values of the
     * published base-periods; Q with 0 / 0 for a published base-period without a record of the
     * group's period column; M for every indicator of a missing one; nothing for periods before the
     * base's {@code expected_from}.
     */
    private Dataset<Row> published(Dataset<Row> computed, List<Indicator> group, Dataset<Row> figures, Map<ExpectedPeriods.BasePeriod, ExpectedPeriods.Verdict> verdictByPeriod)
    {
        Dataset<Row> verdicts = verdicts(verdictByPeriod);
        Dataset<Row> publishedPeriods = verdicts.where(col("verdict").equalTo(ExpectedPeriods.Verdict.PUBLISHED.name())).drop("verdict");
        Dataset<Row> missingPeriods = verdicts.where(col("verdict").equalTo(ExpectedPeriods.Verdict.MISSING.name())).drop("verdict");
        Dataset<Row> withoutRecords = publishedPeriods.join(figures.select("base_code", "period_type", "period"), using("base_code", "period_type", "period"), "left_anti");
        // each indicator's descriptive columns, as the computed rows have them; a percentile has no numerator
        List<Column> described = new ArrayList<>();
        for (Indicator indicator : group) {
            List<Column> columns = new ArrayList<>(parameters(indicator));
            columns.add(lit(IntervalMethod.of(indicator.kind()) != IntervalMethod.ORDER_STATISTICS).as("has_numerator"));
            described.add(struct(columns.toArray(Column[]::new)));
        }
        // M for a missing base-period, Q with 0 / 0 for a published one without records: no value either way
        Dataset<Row> placeholders = missingPeriods.withColumn("obs_status", lit(ObservationStatus.M.name()))
                .unionByName(withoutRecords.withColumn("obs_status", lit(ObservationStatus.Q.name())));
        Column none = lit(null).cast(DataTypes.DoubleType);
        Column counted = col("obs_status").equalTo(ObservationStatus.Q.name());
        Dataset<Row> withoutValue = placeholders.withColumn("described", explode(array(described.toArray(Column[]::new)))).select("*", "described.*")
                .select(col("base_code"), col("period_type"), col("period"), none.as("value"), when(counted.and(col("has_numerator")), lit(0.0)).otherwise(none).as("numerator"),
                        when(counted, lit(0.0)).otherwise(none).as("denominator"), none.as("ci_low"), none.as("ci_high"), col("obs_status"),
                        array().cast("array<string>").as("quality_flags"), col("indicator_code"), col("indicator_version"), col("definition_hash"), col("level"), col("unit"));
        List<String> published = new ArrayList<>();
        verdictByPeriod.forEach((basePeriod, verdict) -> {
            if (verdict == ExpectedPeriods.Verdict.PUBLISHED) {
                published.add(key(basePeriod.baseCode(), basePeriod.period().type().name(), basePeriod.period().label()));
            }
        });
        return computed.where(keyIn(published, "base_code", "period_type", "period")).unionByName(withoutValue);
    }

    /** Entities whose latest record in the period (by the catalogue's ordering) matches the numerator. */
    private static Dataset<Row> latestPerEntity(Indicator indicator, Dataset<Row> population, Timestamp cutoff)
    {
        List<Column> order = new ArrayList<>();
        for (String expression : indicator.latestBy()) {
            order.add(expr(expression).desc());
        }
        Dataset<Row> latest = population.withColumn("entity", expr(indicator.entity().orElseThrow()))
                .withColumn("recency", row_number().over(Window.partitionBy(col("base_code"), col("period_type"), col("period"), col("entity")).orderBy(order.toArray(Column[]::new))))
                .where(col("recency").equalTo(1));
        return latest.groupBy("base_code", "period_type", "period").agg(
                sum(when(predicate(indicator.numerator().orElseThrow(), cutoff), 1).otherwise(0)).cast(DataTypes.DoubleType).as("numerator"),
                count(lit(1)).cast(DataTypes.DoubleType).as("denominator"));
    }

    /**
     * Sum of each population column over the leaf divisions of each base's snapshot (silver holds
     * each base's latest), as {@code per_capita_<column>} (SPEC §4): a division is a leaf when no
     * other division of the snapshot lies under it — a community or village under a street whose
     * covered code prefix it starts with. A street-only snapshot sums its streets; a street listed
     * with its communities counts once, through them; a street without listed communities counts
     * itself.
     */
    private Dataset<Row> perCapitaDenominators(Set<String> populationColumns, RefreshPlan plan)
    {
        List<Column> sums = new ArrayList<>();
        StructType none = new StructType().add("base_code", DataTypes.StringType);
        for (String populationColumn : populationColumns) {
            sums.add(sum(col(populationColumn)).cast(DataTypes.DoubleType).as(PER_CAPITA_PREFIX + populationColumn));
            none = none.add(PER_CAPITA_PREFIX + populationColumn, DataTypes.DoubleType);
        }
        Long version = plan.watermark().silverVersions().get(DIVISIONS);
        if (version == null) {
            return warehouse.spark().createDataFrame(List.of(), none);
        }
        return leafDivisions(warehouse.read(Warehouse.SILVER, DIVISIONS, version))
                .groupBy("base_code").agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new));
    }

    /**
     * Marks the records whose division lies under no division of their base's latest snapshot
     * (SPEC §4.1 RECORDS_OUTSIDE_DIVISIONS): neither one of its codes nor under a listed division's
     * covered prefix. Every record without a snapshot is outside. The records still count: the
     * flag tells the reader the population may not be theirs.
     */
    private Dataset<Row> markOutsideDivisions(Dataset<Row> records, RefreshPlan plan)
    {
        Long version = plan.watermark().silverVersions().get(DIVISIONS);
        if (version == null) {
            return records.withColumn(OUTSIDE_DIVISIONS, lit(true));
        }
        Dataset<Row> prefixes = warehouse.read(Warehouse.SILVER, DIVISIONS, version)
                .select(col("base_code").as("snapshot_base_code"), expr(COVERED_PREFIX).as("covered_prefix"));
        Dataset<Row> inside = records.select("base_code", "division_code").distinct()
                .join(broadcast(prefixes), col("base_code").equalTo(col("snapshot_base_code")).and(col("division_code").startsWith(col("covered_prefix"))), "left_semi")
                .withColumn("inside_divisions", lit(true));
        return records.join(inside, using("base_code", "division_code"), "left")
                .withColumn(OUTSIDE_DIVISIONS, col("inside_divisions").isNull())
                .drop("inside_divisions");
    }

    /** The divisions under which no other division of the same base's snapshot lies. */
    static Dataset<Row> leafDivisions(Dataset<Row> divisions)
    {
        Dataset<Row> finest = divisions.where(col("level").isin(FINEST_DIVISION_LEVELS.toArray()));
        Dataset<Row> finer = finest.select(col("base_code").as("finer_base_code"), col("division_code").as("finer_division_code"));
        Dataset<Row> streets = divisions.where(not(col("level").isin(FINEST_DIVISION_LEVELS.toArray()))).withColumn("covered_prefix", expr(COVERED_PREFIX));
        Dataset<Row> leafStreets = streets.join(finer, col("base_code").equalTo(col("finer_base_code"))
                        .and(col("finer_division_code").startsWith(col("covered_prefix"))), "left_anti")
                .drop("covered_prefix");
        return finest.unionByName(leafStreets);
    }

    private static scala.collection.Seq<String> using(String... columns)
    {
        return ScalaCollections.columns(columns);
    }

    static Column predicate(String expression, Timestamp cutoff)
    {
        return coalesce(expr(bound(expression, cutoff)), lit(false));
    }

    /** The expression with the cut-off written in as a literal instant. */
    private static String bound(String expression, Timestamp cutoff)
    {
        return expression.replace(Indicator.CUTOFF_PLACEHOLDER, "TIMESTAMP_MICROS(%d)".formatted(cutoff.getTime() * 1000));
    }

    private Dataset<Row> cohorts()
    {
        List<Row> rows = new ArrayList<>();
        for (Base base : registry.bases()) {
            rows.add(RowFactory.create(base.code(), base.cohort()));
        }
        return warehouse.spark().createDataFrame(rows, new StructType()
                .add("base_code", DataTypes.StringType).add("cohort", DataTypes.StringType));
    }
}
