package org.isg.warehouse.pipeline;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.isg.warehouse.contracts.errors.IsgException;
import org.isg.warehouse.contracts.errors.StandardErrorCode;
import org.isg.warehouse.contracts.tables.Layer;
import org.isg.warehouse.contracts.tables.TableDefinition;
import org.isg.warehouse.contracts.tables.WarehouseTables;
import org.isg.warehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every write goes through its table's one declaration. */
class WarehouseTablesTest
{
    @Test
    void aWriteTakesTheDeclaredCommentsIntoTheTable(@TempDir Path directory)
    {
        Warehouse warehouse = new Warehouse(SharedSpark.session(), directory.toString());
        // a frame built without comments, as the jobs build theirs
        StructType uncommented = new StructType(java.util.Arrays.stream(SparkSchemas.of(WarehouseTables.RUNS).fields())
                .map(field -> new StructField(field.name(), field.dataType(), field.nullable(), org.apache.spark.sql.types.Metadata.empty())).toArray(StructField[]::new));
        warehouse.upsert(Warehouse.OPS, "runs", SharedSpark.session().createDataFrame(List.of(runRow()), uncommented), "t.run_id = s.run_id");

        StructField errorCode = warehouse.read(Warehouse.OPS, "runs").schema().apply("error_code");
        assertThat(errorCode.metadata().getString("comment"))
                .isEqualTo("错误代码 / Error code of a failed stage, e.g. PSEUDONYM_KEY_MISSING (docs/operations.md lists them)");
    }

    @Test
    void aFrameThatDiffersFromTheDeclarationIsRefusedBeforeAnythingIsWritten(@TempDir Path directory)
    {
        Warehouse warehouse = new Warehouse(SharedSpark.session(), directory.toString());
        StructType runsWithoutErrorType = new StructType(java.util.Arrays.stream(SparkSchemas.of(WarehouseTables.RUNS).fields())
                .filter(field -> !field.name().equals("error_type")).toArray(StructField[]::new));
        Row row = RowFactory.create(java.util.Arrays.copyOf(rowValues(), rowValues().length - 1));

        assertThatThrownBy(() -> warehouse.upsert(Warehouse.OPS, "runs", SharedSpark.session().createDataFrame(List.of(row), runsWithoutErrorType), "t.run_id = s.run_id"))
                .isInstanceOfSatisfying(IsgException.class, e -> assertThat(e.errorCode()).isEqualTo(StandardErrorCode.TABLE_DECLARATION_MISMATCH.toErrorCode()))
                .hasMessageStartingWith("ops.runs: the rows to write differ from the table's declaration: columns [run_id, run_date, stage, status, started_at, ended_at, "
                        + "counts, message, error_code], declared [run_id, run_date, stage, status, started_at, ended_at, counts, message, error_code, error_type]");
        assertThat(warehouse.exists(Warehouse.OPS, "runs")).isFalse();

        StructType typedWrongly = new StructType(java.util.Arrays.stream(SparkSchemas.of(WarehouseTables.RUNS).fields())
                .map(field -> field.name().equals("stage") ? new StructField("stage", DataTypes.IntegerType, true, field.metadata()) : field).toArray(StructField[]::new));
        Object[] values = rowValues();
        values[2] = 1;
        assertThatThrownBy(() -> warehouse.upsert(Warehouse.OPS, "runs", SharedSpark.session().createDataFrame(List.of(RowFactory.create(values)), typedWrongly), "t.run_id = s.run_id"))
                .hasMessage("ops.runs: the rows to write differ from the table's declaration: stage is int, declared STRING");
    }

    @Test
    void everyLayerTableIsDeclaredOnceWithAUniqueName()
    {
        List<TableDefinition> tables = WarehouseTables.all();
        assertThat(tables).extracting(TableDefinition::qualifiedName).doesNotHaveDuplicates();
        // bronze and silver hold each of the six datasets; silver also the quarantine
        assertThat(tables.stream().filter(table -> table.layer() == Layer.BRONZE)).hasSize(6);
        assertThat(tables.stream().filter(table -> table.layer() == Layer.SILVER)).hasSize(7);
        assertThat(tables.stream().filter(table -> table.layer() == Layer.GOLD)).extracting(TableDefinition::name)
                .containsExactly("indicator_values", "base_scores", "submission_quality", "dq_report_card", "confidentiality", "experiment_panel", "experiment_effects", "revisions");
        assertThat(tables.stream().filter(table -> table.layer() == Layer.REF)).extracting(TableDefinition::name).containsExactly("bases", "indicators", "dq_dimensions");
        assertThat(WarehouseTables.silver(org.isg.warehouse.contracts.dataset.Dataset.THREE_ASSETS_LEDGER).column("amount_yuan").orElseThrow().type())
                .isEqualTo(org.isg.warehouse.contracts.tables.ValueType.DECIMAL);
    }

    private static Row runRow()
    {
        return RowFactory.create(rowValues());
    }

    private static Object[] rowValues()
    {
        return new Object[] {"run-1", Date.valueOf("2026-11-23"), "ingest", "FAILED", Timestamp.valueOf("2026-11-24 02:00:00"), null, null, "no key", "PSEUDONYM_KEY_MISSING",
                "USER_ERROR"};
    }
}
