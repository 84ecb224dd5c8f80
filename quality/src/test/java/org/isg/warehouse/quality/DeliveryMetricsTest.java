package org.isg.warehouse.quality;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.metrics.DoubleMetric;
import com.amazon.deequ.metrics.Entity;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.repository.AnalysisResultSerde;
import com.amazon.deequ.repository.ResultKey;
import com.amazon.deequ.repository.fs.FileSystemMetricsRepository;
import com.google.gson.JsonParser;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.isg.warehouse.contracts.dataset.Dataset;
import org.isg.warehouse.contracts.dataset.DatasetContract;
import org.isg.warehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

class DeliveryMetricsTest
{
    /** C01's divisions history of November 2026, where the deliveries of {@link #delivery} are kept. */
    private static final String NOVEMBER_HISTORY = "divisions/C01/2026-11.json";

    @Test
    void flagsARowCountFarFromTheBasesPreviousDelivery(@TempDir Path repository)
            throws Exception
    {
        SparkSession spark = SharedSpark.session();
        DatasetContract contract = Dataset.DIVISIONS.contract();
        DeliveryMetrics metrics = new DeliveryMetrics(spark, repository.toString());
        // Night 1: 100 rows (no history: no warning). Night 2: 120 rows (x1.2: fine). Night 3: 40 rows (x0.33: below x0.5)
        assertThat(metrics.profile(contract, rows(spark, contract, "d1", 100), List.of(delivery("d1", 1)))).isEmpty();
        assertThat(metrics.profile(contract, rows(spark, contract, "d2", 120), List.of(delivery("d2", 2)))).isEmpty();
        assertThat(metrics.profile(contract, rows(spark, contract, "d3", 40), List.of(delivery("d3", 3))))
                .isEqualTo(Map.of("d3", anomaly(40, 120)));
        // Completeness of every column and distinct keys are kept beside the size
        Path file = repository.resolve("divisions/C01/2026-11.json");
        String stored = Files.readString(file, UTF_8);
        assertThat(stored).contains("\"name\":\"Completeness\"", "\"instance\":\"population_60plus\"", "\"name\":\"ApproxCountDistinct\"");
        // and the compliance of every rule, Deequ's record of the checks: a quarter of each delivery's codes are malformed
        assertThat(stored).contains("\"instance\":\"division_code.format\",\"name\":\"Compliance\",\"value\":0.75")
                .contains("\"instance\":\"name.required\",\"name\":\"Compliance\",\"value\":1.0");
        // Deequ's own file format, unindented: what its file repository reads back, Deequ serialises to the same JSON
        assertThat(stored).doesNotContain("\n");
        String deequSerialized = AnalysisResultSerde.serialize(new FileSystemMetricsRepository(spark, file.toString()).load().get());
        assertThat(JsonParser.parseString(stored)).isEqualTo(JsonParser.parseString(deequSerialized));
    }

    @Test
    void aCorrectionIsTheSizeLaterDeliveriesAreJudgedAgainst(@TempDir Path repository)
    {
        SparkSession spark = SharedSpark.session();
        DatasetContract contract = Dataset.DIVISIONS.contract();
        DeliveryMetrics metrics = new DeliveryMetrics(spark, repository.toString());
        // Night 1: 100 rows on the 1st. Night 2 (a catch-up): the 1st corrected to 40 rows, then 45 on the 2nd and 30 on the 3rd
        assertThat(metrics.profile(contract, rows(spark, contract, "d1", 100), List.of(delivery("d1", 1)))).isEmpty();
        Map<String, String> warnings = metrics.profile(contract,
                rows(spark, contract, "d1-corrected", 40).union(rows(spark, contract, "d2", 45)).union(rows(spark, contract, "d3", 30)),
                List.of(delivery("d3", 3), delivery("d1-corrected", 1), delivery("d2", 2)));
        // the correction has no earlier date to compare with; 45 is x1.1 of the corrected 40, not x0.45 of the replaced 100; 30 is x0.67 of 45
        assertThat(warnings).isEmpty();
        // Night 3: 14 rows on the 4th, judged against the stored history: x0.47 of the 3rd's 30
        assertThat(metrics.profile(contract, rows(spark, contract, "d4", 14), List.of(delivery("d4", 4)))).isEqualTo(Map.of("d4", anomaly(14, 30)));
    }

    @Test
    void aSaveCutShortByACrashNeverLosesTheBasesHistory(@TempDir Path repository)
            throws Exception
    {
        SparkSession spark = SharedSpark.session();
        DatasetContract contract = Dataset.DIVISIONS.contract();
        DeliveryMetrics metrics = new DeliveryMetrics(spark, repository.toString());
        Path history = repository.resolve(NOVEMBER_HISTORY);
        Path pending = repository.resolve(NOVEMBER_HISTORY + ".pending");
        // Killed while writing the month's first history, before a byte and then midway: a pending file and no history
        // to replace. The next run refines the same delivery again; the torn file is discarded, not installed (every
        // later save failed reading it)
        Files.createDirectories(pending.getParent());
        for (String torn : List.of("", "[{\"resultKey\":{\"dataSetDate\":17")) {
            Files.deleteIfExists(history);
            Files.writeString(pending, torn, UTF_8);
            assertThat(metrics.profile(contract, rows(spark, contract, "d1", 100), List.of(delivery("d1", 1)))).isEmpty();
            assertThat(pending).doesNotExist();
            assertThat(deliveryIds(spark, history)).containsExactly("d1");
        }

        // Killed after the old history was removed, before the new one took its place: only the complete new history is left
        Files.move(history, pending);
        // 40 rows against the 100 of the recovered history: x0.4, below x0.5
        assertThat(metrics.profile(contract, rows(spark, contract, "d2", 40), List.of(delivery("d2", 2))))
                .isEqualTo(Map.of("d2", anomaly(40, 100)));
        assertThat(pending).doesNotExist();

        // Killed while the new history was being written: the torn file beside the intact history is discarded
        Files.writeString(pending, "[{\"resultKey\": {\"dataSetDate\": 17", UTF_8);
        assertThat(metrics.profile(contract, rows(spark, contract, "d3", 15), List.of(delivery("d3", 3))))
                .isEqualTo(Map.of("d3", anomaly(15, 40)));
        assertThat(pending).doesNotExist();
        assertThat(deliveryIds(spark, history)).containsExactlyInAnyOrder("d1", "d2", "d3");
    }

    @Test
    void aNightRewritesOnlyTheMonthsOfItsDeliveriesAndComparesAcrossAMonthsEnd(@TempDir Path repository)
            throws Exception
    {
        SparkSession spark = SharedSpark.session();
        DatasetContract contract = Dataset.DIVISIONS.contract();
        // A history kept in one file per base, as Deequ's file repository writes it: 100 rows on September 30th and October 31st
        Path singleFile = repository.resolve("divisions/C01.json");
        FileSystemMetricsRepository single = new FileSystemMetricsRepository(spark, singleFile.toString());
        single.save(key("s1", LocalDate.of(2026, 9, 30)), sizeOf(100));
        single.save(key("o1", LocalDate.of(2026, 10, 31)), sizeOf(100));
        DeliveryMetrics metrics = new DeliveryMetrics(spark, repository.toString());

        // 40 rows on November 1st against the 100 of October 31st, kept in the single file: x0.4, below x0.5
        assertThat(metrics.profile(contract, rows(spark, contract, "n1", 40), List.of(delivery("n1", 1))))
                .isEqualTo(Map.of("n1", anomaly(40, 100)));
        // The single file was split into its months, each readable by Deequ's own file repository
        assertThat(singleFile).doesNotExist();
        assertThat(deliveryIds(spark, repository.resolve("divisions/C01/2026-09.json"))).containsExactly("s1");
        assertThat(deliveryIds(spark, repository.resolve("divisions/C01/2026-10.json"))).containsExactly("o1");
        assertThat(deliveryIds(spark, repository.resolve("divisions/C01/2026-11.json"))).containsExactly("n1");

        // The month's last day compares with November 1st (45 against 40: x1.1), joins it in November's file and leaves the earlier months' files as they were
        Object september = fileKey(repository.resolve("divisions/C01/2026-09.json"));
        Object october = fileKey(repository.resolve("divisions/C01/2026-10.json"));
        Object november = fileKey(repository.resolve("divisions/C01/2026-11.json"));
        assertThat(metrics.profile(contract, rows(spark, contract, "n2", 45), List.of(delivery("n2", 30)))).isEmpty();
        assertThat(fileKey(repository.resolve("divisions/C01/2026-09.json"))).isEqualTo(september);
        assertThat(fileKey(repository.resolve("divisions/C01/2026-10.json"))).isEqualTo(october);
        assertThat(fileKey(repository.resolve("divisions/C01/2026-11.json"))).isNotEqualTo(november);
        assertThat(deliveryIds(spark, repository.resolve("divisions/C01/2026-11.json"))).containsExactlyInAnyOrder("n1", "n2");
    }

    private static ResultKey key(String deliveryId, LocalDate exportDate)
    {
        return new ResultKey(exportDate.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli(),
                Scala.map(Map.of("dataset", "divisions", "base_code", "C01", "delivery_id", deliveryId)));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static AnalyzerContext sizeOf(double rows)
    {
        Map<Analyzer<?, Metric<?>>, Metric<?>> metrics = Map.of((Analyzer) new Size(Scala.none()),
                new DoubleMetric(Entity.Dataset(), "Size", "*", new scala.util.Success<>(rows), Scala.none()));
        return new AnalyzerContext(Scala.map(metrics));
    }

    private static List<String> deliveryIds(SparkSession spark, Path file)
    {
        return Scala.javaList(new FileSystemMetricsRepository(spark, file.toString()).load().get()).stream()
                .map(result -> result.resultKey().tags().get("delivery_id").get())
                .toList();
    }

    /** The file's identity (its inode): a file written again and renamed into place has a new one. */
    private static Object fileKey(Path file)
            throws IOException
    {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    /** The warning for a delivery of {@code rows} rows after one of {@code previous} rows. */
    private static String anomaly(int rows, int previous)
    {
        return "ROW_COUNT_ANOMALY: %d rows against %d in the base's previous delivery (allowed change: x0.5 to x2.0)".formatted(rows, previous);
    }

    private static DeliveryMetrics.ProfiledDelivery delivery(String id, int day)
    {
        return new DeliveryMetrics.ProfiledDelivery(id, "C01", LocalDate.of(2026, 11, day));
    }

    private static org.apache.spark.sql.Dataset<Row> rows(SparkSession spark, DatasetContract contract, String deliveryId, int count)
    {
        StructType schema = new StructType().add("delivery_id", DataTypes.StringType);
        for (String column : contract.columnNames()) {
            schema = schema.add("raw_" + column, DataTypes.StringType);
        }
        schema = schema.add(RowRuleVerifier.BROKEN_RULES, DataTypes.createArrayType(DataTypes.StringType));
        List<Row> rows = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            // every fourth row's division code is malformed
            List<String> broken = index % 4 == 0 ? List.of("division_code.format") : List.of();
            rows.add(RowFactory.create(deliveryId, "1101000010%02d".formatted(index % 100), "name", "COMMUNITY", "100", index % 2 == 0 ? "10" : null, "80", broken));
        }
        return spark.createDataFrame(rows, schema);
    }
}
