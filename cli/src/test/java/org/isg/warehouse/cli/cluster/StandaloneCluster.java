package org.isg.warehouse.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.launcher.JavaModuleOptions;
import org.isg.warehouse.testing.TestPorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * A real Spark standalone cluster on loopback: one master and one worker, each its own JVM, run
 * from a {@code SPARK_HOME} whose {@code jars/} are the Maven jars a Spark distribution holds
 * (the build lists them in {@code spark-distribution-classpath.txt}). Applications come from any
 * {@code spark-submit} in client mode ({@link AirflowNightIT}: the one Airflow's operator calls).
 */
public final class StandaloneCluster
        implements AutoCloseable
{
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path sparkHome;
    private final Path logs;
    private final Path workDirectory;
    private final int masterPort;
    private final int masterWebPort;
    private final List<Process> daemons = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private StandaloneCluster(Path sparkHome, Path logs, Path workDirectory, int masterPort, int masterWebPort)
    {
        this.sparkHome = requireNonNull(sparkHome, "sparkHome is null");
        this.logs = requireNonNull(logs, "logs is null");
        this.workDirectory = requireNonNull(workDirectory, "workDirectory is null");
        this.masterPort = masterPort;
        this.masterWebPort = masterWebPort;
    }

    /** Starts a master and a worker with {@code workerCores} cores; returns once the worker has registered. */
    public static StandaloneCluster start(Path distributionClasspathFile, Path directory, int workerCores, String workerMemory)
            throws IOException, InterruptedException
    {
        Path sparkHome = sparkHome(distributionClasspathFile, directory.resolve("spark-home"));
        Path logs = Files.createDirectories(directory.resolve("logs"));
        StandaloneCluster cluster = new StandaloneCluster(sparkHome, logs, Files.createDirectories(directory.resolve("worker-work")), TestPorts.free(), TestPorts.free());
        try {
            cluster.daemons.add(cluster.launch("master", List.of("org.apache.spark.deploy.master.Master",
                    "--host", "127.0.0.1", "--port", String.valueOf(cluster.masterPort), "--webui-port", String.valueOf(cluster.masterWebPort))));
            cluster.awaitMaster(state -> "ALIVE".equals(state.path("status").asText()), "the master to come up", "master");
            cluster.daemons.add(cluster.launch("worker", List.of("org.apache.spark.deploy.worker.Worker",
                    "--host", "127.0.0.1", "--cores", String.valueOf(workerCores), "--memory", workerMemory,
                    "--webui-port", String.valueOf(TestPorts.free()), "--work-dir", cluster.workDirectory.toString(),
                    cluster.masterUrl())));
            cluster.awaitMaster(state -> state.path("aliveworkers").asInt() == 1, "the worker to register", "worker");
            return cluster;
        }
        catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public String masterUrl()
    {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** The master's view of the cluster ({@code /json/}: workers, active and completed applications). */
    public JsonNode masterState()
            throws IOException, InterruptedException
    {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterWebPort + "/json/")).timeout(Duration.ofSeconds(5)).build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    /** The standard error of every executor the worker ran, one per application. */
    public List<Path> executorLogs()
            throws IOException
    {
        try (java.util.stream.Stream<Path> files = Files.walk(workDirectory)) {
            return files.filter(file -> file.getFileName().toString().equals("stderr")).sorted().toList();
        }
    }

    @Override
    public void close()
    {
        // Worker first, so it does not try to reconnect to a master that is gone
        for (int index = daemons.size() - 1; index >= 0; index--) {
            Process daemon = daemons.get(index);
            daemon.destroy();
            try {
                if (!daemon.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    daemon.destroyForcibly();
                }
            }
            catch (InterruptedException e) {
                daemon.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private Process launch(String logName, List<String> mainAndArguments)
            throws IOException
    {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptions().split(" ")));
        command.addAll(List.of("-cp", sparkHome.resolve("jars") + "/*"));
        command.addAll(mainAndArguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(logName + ".log").toFile());
        // What the Worker needs to build its executors' command line from SPARK_HOME/jars
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.12");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder.start();
    }

    private void awaitMaster(Predicate<JsonNode> condition, String what, String logName)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Process daemon : daemons) {
                if (!daemon.isAlive()) {
                    throw new IllegalStateException("a Spark daemon exited (code " + daemon.exitValue() + ") while waiting for " + what + ":\n" + tail(logs.resolve(logName + ".log")));
                }
            }
            try {
                if (condition.test(masterState())) {
                    return;
                }
            }
            catch (IOException notYetListening) {
                // The master's web UI is not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("timed out after " + START_TIMEOUT.toSeconds() + " s waiting for " + what + ":\n" + tail(logs.resolve(logName + ".log")));
    }

    /** A SPARK_HOME whose jars/ links every jar of a Spark installation. */
    private static Path sparkHome(Path distributionClasspathFile, Path sparkHome)
            throws IOException
    {
        Path jars = Files.createDirectories(sparkHome.resolve("jars"));
        for (String entry : Files.readString(distributionClasspathFile, UTF_8).strip().split(java.io.File.pathSeparator, -1)) {
            Path jar = Path.of(entry);
            Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar);
        }
        return sparkHome;
    }

    private static String tail(Path log)
    {
        try {
            List<String> lines = Files.readAllLines(log, UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
