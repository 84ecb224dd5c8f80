package org.isg.warehouse.jobs;

import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM: local[2], two shuffle partitions, no UI.
 */
public final class SharedSpark
{
    private static SparkSession session;

    private SharedSpark() {}

    public static synchronized SparkSession session()
    {
        if (session == null) {
            System.setProperty("spark.master", "local[2]");
            System.setProperty("spark.sql.shuffle.partitions", "2");
            System.setProperty("spark.ui.enabled", "false");
            System.setProperty("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
            System.setProperty("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
            System.setProperty("spark.sql.session.timeZone", "UTC");
            System.setProperty("spark.sql.legacy.timeParserPolicy", "CORRECTED");
            System.setProperty("spark.sql.ansi.enabled", "false");
            System.setProperty("spark.databricks.delta.snapshotPartitions", "2");
            session = SparkSessions.getOrCreate("isg-tests");
        }
        return session;
    }
}
