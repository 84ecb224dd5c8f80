package org.isg.warehouse.jobs.ref;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.isg.warehouse.contracts.registry.Base;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.contracts.registry.Domain;
import org.isg.warehouse.jobs.Warehouse;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * {@code ref.bases}: the registry and the datasets each base is expected to deliver, from the
 * versioned data files in {@code contracts}. Rewritten only when its content changes, so a rerun
 * leaves the table as it was.
 */
public final class ReferenceTables
{
    public static final String BASES = "bases";

    public static final StructType BASES_SCHEMA = new StructType()
            .add("base_code", DataTypes.StringType, false)
            .add("base_type", DataTypes.StringType, false)
            .add("cohort", DataTypes.StringType, false)
            .add("domain_name_zh", DataTypes.StringType, true)
            .add("domain_name_en", DataTypes.StringType, true)
            .add("official_rank", DataTypes.IntegerType, false)
            .add("region_or_unit", DataTypes.StringType, false)
            .add("applicant_unit", DataTypes.StringType, false)
            .add("expected_datasets", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("registry_version", DataTypes.StringType, false);

    private final Warehouse warehouse;

    public ReferenceTables(Warehouse warehouse)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
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
                    scala.collection.JavaConverters.asScalaBufferConverter(expected).asScala().toSeq(), BaseRegistry.VERSION));
        }
        Dataset<Row> bases = warehouse.spark().createDataFrame(rows, BASES_SCHEMA);
        if (warehouse.exists(Warehouse.REF, BASES)) {
            Dataset<Row> current = warehouse.read(Warehouse.REF, BASES);
            if (current.count() == rows.size() && bases.exceptAll(current).isEmpty()) {
                return false;
            }
        }
        bases.write().format("delta").mode("overwrite").option("overwriteSchema", "true").save(warehouse.tablePath(Warehouse.REF, BASES));
        return true;
    }
}
