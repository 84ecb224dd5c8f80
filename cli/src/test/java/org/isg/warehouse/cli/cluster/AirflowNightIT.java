package org.isg.warehouse.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import org.isg.warehouse.orchestration.AirflowCommand;
import org.isg.warehouse.orchestration.airflow.AirflowClient;
import org.isg.warehouse.orchestration.airflow.AssetEvent;
import org.isg.warehouse.orchestration.airflow.Backoff;
import org.isg.warehouse.orchestration.airflow.DagRun;
import org.isg.warehouse.orchestration.airflow.NightlyDag;
import org.isg.warehouse.orchestration.airflow.TaskInstance;
import org.isg.warehouse.orchestration.local.LocalAirflow;
import org.isg.warehouse.pipeline.Stage;
import org.isg.warehouse.testing.ShortLivedJvm;
import org.isg.warehouse.testing.TestKeys;
import org.isg.warehouse.testing.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A night run by a real Airflow 3 (the pinned one: API server, scheduler and DAG processor on
 * loopback, LocalExecutor on SQLite) on a real Spark standalone cluster (master and worker JVMs on
 * loopback), driven through {@code ./isg airflow} and its REST API v2 client: each stage is a
 * {@code SparkSubmitOperator} task calling the {@code spark-submit} of a real Spark distribution
 * (the pyspark wheel's) in client mode with the thin application jar, its work done by executors on
 * the worker. The first attempt fails on purpose (the key file is missing), {@code rerun-failed}
 * finishes it once the key is there, and the gold tables then equal those of the local run of the
 * same night ({@link ReferenceNight}).
 */
class AirflowNightIT
{
    @TempDir
    static Path directory;

    private static StandaloneCluster cluster;
    private static LocalAirflow.Running airflow;
    private static ReferenceNight reference;
    private static Path warehouse;
    private static Path keyFile;

    @BeforeAll
    static void startTheClusterAndAirflow()
            throws Exception
    {
        reference = ReferenceNight.get();
        warehouse = directory.resolve("airflow-warehouse");
        // Not there yet: the first attempt of the night fails in its first task
        keyFile = directory.resolve("secrets").resolve("pseudonym.key");
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("isg_application_jar", Path.of(System.getProperty("isg.application.jar")).toAbsolutePath().toString());
        variables.put("isg_landing", reference.landing().toString());
        variables.put("isg_warehouse", warehouse.toString());
        variables.put("isg_pseudonym_key_file", keyFile.toString());
        cluster = StandaloneCluster.start(Path.of(System.getProperty("isg.spark.distribution.classpath")), directory.resolve("cluster"), 2, "2g");
        // Each stage's driver and executor lives about a minute on this tiny night
        Map<String, String> sparkDefaults = Map.of(
                "spark.driver.extraJavaOptions", ShortLivedJvm.FLAGS,
                "spark.executor.extraJavaOptions", ShortLivedJvm.FLAGS);
        airflow = LocalAirflow.start(new LocalAirflow.Settings(directory.resolve("airflow-home"), TestPorts.free(), cluster.masterUrl(), variables, 0, false, sparkDefaults),
                System.out::println);
    }

    @AfterAll
    static void stopAirflowAndTheCluster()
    {
        try {
            if (airflow != null) {
                LocalAirflow.stop(airflow.home(), System.out::println);
            }
        }
        finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    void theSchedulerRunsANightThatFailsIsRerunAndWritesTheSameGoldAsALocalRun()
            throws Exception
    {
        LocalDate night = reference.night();
        String date = night.toString();
        AirflowClient client = airflow.client(Backoff.RETRIES);

        // Triggered while the DAG is paused, then unpaused: the scheduler finds our run at the logical
        // date of its own most recent scheduled time and creates no second one
        CommandResult trigger = isgAirflow("trigger", "--date", date);
        assertThat(trigger.exitCode()).as(trigger.output()).isZero();
        assertThat(trigger.output()).contains(date + "  queued  " + NightlyDag.runId(night) + " (manual, logical date " + NightlyDag.logicalDate(night) + ")");
        assertThat(isgAirflow("unpause").output()).contains("isg_nightly is unpaused");

        CommandResult failed = isgAirflow("wait", "--date", date, "--poll", "PT2S", "--timeout", "PT10M");
        assertThat(failed.exitCode()).as(failed.output()).isEqualTo(AirflowCommand.EXIT_RUN_FAILED);
        assertThat(failed.output()).containsPattern("ingest +failed").containsPattern("refine +upstream_failed")
                .contains("./isg airflow rerun-failed --date " + date);

        // The cause fixed, the failed and upstream-failed tasks run again
        Files.createDirectories(keyFile.getParent());
        Files.writeString(keyFile, TestKeys.PSEUDONYM_KEY, UTF_8);
        CommandResult rerun = isgAirflow("rerun-failed", "--date", date);
        assertThat(rerun.output()).contains("cleared 4 task(s) of the run of " + date);
        CommandResult succeeded = isgAirflow("wait", "--date", date, "--poll", "PT2S", "--timeout", "PT15M");
        assertThat(succeeded.exitCode()).as(succeeded.output()).isZero();
        CommandResult status = isgAirflow("status", "--date", date);
        System.out.println("Airflow's view of the night after the rerun:\n" + status.output());

        List<TaskInstance> tasks = client.taskInstances(NightlyDag.DAG_ID, NightlyDag.runId(night));
        assertThat(tasks).extracting(TaskInstance::taskId, TaskInstance::state)
                .containsExactlyInAnyOrderElementsOf(java.util.Arrays.stream(Stage.values()).map(stage -> tuple(stage.taskName(), java.util.Optional.of("success"))).toList());
        assertThat(client.dagRuns(NightlyDag.DAG_ID, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")))
                .extracting(DagRun::dagRunId).containsExactly(NightlyDag.runId(night));

        // Every stage ran as an application of the cluster (the failed attempt stopped before starting Spark),
        // and the work ran in executors on the worker, not only in the driver
        List<String> applications = new java.util.ArrayList<>();
        for (JsonNode application : cluster.masterState().path("completedapps")) {
            assertThat(application.path("state").asText()).isEqualTo("FINISHED");
            assertThat(application.path("cores").asInt()).isEqualTo(2);
            applications.add(application.path("name").asText());
        }
        assertThat(applications).containsExactlyInAnyOrderElementsOf(java.util.Arrays.stream(Stage.values()).map(stage -> "isg-" + stage.taskName() + "-" + date).toList());
        List<Path> executorLogs = cluster.executorLogs();
        assertThat(executorLogs).hasSize(Stage.values().length);
        for (Path executorLog : executorLogs) {
            // The executor ran with the JVM flags of the local Airflow's spark-defaults.conf
            assertThat(Files.readString(executorLog, UTF_8)).as(executorLog.toString()).contains("Finished task")
                    .containsPattern("Spark Executor Command: .*\"" + java.util.regex.Pattern.quote(ShortLivedJvm.FLAGS) + "\"");
        }

        reference.assertSameGold(warehouse, "the Airflow run on the cluster");

        // The indicators task updated the gold assets, and Airflow recorded it
        for (String uri : NightlyDag.GOLD_ASSET_URIS) {
            assertThat(client.assetEvents(uri)).as(uri).extracting(AssetEvent::sourceTaskId, AssetEvent::sourceRunId)
                    .containsExactly(tuple(java.util.Optional.of("indicators"), java.util.Optional.of(NightlyDag.runId(night))));
        }

        // A second trigger of the same night gets the finished run back and changes nothing
        Map<String, Long> versions = goldVersions();
        CommandResult again = isgAirflow("trigger", "--date", date);
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains(date + "  success  " + NightlyDag.runId(night));
        assertThat(client.dagRuns(NightlyDag.DAG_ID, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"))).hasSize(1);
        assertThat(goldVersions()).isEqualTo(versions);
    }

    private static Map<String, Long> goldVersions()
            throws java.io.IOException
    {
        Map<String, Long> versions = new HashMap<>();
        for (String table : ReferenceNight.GOLD_TABLES) {
            try (var commits = Files.list(warehouse.resolve("gold").resolve(table).resolve("_delta_log"))) {
                versions.put(table, commits.filter(file -> file.getFileName().toString().endsWith(".json")).count());
            }
        }
        return versions;
    }

    private record CommandResult(int exitCode, String output) {}

    /** {@code ./isg airflow …} as a data engineer types it, against the local Airflow's URL with its admin password. */
    private static CommandResult isgAirflow(String... arguments)
    {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, UTF_8);
        Map<String, String> environment = Map.of(
                "ISG_AIRFLOW_URL", airflow.url().toString(),
                "ISG_AIRFLOW_USERNAME", LocalAirflow.ADMIN,
                "ISG_AIRFLOW_PASSWORD", airflow.adminPassword());
        picocli.CommandLine commandLine = new AirflowCommand(environment, out).commandLine();
        commandLine.setErr(new java.io.PrintWriter(new java.io.OutputStreamWriter(out, UTF_8), true));
        int exitCode = commandLine.execute(arguments);
        String output = buffer.toString(UTF_8);
        System.out.println("$ ./isg airflow " + String.join(" ", arguments) + "\n" + output.strip() + "\n(exit " + exitCode + ")");
        return new CommandResult(exitCode, output);
    }
}
