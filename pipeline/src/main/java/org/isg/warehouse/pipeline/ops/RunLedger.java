package org.isg.warehouse.pipeline.ops;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.isg.warehouse.contracts.errors.ErrorCode;
import org.isg.warehouse.contracts.errors.Failures;
import org.isg.warehouse.contracts.tables.WarehouseTables;
import org.isg.warehouse.pipeline.SparkSchemas;
import org.isg.warehouse.pipeline.Stage;
import org.isg.warehouse.pipeline.Warehouse;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;
import static scala.collection.JavaConverters.mapAsScalaMapConverter;

/**
 * {@code ops.runs}: one row per pipeline run and stage. A stage row is written RUNNING when the
 * stage starts and updated to SUCCEEDED or FAILED when it ends; a row left RUNNING by a process that
 * died is marked ABANDONED by the next run (runs of one warehouse never overlap: the scheduler runs
 * one at a time). A failed stage keeps its {@code error_code} and {@code error_type}.
 */
public final class RunLedger
{
    public static final String TABLE = WarehouseTables.RUNS.name();

    public static final StructType SCHEMA = SparkSchemas.of(WarehouseTables.RUNS);

    private final Warehouse warehouse;

    public RunLedger(Warehouse warehouse)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
    }

    public void abandonUnfinished()
    {
        if (warehouse.exists(Warehouse.OPS, TABLE)) {
            addErrorColumns();
            warehouse.table(Warehouse.OPS, TABLE).updateExpr("status = 'RUNNING'", Map.of(
                    "status", "'ABANDONED'",
                    "message", "'the process ended before the stage finished; the next run redid its work'"));
        }
    }

    public void started(String runId, LocalDate runDate, Stage stage, Instant at)
    {
        write(runId, runDate, stage, "RUNNING", at, null, Map.of(), null, null);
    }

    public void finished(String runId, LocalDate runDate, Stage stage, Instant startedAt, Instant endedAt, Map<String, Long> counts)
    {
        write(runId, runDate, stage, "SUCCEEDED", startedAt, endedAt, counts, null, null);
    }

    /** Records the failure's code and type and a message that is ours, never delivered content ({@link Failures}). */
    public void failed(String runId, LocalDate runDate, Stage stage, Instant startedAt, Instant endedAt, Throwable failure)
    {
        write(runId, runDate, stage, "FAILED", startedAt, endedAt, Map.of(), Failures.safeMessage(failure), Failures.errorCode(failure));
    }

    /** A table written before error codes were recorded gains the two columns, empty for its old rows. */
    private void addErrorColumns()
    {
        if (!List.of(warehouse.read(Warehouse.OPS, TABLE).columns()).contains("error_code")) {
            warehouse.spark().sql("ALTER TABLE delta.`%s` ADD COLUMNS (error_code STRING, error_type STRING)".formatted(warehouse.tablePath(Warehouse.OPS, TABLE)));
        }
    }

    private void write(String runId, LocalDate runDate, Stage stage, String status, Instant startedAt, Instant endedAt, Map<String, Long> counts, String message,
            ErrorCode errorCode)
    {
        Row row = RowFactory.create(runId, Date.valueOf(runDate), stage.taskName(), status, Timestamp.from(startedAt),
                endedAt == null ? null : Timestamp.from(endedAt),
                mapAsScalaMapConverter(new TreeMap<>(counts)).asScala(), message,
                errorCode == null ? null : errorCode.name(), errorCode == null ? null : errorCode.type().name());
        warehouse.upsert(Warehouse.OPS, TABLE, warehouse.spark().createDataFrame(List.of(row), SCHEMA), "t.run_id = s.run_id AND t.stage = s.stage");
    }
}
