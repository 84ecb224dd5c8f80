package org.isg.warehouse.pipeline.ops;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.isg.warehouse.contracts.errors.IsgException;
import org.isg.warehouse.contracts.errors.StandardErrorCode;
import org.isg.warehouse.pipeline.Stage;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunLedgerTest
{
    private static final LocalDate NIGHT = LocalDate.of(2026, 11, 23);
    private static final Instant STARTED = Instant.parse("2026-11-23T18:00:00Z");
    private static final Instant ENDED = Instant.parse("2026-11-23T18:05:00Z");

    @Test
    void aFailedStageKeepsItsErrorCodeTypeAndAMessageWithoutDeliveredContent(@TempDir Path directory)
    {
        Warehouse warehouse = new Warehouse(SharedSpark.session(), directory.toString());
        RunLedger runs = new RunLedger(warehouse);
        runs.started("run-1", NIGHT, Stage.INGEST, STARTED);
        runs.failed("run-1", NIGHT, Stage.INGEST, STARTED, ENDED, new IsgException(StandardErrorCode.PSEUDONYM_KEY_MISSING, "no pseudonym key"));
        runs.started("run-2", NIGHT, Stage.REFINE, STARTED);
        runs.failed("run-2", NIGHT, Stage.REFINE, STARTED, ENDED, new IllegalStateException("cannot cast '110101199001011234' to INT"));

        assertThat(rows(warehouse)).containsExactly(
                List.of("run-1", "ingest", "FAILED", "no pseudonym key", "PSEUDONYM_KEY_MISSING", "USER_ERROR"),
                List.of("run-2", "refine", "FAILED", "unexpected java.lang.IllegalStateException; run the stage again with ISG_DEBUG=1 to print its stack trace", "GENERIC_INTERNAL_ERROR",
                        "INTERNAL_ERROR"));
    }

    @Test
    void aNightInOneProcessCommitsEachStageBoundaryOnceAndTheNextProcessAbandonsWhatWasLeftRunning(@TempDir Path directory)
    {
        Warehouse warehouse = new Warehouse(SharedSpark.session(), directory.toString());
        RunLedger night = new RunLedger(warehouse);
        night.started("run-1", NIGHT, Stage.INGEST, STARTED);
        night.finishedAndStarted("run-1", NIGHT, Stage.INGEST, STARTED, ENDED, java.util.Map.of("rows_loaded", 7L), Stage.REFINE);
        // the process dies here, refine RUNNING; the next run's first stage is a new process with a ledger of its own
        RunLedger next = new RunLedger(warehouse);
        next.started("run-2", NIGHT, Stage.INGEST, ENDED);

        assertThat(rows(warehouse)).containsExactlyInAnyOrder(
                java.util.Arrays.asList("run-1", "ingest", "SUCCEEDED", null, null, null),
                java.util.Arrays.asList("run-1", "refine", "ABANDONED", "the process ended before the stage finished; the next run redid its work", null, null),
                java.util.Arrays.asList("run-2", "ingest", "RUNNING", null, null, null));
        assertThat(warehouse.read(Warehouse.OPS, RunLedger.TABLE).where("run_id = 'run-1' AND stage = 'ingest'").selectExpr("counts['rows_loaded']").first().getLong(0))
                .isEqualTo(7L);
        // Three commits: the table created, the boundary (ingest done, refine started), the second run's start with the abandoning
        assertThat(operations(warehouse)).containsExactly("WRITE Overwrite", "WRITE Overwrite", "WRITE Overwrite");

        // A start with nothing to replace or abandon appends without rewriting
        next.finished("run-2", NIGHT, Stage.INGEST, ENDED, ENDED, java.util.Map.of());
        new RunLedger(warehouse).started("run-3", NIGHT, Stage.INGEST, ENDED);
        assertThat(operations(warehouse)).endsWith("WRITE Overwrite", "WRITE Append");
        assertThat(warehouse.read(Warehouse.OPS, RunLedger.TABLE).count()).isEqualTo(4);
    }

    private static List<String> operations(Warehouse warehouse)
    {
        return warehouse.table(Warehouse.OPS, RunLedger.TABLE).history().orderBy("version")
                .selectExpr("concat(operation, ' ', operationParameters['mode'])").collectAsList().stream().map(row -> row.getString(0)).toList();
    }

    @Test
    void aLedgerWrittenBeforeErrorCodesGainsTheColumns(@TempDir Path directory)
    {
        Warehouse warehouse = new Warehouse(SharedSpark.session(), directory.toString());
        StructType oldSchema = new StructType()
                .add("run_id", DataTypes.StringType, false)
                .add("run_date", DataTypes.DateType, false)
                .add("stage", DataTypes.StringType, false)
                .add("status", DataTypes.StringType, false)
                .add("started_at", DataTypes.TimestampType, false)
                .add("ended_at", DataTypes.TimestampType, true)
                .add("counts", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), true)
                .add("message", DataTypes.StringType, true);
        Row old = RowFactory.create("run-0", Date.valueOf(NIGHT), "ingest", "RUNNING", Timestamp.from(STARTED), null, null, null);
        SharedSpark.session().createDataFrame(List.of(old), oldSchema).write().format("delta").save(warehouse.tablePath(Warehouse.OPS, RunLedger.TABLE));

        RunLedger runs = new RunLedger(warehouse);
        runs.started("run-1", NIGHT, Stage.INGEST, STARTED);
        runs.failed("run-1", NIGHT, Stage.INGEST, STARTED, ENDED, new IsgException(StandardErrorCode.STORAGE_FAILED, "cannot list the landing area"));

        assertThat(rows(warehouse)).containsExactly(
                java.util.Arrays.asList("run-0", "ingest", "ABANDONED", "the process ended before the stage finished; the next run redid its work", null, null),
                List.of("run-1", "ingest", "FAILED", "cannot list the landing area", "STORAGE_FAILED", "EXTERNAL"));
    }

    private static List<List<String>> rows(Warehouse warehouse)
    {
        return warehouse.read(Warehouse.OPS, RunLedger.TABLE).orderBy("run_id")
                .select("run_id", "stage", "status", "message", "error_code", "error_type").collectAsList().stream()
                .map(row -> java.util.Arrays.asList(row.getString(0), row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5)))
                .toList();
    }
}
