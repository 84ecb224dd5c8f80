package org.isg.warehouse.cli.benchmark;

import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.isg.warehouse.contracts.landing.Manifest;
import org.isg.warehouse.contracts.landing.ManifestFile;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.generator.ExportGenerator;
import org.isg.warehouse.generator.GenerateOptions;
import org.isg.warehouse.indicators.IndicatorCatalogue;
import org.isg.warehouse.pipeline.NightlyRun;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.pipeline.gold.IndicatorValuesJob;
import org.isg.warehouse.pipeline.privacy.Pseudonymizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Times ingest + refine over generated nights for every delivering base, next to a plain copy of
 * the same files into Delta (Spark's CSV/JSON readers, no checks: the I/O floor), in the same JVM,
 * and appends the figures to {@code docs/benchmarks.md}.
 */
public final class IngestBenchmark
{
    private final SparkSession spark;
    private final Path workDirectory;
    private final Consumer<String> progress;

    public IngestBenchmark(SparkSession spark, Path workDirectory, Consumer<String> progress)
    {
        this.spark = requireNonNull(spark, "spark is null");
        this.workDirectory = requireNonNull(workDirectory, "workDirectory is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /**
     * The figures of one run: the pipeline's time, the floor's, and what they did.
     *
     * @param pipelineSeconds stages ingest + refine (from ops.runs)
     * @param goldSeconds stage indicators, reported beside the comparison, not in it
     */
    public record Figures(long rows, int deliveries, double pipelineSeconds, double ingestSeconds, double refineSeconds, double goldSeconds,
            long pipelinePeakHeapBytes, double floorSeconds, long floorPeakHeapBytes, double indicatorValuesSeconds, DuckDbIndicators.Figures duckDb)
    {
        public double ratio()
        {
            return pipelineSeconds / floorSeconds;
        }
    }

    public Figures run(int rowsPerDay, int days, LocalDate lastDay)
            throws IOException
    {
        Path landing = workDirectory.resolve("landing");
        LocalDate first = lastDay.minusDays(days - 1L);
        BaseRegistry registry = BaseRegistry.load();
        progress.accept("benchmark: generating %d days x %d rows per base per day for %d bases".formatted(days, rowsPerDay, registry.deliveringBases().size()));
        new ExportGenerator(new GenerateOptions(landing, first, lastDay, List.of(), GenerateOptions.DEFAULT_SEED, 0, false, rowsPerDay,
                GenerateOptions.DEFAULT_MAX_ROWS_PER_FILE), registry, progress).generate();

        HeapPeaks.reset();
        Warehouse warehouse = new Warehouse(spark, workDirectory.resolve("warehouse").toString());
        NightlyRun run = new NightlyRun(warehouse, registry, new Pseudonymizer("benchmark-pseudonym-key-0001".getBytes(UTF_8)), progress);
        for (LocalDate night = first; !night.isAfter(lastDay); night = night.plusDays(1)) {
            run.run(landing.toString(), night);
        }
        long pipelinePeak = HeapPeaks.peakBytes();
        long rows = 0;
        int deliveries = 0;
        for (NightlyRun.DatasetSummary summary : run.summary()) {
            rows += summary.rowsAccepted() + summary.rowsQuarantined();
            deliveries += (int) summary.deliveriesAccepted();
        }

        Map<String, Double> stageSeconds = new LinkedHashMap<>();
        for (Row row : warehouse.read(Warehouse.OPS, "runs")
                .selectExpr("stage", "unix_millis(ended_at) - unix_millis(started_at) AS millis").collectAsList()) {
            stageSeconds.merge(row.getString(0), row.getLong(1) / 1000.0, Double::sum);
        }

        double ingestSeconds = stageSeconds.getOrDefault("ingest", 0.0);
        double refineSeconds = stageSeconds.getOrDefault("refine", 0.0);

        HeapPeaks.reset();
        long start = System.nanoTime();
        copyFilesToDelta(landing, workDirectory.resolve("floor"));
        double floorSeconds = (System.nanoTime() - start) / 1e9;
        long floorPeak = HeapPeaks.peakBytes();

        // The indicators over the same silver: the pipeline's full computation of gold.indicator_values, then DuckDB's
        progress.accept("benchmark: gold.indicator_values rebuilt by the pipeline over the same silver");
        long indicatorStart = System.nanoTime();
        new IndicatorValuesJob(warehouse, registry, progress).rebuild(IndicatorCatalogue.load(), lastDay, NightlyRun.newRunId());
        double indicatorValuesSeconds = (System.nanoTime() - indicatorStart) / 1e9;
        DuckDbIndicators.Figures duckDb;
        try {
            duckDb = DuckDbIndicators.run(warehouse, lastDay, workDirectory.resolve("silver-parquet"), progress);
        }
        catch (SQLException e) {
            throw new IOException("DuckDB failed: " + e.getMessage(), e);
        }
        return new Figures(rows, deliveries, ingestSeconds + refineSeconds, ingestSeconds, refineSeconds, stageSeconds.getOrDefault("indicators", 0.0),
                pipelinePeak, floorSeconds, floorPeak, indicatorValuesSeconds, duckDb);
    }

    /** The I/O floor: every delivered file read by Spark's own readers and appended to one Delta table per dataset and file kind. */
    private void copyFilesToDelta(Path landing, Path floor)
            throws IOException
    {
        Map<String, List<String>> filesByKind = new LinkedHashMap<>();
        try (Stream<Path> manifests = Files.walk(landing)) {
            for (Path manifestPath : manifests.filter(path -> path.getFileName().toString().equals(Manifest.FILE_NAME)).toList()) {
                Manifest manifest = Manifest.parse(Files.readAllBytes(manifestPath));
                for (ManifestFile file : manifest.files()) {
                    String kind = manifest.dataset() + "_" + file.format().manifestName() + "_" + file.encoding().name().replace("-", "");
                    filesByKind.computeIfAbsent(kind, ignored -> new ArrayList<>()).add(manifestPath.resolveSibling(file.name()).toString());
                }
            }
        }
        catch (org.isg.warehouse.contracts.landing.DeliveryRejectedException e) {
            throw new IOException(e);
        }
        for (Map.Entry<String, List<String>> entry : filesByKind.entrySet()) {
            String[] parts = entry.getKey().split("_", -1);
            String encoding = parts[parts.length - 1].equals("UTF8") ? "UTF-8" : parts[parts.length - 1];
            DataFrameReader reader = spark.read().option("encoding", encoding);
            Dataset<Row> rows = entry.getKey().contains("_jsonl_")
                    ? reader.json(entry.getValue().toArray(String[]::new))
                    : reader.option("header", "true").option("multiLine", "true").csv(entry.getValue().toArray(String[]::new));
            rows.write().format("delta").mode("append").save(floor.resolve(entry.getKey()).toString());
        }
    }

    public static void appendToReport(Path report, Figures figures, int rowsPerDay, int days)
            throws IOException
    {
        StringBuilder text = new StringBuilder();
        if (!Files.exists(report)) {
            text.append("# Benchmarks\n\nFigures written by the benchmark harness (`./isg benchmark`), newest last. Each run states its machine.\n");
        }
        Runtime runtime = Runtime.getRuntime();
        text.append("\n## Ingest + refine against the CSV → Delta floor (%s)\n\n".formatted(LocalDateTime.now(ZoneId.of("Asia/Shanghai")).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))));
        text.append("Machine: %d cores, max heap %d MiB, Java %s; Spark local[*]. Workload: %d night(s) x %d rows per base per day (grid, screenings; half as many eldercare and ledger events, plus device-status rows) for all 55 delivering bases; %d accepted deliveries, %d rows.%n%n"
                .formatted(runtime.availableProcessors(), runtime.maxMemory() >> 20, System.getProperty("java.version"), days, rowsPerDay, figures.deliveries(), figures.rows()));
        text.append("| measure | pipeline (ingest + refine) | floor (CSV/JSON → Delta copy) |\n|---|---|---|\n");
        text.append("| time (stage durations from ops.runs; floor: wall) | %.1f s | %.1f s |%n".formatted(figures.pipelineSeconds(), figures.floorSeconds()));
        text.append("| of which stage ingest / refine | %.1f s / %.1f s | |%n".formatted(figures.ingestSeconds(), figures.refineSeconds()));
        text.append("| stage indicators (gold; not compared) | %.1f s | |%n".formatted(figures.goldSeconds()));
        text.append("| rows/s | %,.0f | %,.0f |%n".formatted(figures.rows() / figures.pipelineSeconds(), figures.rows() / figures.floorSeconds()));
        text.append("| peak heap | %d MiB | %d MiB |%n".formatted(figures.pipelinePeakHeapBytes() >> 20, figures.floorPeakHeapBytes() >> 20));
        text.append("%nRatio pipeline / floor: **%.2f×** (issue 14's target for ingest + refine: ≤ 1.5×); ingest alone / floor: %.2f×; whole night (ingest, refine, indicators) / floor: **%.2f×** (target ≤ 2.5×).%n"
                .formatted(figures.ratio(), figures.ingestSeconds() / figures.floorSeconds(), (figures.pipelineSeconds() + figures.goldSeconds()) / figures.floorSeconds()));
        DuckDbIndicators.Figures duckDb = figures.duckDb();
        text.append("%nGold indicators over the same silver: the pipeline's full computation of `gold.indicator_values` (all %d indicators, every base and period, M / Q verdicts and intervals) "
                .formatted(IndicatorCatalogue.load().indicators().size()));
        text.append("took %.1f s; DuckDB (`org.duckdb:duckdb_jdbc`, %d threads) computed the %d RATIO indicators' numerators and denominators for every base, month, quarter and year in %.1f s "
                .formatted(figures.indicatorValuesSeconds(), runtime.availableProcessors(), duckDb.indicators(), duckDb.duckDbSeconds()));
        text.append("over a Parquet export of silver (written by Spark in %.1f s, not counted). Ratio pipeline / DuckDB: **%.2f×** (target ≤ 3×; DuckDB does the RATIO indicators only). "
                .formatted(duckDb.exportSeconds(), figures.indicatorValuesSeconds() / duckDb.duckDbSeconds()));
        text.append("Values compared: %,d gold rows' numerator and denominator, **%,d mismatches**%s; %,d of DuckDB's base-periods end before the base's first published month "
                .formatted(duckDb.compared(), duckDb.mismatches(), duckDb.firstMismatches().isEmpty() ? "" : " (first: " + String.join("; ", duckDb.firstMismatches()) + ")",
                        duckDb.outsideGoldsPeriods()));
        text.append("(records of the first export created earlier), which gold leaves out by design.%n".formatted());
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, text.toString(), UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }
}
