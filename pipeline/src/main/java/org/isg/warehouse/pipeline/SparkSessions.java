package org.isg.warehouse.pipeline;

import org.apache.spark.sql.SparkSession;
import org.isg.warehouse.pipeline.storage.InProcessLocalFileSystem;

import java.util.Map;

/**
 * The one place Spark is configured. {@code spark-submit} settings win over these defaults: the
 * builder only fills in what the launcher left unset — except the settings that change what the
 * pipeline computes ({@link #SEMANTICS}), which it pins whatever the cluster configured.
 */
public final class SparkSessions
{
    /**
     * SQL settings the pipeline's results depend on. The session time zone is UTC because every
     * calendar expression converts explicitly between instants and China time (SPEC §3) assuming it;
     * a cluster configured with {@code Asia/Shanghai} would otherwise move a record at 20:00 on
     * October 31st, China time, into November, and shift zone-less timestamps by 8 hours.
     */
    static final Map<String, String> SEMANTICS = Map.of(
            "spark.sql.session.timeZone", "UTC",
            // An unparsable date is a quarantined value, not an exception
            "spark.sql.legacy.timeParserPolicy", "CORRECTED",
            "spark.sql.ansi.enabled", "false");

    /**
     * Delta settings that cut a night's Spark queries without changing a result; a session the tests
     * share takes them too.
     */
    public static final Map<String, String> DELTA_SETTINGS = Map.of(
            // A MERGE first copies its source into the block manager, one more job per MERGE, in case the
            // source could change between MERGE's two passes. Every MERGE here reads rows built in the
            // driver or a deterministic plan over a Delta snapshot pinned when the plan was made, and the
            // run lock keeps other writers out: nothing to protect against
            "spark.databricks.delta.merge.materializeSource", "none",
            // Where the session's, the JVM's or the system's time zone is not UTC, Delta checks the file
            // list it keeps in each commit's checksum by rebuilding the table's state after every commit.
            // On a server running China time that is every commit of every night: 12% more queries
            "spark.databricks.delta.allFilesInCrc.verificationMode.forceOnNonUTC.enabled", "false");

    private SparkSessions() {}

    /** Sets {@link #SEMANTICS} on a session, whatever it was built with; the pipeline does so before every stage. */
    public static void pinSemantics(SparkSession spark)
    {
        SEMANTICS.forEach((key, value) -> spark.conf().set(key, value));
    }

    public static SparkSession getOrCreate(String applicationName)
    {
        SparkSession.Builder builder = SparkSession.builder().appName(applicationName);
        String master = System.getProperty("spark.master", System.getenv().getOrDefault("ISG_SPARK_MASTER", "local[*]"));
        builder.master(master);
        if (master.startsWith("local")) {
            // A local driver serves no one else: its RPC and block manager listen on loopback only
            setDefault(builder, "spark.driver.host", "127.0.0.1");
            setDefault(builder, "spark.driver.bindAddress", "127.0.0.1");
            // Local files without a chmod or readlink process per file (a cluster's executors keep Hadoop's own)
            InProcessLocalFileSystem.SPARK_SETTINGS.forEach((key, value) -> setDefault(builder, key, value));
        }
        setDefault(builder, "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
        setDefault(builder, "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        SEMANTICS.forEach(builder::config);
        setDefault(builder, "spark.sql.shuffle.partitions", System.getenv().getOrDefault("ISG_SHUFFLE_PARTITIONS", "8"));
        setDefault(builder, "spark.ui.enabled", System.getenv().getOrDefault("ISG_SPARK_UI", "false"));
        // A table's log replays in one task: a night's tables are small, and each extra task costs more than it saves
        setDefault(builder, "spark.databricks.delta.snapshotPartitions", "1");
        DELTA_SETTINGS.forEach((key, value) -> setDefault(builder, key, value));
        setDefault(builder, "spark.sql.sources.parallelPartitionDiscovery.parallelism", "2");
        // The caches live for one step (refine's checked rows of one dataset, gold's table before its
        // write) and are read a few times: compressing them cost more CPU than reading them saved
        // (refine at 510k rows: 7% less CPU uncompressed; docs/benchmarks.md)
        setDefault(builder, "spark.sql.inMemoryColumnarStorage.compressed", "false");
        // HotSpot never compiles a method of more than 8,000 bytes of bytecode; Spark's limit for a stage's
        // generated method is 65,535, and a stage between the two ran in the JVM's bytecode interpreter
        // (refine at 5M rows with every rule in generated code: 103 s, 87 s with this limit,
        // where Spark generates code per operator instead; docs/benchmarks.md)
        setDefault(builder, "spark.sql.codegen.hugeMethodLimit", "8000");
        // Until a stage sizes its input (QueryExecution): the ledgers and reference tables read first are small
        QueryExecution.INTERPRETED.settings().forEach((key, value) -> setDefault(builder, key, value));
        SparkSession spark = builder.getOrCreate();
        // an existing session, or a launcher's --conf, may have set them otherwise
        pinSemantics(spark);
        return spark;
    }

    private static void setDefault(SparkSession.Builder builder, String key, String value)
    {
        if (System.getProperty(key) == null) {
            builder.config(key, value);
        }
    }
}
