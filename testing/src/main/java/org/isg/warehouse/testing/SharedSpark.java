package org.isg.warehouse.testing;

import org.apache.spark.sql.SparkSession;

import java.util.List;
import java.util.Map;

/**
 * The one SparkSession of a test JVM, for every module's tests: local[2], two shuffle partitions,
 * no UI, and the session settings the pipeline's {@code SparkSessions} gives production (Delta,
 * UTC session time zone, the corrected date parser, ANSI off). They are set as system properties,
 * so a session the code under test asks for later is this one, with the same settings.
 */
public final class SharedSpark
{
    /** Maps of Spark settings the pipeline declares: read by reflection, the pipeline depends on this module and not the reverse. */
    private static final List<DeclaredSettings> PIPELINE_SETTINGS = List.of(
            new DeclaredSettings("org.isg.warehouse.pipeline.storage.InProcessLocalFileSystem", "SPARK_SETTINGS"),
            new DeclaredSettings("org.isg.warehouse.pipeline.SparkSessions", "DELTA_SETTINGS"));

    private record DeclaredSettings(String className, String field) {}

    private static SparkSession session;

    private SharedSpark() {}

    public static synchronized SparkSession session()
    {
        if (session == null) {
            System.setProperty("spark.master", "local[2]");
            System.setProperty("spark.driver.host", "127.0.0.1");
            System.setProperty("spark.driver.bindAddress", "127.0.0.1");
            System.setProperty("spark.sql.shuffle.partitions", "2");
            System.setProperty("spark.ui.enabled", "false");
            System.setProperty("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
            System.setProperty("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
            System.setProperty("spark.sql.session.timeZone", "UTC");
            System.setProperty("spark.sql.legacy.timeParserPolicy", "CORRECTED");
            System.setProperty("spark.sql.ansi.enabled", "false");
            System.setProperty("spark.databricks.delta.snapshotPartitions", "1");
            // Tiny fixtures: adaptive execution re-plans every stage and adds a job per shuffle, for nothing to coalesce
            System.setProperty("spark.sql.adaptive.enabled", "false");
            // Interpreted, as the pipeline runs a stage of a small night (QueryExecution): compiling costs more than it saves here
            System.setProperty("spark.sql.codegen.wholeStage", "false");
            System.setProperty("spark.sql.codegen.factoryMode", "NO_CODEGEN");
            System.setProperty("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2");
            usePipelineSettings();
            session = SparkSession.builder().appName("isg-tests").getOrCreate();
        }
        return session;
    }

    /**
     * What SparkSessions gives production, when the module under test has the pipeline on its class
     * path: its local file system (no process per file, {@code InProcessLocalFileSystem.SPARK_SETTINGS})
     * and its Delta settings ({@code SparkSessions.DELTA_SETTINGS}).
     */
    private static void usePipelineSettings()
    {
        for (DeclaredSettings settings : PIPELINE_SETTINGS) {
            Class<?> declaring;
            try {
                declaring = Class.forName(settings.className(), true, SharedSpark.class.getClassLoader());
            }
            catch (ClassNotFoundException e) {
                return;
            }
            try {
                ((Map<?, ?>) declaring.getField(settings.field()).get(null)).forEach((key, value) -> System.setProperty((String) key, (String) value));
            }
            catch (ReflectiveOperationException e) {
                throw new IllegalStateException(settings.className() + " no longer declares " + settings.field(), e);
            }
        }
    }
}
