package org.isg.warehouse.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import org.isg.warehouse.jobs.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A night submitted, stage by stage as the Airflow DAG does, to a real Spark standalone cluster
 * (master and worker JVMs on loopback) with the thin application jar the build produces, and the
 * same night run in local mode in this JVM ({@link ReferenceNight}): the gold tables must be equal
 * row for row.
 *
 * <p>Needs the packaged jar, so it runs in Maven's integration-test phase (failsafe), after package.
 */
class DistributedNightIT
{
    private static final String MAIN_CLASS = "org.isg.warehouse.jobs.cli.IsgCommand";

    @TempDir
    static Path directory;

    @Test
    void theApplicationJarHoldsWhatTheClusterLacksAndNothingItHas()
            throws Exception
    {
        Set<String> distribution = classpath("isg.spark.distribution.classpath");
        Set<String> runtime = classpath("isg.runtime.classpath");
        assertThat(runtime).containsAll(distribution);
        try (ZipFile applicationJar = new ZipFile(System.getProperty("isg.application.jar"))) {
            for (String jar : runtime) {
                Optional<String> someClass = someClass(Path.of(jar));
                if (someClass.isEmpty()) {
                    continue;
                }
                boolean bundled = applicationJar.getEntry(someClass.get()) != null;
                // Every runtime jar is either provided by the cluster or bundled, never both
                assertThat(bundled).as("%s (%s) bundled", jar, someClass.get()).isEqualTo(!distribution.contains(jar));
            }
        }
    }

    @Test
    void aNightSubmittedToAStandaloneClusterWritesTheSameGoldAsALocalRun()
            throws Exception
    {
        ReferenceNight reference = ReferenceNight.get();
        LocalDate night = reference.night();
        Path clusterWarehouse = directory.resolve("cluster-warehouse");
        Path applicationJar = Path.of(System.getProperty("isg.application.jar"));
        assertThat(applicationJar).exists();
        List<String> submitted = new ArrayList<>();
        try (StandaloneCluster cluster = StandaloneCluster.start(Path.of(System.getProperty("isg.spark.distribution.classpath")), directory.resolve("cluster"), 2, "2g")) {
            for (Stage stage : Stage.values()) {
                StandaloneCluster.Submission submission = cluster.submit(stage.taskName(), MAIN_CLASS, applicationJar,
                        Map.of("spark.executor.memory", "1g", "spark.sql.shuffle.partitions", "3", "spark.ui.enabled", "false"),
                        List.of("stage", stage.taskName(), "--landing", reference.landing().toString(), "--warehouse", clusterWarehouse.toString(),
                                "--date", night.toString(), "--run-id", reference.runId(), "--key-file", reference.keyFile().toString()));
                assertThat(submission.exitCode()).as("spark-submit of stage %s:%n%s", stage.taskName(), submission.logTail()).isZero();
                assertThat(submission.logTail()).contains("stage " + stage.taskName() + " of run " + reference.runId() + " finished for " + night);
                submitted.add("isg-" + stage.taskName() + "-" + night);
            }
            // Every stage ran as an application of the cluster, with executors on the worker
            JsonNode state = cluster.masterState();
            List<String> completed = new ArrayList<>();
            for (JsonNode application : state.path("completedapps")) {
                assertThat(application.path("state").asText()).isEqualTo("FINISHED");
                assertThat(application.path("cores").asInt()).isEqualTo(2);
                completed.add(application.path("name").asText());
            }
            assertThat(completed).containsExactlyInAnyOrderElementsOf(submitted);
            // ... and the work ran in executors on the worker, not only in the driver
            List<Path> executorLogs = cluster.executorLogs();
            assertThat(executorLogs).hasSameSizeAs(submitted);
            for (Path executorLog : executorLogs) {
                assertThat(Files.readString(executorLog, UTF_8)).as(executorLog.toString()).contains("Finished task");
            }
        }
        reference.assertSameGold(clusterWarehouse, "the cluster");
    }

    private static Set<String> classpath(String property)
            throws java.io.IOException
    {
        return Set.of(Files.readString(Path.of(System.getProperty(property)), UTF_8).strip().split(java.io.File.pathSeparator));
    }

    /** One class file of a jar or classes folder, as a jar entry name; empty when it has none. */
    private static Optional<String> someClass(Path jarOrFolder)
            throws java.io.IOException
    {
        if (Files.isDirectory(jarOrFolder)) {
            try (Stream<Path> files = Files.walk(jarOrFolder)) {
                return files.filter(file -> file.toString().endsWith(".class"))
                        .map(file -> jarOrFolder.relativize(file).toString()).findFirst();
            }
        }
        try (ZipFile jar = new ZipFile(jarOrFolder.toFile())) {
            return jar.stream().map(ZipEntry::getName)
                    .filter(name -> name.endsWith(".class") && !name.startsWith("META-INF/") && !name.equals("module-info.class"))
                    .findFirst();
        }
    }
}
