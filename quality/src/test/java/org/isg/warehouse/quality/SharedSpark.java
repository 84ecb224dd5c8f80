package org.isg.warehouse.quality;

import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of this module's test JVM.
 */
final class SharedSpark
{
    private static SparkSession session;

    private SharedSpark() {}

    static synchronized SparkSession session()
    {
        if (session == null) {
            session = SparkSession.builder().master("local[2]").appName("quality-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
        }
        return session;
    }
}
