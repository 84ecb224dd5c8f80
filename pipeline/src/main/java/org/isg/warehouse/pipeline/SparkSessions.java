package org.isg.warehouse.pipeline;

import org.apache.spark.sql.SparkSession;

/**
 * The one place Spark is configured. {@code spark-submit} settings win over these defaults: the
 * builder only fills in what the launcher left unset.
 */
public final class SparkSessions
{
    private SparkSessions() {}

    public static SparkSession getOrCreate(String applicationName)
    {
        SparkSession.Builder builder = SparkSession.builder().appName(applicationName);
        String master = System.getProperty("spark.master", System.getenv().getOrDefault("ISG_SPARK_MASTER", "local[*]"));
        builder.master(master);
        if (master.startsWith("local")) {
            // A local driver serves no one else: its RPC and block manager listen on loopback only
            setDefault(builder, "spark.driver.host", "127.0.0.1");
            setDefault(builder, "spark.driver.bindAddress", "127.0.0.1");
        }
        setDefault(builder, "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
        setDefault(builder, "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        // Instants are stored in UTC; China local time is converted explicitly where a contract says so
        setDefault(builder, "spark.sql.session.timeZone", "UTC");
        // An unparsable date is a quarantined value, not an exception
        setDefault(builder, "spark.sql.legacy.timeParserPolicy", "CORRECTED");
        setDefault(builder, "spark.sql.ansi.enabled", "false");
        setDefault(builder, "spark.sql.shuffle.partitions", System.getenv().getOrDefault("ISG_SHUFFLE_PARTITIONS", "8"));
        setDefault(builder, "spark.ui.enabled", System.getenv().getOrDefault("ISG_SPARK_UI", "false"));
        // A table's log replays in one task: a night's tables are small, and each extra task costs more than it saves
        setDefault(builder, "spark.databricks.delta.snapshotPartitions", "1");
        setDefault(builder, "spark.sql.sources.parallelPartitionDiscovery.parallelism", "2");
        return builder.getOrCreate();
    }

    private static void setDefault(SparkSession.Builder builder, String key, String value)
    {
        if (System.getProperty(key) == null) {
            builder.config(key, value);
        }
    }
}
