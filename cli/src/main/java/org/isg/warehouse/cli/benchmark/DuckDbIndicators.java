package org.isg.warehouse.cli.benchmark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.isg.warehouse.contracts.dataset.ColumnType;
import org.isg.warehouse.contracts.dataset.Dataset;
import org.isg.warehouse.indicators.Indicator;
import org.isg.warehouse.indicators.IndicatorCatalogue;
import org.isg.warehouse.indicators.IndicatorKind;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.pipeline.gold.PeriodType;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The catalogue's RATIO indicators computed by DuckDB over a Parquet export of silver (issue 14,
 * item 6): the peer engine the pipeline's gold is timed against, and an independent check of its
 * numerators and denominators for every base, month, quarter and year.
 * <p>
 * DuckDB runs the catalogue's own population and numerator expressions, with two rewrites from
 * Spark's dialect: the cut-off placeholder becomes a UTC timestamp literal, and Spark's
 * {@code to_utc_timestamp(CAST(date_add(d, n) AS TIMESTAMP), 'Asia/Shanghai')} becomes
 * {@code CAST(d + n AS TIMESTAMP) - INTERVAL 8 HOUR}. Timestamps are read as UTC; a record's China
 * calendar date is its UTC time plus 8 hours (China has kept UTC+8 all year since 1991).
 */
public final class DuckDbIndicators
{
    private static final Pattern TO_UTC_AFTER_DAYS = Pattern.compile("to_utc_timestamp\\(CAST\\(date_add\\((\\w+), (\\d+)\\) AS TIMESTAMP\\), 'Asia/Shanghai'\\)");

    private DuckDbIndicators() {}

    /**
     * What DuckDB did and how its figures compare with gold's.
     *
     * @param indicators the RATIO indicators computed
     * @param exportSeconds Spark writing the silver tables they read as Parquet
     * @param duckDbSeconds DuckDB computing every base's month, quarter and year of each
     * @param compared gold rows compared (numerator and denominator)
     * @param mismatches gold rows whose numerator or denominator differ from DuckDB's, or that DuckDB has and gold lacks
     * @param outsideGoldsPeriods DuckDB's base-periods that end before the base's first published month, which gold leaves out by design
     */
    public record Figures(int indicators, double exportSeconds, double duckDbSeconds, long compared, long mismatches, long outsideGoldsPeriods,
            List<String> firstMismatches)
    {
        public Figures
        {
            firstMismatches = List.copyOf(requireNonNull(firstMismatches, "firstMismatches is null"));
        }
    }

    public static Figures run(Warehouse warehouse, LocalDate cutoffDate, Path exportFolder, Consumer<String> progress)
            throws SQLException
    {
        List<Indicator> ratios = IndicatorCatalogue.load().indicators().stream().filter(indicator -> indicator.kind() == IndicatorKind.RATIO).toList();
        Set<Dataset> datasets = new TreeSet<>(ratios.stream().map(Indicator::dataset).toList());

        long exportStart = System.nanoTime();
        for (Dataset dataset : datasets) {
            warehouse.read(Warehouse.SILVER, dataset.tableName()).write().mode("overwrite").parquet(exportFolder.resolve(dataset.tableName()).toString());
        }
        double exportSeconds = (System.nanoTime() - exportStart) / 1e9;
        progress.accept("benchmark: silver exported to Parquet in %.1f s; DuckDB computes %d RATIO indicators".formatted(exportSeconds, ratios.size()));

        Map<String, double[]> duckDb = new HashMap<>();
        long duckDbStart = System.nanoTime();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            statement.execute("SET threads = " + Runtime.getRuntime().availableProcessors());
            for (Dataset dataset : datasets) {
                statement.execute("CREATE VIEW %s AS SELECT * REPLACE (%s) FROM read_parquet('%s/*.parquet')".formatted(dataset.tableName(),
                        String.join(", ", dataset.contract().columns().stream().filter(column -> column.type() == ColumnType.TIMESTAMP)
                                .map(column -> "CAST(%1$s AS TIMESTAMP) AS %1$s".formatted(column.name())).toList()),
                        exportFolder.resolve(dataset.tableName()).toAbsolutePath()));
            }
            for (Indicator indicator : ratios) {
                try (ResultSet rows = statement.executeQuery(query(indicator, cutoffDate))) {
                    while (rows.next()) {
                        duckDb.put(key(rows.getString(1), indicator.code(), rows.getString(2), rows.getString(3)), new double[] {rows.getLong(4), rows.getLong(5)});
                    }
                }
            }
        }
        double duckDbSeconds = (System.nanoTime() - duckDbStart) / 1e9;

        long compared = 0;
        long mismatches = 0;
        List<String> firstMismatches = new java.util.ArrayList<>();
        Set<String> codes = new TreeSet<>(ratios.stream().map(Indicator::code).toList());
        Set<String> seen = new java.util.HashSet<>();
        for (Row row : warehouse.read(Warehouse.GOLD, "indicator_values").where("denominator IS NOT NULL")
                .select("base_code", "indicator_code", "period_type", "period", "numerator", "denominator").collectAsList()) {
            if (!codes.contains(row.getString(1))) {
                continue;
            }
            String key = key(row.getString(0), row.getString(1), row.getString(2), row.getString(3));
            seen.add(key);
            double[] expected = duckDb.getOrDefault(key, new double[] {0, 0});
            compared++;
            if (row.isNullAt(4) || expected[0] != row.getDouble(4) || expected[1] != row.getDouble(5)) {
                mismatches++;
                if (firstMismatches.size() < 5) {
                    firstMismatches.add("%s: gold %s / %s, DuckDB %s / %s".formatted(key, row.get(4), row.get(5), expected[0], expected[1]));
                }
            }
        }
        // Gold publishes a base's periods from the month it is expected to deliver from (the registry's, else its first night's):
        // records dated before it (a record updated in the first export but created earlier) are in no published period
        Map<String, String> firstMonthByBase = new HashMap<>();
        for (Row row : warehouse.read(Warehouse.GOLD, "indicator_values").where("period_type = 'MONTH'").groupBy("base_code").agg(functions.min("period")).collectAsList()) {
            firstMonthByBase.put(row.getString(0), row.getString(1));
        }
        long outsideGoldsPeriods = 0;
        for (Map.Entry<String, double[]> entry : duckDb.entrySet()) {
            String[] key = entry.getKey().split("\\|", -1);
            String firstMonth = firstMonthByBase.get(key[0]);
            if (!seen.contains(entry.getKey()) && (firstMonth == null || lastMonth(key[2], key[3]).compareTo(firstMonth) < 0)) {
                outsideGoldsPeriods++;
                continue;
            }
            // a period DuckDB counts records in must be in gold, unless nothing of it is in the population
            if (!seen.contains(entry.getKey()) && entry.getValue()[1] > 0) {
                mismatches++;
                if (firstMismatches.size() < 5) {
                    firstMismatches.add("%s: not in gold, DuckDB %s / %s".formatted(entry.getKey(), entry.getValue()[0], entry.getValue()[1]));
                }
            }
        }
        return new Figures(ratios.size(), exportSeconds, duckDbSeconds, compared, mismatches, outsideGoldsPeriods, firstMismatches);
    }

    /** The last month of a period, as {@code yyyy-MM}: labels {@code 2026-10}, {@code 2026-Q4}, {@code 2026}. */
    static String lastMonth(String periodType, String period)
    {
        return YearMonth.from(PeriodType.valueOf(periodType).lastDay(period)).toString();
    }

    /** Every base's month, quarter and year of one indicator: base, period type, period, numerator, denominator. */
    static String query(Indicator indicator, LocalDate cutoffDate)
    {
        boolean dateColumn = indicator.dataset().contract().column(indicator.periodBy()).orElseThrow().type() == ColumnType.DATE;
        String periodDate = dateColumn ? indicator.periodBy() : "CAST(%s + INTERVAL 8 HOUR AS DATE)".formatted(indicator.periodBy());
        String population = "coalesce(%s, false)".formatted(duckDb(indicator.population(), cutoffDate));
        String numerator = "coalesce(%s, false)".formatted(duckDb(indicator.numerator().orElseThrow(), cutoffDate));
        String dated = "SELECT *, %s AS period_date FROM %s".formatted(periodDate, indicator.dataset().tableName());
        StringBuilder sql = new StringBuilder();
        List<String> labels = List.of(
                "'MONTH', strftime(period_date, '%Y-%m')",
                "'QUARTER', CAST(year(period_date) AS VARCHAR) || '-Q' || CAST(quarter(period_date) AS VARCHAR)",
                "'YEAR', CAST(year(period_date) AS VARCHAR)");
        for (String label : labels) {
            if (!sql.isEmpty()) {
                sql.append(" UNION ALL ");
            }
            sql.append("SELECT base_code, %s, count(*) FILTER (WHERE %s AND %s), count(*) FILTER (WHERE %s) FROM (%s) WHERE period_date IS NOT NULL AND period_date <= DATE '%s' GROUP BY ALL"
                    .formatted(label, population, numerator, population, dated, cutoffDate));
        }
        return sql.toString();
    }

    /** A catalogue expression in DuckDB's dialect (see the class comment). */
    static String duckDb(String expression, LocalDate cutoffDate)
    {
        String cutoffUtc = "TIMESTAMP '%s 16:00:00'".formatted(cutoffDate);
        Matcher matcher = TO_UTC_AFTER_DAYS.matcher(expression.replace(Indicator.CUTOFF_PLACEHOLDER, cutoffUtc));
        return matcher.replaceAll(result -> "(CAST(%s + %s AS TIMESTAMP) - INTERVAL 8 HOUR)".formatted(result.group(1), result.group(2)));
    }

    private static String key(String baseCode, String indicatorCode, String periodType, String period)
    {
        return String.join("|", baseCode, indicatorCode, periodType, period);
    }
}
