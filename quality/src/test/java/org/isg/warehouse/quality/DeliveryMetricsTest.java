package org.isg.warehouse.quality;

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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

class DeliveryMetricsTest
{
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
        String stored = Files.readString(repository.resolve("divisions/C01.json"), UTF_8);
        assertThat(stored).contains("\"name\": \"Completeness\"", "\"instance\": \"population_60plus\"", "\"name\": \"ApproxCountDistinct\"");
        // and the compliance of every rule, Deequ's record of the checks: a quarter of each delivery's codes are malformed
        assertThat(stored).containsPattern("\"instance\": \"division_code.format\",\\s*\"name\": \"Compliance\",\\s*\"value\": 0.75")
                .containsPattern("\"instance\": \"name.required\",\\s*\"name\": \"Compliance\",\\s*\"value\": 1.0");
    }

    @Test
    void aSaveCutShortByACrashNeverLosesTheBasesHistory(@TempDir Path repository)
            throws Exception
    {
        SparkSession spark = SharedSpark.session();
        DatasetContract contract = Dataset.DIVISIONS.contract();
        DeliveryMetrics metrics = new DeliveryMetrics(spark, repository.toString());
        Path history = repository.resolve("divisions/C01.json");
        Path pending = repository.resolve("divisions/C01.json.pending");
        assertThat(metrics.profile(contract, rows(spark, contract, "d1", 100), List.of(delivery("d1", 1)))).isEmpty();

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
        assertThat(Files.readString(history, UTF_8)).contains("\"delivery_id\": \"d1\"", "\"delivery_id\": \"d2\"", "\"delivery_id\": \"d3\"");
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
