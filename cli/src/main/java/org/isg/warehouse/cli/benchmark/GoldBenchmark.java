package org.isg.warehouse.cli.benchmark;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.generator.ExportGenerator;
import org.isg.warehouse.generator.GenerateOptions;
import org.isg.warehouse.pipeline.NightlyRun;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.pipeline.privacy.Pseudonymizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

/**
 * Gold over a year of generated history for every delivering base (issue 3, deliverable 8; issue
 * 14): the year is loaded by one catch-up run, then one more ordinary night is timed (an
 * incremental gold refresh) against a full rebuild of gold as of the same night, whose values must
 * be the same; last, the same night again with nothing new (the empty night).
 */
public final class GoldBenchmark
{
    private static final List<String> RUN_COLUMNS = List.of("run_id", "as_of");

    private final SparkSession spark;
    private final Path workDirectory;
    private final Consumer<String> progress;

    public GoldBenchmark(SparkSession spark, Path workDirectory, Consumer<String> progress)
    {
        this.spark = requireNonNull(spark, "spark is null");
        this.workDirectory = requireNonNull(workDirectory, "workDirectory is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    public record Figures(LocalDate firstDay, LocalDate lastNight, Map<String, Long> silverRows, long indicatorValues, long baseScores,
            double historySeconds, Map<String, Double> historyStageSeconds, Map<String, Double> nightStageSeconds, double nightIndicatorsSeconds, long nightIndicatorValuesWritten,
            long nightPeakHeapBytes, double rebuildSeconds, long rebuildPeakHeapBytes, boolean sameValues, double emptyNightSeconds)
    {
        public Figures
        {
            requireNonNull(firstDay, "firstDay is null");
            requireNonNull(lastNight, "lastNight is null");
            // the tables' order, and the stages' order as the run took them
            silverRows = Collections.unmodifiableMap(new LinkedHashMap<>(silverRows));
            historyStageSeconds = Collections.unmodifiableMap(new LinkedHashMap<>(historyStageSeconds));
            nightStageSeconds = Collections.unmodifiableMap(new LinkedHashMap<>(nightStageSeconds));
        }
    }

    /**
     * Loads the history, then times one incremental night's gold against a full rebuild.
     *
     * @param lastNight the timed night; the history is the 365 days before it
     */
    public Figures run(int rowsPerDay, LocalDate lastNight)
    {
        Path landing = workDirectory.resolve("landing");
        LocalDate firstDay = lastNight.minusDays(365);
        BaseRegistry registry = BaseRegistry.load();
        progress.accept("gold benchmark: generating %s..%s, %d rows per base per day, %d bases".formatted(firstDay, lastNight, rowsPerDay, registry.deliveringBases().size()));
        new ExportGenerator(new GenerateOptions(landing, firstDay, lastNight, List.of(), GenerateOptions.DEFAULT_SEED, 0, false, rowsPerDay,
                GenerateOptions.DEFAULT_MAX_ROWS_PER_FILE), registry, progress).generate();

        Warehouse warehouse = new Warehouse(spark, workDirectory.resolve("warehouse").toString());
        NightlyRun run = new NightlyRun(warehouse, registry, new Pseudonymizer("benchmark-pseudonym-key-0001".getBytes(UTF_8)), progress);
        // The year in one catch-up run (issue 14, item 5): every pending delivery of the year, one pass per stage
        progress.accept("gold benchmark: catch-up run of the year, as of " + lastNight.minusDays(1));
        long historyStart = System.nanoTime();
        String historyRunId = run.run(landing.toString(), lastNight.minusDays(1)).runId();
        double historySeconds = (System.nanoTime() - historyStart) / 1e9;
        Map<String, Double> historyStages = stageSeconds(warehouse, historyRunId);

        progress.accept("gold benchmark: the timed night " + lastNight);
        HeapPeaks.reset();
        String nightRunId = run.run(landing.toString(), lastNight).runId();
        long nightPeak = HeapPeaks.peakBytes();
        Map<String, Double> nightStages = stageSeconds(warehouse, nightRunId);
        Row nightIndicators = warehouse.read(Warehouse.OPS, "runs").where(col("run_id").equalTo(nightRunId).and(col("stage").equalTo("indicators")))
                .selectExpr("counts['indicator_values_written']").first();
        Dataset<Row> incremental = valueColumns(warehouse.read(Warehouse.GOLD, "indicator_values")).localCheckpoint();

        progress.accept("gold benchmark: full rebuild as of " + lastNight);
        HeapPeaks.reset();
        String rebuildRunId = NightlyRun.rebuildGold(warehouse, registry, lastNight, progress);
        long rebuildPeak = HeapPeaks.peakBytes();
        long rebuildMillis = warehouse.read(Warehouse.OPS, "runs").where(col("run_id").equalTo(rebuildRunId))
                .selectExpr("unix_millis(ended_at) - unix_millis(started_at)").first().getLong(0);
        Dataset<Row> rebuilt = valueColumns(warehouse.read(Warehouse.GOLD, "indicator_values"));
        boolean same = incremental.exceptAll(rebuilt).isEmpty() && rebuilt.exceptAll(incremental).isEmpty();

        progress.accept("gold benchmark: the night of %s again, nothing new".formatted(lastNight));
        long emptyStart = System.nanoTime();
        run.run(landing.toString(), lastNight);
        double emptyNightSeconds = (System.nanoTime() - emptyStart) / 1e9;

        Map<String, Long> silverRows = new LinkedHashMap<>();
        for (String table : List.of("grid_cases", "eldercare_service_logs", "health_screenings", "three_assets_ledger", "divisions")) {
            silverRows.put(table, warehouse.exists(Warehouse.SILVER, table) ? warehouse.read(Warehouse.SILVER, table).count() : 0L);
        }
        return new Figures(firstDay, lastNight, silverRows, warehouse.read(Warehouse.GOLD, "indicator_values").count(), warehouse.read(Warehouse.GOLD, "base_scores").count(),
                historySeconds, historyStages, nightStages, nightStages.get("indicators"), nightIndicators.isNullAt(0) ? 0 : nightIndicators.getLong(0), nightPeak, rebuildMillis / 1000.0,
                rebuildPeak, same, emptyNightSeconds);
    }

    /** Each stage's duration in a run, from {@code ops.runs}, in stage order. */
    private static Map<String, Double> stageSeconds(Warehouse warehouse, String runId)
    {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (Row row : warehouse.read(Warehouse.OPS, "runs").where(col("run_id").equalTo(runId)).orderBy("started_at")
                .selectExpr("stage", "CAST(unix_millis(ended_at) - unix_millis(started_at) AS DOUBLE) / 1000").collectAsList()) {
            seconds.put(row.getString(0), row.getDouble(1));
        }
        return seconds;
    }

    private static String stages(Map<String, Double> seconds)
    {
        return String.join(", ", seconds.entrySet().stream().map(entry -> "%s %.1f s".formatted(entry.getKey(), entry.getValue())).toList());
    }

    private static Dataset<Row> valueColumns(Dataset<Row> rows)
    {
        return rows.select(Arrays.stream(rows.columns()).filter(name -> !RUN_COLUMNS.contains(name)).map(name -> col(name)).toArray(Column[]::new));
    }

    public static void appendToReport(Path report, Figures figures, int rowsPerDay)
            throws IOException
    {
        Runtime runtime = Runtime.getRuntime();
        long silverTotal = figures.silverRows().values().stream().mapToLong(Long::longValue).sum();
        StringBuilder text = new StringBuilder();
        text.append("\n## Gold over a year of history: incremental night against full rebuild (%s)\n\n"
                .formatted(LocalDateTime.now(ZoneId.of("Asia/Shanghai")).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))));
        text.append("Machine: %d cores, max heap %d MiB, Java %s; Spark local[*]. History: %s to %s, every delivering base (55), %d rows per base per day "
                .formatted(runtime.availableProcessors(), runtime.maxMemory() >> 20, System.getProperty("java.version"), figures.firstDay(), figures.lastNight().minusDays(1), rowsPerDay));
        text.append("(`./isg benchmark-gold --rows-per-day %d`), loaded by one catch-up run (`./isg run --date %s`) in **%.0f s** (%s). Silver rows: %,d (%s).%n%n"
                .formatted(rowsPerDay, figures.lastNight().minusDays(1), figures.historySeconds(), stages(figures.historyStageSeconds()), silverTotal, String.join(", ", figures.silverRows().entrySet().stream()
                        .map(entry -> "%s %,d".formatted(entry.getKey(), entry.getValue())).toList())));
        text.append("| gold stage for the night of %s | wall (stage INDICATORS, ops.runs) | peak heap (whole night / rebuild) | indicator_values rows written |%n".formatted(figures.lastNight()));
        text.append("|---|---|---|---|\n");
        text.append("| incremental night (ingest, refine and gold) | %.1f s | %d MiB | %,d |%n".formatted(figures.nightIndicatorsSeconds(), figures.nightPeakHeapBytes() >> 20,
                figures.nightIndicatorValuesWritten()));
        text.append("| full rebuild (`./isg rebuild-gold`) | %.1f s | %d MiB | %,d |%n".formatted(figures.rebuildSeconds(), figures.rebuildPeakHeapBytes() >> 20, figures.indicatorValues()));
        // Refine and ingest of a night a year in: their cost must not grow with the history behind them
        text.append("%nThe timed night's stages: %s.%n".formatted(stages(figures.nightStageSeconds())));
        text.append("%nGold after the night: %,d indicator values, %,d base scores (with 1,000-draw rank intervals). The rebuild's values equal the incremental table's (every column but run_id and as_of): **%s**.%n"
                .formatted(figures.indicatorValues(), figures.baseScores(), figures.sameValues() ? "yes" : "NO"));
        text.append("%nThe same night again with nothing new (every stage, in the same JVM, so without the JVM's and Spark's start): %.1f s. Ratio incremental gold / full rebuild: %.2f×.%n"
                .formatted(figures.emptyNightSeconds(), figures.nightIndicatorsSeconds() / figures.rebuildSeconds()));
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, text.toString(), UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
