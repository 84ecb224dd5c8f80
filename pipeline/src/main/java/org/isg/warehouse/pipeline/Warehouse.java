package org.isg.warehouse.pipeline;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.isg.warehouse.contracts.errors.IsgException;
import org.isg.warehouse.contracts.errors.StandardErrorCode;
import org.isg.warehouse.contracts.tables.Layer;
import org.isg.warehouse.contracts.tables.TableColumn;
import org.isg.warehouse.contracts.tables.TableDefinition;
import org.isg.warehouse.contracts.tables.WarehouseTables;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Where the warehouse's Delta tables live: {@code <root>/<schema>/<table>}, the layout the Trino
 * catalog {@code isg} mirrors. The root is any Hadoop file-system URI or a local path.
 */
public final class Warehouse
{
    public static final String BRONZE = Layer.BRONZE.schemaName();
    public static final String SILVER = Layer.SILVER.schemaName();
    public static final String OPS = Layer.OPS.schemaName();
    public static final String REF = Layer.REF.schemaName();
    public static final String GOLD = Layer.GOLD.schemaName();

    /** Delta's names of the commits that change no row. */
    private static final List<String> MAINTENANCE_OPERATIONS = List.of("VACUUM START", "VACUUM END", "OPTIMIZE", "SET TBLPROPERTIES", "UNSET TBLPROPERTIES");

    private final SparkSession spark;
    private final String root;

    public Warehouse(SparkSession spark, String root)
    {
        this.spark = requireNonNull(spark, "spark is null");
        this.root = stripTrailingSlash(requireNonNull(root, "root is null"));
        SparkSessions.pinSemantics(spark);
    }

    public SparkSession spark()
    {
        return spark;
    }

    public String root()
    {
        return root;
    }

    /** The root as a local folder, when it is one (a plain path or a file: URI). */
    public Optional<java.nio.file.Path> localPath()
    {
        if (root.startsWith("file:")) {
            return Optional.of(java.nio.file.Path.of(java.net.URI.create(root)));
        }
        return root.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") ? Optional.empty() : Optional.of(java.nio.file.Path.of(root));
    }

    public String tablePath(String schema, String table)
    {
        return root + "/" + schema + "/" + table;
    }

    /** The Delta tables of a schema (folders with a transaction log), by name; local or Hadoop file systems. */
    public List<String> tables(String schema)
    {
        try {
            org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(root + "/" + schema);
            org.apache.hadoop.fs.FileSystem fileSystem = folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fileSystem.exists(folder)) {
                return List.of();
            }
            List<String> tables = new java.util.ArrayList<>();
            for (org.apache.hadoop.fs.FileStatus child : fileSystem.listStatus(folder)) {
                if (child.isDirectory() && fileSystem.exists(new org.apache.hadoop.fs.Path(child.getPath(), "_delta_log"))) {
                    tables.add(child.getPath().getName());
                }
            }
            tables.sort(null);
            return tables;
        }
        catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public boolean exists(String schema, String table)
    {
        return DeltaTable.isDeltaTable(spark, tablePath(schema, table));
    }

    /**
     * The table's current Delta version, from its transaction log in the driver: no Spark job,
     * unlike a query of its history.
     */
    public long version(String schema, String table)
    {
        return snapshot(schema, table).version();
    }

    /**
     * The table's current commit: its version and the time it was written. Together they name the
     * table's content at that commit, which never changes (a table deleted and created again at the
     * same path starts its versions again, at another time).
     */
    public record Commit(long version, long timestampMillis) {}

    public Commit commit(String schema, String table)
    {
        Snapshot snapshot = snapshot(schema, table);
        return new Commit(snapshot.version(), snapshot.timestamp());
    }

    /** A commit that changed rows, and the metadata its writer attached to it ({@code userMetadata}), if any. */
    public record DataCommit(long version, Optional<String> userMetadata)
    {
        public DataCommit
        {
            requireNonNull(userMetadata, "userMetadata is null");
        }
    }

    /**
     * The table's latest commit that is not maintenance (VACUUM, OPTIMIZE, properties), looked for
     * among its last {@code searched} commits; empty when they are all maintenance.
     */
    public Optional<DataCommit> latestDataCommit(String schema, String table, int searched)
    {
        List<Row> commits = table(schema, table).history(searched)
                .where(functions.not(functions.col("operation").isin(MAINTENANCE_OPERATIONS.toArray())))
                .orderBy(functions.desc("version")).select("version", "userMetadata").limit(1).collectAsList();
        if (commits.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DataCommit(commits.get(0).getLong(0), Optional.ofNullable(commits.get(0).getString(1))));
    }

    /** The table's Delta properties, from its transaction log in the driver: no DESCRIBE DETAIL query. */
    public Map<String, String> properties(String schema, String table)
    {
        return scala.collection.JavaConverters.mapAsJavaMap(snapshot(schema, table).metadata().configuration());
    }

    /** The table's latest snapshot, brought up to date from its transaction log. */
    private Snapshot snapshot(String schema, String table)
    {
        return DeltaLog.forTable(spark, tablePath(schema, table)).update(false, scala.Option.empty(), scala.Option.empty());
    }

    /**
     * Whether tables hold what they held at the recorded versions: the same tables, and no commit
     * since but maintenance (VACUUM, OPTIMIZE, properties), which changes no row.
     *
     * @param recorded {@code <schema>.<table>} → its Delta version then
     * @param current {@code <schema>.<table>} → its Delta version now
     */
    public boolean sameData(Map<String, Long> recorded, Map<String, Long> current)
    {
        if (!recorded.keySet().equals(current.keySet())) {
            return false;
        }
        for (Map.Entry<String, Long> table : current.entrySet()) {
            long since = recorded.get(table.getKey());
            if (since == table.getValue()) {
                continue;
            }
            int dot = table.getKey().indexOf('.');
            long dataCommits = table(table.getKey().substring(0, dot), table.getKey().substring(dot + 1)).history()
                    .where(functions.col("version").gt(since).and(functions.not(functions.col("operation").isin(MAINTENANCE_OPERATIONS.toArray()))))
                    .count();
            if (dataCommits > 0) {
                return false;
            }
        }
        return true;
    }

    public Dataset<Row> read(String schema, String table)
    {
        return spark.read().format("delta").load(tablePath(schema, table));
    }

    /** The table as of a Delta version (time travel). */
    public Dataset<Row> read(String schema, String table, long version)
    {
        return spark.read().format("delta").option("versionAsOf", version).load(tablePath(schema, table));
    }

    public DeltaTable table(String schema, String table)
    {
        return DeltaTable.forPath(spark, tablePath(schema, table));
    }

    /**
     * The rows as their table's declaration ({@link WarehouseTables}) says: the same columns in the
     * same order with the same types, each column's comment in its metadata, so that a write that
     * creates or overwrites the table keeps them (Trino and BI tools show them). A frame that
     * differs from the declaration is a defect and is refused before anything is written.
     */
    public Dataset<Row> conformed(String schema, String table, Dataset<Row> rows)
    {
        TableDefinition definition = definition(schema, table);
        StructField[] fields = rows.schema().fields();
        List<String> problems = new ArrayList<>();
        if (!Arrays.stream(fields).map(StructField::name).toList().equals(definition.columnNames())) {
            problems.add("columns %s, declared %s".formatted(Arrays.stream(fields).map(StructField::name).toList(), definition.columnNames()));
        }
        else {
            for (int index = 0; index < fields.length; index++) {
                TableColumn column = definition.columns().get(index);
                if (!SparkSchemas.sameType(fields[index].dataType(), column.type())) {
                    problems.add("%s is %s, declared %s".formatted(column.name(), fields[index].dataType().simpleString(), column.type()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IsgException(StandardErrorCode.TABLE_DECLARATION_MISMATCH, "%s: the rows to write differ from the table's declaration: %s"
                    .formatted(definition.qualifiedName(), String.join("; ", problems)));
        }
        StructType declared = SparkSchemas.of(definition);
        Column[] columns = new Column[fields.length];
        for (int index = 0; index < fields.length; index++) {
            columns[index] = functions.col(fields[index].name()).as(fields[index].name(), declared.fields()[index].metadata());
        }
        return rows.select(columns);
    }

    /** The declaration of a table of this warehouse. */
    public static TableDefinition definition(String schema, String table)
    {
        return WarehouseTables.find(Layer.fromSchemaName(schema), table)
                .orElseThrow(() -> new IsgException(StandardErrorCode.TABLE_DECLARATION_MISMATCH, "%s.%s is not declared in WarehouseTables".formatted(schema, table)));
    }

    /**
     * Writes rows in place of the rows the predicate selects, in one commit (Delta {@code replaceWhere});
     * the first write creates the table. Repeating it leaves the same table.
     */
    public void replaceWhere(String schema, String table, Dataset<Row> unconformed, String predicate)
    {
        Dataset<Row> rows = conformed(schema, table, unconformed);
        if (exists(schema, table)) {
            rows.write().format("delta").mode("overwrite").option("replaceWhere", predicate).save(tablePath(schema, table));
        }
        else {
            create(schema, table, rows);
        }
    }

    /**
     * The first write of a table: its rows, and the Delta properties its declaration asks for (a
     * change feed for silver) in the same commit, so no later commit has to turn them on.
     */
    public void create(String schema, String table, Dataset<Row> unconformed)
    {
        DataFrameWriter<Row> writer = conformed(schema, table, unconformed).write().format("delta").mode("append");
        definition(schema, table).properties().forEach(writer::option);
        writer.save(tablePath(schema, table));
    }

    /**
     * Replaces the table's rows with these, in one commit, unless they equal the stored rows apart
     * from the columns that only say which run wrote them: a rerun leaves no new version behind. For
     * tables built from the driver's own rows (reference tables, scores): both sides are compared in
     * the driver.
     *
     * @return whether the table was written
     */
    public boolean overwriteIfChanged(String schema, String table, Dataset<Row> unconformed, Set<String> runColumns)
    {
        return overwriteIfChanged(schema, table, unconformed, runColumns, Optional.empty());
    }

    /**
     * As {@link #overwriteIfChanged(String, String, Dataset, Set)}, with metadata about the rows
     * committed with them ({@code userMetadata}), so the two are never out of step. Unchanged rows
     * keep the metadata of the commit that wrote them.
     */
    public boolean overwriteIfChanged(String schema, String table, Dataset<Row> unconformed, Set<String> runColumns, Optional<String> userMetadata)
    {
        Dataset<Row> rows = conformed(schema, table, unconformed);
        if (exists(schema, table)) {
            Dataset<Row> stored = read(schema, table);
            if (stored.schema().simpleString().equals(rows.schema().simpleString())) {
                Column[] compared = Arrays.stream(rows.columns()).filter(name -> !runColumns.contains(name)).map(functions::col).toArray(Column[]::new);
                // Small tables of the driver's rows: compared as multisets in the driver, one scan of the stored
                // table instead of two exceptAll jobs with their shuffles
                if (sameRows(rows.select(compared).collectAsList(), stored.select(compared).collectAsList())) {
                    return false;
                }
            }
        }
        DataFrameWriter<Row> writer = rows.write().format("delta").mode("overwrite").option("overwriteSchema", "true");
        userMetadata.ifPresent(metadata -> writer.option("userMetadata", metadata));
        writer.save(tablePath(schema, table));
        return true;
    }

    private static boolean sameRows(List<Row> fresh, List<Row> old)
    {
        if (fresh.size() != old.size()) {
            return false;
        }
        Map<Row, Integer> counts = new HashMap<>();
        fresh.forEach(row -> counts.merge(row, 1, Integer::sum));
        for (Row row : old) {
            Integer count = counts.get(row);
            if (count == null) {
                return false;
            }
            if (count == 1) {
                counts.remove(row);
            }
            else {
                counts.put(row, count - 1);
            }
        }
        return counts.isEmpty();
    }

    /**
     * MERGE: rows matching an existing row by the condition (over {@code t} and {@code s}) replace it,
     * the others are inserted; the first write creates the table.
     */
    public void upsert(String schema, String table, Dataset<Row> unconformed, String matchCondition)
    {
        Dataset<Row> rows = conformed(schema, table, unconformed);
        if (!exists(schema, table)) {
            create(schema, table, rows);
            return;
        }
        table(schema, table).as("t").merge(rows.as("s"), matchCondition)
                .whenMatched().updateAll()
                .whenNotMatched().insertAll()
                .execute();
    }

    /** Deequ's metrics repository, one JSON file per dataset and base. */
    public String qualityMetricsRoot()
    {
        return root + "/_quality/metrics";
    }

    private static String stripTrailingSlash(String path)
    {
        return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    }
}
