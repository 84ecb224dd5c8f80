package org.isg.warehouse.cli.benchmark;

import io.delta.tables.DeltaTable;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

/**
 * What one Delta read or write of a tiny table costs in the pipeline's session: the fixed cost a
 * small night pays per table it touches, whatever its rows (docs/benchmarks.md, "Where a tiny
 * night's Spark jobs go"). Each operation runs in a loop on a two-row table of its own; the floor is the
 * cheapest Spark job, run in the same session and the same loop.
 */
public final class DeltaOperationCosts
{
    private static final StructType SCHEMA = new StructType().add("id", DataTypes.StringType).add("value", DataTypes.LongType);
    /** The job description Delta gives the reconstruction of a table version's state. */
    private static final String SNAPSHOT_STATE_JOB = "Compute snapshot for version";

    public enum Operation
    {
        FLOOR("the cheapest Spark job: `range(2)` counted"),
        READ("read the whole table"),
        READ_FILTERED("read with a predicate on a column"),
        APPEND("append two rows"),
        OVERWRITE("overwrite with two rows"),
        REPLACE_WHERE("`replaceWhere` on a column, one row"),
        MERGE("MERGE two rows by key");

        private final String description;

        Operation(String description)
        {
            this.description = description;
        }

        public String description()
        {
            return description;
        }
    }

    public record Cost(Operation operation, double millisecondsEach, double jobsEach, double snapshotStateJobsEach)
    {
        public Cost
        {
            requireNonNull(operation, "operation is null");
        }
    }

    private final SparkSession spark;
    private final Path work;
    private final Consumer<String> progress;
    private final AtomicInteger jobs = new AtomicInteger();
    private final AtomicInteger snapshotStateJobs = new AtomicInteger();

    public DeltaOperationCosts(SparkSession spark, Path work, Consumer<String> progress)
    {
        this.spark = requireNonNull(spark, "spark is null");
        this.work = requireNonNull(work, "work is null");
        this.progress = requireNonNull(progress, "progress is null");
        spark.sparkContext().addSparkListener(new SparkListener()
        {
            @Override
            public void onJobStart(SparkListenerJobStart jobStart)
            {
                jobs.incrementAndGet();
                String description = jobStart.properties() == null ? null : jobStart.properties().getProperty("spark.job.description");
                if (description != null && description.contains(SNAPSHOT_STATE_JOB)) {
                    snapshotStateJobs.incrementAndGet();
                }
            }
        });
    }

    /** Every operation: {@code warmUpRuns} untimed, then {@code runs} timed, in this order. */
    public List<Cost> run(int warmUpRuns, int runs)
            throws InterruptedException
    {
        List<Cost> costs = new ArrayList<>();
        for (Operation operation : Operation.values()) {
            String path = work.resolve(operation.name().toLowerCase(Locale.ROOT)).toAbsolutePath().toString();
            rows(0).write().format("delta").mode("overwrite").save(path);
            for (int run = 0; run < warmUpRuns; run++) {
                perform(operation, path, run);
            }
            settledJobCounts();
            int jobsBefore = jobs.get();
            int snapshotStateJobsBefore = snapshotStateJobs.get();
            long started = System.nanoTime();
            for (int run = 0; run < runs; run++) {
                perform(operation, path, warmUpRuns + run);
            }
            double milliseconds = (System.nanoTime() - started) / 1e6 / runs;
            settledJobCounts();
            Cost cost = new Cost(operation, milliseconds, (double) (jobs.get() - jobsBefore) / runs, (double) (snapshotStateJobs.get() - snapshotStateJobsBefore) / runs);
            progress.accept("delta costs: %s %.0f ms, %.1f jobs each".formatted(operation, cost.millisecondsEach(), cost.jobsEach()));
            costs.add(cost);
        }
        return costs;
    }

    private void perform(Operation operation, String path, int run)
    {
        switch (operation) {
            case FLOOR -> spark.range(0, 2, 1, 1).count();
            case READ -> spark.read().format("delta").load(path).collectAsList();
            case READ_FILTERED -> spark.read().format("delta").load(path).where(col("id").equalTo("b")).collectAsList();
            case APPEND -> rows(run).coalesce(1).write().format("delta").mode("append").save(path);
            case OVERWRITE -> rows(run).coalesce(1).write().format("delta").mode("overwrite").save(path);
            case REPLACE_WHERE -> rows(run).where(col("id").equalTo("b")).coalesce(1).write().format("delta").mode("overwrite").option("replaceWhere", "id = 'b'").save(path);
            case MERGE -> DeltaTable.forPath(spark, path).as("t").merge(rows(run).as("s"), "t.id = s.id")
                    .whenMatched().updateAll()
                    .whenNotMatched().insertAll()
                    .execute();
        }
    }

    private Dataset<Row> rows(int run)
    {
        return spark.createDataFrame(List.of(RowFactory.create("a" + run, (long) run), RowFactory.create("b", (long) run)), SCHEMA);
    }

    /** Job events reach listeners asynchronously: wait until no new job has been counted for a moment. */
    private void settledJobCounts()
            throws InterruptedException
    {
        int seen;
        do {
            seen = jobs.get();
            Thread.sleep(300);
        }
        while (jobs.get() != seen);
    }

    public static void appendToReport(Path report, List<Cost> costs, int warmUpRuns, int runs)
            throws IOException
    {
        double floor = costs.stream().filter(cost -> cost.operation() == Operation.FLOOR).findFirst().orElseThrow().millisecondsEach();
        StringBuilder text = new StringBuilder();
        text.append("\n## Delta operations on a two-row table (%s)\n\n".formatted(LocalDateTime.now(ZoneId.of("Asia/Shanghai")).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))));
        text.append(("Machine: %d cores, Java %s; Spark 3.5.7 `local[*]` and Delta 3.3.3 with the pipeline's session settings (`SparkSessions`). "
                + "Each operation %d times untimed, then %d timed, on a table of its own; the floor is the cheapest Spark job in the same session. "
                + "Command: `./isg benchmark-delta --runs %d`.%n%n").formatted(Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), warmUpRuns, runs, runs));
        text.append("| operation | ms each | × the floor | Spark jobs each | of which a version's state |\n|---|---|---|---|---|\n");
        for (Cost cost : costs) {
            text.append("| %s | %.0f | %.1f× | %.1f | %.1f |%n".formatted(cost.operation().description(), cost.millisecondsEach(), cost.millisecondsEach() / floor,
                    cost.jobsEach(), cost.snapshotStateJobsEach()));
        }
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, text.toString(), UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
