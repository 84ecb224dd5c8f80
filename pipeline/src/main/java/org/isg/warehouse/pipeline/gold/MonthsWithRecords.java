package org.isg.warehouse.pipeline.gold;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.isg.warehouse.indicators.Indicator;
import org.isg.warehouse.indicators.IndicatorCatalogue;
import org.isg.warehouse.pipeline.Warehouse;

import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;

/**
 * Per period column of the catalogue ({@code <table>/<period column>}) and per base, the months in
 * which a silver record is dated up to the cut-off, as {@link IndicatorValuesJob#dated} dates it:
 * with the deliveries, what tells a missing period from a published one without records
 * ({@link ExpectedPeriods}). The refresh plan and the values job both need them; they are read on
 * first use for every period column at once, one scan per silver table in one query. On a small
 * night a query costs its planning and Delta's file listing whatever its rows: seven of them, one
 * per column, cost about a fifth of the values job (docs/benchmarks.md).
 */
final class MonthsWithRecords
{
    private final Warehouse warehouse;
    private final Map<String, Long> silverVersions;
    private final LocalDate cutoffDate;
    /** Per silver table, one indicator per period column: what dates its records. */
    private final Map<String, Map<String, Indicator>> periodColumns = new TreeMap<>();
    /** Period column → base → months; null until read. */
    private Map<String, Map<String, Set<YearMonth>>> months;

    /**
     * @param silverVersions the silver tables to read, at these versions; a table not listed has no
     *         records
     */
    MonthsWithRecords(Warehouse warehouse, IndicatorCatalogue catalogue, Map<String, Long> silverVersions, LocalDate cutoffDate)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.silverVersions = Map.copyOf(requireNonNull(silverVersions, "silverVersions is null"));
        this.cutoffDate = requireNonNull(cutoffDate, "cutoffDate is null");
        for (Indicator indicator : catalogue.indicators()) {
            String table = indicator.dataset().tableName();
            if (silverVersions.containsKey(table)) {
                periodColumns.computeIfAbsent(table, ignored -> IndicatorValuesJob.periodColumns(catalogue, table));
            }
        }
    }

    /** Per base, the months in which it has a record dated by the indicator's period column; no base when its table has none. */
    Map<String, Set<YearMonth>> of(Indicator indicator)
    {
        if (months == null) {
            months = read();
        }
        return months.getOrDefault(key(indicator), Map.of());
    }

    /**
     * The same from the earliest day's month on (every month without one): the months of the records
     * a query from that day reads. Bases left without a month are left out.
     */
    Map<String, Set<YearMonth>> of(Indicator indicator, Optional<LocalDate> earliest)
    {
        if (earliest.isEmpty()) {
            return of(indicator);
        }
        YearMonth first = YearMonth.from(earliest.get());
        Map<String, Set<YearMonth>> from = new TreeMap<>();
        of(indicator).forEach((base, baseMonths) -> {
            Set<YearMonth> kept = baseMonths.stream().filter(month -> !month.isBefore(first)).collect(Collectors.toCollection(TreeSet::new));
            if (!kept.isEmpty()) {
                from.put(base, kept);
            }
        });
        return from;
    }

    private static String key(Indicator indicator)
    {
        return indicator.dataset().tableName() + "/" + indicator.periodBy();
    }

    private Map<String, Map<String, Set<YearMonth>>> read()
    {
        Dataset<Row> dated = null;
        for (Map.Entry<String, Map<String, Indicator>> table : periodColumns.entrySet()) {
            // dated as dated() dates the records, once per period column of the table
            Dataset<Row> tableDates = IndicatorValuesJob.datedByPeriodColumn(warehouse.read(Warehouse.SILVER, table.getKey(), silverVersions.get(table.getKey())),
                            table.getValue(), "base_code")
                    .where(col("period_date").leq(lit(Date.valueOf(cutoffDate))))
                    .select(col("base_code"), concat(lit(table.getKey() + "/"), col("period_column")).as("period_column"), date_format(col("period_date"), "yyyy-MM").as("month"));
            dated = dated == null ? tableDates : dated.unionByName(tableDates);
        }
        Map<String, Map<String, Set<YearMonth>>> read = new TreeMap<>();
        if (dated == null) {
            return read;
        }
        for (Row row : dated.distinct().collectAsList()) {
            read.computeIfAbsent(row.getString(1), ignored -> new TreeMap<>()).computeIfAbsent(row.getString(0), ignored -> new TreeSet<>())
                    .add(YearMonth.parse(row.getString(2)));
        }
        return read;
    }
}
