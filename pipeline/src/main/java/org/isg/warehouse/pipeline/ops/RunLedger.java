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
import org.isg.warehouse.pipeline.ScalaCollections;
import org.isg.warehouse.pipeline.SparkSchemas;
import org.isg.warehouse.pipeline.Stage;
import org.isg.warehouse.pipeline.Warehouse;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * {@code ops.runs}: one row per pipeline run and stage. A stage row is written RUNNING when the
 * stage starts and updated to SUCCEEDED or FAILED when it ends; a row left RUNNING by a process that
 * died is marked ABANDONED by the next stage that starts, in the commit that records that stage
 * (runs of one warehouse never overlap: {@link RunLock}). A failed stage keeps its {@code error_code} and {@code error_type}.
 * <p>
 * An instance belongs to the holder of the run lock, the table's only writer: it reads the table
 * once and keeps its rows, so each later write is one commit without a read. A stage that starts
 * with nothing to replace or abandon is a blind append, the cheapest Delta commit; a night run in
 * one process records a stage's end and the next one's start in one commit ({@link #finishedAndStarted}).
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
    /** The table's rows as this instance last wrote or read them; null until read. */
    private List<Row> rows;
    /** Whether the stored table has the declared columns: an older table is rewritten, never appended to. */
    private boolean storedAsDeclared;

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
        write(List.of(row(runId, runDate, stage, "RUNNING", at, null, Map.of(), null, null)));
    }

    public void finished(String runId, LocalDate runDate, Stage stage, Instant startedAt, Instant endedAt, Map<String, Long> counts)
    {
        write(List.of(row(runId, runDate, stage, "SUCCEEDED", startedAt, endedAt, counts, null, null)));
    }

    /** A stage's end and the next stage's start, in one commit: what a night run in one process writes between its stages. */
    public void finishedAndStarted(String runId, LocalDate runDate, Stage finished, Instant startedAt, Instant endedAt, Map<String, Long> counts, Stage next)
    {
        write(List.of(
                row(runId, runDate, finished, "SUCCEEDED", startedAt, endedAt, counts, null, null),
                row(runId, runDate, next, "RUNNING", endedAt, null, Map.of(), null, null)));
    }

    /** Records the failure's code and type and a message that is ours, never delivered content ({@link Failures}). */
    public void failed(String runId, LocalDate runDate, Stage stage, Instant startedAt, Instant endedAt, Throwable failure)
    {
        write(List.of(row(runId, runDate, stage, "FAILED", startedAt, endedAt, Map.of(), Failures.safeMessage(failure), Failures.errorCode(failure))));
    }

    /**
     * Replaces the written stages' rows, marks rows left RUNNING by a dead process ABANDONED when a
     * stage starts, and commits once. The ledger is small (four rows a night): a rewrite costs less
     * than a MERGE. A table written before error codes were recorded gains the two columns, empty for
     * its old rows.
     */
    private void write(List<Row> written)
    {
        List<Row> stored = rows != null ? rows : stored();
        boolean starting = written.stream().anyMatch(row -> "RUNNING".equals(row.getString(STATUS)));
        List<Row> kept = new ArrayList<>();
        boolean changed = false;
        for (Row row : stored) {
            if (written.stream().anyMatch(update -> sameStage(update, row))) {
                changed = true;
                continue;
            }
            boolean abandon = starting && "RUNNING".equals(row.getString(STATUS));
            kept.add(abandon ? abandoned(row) : row);
            changed |= abandon;
        }
        List<Row> all = new ArrayList<>(kept);
        all.addAll(written);
        rows = null;
        String path = warehouse.tablePath(Warehouse.OPS, TABLE);
        if (!changed && storedAsDeclared) {
            warehouse.conformed(Warehouse.OPS, TABLE, warehouse.spark().createDataFrame(written, SCHEMA)).coalesce(1).write().format("delta").mode("append").save(path);
        }
        else {
            Dataset<Row> table = warehouse.conformed(Warehouse.OPS, TABLE, warehouse.spark().createDataFrame(all, SCHEMA)).coalesce(1);
            table.write().format("delta").mode("overwrite").option("overwriteSchema", "true").save(path);
        }
        // Kept only once committed: after a failed write the next one reads the table again
        rows = all;
        storedAsDeclared = true;
    }

    private static boolean sameStage(Row first, Row second)
    {
        return first.getString(RUN_ID).equals(second.getString(RUN_ID)) && first.getString(STAGE).equals(second.getString(STAGE));
    }

    /** The stored rows in the declared columns; a column the stored table lacks reads as null. */
    private List<Row> stored()
    {
        if (!warehouse.exists(Warehouse.OPS, TABLE)) {
            storedAsDeclared = false;
            return List.of();
        }
        Dataset<Row> stored = warehouse.read(Warehouse.OPS, TABLE);
        Set<String> present = Set.of(stored.columns());
        List<Column> columns = new ArrayList<>();
        for (StructField field : SCHEMA.fields()) {
            columns.add(present.contains(field.name()) ? col(field.name()) : lit(null).cast(field.dataType()).as(field.name()));
        }
        storedAsDeclared = Arrays.equals(stored.columns(), SCHEMA.fieldNames());
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
                ScalaCollections.map(new TreeMap<>(counts)), message,
                errorCode == null ? null : errorCode.name(), errorCode == null ? null : errorCode.type().name());
    }
}
