package org.isg.warehouse.cli;

import org.apache.spark.sql.SparkSession;
import org.isg.warehouse.cli.benchmark.GoldBenchmark;
import org.isg.warehouse.contracts.files.Folders;
import org.isg.warehouse.pipeline.Progress;
import org.isg.warehouse.pipeline.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;

/** {@code ./isg benchmark-gold}: an incremental night's gold against a full rebuild over a year of history. */
@Command(name = "benchmark-gold", mixinStandardHelpOptions = true,
        description = "Load a year of generated history for every delivering base, then time one incremental night's gold against a full rebuild; append the figures to docs/benchmarks.md.")
final class BenchmarkGoldCommand
        implements Callable<Integer>
{
    @Option(names = "--rows-per-day", defaultValue = "10", description = "rows per base per day (default: ${DEFAULT-VALUE})")
    int rowsPerDay;

    @Option(names = "--night", defaultValue = "2026-11-23", description = "the timed night; the history is the 365 days before it (default: ${DEFAULT-VALUE})")
    LocalDate night;

    @Option(names = "--work", defaultValue = "target/benchmark-gold", description = "scratch folder, emptied first (default: ${DEFAULT-VALUE})")
    Path work;

    @Mixin
    ReportOption reportOption;

    @Override
    public Integer call()
            throws Exception
    {
        Folders.deleteRecursively(work);
        SparkSession spark = SparkSessions.getOrCreate("isg-benchmark-gold");
        GoldBenchmark.Figures figures = new GoldBenchmark(spark, work.toAbsolutePath(), Progress.toStandardError())
                .run(rowsPerDay, night);
        GoldBenchmark.appendToReport(reportOption.report, figures, rowsPerDay);
        System.out.printf("incremental night's gold %.1f s, full rebuild %.1f s, same values: %s; figures appended to %s%n",
                figures.nightIndicatorsSeconds(), figures.rebuildSeconds(), figures.sameValues(), reportOption.report);
        return figures.sameValues() ? 0 : 1;
    }
}
