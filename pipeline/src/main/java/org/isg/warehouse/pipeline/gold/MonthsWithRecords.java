package org.isg.warehouse.pipeline.gold;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.isg.warehouse.indicators.Indicator;
import org.isg.warehouse.indicators.IndicatorCatalogue;
import org.isg.warehouse.pipeline.Warehouse;

import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

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
            if (silverVersions.containsKey(indicator.dataset().tableName())) {
                periodColumns.computeIfAbsent(indicator.dataset().tableName(), ignored -> new TreeMap<>()).putIfAbsent(indicator.periodBy(), indicator);
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

    private static String key(Indicator indicator)
    {
        return indicator.dataset().tableName() + "/" + indicator.periodBy();
    }

    private Map<String, Map<String, Set<YearMonth>>> read()
    {
        Dataset<Row> dated = null;
        Column lastDay = lit(Date.valueOf(cutoffDate));
        for (Map.Entry<String, Map<String, Indicator>> table : periodColumns.entrySet()) {
            // a record is dated once per period column of its table, as dated() would date it; an undated column gives no entry
            List<Column> dates = new ArrayList<>();
            for (Indicator indicator : table.getValue().values()) {
                Column periodDate = IndicatorValuesJob.periodDate(indicator);
                dates.add(when(periodDate.isNotNull().and(periodDate.leq(lastDay)),
                        struct(lit(key(indicator)).as("period_column"), date_format(periodDate, "yyyy-MM").as("month"))));
            }
            Dataset<Row> tableDates = warehouse.read(Warehouse.SILVER, table.getKey(), silverVersions.get(table.getKey()))
                    .select(col("base_code"), explode(array_compact(array(dates.toArray(Column[]::new)))).as("dated"))
                    .select("base_code", "dated.period_column", "dated.month");
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
