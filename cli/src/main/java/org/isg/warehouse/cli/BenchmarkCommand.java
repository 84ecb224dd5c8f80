package org.isg.warehouse.cli;

import org.apache.spark.sql.SparkSession;
import org.isg.warehouse.cli.benchmark.IngestBenchmark;
import org.isg.warehouse.contracts.files.Folders;
import org.isg.warehouse.pipeline.Progress;
import org.isg.warehouse.pipeline.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;

/**
 * {@code ./isg benchmark}: the nights against a plain CSV to Delta floor, and the gold indicators
 * against DuckDB over the same silver; figures to {@code docs/benchmarks.md}.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true, description = "Time the nights against a plain CSV -> Delta copy of the same files, and the gold indicators "
        + "against DuckDB over a Parquet export of the same silver (values compared); append the figures to docs/benchmarks.md.")
final class BenchmarkCommand
        implements Callable<Integer>
{
    @Option(names = "--rows-per-day", defaultValue = "400", description = "rows per base per day (default: ${DEFAULT-VALUE})")
    int rowsPerDay;

    @Option(names = "--days", defaultValue = "2", description = "nights (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--work", defaultValue = "target/benchmark", description = "scratch folder, emptied first (default: ${DEFAULT-VALUE})")
    Path work;

    @Mixin
    ReportOption reportOption;

    @Override
    public Integer call()
            throws Exception
    {
        Folders.deleteRecursively(work);
        SparkSession spark = SparkSessions.getOrCreate("isg-benchmark");
        IngestBenchmark.Figures figures = new IngestBenchmark(spark, work.toAbsolutePath(), Progress.toStandardError())
                .run(rowsPerDay, days, LocalDate.of(2026, 11, 23));
        IngestBenchmark.appendToReport(reportOption.report, figures, rowsPerDay, days);
        System.out.printf("ingest + refine %.1f s, floor %.1f s, ratio %.2f; indicators %.1f s, DuckDB %.1f s, %d mismatches; figures appended to %s%n", figures.pipelineSeconds(),
                figures.floorSeconds(), figures.ratio(), figures.indicatorValuesSeconds(), figures.duckDb().duckDbSeconds(), figures.duckDb().mismatches(), reportOption.report);
        return figures.duckDb().mismatches() == 0 ? 0 : 1;
    }
}
