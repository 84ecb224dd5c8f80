package org.isg.warehouse.pipeline;

import org.apache.spark.sql.SparkSession;

import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * How Spark runs a stage's queries: compiled to Java (whole-stage code generation and generated
 * projections, compiled by Janino) and re-planned at each shuffle (adaptive query execution), as
 * Spark does by default, or interpreted and planned once. Compiling and re-planning pay off over
 * many rows; over a small night's few hundred they are the largest costs (a profile of a 270-row
 * night: a quarter of the CPU samples in Janino), so a stage whose input is below
 * {@link #COMPILED_FROM_ROWS} rows runs interpreted and planned once, and so does everything before
 * a stage sets its mode (the session starts that way, {@code SparkSessions}). Measured on 2 cores
 * (docs/benchmarks.md, "Where compiling starts to pay"): a 510k-row night's stages took 15% less
 * interpreted; at 2M rows compiled took 8% less, the gold stage most, refine about the same. The
 * results are the same either way:
 * {@code IndicatorOracleTest} runs compiled, the other tests' small nights interpreted.
 * {@code spark.isg.execution} = {@code compiled} or {@code interpreted} (a Spark setting:
 * {@code --conf}, or {@code -D}) forces one.
 */
public enum QueryExecution
{
    COMPILED("true", "FALLBACK", "true"),
    INTERPRETED("false", "NO_CODEGEN", "false");

    public static final long COMPILED_FROM_ROWS = 1_000_000;
    public static final String SETTING = "spark.isg.execution";

    private final String wholeStage;
    private final String factoryMode;
    private final String adaptive;

    QueryExecution(String wholeStage, String factoryMode, String adaptive)
    {
        this.wholeStage = wholeStage;
        this.factoryMode = factoryMode;
        this.adaptive = adaptive;
    }

    /** The forced mode if {@link #SETTING} names one, else by the stage's input rows. */
    public static QueryExecution forRows(SparkSession spark, long inputRows)
    {
        String forced = spark.conf().getOption(SETTING).getOrElse(() -> "").trim().toUpperCase(Locale.ROOT);
        if (!forced.isEmpty()) {
            try {
                return valueOf(forced);
            }
            catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("%s must be compiled or interpreted".formatted(SETTING), e);
            }
        }
        return inputRows >= COMPILED_FROM_ROWS ? COMPILED : INTERPRETED;
    }

    /** Sets the session so that the queries that follow run this way. */
    public void applyTo(SparkSession spark)
    {
        spark.conf().set("spark.sql.codegen.wholeStage", wholeStage);
        spark.conf().set("spark.sql.codegen.factoryMode", factoryMode);
        spark.conf().set("spark.sql.adaptive.enabled", adaptive);
    }

    /** The settings of this mode, for a session's defaults. */
    public Map<String, String> settings()
    {
        return Map.of("spark.sql.codegen.wholeStage", wholeStage, "spark.sql.codegen.factoryMode", factoryMode, "spark.sql.adaptive.enabled", adaptive);
    }

    /** Sets the session by {@link #forRows} for a stage, and says so. */
    public static QueryExecution apply(SparkSession spark, String stage, long inputRows, Consumer<String> progress)
    {
        requireNonNull(progress, "progress is null");
        QueryExecution mode = forRows(spark, inputRows);
        mode.applyTo(spark);
        progress.accept("%s: queries %s (%,d input rows; compiled from %,d)".formatted(stage, mode.name().toLowerCase(Locale.ROOT), inputRows, COMPILED_FROM_ROWS));
        return mode;
    }
}
