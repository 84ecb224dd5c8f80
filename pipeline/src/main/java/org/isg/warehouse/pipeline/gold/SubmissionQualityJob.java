package org.isg.warehouse.pipeline.gold;

import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.contracts.tables.WarehouseTables;
import org.isg.warehouse.pipeline.SparkSchemas;
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
    public static final String TABLE = WarehouseTables.SUBMISSION_QUALITY.name();

    public static final StructType SCHEMA = SparkSchemas.of(WarehouseTables.SUBMISSION_QUALITY);

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
