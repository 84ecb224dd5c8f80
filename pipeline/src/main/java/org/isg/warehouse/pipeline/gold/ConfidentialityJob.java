package org.isg.warehouse.pipeline.gold;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.isg.warehouse.contracts.tables.WarehouseTables;
import org.isg.warehouse.indicators.Indicator;
import org.isg.warehouse.indicators.IndicatorCatalogue;
import org.isg.warehouse.indicators.IndicatorKind;
import org.isg.warehouse.indicators.disclosure.DisclosurePolicy;
import org.isg.warehouse.indicators.disclosure.SmallCellSuppression;
import org.isg.warehouse.pipeline.SparkSchemas;
import org.isg.warehouse.pipeline.Warehouse;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * {@code gold.confidentiality}: the indicator values that exports, evaluator views and the
 * assessment report do not publish ({@link SmallCellSuppression} under {@link DisclosurePolicy}),
 * derived from the whole of {@code gold.indicator_values} every night and rewritten only when it
 * changes. Gold keeps every value: suppression is applied where values leave the warehouse.
 */
public final class ConfidentialityJob
{
    public static final String TABLE = WarehouseTables.CONFIDENTIALITY.name();

    public static final StructType SCHEMA = SparkSchemas.of(WarehouseTables.CONFIDENTIALITY);

    private final Warehouse warehouse;

    public ConfidentialityJob(Warehouse warehouse)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
    }

    /** Derives the suppressed cells from the values and rewrites the table if they changed; returns how many cells are suppressed. */
    public long run(IndicatorCatalogue catalogue, DisclosurePolicy policy, LocalDate cutoffDate, String runId)
    {
        if (!warehouse.exists(Warehouse.GOLD, IndicatorValuesJob.TABLE)) {
            return 0;
        }
        List<SmallCellSuppression.Cell> cells = new ArrayList<>();
        for (Row row : warehouse.read(Warehouse.GOLD, IndicatorValuesJob.TABLE)
                .select("base_code", "indicator_code", "period_type", "period", "numerator", "denominator").collectAsList()) {
            Indicator indicator = catalogue.indicator(row.getString(1)).orElse(null);
            if (indicator == null) {
                continue;
            }
            // a rate's numerators are counts of records of the period: a quarter's is the sum of its months'
            boolean additive = indicator.kind() == IndicatorKind.RATIO;
            cells.add(new SmallCellSuppression.Cell(row.getString(0), row.getString(1), indicator.dataset().tableName(), additive, row.getString(2), row.getString(3),
                    (Double) row.get(4), (Double) row.get(5)));
        }
        Map<SmallCellSuppression.Cell, SmallCellSuppression.Status> suppressed = SmallCellSuppression.suppress(cells, policy);
        Timestamp asOf = IndicatorValuesJob.cutoff(cutoffDate);
        List<Row> rows = new ArrayList<>();
        suppressed.forEach((cell, status) -> rows.add(RowFactory.create(cell.baseCode(), cell.indicatorCode(), cell.periodType(), cell.period(), status.name(),
                policy.minimumCount(), asOf, runId)));
        warehouse.overwriteIfChanged(Warehouse.GOLD, TABLE, warehouse.spark().createDataFrame(rows, SCHEMA), Set.of("as_of", "run_id"));
        return rows.size();
    }
}
