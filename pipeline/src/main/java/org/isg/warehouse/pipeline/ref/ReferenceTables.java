package org.isg.warehouse.pipeline.ref;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.isg.warehouse.contracts.registry.Base;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.contracts.registry.Domain;
import org.isg.warehouse.contracts.tables.WarehouseTables;
import org.isg.warehouse.indicators.Indicator;
import org.isg.warehouse.indicators.IndicatorCatalogue;
import org.isg.warehouse.indicators.quality.DataQualityDimension;
import org.isg.warehouse.pipeline.ScalaCollections;
import org.isg.warehouse.pipeline.SparkSchemas;
import org.isg.warehouse.pipeline.Warehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * {@code ref.bases} (the registry and the datasets each base is expected to deliver, from the
 * versioned data files in {@code contracts}) and {@code ref.indicators} (the indicator catalogue with
 * each definition's hash). Rewritten only when their content changes, so a rerun leaves them as
 * they were. {@code ref.dq_dimensions}: the data-quality report card's dimensions and thresholds.
 */
public final class ReferenceTables
{
    public static final String BASES = WarehouseTables.BASES.name();

    public static final StructType BASES_SCHEMA = SparkSchemas.of(WarehouseTables.BASES);

    public static final String INDICATORS = WarehouseTables.INDICATORS.name();

    public static final StructType INDICATORS_SCHEMA = SparkSchemas.of(WarehouseTables.INDICATORS);

    public static final String DQ_DIMENSIONS = WarehouseTables.DQ_DIMENSIONS.name();

    public static final StructType DQ_DIMENSIONS_SCHEMA = SparkSchemas.of(WarehouseTables.DQ_DIMENSIONS);

    private final Warehouse warehouse;

    public ReferenceTables(Warehouse warehouse)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
    }

    /** Writes {@code ref.indicators} if it is missing or differs from the catalogue; returns whether it wrote. */
    public boolean writeIndicators(IndicatorCatalogue catalogue)
    {
        List<Row> rows = new ArrayList<>();
        for (Indicator indicator : catalogue.indicators()) {
            String measure = indicator.measure().or(indicator::distinct).orElse(null);
            rows.add(RowFactory.create(indicator.code(), indicator.version(), indicator.definitionHash(), indicator.nameZh(), indicator.nameEn(),
                    indicator.level().name(), indicator.dataset().tableName(), indicator.periodBy(), indicator.kind().name(), indicator.population(),
                    indicator.numerator().orElse(null), measure, indicator.unit(), indicator.direction().name(), indicator.minimumN(),
                    indicator.goalposts().scoreZero(), indicator.goalposts().scoreHundred(), indicator.description(), indicator.guideline(), catalogue.version()));
        }
        return writeIfChanged(INDICATORS, warehouse.spark().createDataFrame(rows, INDICATORS_SCHEMA));
    }

    /** Writes {@code ref.bases} if it is missing or differs from the registry; returns whether it wrote. */
    public boolean writeBases(BaseRegistry registry)
    {
        List<Row> rows = new ArrayList<>();
        for (Base base : registry.bases()) {
            List<String> expected = registry.expectedDatasets(base).stream().map(org.isg.warehouse.contracts.dataset.Dataset::tableName).toList();
            rows.add(RowFactory.create(base.code(), base.type().name(), base.cohort(),
                    base.domain().map(Domain::chineseName).orElse(null), base.domain().map(Domain::englishName).orElse(null),
                    base.officialRank(), base.regionOrUnit(), base.applicantUnit(),
                    ScalaCollections.seq(expected), BaseRegistry.VERSION));
        }
        return writeIfChanged(BASES, warehouse.spark().createDataFrame(rows, BASES_SCHEMA));
    }

    /** Writes {@code ref.dq_dimensions}, the report card's dimensions with their thresholds, if it is missing or differs; returns whether it wrote. */
    public boolean writeDataQualityDimensions()
    {
        List<Row> rows = new ArrayList<>();
        for (DataQualityDimension dimension : DataQualityDimension.values()) {
            rows.add(RowFactory.create(dimension.name(), dimension.threshold(), dimension.divergentWhen(), dimension.descriptionZh(), dimension.descriptionEn()));
        }
        return writeIfChanged(DQ_DIMENSIONS, warehouse.spark().createDataFrame(rows, DQ_DIMENSIONS_SCHEMA));
    }

    private boolean writeIfChanged(String table, Dataset<Row> rows)
    {
        // Reference rows say nothing about the run that wrote them: every column is compared
        return warehouse.overwriteIfChanged(Warehouse.REF, table, rows, Set.of());
    }
}
