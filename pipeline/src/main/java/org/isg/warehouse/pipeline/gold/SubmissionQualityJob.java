package org.isg.warehouse.pipeline.gold;

import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.pipeline.ops.DeliveryLedger;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Writes {@link SubmissionQuality} to {@code gold.submission_quality}, replacing the table in one commit.
 */
public final class SubmissionQualityJob
{
    public static final String TABLE = "submission_quality";

    public static final StructType SCHEMA = new StructType()
            .add("base_code", DataTypes.StringType, false)
            .add("cohort", DataTypes.StringType, false)
            .add("dataset", DataTypes.StringType, false)
            .add("month", DataTypes.StringType, false)
            .add("days_in_period", DataTypes.IntegerType, false)
            .add("days_reported", DataTypes.IntegerType, false)
            .add("reporting_rate", DataTypes.DoubleType, false)
            .add("days_on_time", DataTypes.IntegerType, false)
            .add("on_time_rate", DataTypes.DoubleType, false)
            .add("rows_received", DataTypes.LongType, false)
            .add("rows_accepted", DataTypes.LongType, false)
            .add("valid_row_rate", DataTypes.DoubleType, true)
            .add("as_of", DataTypes.TimestampType, false)
            .add("run_id", DataTypes.StringType, false);

    private final Warehouse warehouse;
    private final BaseRegistry registry;

    public SubmissionQualityJob(Warehouse warehouse, BaseRegistry registry)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.registry = requireNonNull(registry, "registry is null");
    }

    public long run(LocalDate cutoffDate, String runId)
    {
        Timestamp asOf = IndicatorValuesJob.cutoff(cutoffDate);
        List<org.apache.spark.sql.Row> rows = new ArrayList<>();
        for (SubmissionQuality.Row row : SubmissionQuality.compute(registry, new DeliveryLedger(warehouse).entries(), cutoffDate)) {
            rows.add(RowFactory.create(row.baseCode(), row.cohort(), row.dataset(), row.month(), row.daysInPeriod(), row.daysReported(), row.reportingRate(),
                    row.daysOnTime(), row.onTimeRate(), row.rowsReceived(), row.rowsAccepted(),
                    row.validRowRate().isPresent() ? row.validRowRate().getAsDouble() : null, asOf, runId));
        }
        warehouse.overwriteIfChanged(Warehouse.GOLD, TABLE, warehouse.spark().createDataFrame(rows, SCHEMA), Set.of("run_id"));
        return rows.size();
    }
}
