package org.isg.warehouse.pipeline;

import org.apache.spark.sql.SparkSession;

import java.util.Locale;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * Whether Spark compiles a stage's queries to Java (whole-stage code generation and generated
 * projections, compiled by Janino) or interprets them. Compiling pays off over many rows; over a
 * small night's few hundred it is the largest single cost (a profile of a 270-row night: a quarter
 * of the CPU samples in Janino), so a stage whose input is below {@link #COMPILED_FROM_ROWS} rows
 * runs interpreted: 13% less CPU for that night, 22% for a test of many small nights
 * (docs/benchmarks.md). The results are the same either way — {@code IndicatorOracleTest} runs
 * compiled, the other tests' small nights interpreted. {@code spark.isg.execution} = {@code compiled}
 * or {@code interpreted} (a Spark setting: {@code --conf}, or {@code -D}) forces one.
 */
public enum QueryExecution
{
    COMPILED("true", "FALLBACK"),
    INTERPRETED("false", "NO_CODEGEN");

    public static final long COMPILED_FROM_ROWS = 50_000;
    public static final String SETTING = "spark.isg.execution";

    private final String wholeStage;
    private final String factoryMode;

    QueryExecution(String wholeStage, String factoryMode)
    {
        this.wholeStage = wholeStage;
        this.factoryMode = factoryMode;
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
