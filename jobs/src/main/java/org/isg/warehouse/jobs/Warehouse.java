package org.isg.warehouse.jobs;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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
     * Writes rows in place of the rows the predicate selects, in one commit (Delta {@code replaceWhere});
     * the first write creates the table. Repeating it leaves the same table.
     */
    public void replaceWhere(String schema, String table, Dataset<Row> rows, String predicate)
    {
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
    public boolean overwriteIfChanged(String schema, String table, Dataset<Row> rows, Set<String> runColumns)
    {
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
    public void upsert(String schema, String table, Dataset<Row> rows, String matchCondition)
    {
        if (!exists(schema, table)) {
            rows.write().format("delta").mode("append").save(tablePath(schema, table));
            return;
        }
        table(schema, table).as("t").merge(rows.as("s"), matchCondition)
                .whenMatched().updateAll()
                .whenNotMatched().insertAll()
                .execute();
    }

    /** A SQL predicate {@code column IN ('a', 'b')} with the values quoted as string literals. */
    public static String inList(String column, List<String> values)
    {
        return column + " IN (" + values.stream().map(value -> "'" + value.replace("'", "''") + "'").collect(Collectors.joining(", ")) + ")";
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
