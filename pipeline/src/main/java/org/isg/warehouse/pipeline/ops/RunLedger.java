package org.isg.warehouse.pipeline.ops;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static scala.collection.JavaConverters.mapAsScalaMapConverter;

/**
 * {@code ops.runs}: one row per pipeline run and stage. A stage row is written RUNNING when the
 * stage starts and updated to SUCCEEDED or FAILED when it ends; a row left RUNNING by a process that
 * died is marked ABANDONED by the next stage that starts, in the commit that records that stage
 * (runs of one warehouse never overlap: {@link RunLock}). A failed stage keeps its {@code error_code} and {@code error_type}.
 */
public final class RunLedger
{
    public static final String TABLE = WarehouseTables.RUNS.name();

    public static final StructType SCHEMA = SparkSchemas.of(WarehouseTables.RUNS);
    private static final int RUN_ID = SCHEMA.fieldIndex("run_id");
    private static final int STAGE = SCHEMA.fieldIndex("stage");
    private static final int STATUS = SCHEMA.fieldIndex("status");
    private static final int MESSAGE = SCHEMA.fieldIndex("message");

    private final Warehouse warehouse;

    public RunLedger(Warehouse warehouse)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
    }

    /**
     * Records the stage RUNNING and, in the same commit, marks ABANDONED every other row still
     * RUNNING: the caller holds the warehouse's run lock, so such a row belongs to a process that died.
     */
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

    /**
     * The ledger is small (four rows a night): each write reads it, replaces the stage's row, marks
     * rows left RUNNING by a dead process ABANDONED when a stage starts, and rewrites it in one
     * commit, several times cheaper than a MERGE. A table written before error codes were recorded
     * gains the two columns, empty for its old rows.
     */
    private void write(String runId, LocalDate runDate, Stage stage, String status, Instant startedAt, Instant endedAt, Map<String, Long> counts, String message,
            ErrorCode errorCode)
    {
        Row written = row(runId, runDate, stage, status, startedAt, endedAt, counts, message, errorCode);
        List<Row> rows = new ArrayList<>();
        if (warehouse.exists(Warehouse.OPS, TABLE)) {
            for (Row stored : stored()) {
                if (stored.getString(RUN_ID).equals(runId) && stored.getString(STAGE).equals(stage.taskName())) {
                    continue;
                }
                rows.add(status.equals("RUNNING") && "RUNNING".equals(stored.getString(STATUS)) ? abandoned(stored) : stored);
            }
        }
        rows.add(written);
        Dataset<Row> table = warehouse.conformed(Warehouse.OPS, TABLE, warehouse.spark().createDataFrame(rows, SCHEMA)).coalesce(1);
        table.write().format("delta").mode("overwrite").option("overwriteSchema", "true").save(warehouse.tablePath(Warehouse.OPS, TABLE));
    }

    /** The stored rows in the declared columns; a column the stored table lacks reads as null. */
    private List<Row> stored()
    {
        Dataset<Row> stored = warehouse.read(Warehouse.OPS, TABLE);
        Set<String> present = Set.of(stored.columns());
        List<Column> columns = new ArrayList<>();
        for (StructField field : SCHEMA.fields()) {
            columns.add(present.contains(field.name()) ? col(field.name()) : lit(null).cast(field.dataType()).as(field.name()));
        }
        return stored.select(columns.toArray(Column[]::new)).collectAsList();
    }

    private static Row abandoned(Row stored)
    {
        Object[] values = new Object[stored.size()];
        for (int index = 0; index < values.length; index++) {
            values[index] = stored.get(index);
        }
        values[STATUS] = "ABANDONED";
        values[MESSAGE] = "the process ended before the stage finished; the next run redid its work";
        return RowFactory.create(values);
    }

    private static Row row(String runId, LocalDate runDate, Stage stage, String status, Instant startedAt, Instant endedAt, Map<String, Long> counts, String message,
            ErrorCode errorCode)
    {
        return RowFactory.create(runId, Date.valueOf(runDate), stage.taskName(), status, Timestamp.from(startedAt),
                endedAt == null ? null : Timestamp.from(endedAt),
                mapAsScalaMapConverter(new TreeMap<>(counts)).asScala(), message,
                errorCode == null ? null : errorCode.name(), errorCode == null ? null : errorCode.type().name());
    }
}
