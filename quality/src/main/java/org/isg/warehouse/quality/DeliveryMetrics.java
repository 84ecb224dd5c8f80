package org.isg.warehouse.quality;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.AnalyzerOptions;
import com.amazon.deequ.analyzers.ApproxCountDistinct;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.Compliance;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.anomalydetection.AnomalyDetector;
import com.amazon.deequ.anomalydetection.DataPoint;
import com.amazon.deequ.anomalydetection.DetectionResult;
import com.amazon.deequ.anomalydetection.RelativeRateOfChangeStrategy;
import com.amazon.deequ.metrics.BucketDistribution;
import com.amazon.deequ.metrics.Distribution;
import com.amazon.deequ.metrics.DistributionBinned;
import com.amazon.deequ.metrics.DoubleMetric;
import com.amazon.deequ.metrics.Entity;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.repository.AnalysisResult;
import com.amazon.deequ.repository.AnalysisResultSerde;
import com.amazon.deequ.repository.AnalysisResultSerializer$;
import com.amazon.deequ.repository.AnalyzerContextSerializer$;
import com.amazon.deequ.repository.AnalyzerOptionsSerializer$;
import com.amazon.deequ.repository.AnalyzerSerializer$;
import com.amazon.deequ.repository.BucketDistributionSerializer$;
import com.amazon.deequ.repository.DistributionBinnedSerializer$;
import com.amazon.deequ.repository.DistributionSerializer$;
import com.amazon.deequ.repository.MetricSerializer$;
import com.amazon.deequ.repository.ResultKey;
import com.amazon.deequ.repository.ResultKeySerializer$;
import com.amazon.deequ.repository.fs.FileSystemMetricsRepository;
import com.amazon.deequ.repository.memory.InMemoryMetricsRepository;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.reflect.TypeToken;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.isg.warehouse.contracts.dataset.Column;
import org.isg.warehouse.contracts.dataset.DatasetContract;
import org.isg.warehouse.contracts.dataset.Rule;
import org.isg.warehouse.contracts.text.SqlLiterals;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Profiles each delivery with Deequ (size, completeness of every column as delivered, approximate
 * distinct keys), keeps the metrics in Deequ metrics repositories (a file per dataset, base and
 * month of export, so a save rewrites the months of one base's new deliveries, not the years before
 * them, and replaces each file whole: a crash never loses a base's history), and flags a delivery whose row count is
 * anomalous against the base's own history. All deliveries of a batch are profiled in one grouped
 * pass.
 */
public final class DeliveryMetrics
{
    /** A delivery with less than half or more than twice the rows of the base's previous delivery is flagged. */
    static final double MAX_RATE_DECREASE = 0.5;
    static final double MAX_RATE_INCREASE = 2.0;
    private static final int REPOSITORY_THREADS = 4;
    /** A month's history file, or one a crash left pending. */
    private static final Pattern MONTH_FILE = Pattern.compile("(\\d{4}-\\d{2})\\.json(?:\\.pending)?");
    /**
     * Deequ's serialisation of its file repository ({@code AnalysisResultSerde.serialize}): the same type
     * adapters, so {@code FileSystemMetricsRepository} reads the files, but without its indentation and
     * its HTML escapes (six characters for each {@code =} and quote of a delivery filter). Indented and escaped, a
     * year's histories took 1.1 GB and most of a catch-up's metrics step.
     */
    private static final Gson HISTORY_JSON = new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping()
            .registerTypeAdapter(ResultKey.class, ResultKeySerializer$.MODULE$)
            .registerTypeAdapter(AnalysisResult.class, AnalysisResultSerializer$.MODULE$)
            .registerTypeAdapter(AnalyzerContext.class, AnalyzerContextSerializer$.MODULE$)
            .registerTypeAdapter(Analyzer.class, AnalyzerSerializer$.MODULE$)
            .registerTypeAdapter(AnalyzerOptions.class, AnalyzerOptionsSerializer$.MODULE$)
            .registerTypeAdapter(Metric.class, MetricSerializer$.MODULE$)
            .registerTypeAdapter(Distribution.class, DistributionSerializer$.MODULE$)
            .registerTypeAdapter(DistributionBinned.class, DistributionBinnedSerializer$.MODULE$)
            .registerTypeAdapter(BucketDistribution.class, BucketDistributionSerializer$.MODULE$)
            .create();
    private static final Type HISTORY_TYPE = new TypeToken<List<AnalysisResult>>() {}.getType();

    private final SparkSession spark;
    private final String repositoryRoot;

    public DeliveryMetrics(SparkSession spark, String repositoryRoot)
    {
        this.spark = requireNonNull(spark, "spark is null");
        this.repositoryRoot = requireNonNull(repositoryRoot, "repositoryRoot is null");
    }

    /**
     * A delivery to profile: its rows in the frame are those whose {@code delivery_id} is {@code deliveryId}.
     */
    public record ProfiledDelivery(String deliveryId, String baseCode, LocalDate exportDate)
    {
        public ProfiledDelivery
        {
            requireNonNull(deliveryId, "deliveryId is null");
            requireNonNull(baseCode, "baseCode is null");
            requireNonNull(exportDate, "exportDate is null");
        }
    }

    /**
     * Profiles the deliveries and stores their metrics; returns the warning of each delivery whose
     * row count is anomalous, by delivery id.
     *
     * @param verifiedRows the deliveries' rows as {@link RowRuleVerifier} left them: the delivered text
     *         as {@code raw_<column>}, {@code delivery_id} and {@value RowRuleVerifier#BROKEN_RULES}
     */
    public Map<String, String> profile(DatasetContract contract, Dataset<Row> verifiedRows, List<ProfiledDelivery> deliveries)
    {
        if (deliveries.isEmpty()) {
            return Map.of();
        }
        Map<String, Map<Analyzer<?, Metric<?>>, Metric<?>>> metricsByDelivery = compute(contract, verifiedRows);

        // A base's history is its own file: bases are stored in parallel, each base's deliveries in date order
        Map<String, List<ProfiledDelivery>> byBase = new LinkedHashMap<>();
        for (ProfiledDelivery delivery : deliveries) {
            byBase.computeIfAbsent(delivery.baseCode(), ignored -> new ArrayList<>()).add(delivery);
        }
        Map<String, String> warnings = new ConcurrentHashMap<>();
        ExecutorService executor = Executors.newFixedThreadPool(REPOSITORY_THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Map.Entry<String, List<ProfiledDelivery>> base : byBase.entrySet()) {
                futures.add(executor.submit(() -> {
                    base.getValue().sort(Comparator.comparing(ProfiledDelivery::exportDate));
                    warnings.putAll(store(contract, base.getKey(), base.getValue(), metricsByDelivery));
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing delivery metrics", e);
        }
        catch (ExecutionException e) {
            throw new IllegalStateException("cannot store delivery metrics: " + e.getCause().getMessage(), e.getCause());
        }
        finally {
            executor.shutdownNow();
        }
        return warnings;
    }

    /**
     * Saves a base's deliveries' metrics, in date order, without ever leaving its history half
     * written. The history is kept a month per file, by export date: a night rewrites the months of
     * its deliveries and reads the stored months from the latest one before its first delivery's to
     * its last (the previous delivery the row-count check compares with is in one of them), so its
     * cost does not grow with the years of history behind it. Each month file is Deequ's own
     * {@code FileSystemMetricsRepository} file, written beside the old one and then put in its place
     * ({@link #installPending}). A history kept in one file per base (before the monthly files) is
     * split into months first.
     *
     * @return the warning of each delivery whose row count is anomalous, by delivery id
     */
    private Map<String, String> store(DatasetContract contract, String baseCode, List<ProfiledDelivery> deliveries,
            Map<String, Map<Analyzer<?, Metric<?>>, Metric<?>>> metricsByDelivery)
            throws IOException
    {
        Path baseFolder = new Path("%s/%s/%s".formatted(repositoryRoot, contract.dataset().tableName(), baseCode));
        FileSystem fileSystem = baseFolder.getFileSystem(spark.sparkContext().hadoopConfiguration());
        splitSingleFileHistory(fileSystem, new Path(baseFolder.getParent(), baseCode + ".json"), baseFolder);

        SortedSet<YearMonth> months = new TreeSet<>();
        deliveries.forEach(delivery -> months.add(YearMonth.from(delivery.exportDate())));
        // Every stored month from the latest one before the first delivery's to the last delivery's:
        // each delivery is judged against the one before it, which may lie in a month of no new delivery
        SortedSet<YearMonth> storedMonths = storedMonths(fileSystem, baseFolder);
        SortedSet<YearMonth> earlier = storedMonths.headSet(months.first());
        SortedSet<YearMonth> read = new TreeSet<>(months);
        read.addAll(storedMonths.subSet(earlier.isEmpty() ? months.first() : earlier.last(), months.last().plusMonths(1)));
        InMemoryMetricsRepository repository = new InMemoryMetricsRepository();
        for (YearMonth month : read) {
            Path file = monthFile(baseFolder, month);
            // after this, no pending file is left
            installPending(fileSystem, file);
            if (fileSystem.exists(file)) {
                for (AnalysisResult stored : Scala.javaList(new FileSystemMetricsRepository(spark, file.toString()).load().get())) {
                    repository.save(stored.resultKey(), stored.analyzerContext());
                }
            }
        }
        // The size of each export date the history holds, read once: a night of a year's deliveries judged
        // each one against a fresh read of every stored result before it (quadratic in the deliveries)
        NavigableMap<Long, Double> sizeByTime = new TreeMap<>();
        for (AnalysisResult stored : Scala.javaList(repository.load().get())) {
            sizeOf(Scala.javaMapOf(stored.analyzerContext().metricMap())).ifPresent(size -> sizeByTime.put(stored.resultKey().dataSetDate(), size));
        }
        Map<String, String> warnings = new LinkedHashMap<>();
        for (ProfiledDelivery delivery : deliveries) {
            Map<Analyzer<?, Metric<?>>, Metric<?>> deliveryMetrics = metricsByDelivery.getOrDefault(delivery.deliveryId(), Map.of());
            long time = resultTime(delivery.exportDate());
            double size = sizeOf(deliveryMetrics).orElse(0.0);
            rowCountWarning(sizeByTime.headMap(time, false), time, size).ifPresent(warning -> warnings.put(delivery.deliveryId(), warning));
            // a correction re-profiles its date: in this save, its size is the one later deliveries are judged
            // against (a date stored twice by earlier saves gives the size the repository lists last)
            sizeByTime.put(time, size);
            // as Deequ's file repository saves: a result with the same key (a correction of the same delivery) replaces the stored one
            repository.save(new ResultKey(time, Scala.map(Map.of(
                            "dataset", contract.dataset().tableName(),
                            "base_code", delivery.baseCode(),
                            "delivery_id", delivery.deliveryId()))),
                    new AnalyzerContext(Scala.map(deliveryMetrics)));
        }
        Map<YearMonth, List<AnalysisResult>> byMonth = byMonth(Scala.javaList(repository.load().get()));
        for (YearMonth month : months) {
            writeMonth(fileSystem, monthFile(baseFolder, month), byMonth.get(month));
        }
        return warnings;
    }

    /**
     * Replaces a month's history whole: the new file is written beside the old one, then takes its
     * place. A crash before the old one is removed leaves a pending file beside it, discarded by the
     * next save, which redoes the night's work; a crash after leaves only the complete pending file,
     * which the next save installs.
     */
    private static void writeMonth(FileSystem fileSystem, Path file, List<AnalysisResult> results)
            throws IOException
    {
        Path pending = pendingFile(file);
        try (FSDataOutputStream output = fileSystem.create(pending, true);
                Writer writer = new BufferedWriter(new OutputStreamWriter(output, UTF_8))) {
            HISTORY_JSON.toJson(results, HISTORY_TYPE, writer);
        }
        fileSystem.delete(file, false);
        if (!fileSystem.rename(pending, file)) {
            throw new IOException("cannot install the metrics history " + file.getName());
        }
    }

    /**
     * Splits a base's history kept in one file into month files, then removes the single file. A
     * crash in between leaves the single file, and the next save splits it again into the same
     * month files.
     */
    private void splitSingleFileHistory(FileSystem fileSystem, Path singleFile, Path baseFolder)
            throws IOException
    {
        installPending(fileSystem, singleFile);
        if (!fileSystem.exists(singleFile)) {
            return;
        }
        for (Map.Entry<YearMonth, List<AnalysisResult>> month : byMonth(Scala.javaList(new FileSystemMetricsRepository(spark, singleFile.toString()).load().get())).entrySet()) {
            writeMonth(fileSystem, monthFile(baseFolder, month.getKey()), month.getValue());
        }
        fileSystem.delete(singleFile, false);
    }

    /** The months a base's history holds, from the names of its files (pending ones included: they are installed before reading). */
    private static SortedSet<YearMonth> storedMonths(FileSystem fileSystem, Path baseFolder)
            throws IOException
    {
        SortedSet<YearMonth> months = new TreeSet<>();
        if (fileSystem.exists(baseFolder)) {
            for (FileStatus file : fileSystem.listStatus(baseFolder)) {
                Matcher name = MONTH_FILE.matcher(file.getPath().getName());
                if (name.matches()) {
                    months.add(YearMonth.parse(name.group(1)));
                }
            }
        }
        return months;
    }

    private static Path monthFile(Path baseFolder, YearMonth month)
    {
        return new Path(baseFolder, month + ".json");
    }

    /** The result key's time of an export date: its start, in UTC milliseconds (as Deequ keys a run's date). */
    private static long resultTime(LocalDate exportDate)
    {
        return exportDate.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /** Results by the month of their export date ({@link #resultTime}), the months in order. */
    private static Map<YearMonth, List<AnalysisResult>> byMonth(List<AnalysisResult> results)
    {
        Map<YearMonth, List<AnalysisResult>> byMonth = new TreeMap<>();
        for (AnalysisResult result : results) {
            byMonth.computeIfAbsent(YearMonth.from(Instant.ofEpochMilli(result.resultKey().dataSetDate()).atZone(ZoneOffset.UTC)), ignored -> new ArrayList<>()).add(result);
        }
        return byMonth;
    }

    /**
     * Finishes a save a crash interrupted: a pending history is complete only when the history it
     * replaces is already gone; beside an existing history it is an unfinished write, and discarded.
     * A month's first history has nothing to replace, so a crash while writing it leaves a torn
     * pending file alone: it is installed only when Deequ reads it whole, else discarded. Either way
     * the run that died had not yet marked its deliveries refined, and the next run saves them again.
     */
    private static void installPending(FileSystem fileSystem, Path history)
            throws IOException
    {
        Path pending = pendingFile(history);
        if (!fileSystem.exists(pending)) {
            return;
        }
        if (fileSystem.exists(history) || !readsWhole(fileSystem, pending)) {
            fileSystem.delete(pending, false);
        }
        else if (!fileSystem.rename(pending, history)) {
            throw new IOException("cannot install the pending metrics history " + pending.getName());
        }
    }

    /** Whether Deequ's repository serialisation reads the file as a complete list of results. */
    private static boolean readsWhole(FileSystem fileSystem, Path file)
            throws IOException
    {
        String text;
        try (FSDataInputStream input = fileSystem.open(file)) {
            text = new String(input.readAllBytes(), UTF_8);
        }
        try {
            return AnalysisResultSerde.deserialize(text) != null;
        }
        catch (RuntimeException e) {
            // a torn file: Gson's syntax error, or nothing to convert
            return false;
        }
    }

    private static Path pendingFile(Path history)
    {
        return new Path(history.getParent(), history.getName() + ".pending");
    }

    /** @param sizeByTime the size of each earlier export date, by its result time ({@link #resultTime}), in order */
    private static Optional<String> rowCountWarning(SortedMap<Long, Double> sizeByTime, long time, double size)
    {
        if (sizeByTime.isEmpty()) {
            return Optional.empty();
        }
        List<DataPoint<Object>> history = new ArrayList<>();
        sizeByTime.forEach((at, value) -> history.add(new DataPoint<>(at, Scala.some(value))));
        AnomalyDetector detector = new AnomalyDetector(new RelativeRateOfChangeStrategy(Scala.some(MAX_RATE_DECREASE), Scala.some(MAX_RATE_INCREASE), 1));
        DetectionResult result = detector.isNewPointAnomalous(Scala.seq(history), new DataPoint<>(time, Scala.some(size)));
        if (result.anomalies().isEmpty()) {
            return Optional.empty();
        }
        double previous = (Double) history.get(history.size() - 1).metricValue().get();
        return Optional.of("ROW_COUNT_ANOMALY: %d rows against %d in the base's previous delivery (allowed change: x%.1f to x%.1f)"
                .formatted(Math.round(size), Math.round(previous), MAX_RATE_DECREASE, MAX_RATE_INCREASE));
    }

    private static Optional<Double> sizeOf(Map<Analyzer<?, Metric<?>>, Metric<?>> metrics)
    {
        return metrics.entrySet().stream()
                .filter(entry -> ((Object) entry.getKey()) instanceof Size)
                .map(Map.Entry::getValue)
                .filter(metric -> metric instanceof DoubleMetric && metric.value().isSuccess())
                .map(metric -> ((Number) metric.value().get()).doubleValue())
                .findFirst();
    }

    /**
     * The metrics of Deequ's Size, Completeness (every column as delivered), ApproxCountDistinct
     * (key) and Compliance (every rule) analyzers restricted to each delivery, computed in one
     * grouped pass over the verified rows rather than one filtered aggregate per delivery and
     * analyzer; keyed by the same analyzers, so the repository holds exactly what Deequ's own run
     * would store. A rule's compliance is the share of the delivery's rows that keep it: Deequ's
     * record of the checks, per delivery.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<String, Map<Analyzer<?, Metric<?>>, Metric<?>>> compute(DatasetContract contract, Dataset<Row> verifiedRows)
    {
        List<org.apache.spark.sql.Column> aggregates = new ArrayList<>();
        aggregates.add(functions.count(functions.lit(1)).as("size"));
        for (Column column : contract.columns()) {
            aggregates.add(functions.count(functions.col(column.rawName())).as("complete_" + column.name()));
        }
        aggregates.add(functions.approx_count_distinct(functions.col(contract.column(contract.keyColumn()).orElseThrow().rawName())).as("distinct_keys"));
        for (Rule rule : contract.rules()) {
            aggregates.add(functions.count(functions.when(functions.not(functions.array_contains(functions.col(RowRuleVerifier.BROKEN_RULES), rule.name())), 1))
                    .as("kept_" + rule.name()));
        }
        // the same for every delivery: built once, not once per delivery and rule
        List<String> predicates = new ArrayList<>();
        for (Rule rule : contract.rules()) {
            predicates.add(SparkRulePredicates.sql(contract, rule).orElse("unique(" + RowRuleVerifier.UNIQUE_KEY_COLUMN + ")"));
        }
        Map<String, Map<Analyzer<?, Metric<?>>, Metric<?>>> metrics = new HashMap<>();
        for (Row row : verifiedRows.groupBy("delivery_id").agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(org.apache.spark.sql.Column[]::new)).collectAsList()) {
            String deliveryId = row.getString(0);
            scala.Option<String> where = Scala.some("delivery_id = " + SqlLiterals.spark(deliveryId));
            double size = row.getLong(1);
            Map<Analyzer<?, Metric<?>>, Metric<?>> deliveryMetrics = new LinkedHashMap<>();
            deliveryMetrics.put((Analyzer) new Size(where), metric(Entity.Dataset(), "Size", "*", size));
            int index = 2;
            for (Column column : contract.columns()) {
                deliveryMetrics.put((Analyzer) new Completeness(column.name(), where, Scala.none()),
                        metric(Entity.Column(), "Completeness", column.name(), size == 0 ? 1.0 : row.getLong(index) / size));
                index++;
            }
            deliveryMetrics.put((Analyzer) new ApproxCountDistinct(contract.keyColumn(), where),
                    metric(Entity.Column(), "ApproxCountDistinct", contract.keyColumn(), (double) row.getLong(index)));
            index++;
            for (int ruleIndex = 0; ruleIndex < contract.rules().size(); ruleIndex++) {
                String ruleName = contract.rules().get(ruleIndex).name();
                deliveryMetrics.put((Analyzer) new Compliance(ruleName, predicates.get(ruleIndex), where, Scala.list(List.of()), Scala.none()),
                        metric(Entity.Column(), "Compliance", ruleName, size == 0 ? 1.0 : row.getLong(index) / size));
                index++;
            }
            metrics.put(deliveryId, deliveryMetrics);
        }
        return metrics;
    }

    private static Metric<?> metric(scala.Enumeration.Value entity, String name, String instance, double value)
    {
        return new DoubleMetric(entity, name, instance, new scala.util.Success<>(value), Scala.none());
    }
}
