package org.isg.warehouse.cli;

import org.isg.warehouse.cli.benchmark.ViewBenchmark;
import org.isg.warehouse.pipeline.Progress;
import org.isg.warehouse.pipeline.publish.Serving;
import org.isg.warehouse.sql.TrinoServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./isg benchmark-views}: warm latencies of the evaluator views through Trino. */
@Command(name = "benchmark-views", mixinStandardHelpOptions = true,
        description = "Warm p50 / p95 of each evaluator view through Trino over a warehouse (starts and publishes its server if needed); append the figures to docs/benchmarks.md.")
final class BenchmarkViewsCommand
        implements Callable<Integer>
{
    @Option(names = "--warehouse", required = true, description = "warehouse root, e.g. the gold benchmark's target/benchmark-gold/warehouse")
    Path warehouse;

    @Option(names = "--port", defaultValue = "" + TrinoServer.DEFAULT_PORT, description = "port if the server must be started (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--runs", defaultValue = "20", description = "timed runs per query (default: ${DEFAULT-VALUE})")
    int runs;

    @Mixin
    ReportOption reportOption;

    @Override
    public Integer call()
            throws Exception
    {
        Serving serving = TrinoCommand.serving(warehouse);
        serving.startAndPublish(port);
        TrinoServer server = serving.server();
        String workload;
        try (Connection admin = server.connect("admin"); Statement statement = admin.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT count(*), count(DISTINCT base_code), min(period), max(period),
                               (SELECT count(*) FROM isg.gold.base_scores) FROM isg.gold.indicator_values""")) {
            rows.next();
            workload = "`%s`: gold.indicator_values %,d rows, %d bases, %s..%s; gold.base_scores %,d rows".formatted(warehouse, rows.getLong(1), rows.getLong(2),
                    rows.getString(3), rows.getString(4), rows.getLong(5));
        }
        List<ViewBenchmark.Timing> timings = new ViewBenchmark(server, Progress.toStandardError()).run(runs);
        ViewBenchmark.appendToReport(reportOption.report, timings, runs, workload);
        System.out.printf("%d view timings appended to %s%n", timings.size(), reportOption.report);
        return 0;
    }
}
