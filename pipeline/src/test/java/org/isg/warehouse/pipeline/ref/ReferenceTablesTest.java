package org.isg.warehouse.pipeline.ref;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ReferenceTablesTest
{
    @TempDir
    Path directory;

    @Test
    void theRegistryIsRewrittenOnlyWhenTheStoredRowsDifferAsAMultiset()
    {
        Warehouse warehouse = new Warehouse(SharedSpark.session(), directory.resolve("warehouse").toString());
        ReferenceTables reference = new ReferenceTables(warehouse);
        BaseRegistry registry = BaseRegistry.load();

        assertThat(reference.writeBases(registry)).isTrue();
        long written = version(warehouse);
        assertThat(reference.writeBases(registry)).isFalse();
        assertThat(version(warehouse)).isEqualTo(written);

        // One row missing: rewritten
        warehouse.table(Warehouse.REF, "bases").delete("base_code = 'C02'");
        assertThat(reference.writeBases(registry)).isTrue();
        assertThat(warehouse.read(Warehouse.REF, "bases").count()).isEqualTo(92);

        // As many rows as the registry, but C01 twice and no C02: rewritten
        Dataset<Row> stored = warehouse.read(Warehouse.REF, "bases").localCheckpoint();
        stored.where("base_code <> 'C02'").unionByName(stored.where("base_code = 'C01'"))
                .write().format("delta").mode("overwrite").save(warehouse.tablePath(Warehouse.REF, "bases"));
        assertThat(warehouse.read(Warehouse.REF, "bases").count()).isEqualTo(92);
        assertThat(warehouse.read(Warehouse.REF, "bases").where("base_code = 'C02'").count()).isZero();
        assertThat(reference.writeBases(registry)).isTrue();
        assertThat(warehouse.read(Warehouse.REF, "bases").where("base_code = 'C02'").count()).isEqualTo(1);
        assertThat(reference.writeBases(registry)).isFalse();
    }

    private static long version(Warehouse warehouse)
    {
        return warehouse.table(Warehouse.REF, "bases").history(1).first().getLong(0);
    }
}
