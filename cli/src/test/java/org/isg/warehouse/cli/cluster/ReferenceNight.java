package org.isg.warehouse.cli.cluster;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.isg.warehouse.contracts.files.Folders;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.generator.ExportGenerator;
import org.isg.warehouse.generator.GenerateOptions;
import org.isg.warehouse.orchestration.airflow.NightlyDag;
import org.isg.warehouse.pipeline.NightlyRun;
import org.isg.warehouse.pipeline.Stage;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.pipeline.privacy.Pseudonymizer;
import org.isg.warehouse.testing.SharedSpark;
import org.isg.warehouse.testing.TestKeys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One night of three bases (with defects) run in local mode in the test JVM, stage by stage: the
 * reference the integration tests compare a cluster's and Airflow's gold tables with. Built once
 * per test JVM. The night is the one Airflow's scheduler runs next when the DAG is unpaused (the
 * China day before the most recent 02:00 China time), with the run id the client gives it, so an
 * Airflow run of it writes exactly these rows.
 */
final class ReferenceNight
{
    static final List<String> GOLD_TABLES = List.of("indicator_values", "base_scores", "submission_quality");
    private static ReferenceNight instance;

    private final Path directory;
    private final LocalDate night;
    private final Path landing;
    private final Path keyFile;
    /** The local night runs in the background while the caller starts what it compares with (a cluster, Airflow). */
    private final CompletableFuture<Warehouse> warehouse;

    private ReferenceNight(Path directory, LocalDate night)
            throws IOException
    {
        this.directory = directory;
        this.night = night;
        this.landing = directory.resolve("landing");
        new ExportGenerator(new GenerateOptions(landing, night, night, List.of("C01", "C02", "CM01"), 11, 0.05, false, 20, 5000), BaseRegistry.load(), line -> { }).generate();
        this.keyFile = Files.writeString(directory.resolve("pseudonym.key"), TestKeys.PSEUDONYM_KEY, UTF_8);
        this.warehouse = new CompletableFuture<>();
        // A thread of its own (not the common pool): it inherits this thread's class loader, which Spark's data sources need
        Thread localNight = new Thread(() -> {
            try {
                Warehouse local = new Warehouse(SharedSpark.session(), directory.resolve("local-warehouse").toString());
                for (Stage stage : Stage.values()) {
                    new NightlyRun(local, BaseRegistry.load(), new Pseudonymizer(TestKeys.PSEUDONYM_KEY.getBytes(UTF_8)), line -> { }).runStage(stage, landing.toString(), night, runId());
                }
                warehouse.complete(local);
            }
            catch (Throwable failure) {
                warehouse.completeExceptionally(failure);
            }
        }, "reference-night");
        localNight.setDaemon(true);
        localNight.start();
    }

    static synchronized ReferenceNight get()
    {
        if (instance == null) {
            try {
                Path directory = Files.createTempDirectory("isg-reference-night");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        Folders.deleteRecursively(directory);
                    }
                    catch (IOException e) {
                        // a temporary folder left behind
                    }
                }));
                instance = new ReferenceNight(directory, scheduledNight());
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /**
     * The night of the DAG's most recent scheduled time (02:00 China) at or before now. When the
     * next scheduled time is closer than a test with Airflow lasts, it first waits for that time to
     * pass: otherwise the scheduler would start the next night's run in the middle of the test
     * (it did, once, at 01:58 China time).
     */
    static LocalDate scheduledNight()
    {
        ZonedDateTime now = ZonedDateTime.now(NightlyDag.CHINA);
        ZonedDateTime nextSchedule = now.toLocalDate().atTime(NightlyDag.SCHEDULE_TIME).atZone(NightlyDag.CHINA);
        if (!nextSchedule.isAfter(now)) {
            nextSchedule = nextSchedule.plusDays(1);
        }
        Duration untilNextSchedule = Duration.between(now, nextSchedule);
        if (untilNextSchedule.compareTo(AIRFLOW_TEST_LENGTH) < 0) {
            Duration wait = untilNextSchedule.plusSeconds(30);
            System.out.println("the DAG's next scheduled time is " + nextSchedule + ", before a test with Airflow would end: waiting " + wait.toSeconds() + " s for it to pass");
            try {
                Thread.sleep(wait.toMillis());
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            now = ZonedDateTime.now(NightlyDag.CHINA);
        }
        return now.minusHours(NightlyDag.SCHEDULE_TIME.getHour()).toLocalDate().minusDays(1);
    }

    /** Longer than the Airflow IT takes on a slow CI machine (about 7 minutes there). */
    private static final Duration AIRFLOW_TEST_LENGTH = Duration.ofMinutes(15);

    LocalDate night()
    {
        return night;
    }

    String runId()
    {
        return NightlyDag.runId(night);
    }

    Path landing()
    {
        return landing;
    }

    Path keyFile()
    {
        return keyFile;
    }

    Path directory()
    {
        return directory;
    }

    /** Each gold table of the other warehouse equals this night's, row for row (run id included). */
    void assertSameGold(Path otherWarehouse, String writtenBy)
    {
        Warehouse local = warehouse.join();
        Warehouse other = new Warehouse(SharedSpark.session(), otherWarehouse.toString());
        for (String table : GOLD_TABLES) {
            Dataset<Row> expected = local.read(Warehouse.GOLD, table);
            Dataset<Row> actual = other.read(Warehouse.GOLD, table);
            assertThat(expected.count()).as("gold.%s rows of the local run", table).isPositive();
            assertThat(actual.count()).as("gold.%s rows written by %s", table, writtenBy).isEqualTo(expected.count());
            assertThat(actual.exceptAll(expected).collectAsList()).as("gold.%s rows %s wrote that the local run did not", table, writtenBy).isEmpty();
            assertThat(expected.exceptAll(actual).collectAsList()).as("gold.%s rows the local run wrote that %s did not", table, writtenBy).isEmpty();
        }
    }
}
