package org.isg.warehouse.pipeline.gold;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.contracts.tables.WarehouseTables;
import org.isg.warehouse.contracts.text.SqlLiterals;
import org.isg.warehouse.indicators.Indicator;
import org.isg.warehouse.indicators.IndicatorCatalogue;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.pipeline.ops.DeliveryLedger;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Which rows of {@code gold.indicator_values} a night recomputes, and why (issue 3, incremental
 * nights). An (indicator, period) is recomputed for every base when
 * <ul>
 * <li>a silver record of the indicator's dataset changed whose period timestamp, old version or
 * new, falls in the period (read from the silver tables' Delta change feed since the versions the
 * last computation saw);</li>
 * <li>the indicator's definition hash differs from the stored rows', or it is new: every period;</li>
 * <li>its per-capita population changed in the divisions snapshot: every period;</li>
 * <li>the cut-off moved and the value could depend on it: periods not yet final at their stored
 * cut-off (their status and the values of the current periods), and every period of an indicator
 * whose expressions read {@code ${cutoff}}.</li>
 * </ul>
 * Whatever cannot be proven unchanged (no stored state, a change feed that cannot be read) is
 * recomputed in full. The silver versions and cut-off the computation saw are committed with the
 * gold rows, in the same Delta commit, so a crash never leaves them out of step.
 */
final class RefreshPlan
{
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WATERMARK_FIELD = "isg_gold_watermark";
    /** In the plan's read of the stored rows: the base of a row stored M, else null. */
    private static final String MISSING_BASE_CODE = "missing_base_code";

    record Period(PeriodType type, String label)
            implements Comparable<Period>
    {
        Period
        {
            requireNonNull(type, "type is null");
            requireNonNull(label, "label is null");
        }

        @Override
        public int compareTo(Period other)
        {
            int byType = type.compareTo(other.type);
            return byType != 0 ? byType : label.compareTo(other.label);
        }
    }

    /** The periods of one indicator to recompute: every period, or the listed ones; with the reasons. */
    record Scope(boolean everyPeriod, Set<Period> periods, Set<String> reasons)
    {
        Scope
        {
            periods = Collections.unmodifiableSet(new TreeSet<>(requireNonNull(periods, "periods is null")));
            reasons = Collections.unmodifiableSet(new LinkedHashSet<>(requireNonNull(reasons, "reasons is null")));
        }

        static Scope none()
        {
            return new Scope(false, Set.of(), Set.of());
        }

        Scope everyPeriod(String reason)
        {
            return new Scope(true, Set.of(), with(reason));
        }

        Scope plus(Set<Period> more, String reason)
        {
            if (everyPeriod || more.isEmpty()) {
                return this;
            }
            Set<Period> union = new TreeSet<>(periods);
            union.addAll(more);
            return new Scope(false, union, with(reason));
        }

        boolean isEmpty()
        {
            return !everyPeriod && periods.isEmpty();
        }

        private Set<String> with(String reason)
        {
            Set<String> union = new LinkedHashSet<>(reasons);
            union.add(reason);
            return union;
        }
    }

    /** What a computation saw: the data cut-off and each silver table's Delta version. */
    record Watermark(LocalDate cutoffDate, Map<String, Long> silverVersions)
    {
        Watermark
        {
            requireNonNull(cutoffDate, "cutoffDate is null");
            silverVersions = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(silverVersions, "silverVersions is null")));
        }

        String toJson()
        {
            ObjectNode watermark = JSON.createObjectNode();
            watermark.put("cutoff_date", cutoffDate.toString());
            ObjectNode versions = watermark.putObject("silver_versions");
            silverVersions.forEach(versions::put);
            ObjectNode root = JSON.createObjectNode();
            root.set(WATERMARK_FIELD, watermark);
            return root.toString();
        }

        static Optional<Watermark> fromJson(String json)
        {
            try {
                JsonNode watermark = JSON.readTree(json).path(WATERMARK_FIELD);
                if (watermark.isMissingNode()) {
                    return Optional.empty();
                }
                Map<String, Long> versions = new TreeMap<>();
                watermark.path("silver_versions").fields().forEachRemaining(entry -> versions.put(entry.getKey(), entry.getValue().asLong()));
                return Optional.of(new Watermark(LocalDate.parse(watermark.path("cutoff_date").asText()), versions));
            }
            catch (JsonProcessingException e) {
                return Optional.empty();
            }
        }
    }

    private final boolean full;
    private final LocalDate cutoffDate;
    private final Watermark watermark;
    private final Map<String, Scope> scopes;
    private final Set<String> removedIndicators;
    private final boolean silverChanged;
    private final MonthsWithRecords monthsWithRecords;

    private RefreshPlan(boolean full, LocalDate cutoffDate, Watermark watermark, Map<String, Scope> scopes, Set<String> removedIndicators, boolean silverChanged,
            MonthsWithRecords monthsWithRecords)
    {
        this.full = full;
        this.cutoffDate = requireNonNull(cutoffDate, "cutoffDate is null");
        this.watermark = requireNonNull(watermark, "watermark is null");
        this.scopes = Collections.unmodifiableMap(new LinkedHashMap<>(scopes));
        this.removedIndicators = Set.copyOf(removedIndicators);
        this.silverChanged = silverChanged;
        this.monthsWithRecords = requireNonNull(monthsWithRecords, "monthsWithRecords is null");
    }

    /** Every period of every indicator, cut off at the run date. */
    static RefreshPlan full(Warehouse warehouse, IndicatorCatalogue catalogue, LocalDate runDate)
    {
        Map<String, Scope> scopes = new LinkedHashMap<>();
        for (Indicator indicator : catalogue.indicators()) {
            scopes.put(indicator.code(), Scope.none().everyPeriod("full rebuild"));
        }
        // From now on, the next night can read what changed
        enableChangeFeeds(warehouse, catalogue);
        Map<String, Long> versions = silverVersions(warehouse, catalogue);
        return new RefreshPlan(true, runDate, new Watermark(runDate, versions), scopes, Set.of(), true, new MonthsWithRecords(warehouse, catalogue, versions, runDate));
    }

    /**
     * What changed since the last computation. The cut-off never moves backwards: a night older than
     * the last one computed (a rerun of an old date) refreshes with the later cut-off.
     */
    static RefreshPlan incremental(Warehouse warehouse, BaseRegistry registry, IndicatorCatalogue catalogue, List<DeliveryLedger.Entry> deliveries, LocalDate runDate)
    {
        if (!warehouse.exists(Warehouse.GOLD, IndicatorValuesJob.TABLE)) {
            return full(warehouse, catalogue, runDate);
        }
        Optional<Watermark> stored = storedWatermark(warehouse);
        if (stored.isEmpty()) {
            return full(warehouse, catalogue, runDate);
        }
        LocalDate cutoffDate = runDate.isBefore(stored.get().cutoffDate()) ? stored.get().cutoffDate() : runDate;
        Timestamp cutoff = IndicatorValuesJob.cutoff(cutoffDate);
        // Change feeds first: enabling one is a commit, and the versions recorded must include it
        Map<String, Long> previous = stored.get().silverVersions();
        Set<String> unreadable = enableChangeFeeds(warehouse, catalogue);
        Map<String, Long> current = silverVersions(warehouse, catalogue);

        Map<String, Scope> scopes = new LinkedHashMap<>();
        for (Indicator indicator : catalogue.indicators()) {
            scopes.put(indicator.code(), Scope.none());
        }
        // Definitions: a new indicator or a changed hash is recomputed everywhere. One read of the stored rows for
        // everything the plan asks of them: definitions, periods and cut-offs, and the bases stored M (a row per base,
        // and one without, per period)
        Map<String, Set<String>> storedHashes = new TreeMap<>();
        List<Row> storedPeriods = warehouse.read(Warehouse.GOLD, IndicatorValuesJob.TABLE)
                .select(col("indicator_code"), col("definition_hash"), col("period_type"), col("period"), col("as_of"),
                        when(col("obs_status").equalTo(ObservationStatus.M.name()), col("base_code")).as(MISSING_BASE_CODE))
                .distinct().collectAsList();
        for (Row row : storedPeriods) {
            storedHashes.computeIfAbsent(row.getString(0), ignored -> new TreeSet<>()).add(row.getString(1));
        }
        Set<String> removed = new TreeSet<>(storedHashes.keySet());
        for (Indicator indicator : catalogue.indicators()) {
            removed.remove(indicator.code());
            Set<String> hashes = storedHashes.get(indicator.code());
            if (hashes == null) {
                scopes.compute(indicator.code(), (code, scope) -> scope.everyPeriod("new indicator"));
            }
            else if (!hashes.equals(Set.of(indicator.definitionHash()))) {
                scopes.compute(indicator.code(), (code, scope) -> scope.everyPeriod("definition changed"));
            }
        }
        // Records: the periods of every changed silver record, old version and new; each table's change feed read once
        Map<String, Optional<Map<String, Set<Period>>>> changedByTable = new TreeMap<>();
        for (Indicator indicator : catalogue.indicators()) {
            String table = indicator.dataset().tableName();
            if (!current.containsKey(table)) {
                continue;
            }
            if (!previous.containsKey(table) || unreadable.contains(table)) {
                scopes.compute(indicator.code(), (code, scope) -> scope.everyPeriod("no change feed for silver." + table));
                continue;
            }
            if (previous.get(table).equals(current.get(table))) {
                continue;
            }
            Optional<Map<String, Set<Period>>> byPeriodColumn = changedByTable.computeIfAbsent(table,
                    ignored -> changedPeriods(warehouse, catalogue, table, previous.get(table), current.get(table)));
            if (byPeriodColumn.isEmpty()) {
                scopes.compute(indicator.code(), (code, scope) -> scope.everyPeriod("change feed of silver." + table + " unreadable"));
            }
            else {
                Set<Period> found = byPeriodColumn.get().getOrDefault(indicator.periodBy(), Set.of());
                scopes.compute(indicator.code(), (code, scope) -> scope.plus(found, "records changed"));
            }
        }
        // Calendar: a month the cut-off entered has a row (M at least) for every expected base, data or not
        Set<Period> newMonths = new TreeSet<>();
        for (YearMonth month = YearMonth.from(stored.get().cutoffDate()).plusMonths(1); !month.isAfter(YearMonth.from(cutoffDate)); month = month.plusMonths(1)) {
            for (PeriodType type : PeriodType.values()) {
                newMonths.add(new Period(type, type.label(month.atDay(1))));
            }
        }
        if (!newMonths.isEmpty()) {
            for (Indicator indicator : catalogue.indicators()) {
                scopes.compute(indicator.code(), (code, scope) -> scope.plus(newMonths, "the cut-off entered a new month"));
            }
        }
        // Populations: a per-capita indicator whose population changed in any base's snapshot
        Set<String> populationColumns = catalogue.indicators().stream().flatMap(indicator -> indicator.perCapita().stream()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> changedPopulations = changedPopulations(warehouse, populationColumns, previous, current);
        for (Indicator indicator : catalogue.indicators()) {
            if (indicator.perCapita().isPresent() && changedPopulations.contains(indicator.perCapita().get())) {
                scopes.compute(indicator.code(), (code, scope) -> scope.everyPeriod("population changed"));
            }
        }
        // Deliveries: a base-period stored M that a delivery since makes published. The delivery may hold
        // no record of the indicator's period column in that period, so no record change points at it.
        MonthsWithRecords monthsWithRecords = new MonthsWithRecords(warehouse, catalogue, current, cutoffDate);
        deliveredMissingPeriods(registry, catalogue, storedPeriods, deliveries, cutoffDate, current, monthsWithRecords)
                .forEach((code, periods) -> scopes.compute(code, (ignored, scope) -> scope.plus(periods, "a missing period was delivered")));
        // Cut-off: statuses and values that depend on it
        Map<String, Indicator> byCode = new TreeMap<>();
        catalogue.indicators().forEach(indicator -> byCode.put(indicator.code(), indicator));
        for (Row row : storedPeriods) {
            Indicator indicator = byCode.get(row.getString(0));
            Timestamp asOf = row.getTimestamp(4);
            if (indicator == null || asOf.equals(cutoff)) {
                continue;
            }
            Period period = new Period(PeriodType.valueOf(row.getString(2)), row.getString(3));
            LocalDate computedFor = asOf.toInstant().atZone(CHINA).toLocalDate().minusDays(1);
            boolean finalThen = !period.type().lastDay(period.label()).plusDays(IndicatorValuesJob.FINAL_AFTER_DAYS + indicator.finalAfterDays()).isAfter(computedFor);
            if (readsCutoff(indicator)) {
                scopes.compute(indicator.code(), (code, scope) -> scope.plus(Set.of(period), "reads the cut-off, which moved"));
            }
            else if (!finalThen) {
                scopes.compute(indicator.code(), (code, scope) -> scope.plus(Set.of(period), "not final at the last cut-off"));
            }
        }
        scopes.values().removeIf(Scope::isEmpty);
        return new RefreshPlan(false, cutoffDate, new Watermark(cutoffDate, current), scopes, removed, !current.equals(previous) || !cutoffDate.equals(stored.get().cutoffDate()),
                monthsWithRecords);
    }

    /**
     * By indicator, the periods stored M for some base that a non-rejected delivery of the dataset,
     * exported in one of the period's months, may since have made published; each is judged again
     * with the current deliveries and records ({@link ExpectedPeriods}), and only a changed verdict
     * refreshes it, so a quarter that stays M is not recomputed night after night.
     *
     * @param storedPeriods the stored rows' periods, with the base of each stored M row ({@link #MISSING_BASE_CODE})
     * @param monthsWithRecords read only when a candidate needs them
     */
    private static Map<String, Set<Period>> deliveredMissingPeriods(BaseRegistry registry, IndicatorCatalogue catalogue, List<Row> storedPeriods,
            List<DeliveryLedger.Entry> deliveries, LocalDate cutoffDate, Map<String, Long> silverVersions, MonthsWithRecords monthsWithRecords)
    {
        Map<String, Set<Period>> refreshed = new TreeMap<>();
        Map<String, Indicator> byCode = new TreeMap<>();
        catalogue.indicators().forEach(indicator -> byCode.put(indicator.code(), indicator));
        Map<String, List<ExpectedPeriods.BasePeriod>> candidates = new TreeMap<>();
        // Per dataset and base, the export dates of its deliveries not rejected by the cut-off: one pass over the
        // ledger (tens of thousands of entries a year in), not one per stored M row
        Map<String, NavigableSet<LocalDate>> exportDates = new HashMap<>();
        for (DeliveryLedger.Entry entry : deliveries) {
            if (ExpectedPeriods.delivered(entry, cutoffDate)) {
                exportDates.computeIfAbsent(datasetOfBase(entry.dataset(), entry.baseCode()), ignored -> new TreeSet<>()).add(entry.exportDate());
            }
        }
        int missingBaseCode = storedPeriods.isEmpty() ? -1 : storedPeriods.get(0).fieldIndex(MISSING_BASE_CODE);
        for (Row row : storedPeriods) {
            if (row.isNullAt(missingBaseCode)) {
                continue;
            }
            String baseCode = row.getString(missingBaseCode);
            Indicator indicator = byCode.get(row.getString(0));
            Period period = new Period(PeriodType.valueOf(row.getString(2)), row.getString(3));
            if (indicator != null && silverVersions.containsKey(indicator.dataset().tableName())
                    && deliveredIn(exportDates, indicator, baseCode, period)) {
                candidates.computeIfAbsent(indicator.code(), ignored -> new ArrayList<>()).add(new ExpectedPeriods.BasePeriod(baseCode, period));
            }
        }
        for (Map.Entry<String, List<ExpectedPeriods.BasePeriod>> indicatorCandidates : candidates.entrySet()) {
            Indicator indicator = byCode.get(indicatorCandidates.getKey());
            Optional<ExpectedPeriods> expected = ExpectedPeriods.of(registry, indicator.dataset(), deliveries, cutoffDate);
            if (expected.isEmpty()) {
                continue;
            }
            Set<Period> periods = indicatorCandidates.getValue().stream().map(ExpectedPeriods.BasePeriod::period).collect(Collectors.toCollection(TreeSet::new));
            Map<ExpectedPeriods.BasePeriod, ExpectedPeriods.Verdict> verdicts = expected.get().verdicts(periods, monthsWithRecords.of(indicator));
            for (ExpectedPeriods.BasePeriod candidate : indicatorCandidates.getValue()) {
                if (verdicts.get(candidate) != ExpectedPeriods.Verdict.MISSING) {
                    refreshed.computeIfAbsent(indicator.code(), ignored -> new TreeSet<>()).add(candidate.period());
                }
            }
        }
        return refreshed;
    }

    /** Whether the base has a delivery of the indicator's dataset, not rejected, exported in a month of the period by the cut-off. */
    private static boolean deliveredIn(Map<String, NavigableSet<LocalDate>> exportDates, Indicator indicator, String baseCode, Period period)
    {
        NavigableSet<LocalDate> dates = exportDates.get(datasetOfBase(indicator.dataset().tableName(), baseCode));
        LocalDate firstInPeriod = dates == null ? null : dates.ceiling(period.type().firstDay(period.label()));
        return firstInPeriod != null && !firstInPeriod.isAfter(period.type().lastDay(period.label()));
    }

    private static String datasetOfBase(String dataset, String baseCode)
    {
        return dataset + "/" + baseCode;
    }

    boolean full()
    {
        return full;
    }

    LocalDate cutoffDate()
    {
        return cutoffDate;
    }

    Watermark watermark()
    {
        return watermark;
    }

    /** Indicators with something to recompute, by code. */
    Map<String, Scope> scopes()
    {
        return scopes;
    }

    Set<String> removedIndicators()
    {
        return removedIndicators;
    }

    /** Nothing to write: no row to recompute or remove, and the watermark would not move. */
    boolean nothingToDo()
    {
        return scopes.isEmpty() && removedIndicators.isEmpty() && !silverChanged;
    }

    /**
     * The rows the plan replaces, as a Delta {@code replaceWhere} predicate: one term per set of
     * periods, naming the indicators that share it. Most indicators of a night share their periods
     * (those of the changed records, those not yet final), and Delta compiles the predicate into
     * its file filter: a term per indicator made that filter's generated code exceed the JVM's
     * 64 KB method limit, and Spark fell back to interpreting it (docs/benchmarks.md).
     */
    String replacePredicate()
    {
        return replacePredicate(scopes, removedIndicators);
    }

    /** The rows of these scopes and of the removed indicators ({@link #replacePredicate()}). */
    static String replacePredicate(Map<String, Scope> scopes, Set<String> removedIndicators)
    {
        List<String> everyPeriod = new ArrayList<>(removedIndicators);
        Map<Set<Period>, List<String>> byPeriods = new LinkedHashMap<>();
        scopes.forEach((code, scope) -> {
            if (scope.everyPeriod()) {
                everyPeriod.add(code);
            }
            else if (!scope.periods().isEmpty()) {
                byPeriods.computeIfAbsent(scope.periods(), ignored -> new ArrayList<>()).add(code);
            }
        });
        List<String> terms = new ArrayList<>();
        if (!everyPeriod.isEmpty()) {
            terms.add(SqlLiterals.sparkIn("indicator_code", everyPeriod));
        }
        byPeriods.forEach((periods, codes) -> {
            Map<PeriodType, List<String>> byType = new TreeMap<>();
            periods.forEach(period -> byType.computeIfAbsent(period.type(), ignored -> new ArrayList<>()).add(period.label()));
            List<String> periodTerms = new ArrayList<>();
            byType.forEach((type, labels) -> periodTerms.add("(period_type = '" + type.name() + "' AND " + SqlLiterals.sparkIn("period", labels) + ")"));
            terms.add("(" + SqlLiterals.sparkIn("indicator_code", codes) + " AND (" + String.join(" OR ", periodTerms) + "))");
        });
        return terms.isEmpty() ? "false" : String.join(" OR ", terms);
    }

    /** One line per reason: how many indicators it touches. */
    String describe()
    {
        if (full) {
            return "full rebuild of %d indicators".formatted(scopes.size());
        }
        Map<String, Integer> byReason = new TreeMap<>();
        scopes.values().forEach(scope -> scope.reasons().forEach(reason -> byReason.merge(reason, 1, Integer::sum)));
        long everyPeriod = scopes.values().stream().filter(Scope::everyPeriod).count();
        int periods = scopes.values().stream().mapToInt(scope -> scope.periods().size()).sum();
        return "%d indicators to refresh (%d in every period, %d indicator-periods otherwise)%s%s".formatted(scopes.size(), everyPeriod, periods,
                byReason.isEmpty() ? "" : "; " + byReason.entrySet().stream().map(entry -> entry.getKey() + ": " + entry.getValue()).collect(Collectors.joining(", ")),
                removedIndicators.isEmpty() ? "" : "; removed: " + String.join(", ", removedIndicators));
    }

    /** The months with records of every period column, read once for the plan and the values job. */
    MonthsWithRecords monthsWithRecords()
    {
        return monthsWithRecords;
    }

    static boolean readsCutoff(Indicator indicator)
    {
        if (indicator.censorAfterMinutes().isPresent()) {
            // an unfinished event turns into +∞ once it is older than censor_after at the cut-off
            return true;
        }
        List<String> expressions = new ArrayList<>();
        expressions.add(indicator.population());
        indicator.numerator().ifPresent(expressions::add);
        indicator.measure().ifPresent(expressions::add);
        indicator.distinct().ifPresent(expressions::add);
        indicator.entity().ifPresent(expressions::add);
        expressions.addAll(indicator.latestBy());
        return expressions.stream().anyMatch(expression -> expression.contains(Indicator.CUTOFF_PLACEHOLDER));
    }

    private static Optional<Watermark> storedWatermark(Warehouse warehouse)
    {
        // The latest commit that carries one: maintenance commits (OPTIMIZE, VACUUM) carry none and change no value
        List<Row> commits = warehouse.table(Warehouse.GOLD, IndicatorValuesJob.TABLE).history()
                .where(col("userMetadata").contains(WATERMARK_FIELD)).orderBy(desc("version")).select("userMetadata").limit(1).collectAsList();
        return commits.isEmpty() ? Optional.empty() : Watermark.fromJson(commits.get(0).getString(0));
    }

    /** The silver tables the catalogue reads (divisions for per-capita denominators), at their current version. */
    private static Map<String, Long> silverVersions(Warehouse warehouse, IndicatorCatalogue catalogue)
    {
        Map<String, Long> versions = new TreeMap<>();
        for (String table : silverTables(catalogue)) {
            if (warehouse.exists(Warehouse.SILVER, table)) {
                versions.put(table, warehouse.version(Warehouse.SILVER, table));
            }
        }
        return versions;
    }

    private static Set<String> silverTables(IndicatorCatalogue catalogue)
    {
        Set<String> tables = new TreeSet<>();
        for (Indicator indicator : catalogue.indicators()) {
            tables.add(indicator.dataset().tableName());
            if (indicator.perCapita().isPresent()) {
                tables.add(IndicatorValuesJob.DIVISIONS);
            }
        }
        return tables;
    }

    /**
     * Turns the change feed their declaration asks for on for silver tables that do not have it yet
     * (the first night, or a warehouse older than incremental nights); their changes so far cannot be read.
     */
    private static Set<String> enableChangeFeeds(Warehouse warehouse, IndicatorCatalogue catalogue)
    {
        Set<String> enabled = new TreeSet<>();
        for (String table : silverTables(catalogue)) {
            if (!warehouse.exists(Warehouse.SILVER, table)) {
                continue;
            }
            // The log's current metadata, not DESCRIBE DETAIL: a query per table per night for one property
            if (!"true".equals(warehouse.properties(Warehouse.SILVER, table).get(WarehouseTables.CHANGE_DATA_FEED))) {
                warehouse.spark().sql("ALTER TABLE delta.`%s` SET TBLPROPERTIES (%s = true)".formatted(warehouse.tablePath(Warehouse.SILVER, table), WarehouseTables.CHANGE_DATA_FEED));
                enabled.add(table);
            }
        }
        return enabled;
    }

    private static Dataset<Row> changes(Warehouse warehouse, String table, long fromExclusive, long toInclusive)
    {
        return warehouse.spark().read().format("delta").option("readChangeFeed", "true")
                .option("startingVersion", fromExclusive + 1).option("endingVersion", toInclusive)
                .load(warehouse.tablePath(Warehouse.SILVER, table));
    }

    /**
     * Per period column of the table's indicators, the periods that contain a changed record's date
     * in that column, old version or new: one read of the change feed for every column. Empty when
     * the feed cannot be read.
     */
    private static Optional<Map<String, Set<Period>>> changedPeriods(Warehouse warehouse, IndicatorCatalogue catalogue, String table, long fromExclusive, long toInclusive)
    {
        List<Row> rows;
        try {
            rows = IndicatorValuesJob.datedByPeriodColumn(changes(warehouse, table, fromExclusive, toInclusive), IndicatorValuesJob.periodColumns(catalogue, table))
                    .distinct().collectAsList();
        }
        catch (RuntimeException e) {
            // Vacuumed change files, a table replaced in between: recompute instead of guessing
            return Optional.empty();
        }
        Map<String, Set<Period>> periods = new TreeMap<>();
        for (Row row : rows) {
            LocalDate date = row.getDate(1).toLocalDate();
            Set<Period> columnPeriods = periods.computeIfAbsent(row.getString(0), ignored -> new TreeSet<>());
            for (PeriodType type : PeriodType.values()) {
                columnPeriods.add(new Period(type, type.label(date)));
            }
        }
        return Optional.of(periods);
    }

    /**
     * The population columns whose sum changed for some base between the stored and the current
     * divisions versions: one read of the change feed for every column. Every column when the feed
     * cannot be read.
     */
    private static Set<String> changedPopulations(Warehouse warehouse, Set<String> populationColumns, Map<String, Long> previous, Map<String, Long> current)
    {
        String table = IndicatorValuesJob.DIVISIONS;
        if (populationColumns.isEmpty()) {
            return Set.of();
        }
        if (!current.containsKey(table)) {
            return previous.containsKey(table) ? populationColumns : Set.of();
        }
        if (!previous.containsKey(table)) {
            return populationColumns;
        }
        if (previous.get(table).equals(current.get(table))) {
            return Set.of();
        }
        try {
            Column inserted = col("_change_type").isin("insert", "update_postimage");
            List<Column> sums = new ArrayList<>();
            List<Column> changed = new ArrayList<>();
            for (String column : populationColumns) {
                sums.add(sum(when(inserted, col(column)).otherwise(col(column).multiply(-1))).as(column));
                changed.add(max(col(column).notEqual(0)).as(column));
            }
            // A snapshot re-delivered unchanged is a delete and an insert of the same rows: its sum is 0
            Row anyBase = changes(warehouse, table, previous.get(table), current.get(table))
                    .where(col("level").isin(IndicatorValuesJob.FINEST_DIVISION_LEVELS.toArray()))
                    .groupBy("base_code").agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new))
                    .agg(changed.get(0), changed.subList(1, changed.size()).toArray(Column[]::new))
                    .first();
            Set<String> changedColumns = new TreeSet<>();
            for (String column : populationColumns) {
                if (Boolean.TRUE.equals(anyBase.getAs(column))) {
                    changedColumns.add(column);
                }
            }
            return changedColumns;
        }
        catch (RuntimeException e) {
            return populationColumns;
        }
    }
}
