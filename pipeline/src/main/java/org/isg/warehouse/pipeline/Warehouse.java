package org.isg.warehouse.pipeline;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.isg.warehouse.sql.TableComments;

import java.util.Arrays;
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
    public static final String BRONZE = "bronze";
    public static final String SILVER = "silver";
    public static final String OPS = "ops";
    public static final String REF = "ref";
    public static final String GOLD = "gold";

    private static final TableComments COMMENTS = TableComments.load();

    private final SparkSession spark;
    private final String root;

    public Warehouse(SparkSession spark, String root)
    {
        this.spark = requireNonNull(spark, "spark is null");
        this.root = stripTrailingSlash(requireNonNull(root, "root is null"));
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
     * The rows with the comments of their table's columns ({@code comments.tsv}, the contracts) in
     * the column metadata, so that a write that creates or overwrites the table keeps them: Trino
     * and BI tools show them, and the publish stage has nothing left to write.
     */
    public Dataset<Row> commented(String schema, String table, Dataset<Row> rows)
    {
        Map<String, String> comments = COMMENTS.columns(schema, table);
        if (comments.isEmpty()) {
            return rows;
        }
        Column[] columns = new Column[rows.schema().fields().length];
        int index = 0;
        for (StructField field : rows.schema().fields()) {
            String comment = comments.get(field.name());
            columns[index++] = comment == null
                    ? functions.col(field.name())
                    : functions.col(field.name()).as(field.name(), new MetadataBuilder().withMetadata(field.metadata()).putString("comment", comment).build());
        }
        return rows.select(columns);
    }

    /**
     * Writes rows in place of the rows the predicate selects, in one commit (Delta {@code replaceWhere});
     * the first write creates the table. Repeating it leaves the same table.
     */
    public void replaceWhere(String schema, String table, Dataset<Row> unCommented, String predicate)
    {
        Dataset<Row> rows = commented(schema, table, unCommented);
        if (exists(schema, table)) {
            rows.write().format("delta").mode("overwrite").option("replaceWhere", predicate).save(tablePath(schema, table));
        }
        else {
            rows.write().format("delta").mode("append").save(tablePath(schema, table));
        }
    }

    /**
     * Replaces the table's rows with these, in one commit, unless they equal the stored rows apart
     * from the columns that only say which run wrote them: a rerun leaves no new version behind.
     *
     * @return whether the table was written
     */
    public boolean overwriteIfChanged(String schema, String table, Dataset<Row> unCommented, Set<String> runColumns)
    {
        Dataset<Row> rows = commented(schema, table, unCommented);
        if (exists(schema, table)) {
            Dataset<Row> stored = read(schema, table);
            if (stored.schema().simpleString().equals(rows.schema().simpleString())) {
                Column[] compared = Arrays.stream(rows.columns()).filter(name -> !runColumns.contains(name)).map(functions::col).toArray(Column[]::new);
                Dataset<Row> fresh = rows.select(compared);
                Dataset<Row> old = stored.select(compared);
                if (fresh.exceptAll(old).isEmpty() && old.exceptAll(fresh).isEmpty()) {
                    return false;
                }
            }
        }
        rows.write().format("delta").mode("overwrite").option("overwriteSchema", "true").save(tablePath(schema, table));
        return true;
    }

    /**
     * MERGE: rows matching an existing row by the condition (over {@code t} and {@code s}) replace it,
     * the others are inserted; the first write creates the table.
     */
    public void upsert(String schema, String table, Dataset<Row> unCommented, String matchCondition)
    {
        Dataset<Row> rows = commented(schema, table, unCommented);
        if (!exists(schema, table)) {
            rows.write().format("delta").mode("append").save(tablePath(schema, table));
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
