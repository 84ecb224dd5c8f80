package org.isg.warehouse.pipeline.ops;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
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
 * one at a time).
 */
public final class RunLedger
{
    public static final String TABLE = "runs";

    public static final StructType SCHEMA = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("run_date", DataTypes.DateType, false)
            .add("stage", DataTypes.StringType, false)
            .add("status", DataTypes.StringType, false)
            .add("started_at", DataTypes.TimestampType, false)
            .add("ended_at", DataTypes.TimestampType, true)
            .add("counts", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), true)
            .add("message", DataTypes.StringType, true);

    private final Warehouse warehouse;

    public RunLedger(Warehouse warehouse)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
    }

    public void abandonUnfinished()
    {
        if (warehouse.exists(Warehouse.OPS, TABLE)) {
            warehouse.table(Warehouse.OPS, TABLE).updateExpr("status = 'RUNNING'", Map.of(
                    "status", "'ABANDONED'",
                    "message", "'the process ended before the stage finished; the next run redid its work'"));
        }
    }

    public void started(String runId, LocalDate runDate, Stage stage, Instant at)
    {
        write(runId, runDate, stage, "RUNNING", at, null, Map.of(), null);
    }

    public void finished(String runId, LocalDate runDate, Stage stage, Instant startedAt, Instant endedAt, Map<String, Long> counts)
    {
        write(runId, runDate, stage, "SUCCEEDED", startedAt, endedAt, counts, null);
    }

    public void failed(String runId, LocalDate runDate, Stage stage, Instant startedAt, Instant endedAt, String message)
    {
        write(runId, runDate, stage, "FAILED", startedAt, endedAt, Map.of(), message);
    }

    private void write(String runId, LocalDate runDate, Stage stage, String status, Instant startedAt, Instant endedAt, Map<String, Long> counts, String message)
    {
        Row row = RowFactory.create(runId, Date.valueOf(runDate), stage.taskName(), status, Timestamp.from(startedAt),
                endedAt == null ? null : Timestamp.from(endedAt),
                mapAsScalaMapConverter(new TreeMap<>(counts)).asScala(), message);
        warehouse.upsert(Warehouse.OPS, TABLE, warehouse.spark().createDataFrame(List.of(row), SCHEMA), "t.run_id = s.run_id AND t.stage = s.stage");
    }
}
