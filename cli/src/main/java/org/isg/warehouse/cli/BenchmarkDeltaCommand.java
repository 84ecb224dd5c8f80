package org.isg.warehouse.cli;

import org.apache.spark.sql.SparkSession;
import org.isg.warehouse.cli.benchmark.DeltaOperationCosts;
import org.isg.warehouse.contracts.files.Folders;
import org.isg.warehouse.pipeline.Progress;
import org.isg.warehouse.pipeline.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./isg benchmark-delta}: what one Delta read or write of a tiny table costs, against the cheapest Spark job. */
@Command(name = "benchmark-delta", mixinStandardHelpOptions = true,
        description = "Time each kind of Delta read and write on a two-row table against the cheapest Spark job, with the Spark jobs each runs; append the figures to docs/benchmarks.md.")
final class BenchmarkDeltaCommand
        implements Callable<Integer>
{
    @Option(names = "--runs", defaultValue = "30", description = "timed runs per operation, after half as many untimed (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--work", defaultValue = "target/benchmark-delta", description = "scratch folder, emptied first (default: ${DEFAULT-VALUE})")
    Path work;

    @Mixin
    ReportOption reportOption;

    @Override
    public Integer call()
            throws Exception
    {
        Folders.deleteRecursively(work);
        SparkSession spark = SparkSessions.getOrCreate("isg-benchmark-delta");
        int warmUpRuns = Math.max(5, runs / 2);
        List<DeltaOperationCosts.Cost> costs = new DeltaOperationCosts(spark, work, Progress.toStandardError()).run(warmUpRuns, runs);
        DeltaOperationCosts.appendToReport(reportOption.report, costs, warmUpRuns, runs);
        System.out.printf("%d Delta operations timed; figures appended to %s%n", costs.size(), reportOption.report);
        return 0;
    }
}
