package org.isg.warehouse.quality;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.ApproxCountDistinct;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.runners.AnalysisRunBuilder;
import com.amazon.deequ.analyzers.runners.AnalysisRunner;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.anomalydetection.AnomalyDetector;
import com.amazon.deequ.anomalydetection.DataPoint;
import com.amazon.deequ.anomalydetection.DetectionResult;
import com.amazon.deequ.anomalydetection.RelativeRateOfChangeStrategy;
import com.amazon.deequ.metrics.DoubleMetric;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.repository.AnalysisResult;
import com.amazon.deequ.repository.ResultKey;
import com.amazon.deequ.repository.fs.FileSystemMetricsRepository;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.isg.warehouse.contracts.dataset.Column;
import org.isg.warehouse.contracts.dataset.DatasetContract;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Profiles each delivery with Deequ (size, completeness of every column as delivered, approximate
 * distinct keys), keeps the metrics in a Deequ metrics repository (one file per dataset and base, so
 * a save rewrites one base's history, not the warehouse's), and flags a delivery whose row count is
 * anomalous against the base's own history. All deliveries of a batch are profiled in one pass:
 * each analyzer is filtered to its delivery.
 */
public final class DeliveryMetrics
{
    /** A delivery with less than half or more than twice the rows of the base's previous delivery is flagged. */
    static final double MAX_RATE_DECREASE = 0.5;
    static final double MAX_RATE_INCREASE = 2.0;

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
     * Profiles the deliveries (bronze rows: the delivered text under the contract's column names),
     * stores their metrics and returns the warning of each delivery whose
     * row count is anomalous, by delivery id.
     */
    public Map<String, String> profile(DatasetContract contract, Dataset<Row> bronzeRows, List<ProfiledDelivery> deliveries)
    {
        if (deliveries.isEmpty()) {
            return Map.of();
        }
        Map<String, List<Analyzer<?, Metric<?>>>> analyzersByDelivery = new LinkedHashMap<>();
        AnalysisRunBuilder run = AnalysisRunner.onData(bronzeRows);
        for (ProfiledDelivery delivery : deliveries) {
            List<Analyzer<?, Metric<?>>> analyzers = analyzers(contract, delivery.deliveryId());
            analyzersByDelivery.put(delivery.deliveryId(), analyzers);
            for (Analyzer<?, Metric<?>> analyzer : analyzers) {
                run = run.addAnalyzer(analyzer);
            }
        }
        AnalyzerContext context = run.run();
        scala.collection.immutable.Map<Analyzer<?, Metric<?>>, Metric<?>> metrics = context.metricMap();

        Map<String, String> warnings = new HashMap<>();
        List<ProfiledDelivery> ordered = new ArrayList<>(deliveries);
        ordered.sort(Comparator.comparing(ProfiledDelivery::exportDate));
        for (ProfiledDelivery delivery : ordered) {
            Map<Analyzer<?, Metric<?>>, Metric<?>> deliveryMetrics = new HashMap<>();
            for (Analyzer<?, Metric<?>> analyzer : analyzersByDelivery.get(delivery.deliveryId())) {
                metric(metrics, analyzer).ifPresent(metric -> deliveryMetrics.put(analyzer, metric));
            }
            FileSystemMetricsRepository repository = repository(contract, delivery.baseCode());
            long time = delivery.exportDate().atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            double size = sizeOf(deliveryMetrics).orElse(0.0);
            rowCountWarning(repository, time, size).ifPresent(warning -> warnings.put(delivery.deliveryId(), warning));
            repository.save(new ResultKey(time, Scala.map(Map.of(
                            "dataset", contract.dataset().tableName(),
                            "base_code", delivery.baseCode(),
                            "delivery_id", delivery.deliveryId()))),
                    new AnalyzerContext(Scala.map(deliveryMetrics)));
        }
        return warnings;
    }

    private Optional<String> rowCountWarning(FileSystemMetricsRepository repository, long time, double size)
    {
        // History: the latest stored size per earlier export date (a correction re-profiles a date).
        Map<Long, Double> sizeByTime = new HashMap<>();
        for (AnalysisResult result : Scala.javaList(repository.load().before(time - 1).get())) {
            sizeOf(Scala.javaMapOf(result.analyzerContext().metricMap()))
                    .ifPresent(value -> sizeByTime.put(result.resultKey().dataSetDate(), value));
        }
        if (sizeByTime.isEmpty()) {
            return Optional.empty();
        }
        List<DataPoint<Object>> history = new ArrayList<>();
        sizeByTime.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> history.add(new DataPoint<>(entry.getKey(), Scala.some(entry.getValue()))));
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

    private static Optional<Metric<?>> metric(scala.collection.immutable.Map<Analyzer<?, Metric<?>>, Metric<?>> metrics, Analyzer<?, Metric<?>> analyzer)
    {
        scala.Option<Metric<?>> value = metrics.get(analyzer);
        return value.isDefined() ? Optional.of(value.get()) : Optional.empty();
    }

    private FileSystemMetricsRepository repository(DatasetContract contract, String baseCode)
    {
        return new FileSystemMetricsRepository(spark, "%s/%s/%s.json".formatted(repositoryRoot, contract.dataset().tableName(), baseCode));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Analyzer<?, Metric<?>>> analyzers(DatasetContract contract, String deliveryId)
    {
        scala.Option<String> where = Scala.some("delivery_id = '" + deliveryId.replace("'", "''") + "'");
        List<Analyzer<?, Metric<?>>> analyzers = new ArrayList<>();
        analyzers.add((Analyzer) new Size(where));
        for (Column column : contract.columns()) {
            analyzers.add((Analyzer) new Completeness(column.name(), where, Scala.none()));
        }
        analyzers.add((Analyzer) new ApproxCountDistinct(contract.keyColumn(), where));
        return analyzers;
    }
}
