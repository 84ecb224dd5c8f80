package org.isg.warehouse.cli.benchmark;

import org.isg.warehouse.sql.TrinoServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Warm latency of the evaluator views through trino-jdbc (issue 4, deliverable 8): each view's
 * typical query, as an evaluator and as the assessor, a few warm-up runs and then timed runs; p50
 * and p95 appended to {@code docs/benchmarks.md}. The warehouse and its running server are given.
 */
public final class ViewBenchmark
{
    private static final int WARM_UP_RUNS = 3;

    private final TrinoServer server;
    private final Consumer<String> progress;

    public ViewBenchmark(TrinoServer server, Consumer<String> progress)
    {
        this.server = requireNonNull(server, "server is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    public record Timing(String view, String user, String query, long rows, double p50Millis, double p95Millis)
    {
        public Timing
        {
            requireNonNull(view, "view is null");
            requireNonNull(user, "user is null");
            requireNonNull(query, "query is null");
        }
    }

    public List<Timing> run(int runs)
            throws SQLException
    {
        String month = latestMonth();
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("gold.latest_scorecard", "SELECT * FROM isg.gold.latest_scorecard ORDER BY cohort, rank");
        queries.put("gold.indicator_trend", "SELECT period_type, period, value, ci_low, ci_high, obs_status FROM isg.gold.indicator_trend "
                + "WHERE base_code = 'C01' AND indicator_code = 'GC_CLOSURE_RATE' ORDER BY period_type, period");
        queries.put("gold.indicator_comparison", "SELECT cohort, base_code, value, ci_low, ci_high, obs_status, rank_in_cohort FROM isg.gold.indicator_comparison "
                + "WHERE indicator_code = 'GC_CLOSURE_RATE' AND period_type = 'MONTH' AND period = '%s' ORDER BY cohort, rank_in_cohort".formatted(month));
        queries.put("gold.submission_quality_overview", "SELECT * FROM isg.gold.submission_quality_overview WHERE month = '%s' ORDER BY base_code, dataset".formatted(month));
        queries.put("silver.quarantine_summary", "SELECT dataset, rule, sum(rows_quarantined) FROM isg.silver.quarantine_summary GROUP BY 1, 2 ORDER BY 3 DESC");
        List<Timing> timings = new ArrayList<>();
        for (String user : List.of("evaluator_c01", "assessor")) {
            try (Connection connection = server.connect(user)) {
                for (Map.Entry<String, String> query : queries.entrySet()) {
                    if (user.equals("assessor") && query.getKey().startsWith("silver.")) {
                        continue;
                    }
                    if (!exists(connection, query.getKey())) {
                        progress.accept("view benchmark: %s does not exist in this warehouse, not measured".formatted(query.getKey()));
                        continue;
                    }
                    long rows = 0;
                    for (int run = 0; run < WARM_UP_RUNS; run++) {
                        rows = execute(connection, query.getValue());
                    }
                    double[] millis = new double[runs];
                    for (int run = 0; run < runs; run++) {
                        long start = System.nanoTime();
                        execute(connection, query.getValue());
                        millis[run] = (System.nanoTime() - start) / 1e6;
                    }
                    Arrays.sort(millis);
                    Timing timing = new Timing(query.getKey(), user, query.getValue(), rows, percentile(millis, 0.50), percentile(millis, 0.95));
                    progress.accept("view benchmark: %s as %s: p50 %.0f ms, p95 %.0f ms, %d rows".formatted(timing.view(), user, timing.p50Millis(), timing.p95Millis(), rows));
                    timings.add(timing);
                }
            }
        }
        return timings;
    }

    public static void appendToReport(Path report, List<Timing> timings, int runs, String workload)
            throws IOException
    {
        StringBuilder text = new StringBuilder();
        text.append("\n## Evaluator views through Trino: warm p50 / p95 (%s)\n\n".formatted(LocalDateTime.now(ZoneId.of("Asia/Shanghai")).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))));
        text.append("Machine: %d cores; Trino 476, one node, -Xmx1G, loopback; trino-jdbc. Workload: %s. Each query run %d times to warm up, then %d timed runs "
                .formatted(Runtime.getRuntime().availableProcessors(), workload, WARM_UP_RUNS, runs));
        text.append("(wall time of execute + reading every row). Target: p50 ≤ 300 ms, p95 ≤ 1 s.\n\n");
        text.append("| view | user | rows | p50 | p95 | target met |\n|---|---|---|---|---|---|\n");
        for (Timing timing : timings) {
            text.append("| `%s` | %s | %,d | %.0f ms | %.0f ms | %s |%n".formatted(timing.view(), timing.user(), timing.rows(), timing.p50Millis(), timing.p95Millis(),
                    timing.p50Millis() <= 300 && timing.p95Millis() <= 1000 ? "yes" : "**no**"));
        }
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, text.toString(), UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private String latestMonth()
            throws SQLException
    {
        try (Connection admin = server.connect("admin"); Statement statement = admin.createStatement();
                ResultSet rows = statement.executeQuery("SELECT max(period) FROM isg.gold.indicator_values WHERE period_type = 'MONTH' AND obs_status <> 'M'")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static boolean exists(Connection connection, String view)
            throws SQLException
    {
        String[] parts = view.split("\\.", -1);
        try (ResultSet tables = connection.getMetaData().getTables(TrinoServer.CATALOG, parts[0], parts[1], null)) {
            return tables.next();
        }
    }

    private static long execute(Connection connection, String query)
            throws SQLException
    {
        long rows = 0;
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                for (int column = 1; column <= columns; column++) {
                    result.getObject(column);
                }
                rows++;
            }
        }
        return rows;
    }

    /** Nearest-rank percentile of sorted values. */
    private static double percentile(double[] sorted, double fraction)
    {
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
