package org.isg.warehouse.orchestration.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.isg.warehouse.contracts.net.LoopbackPorts;
import org.isg.warehouse.orchestration.airflow.AirflowClient;
import org.isg.warehouse.orchestration.airflow.AirflowCredentials;
import org.isg.warehouse.orchestration.airflow.AirflowException;
import org.isg.warehouse.orchestration.airflow.Backoff;
import org.isg.warehouse.orchestration.airflow.Health;
import org.isg.warehouse.orchestration.airflow.NightlyDag;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The pinned Airflow 3 running on this machine for one warehouse: API server, scheduler and DAG
 * processor as separate processes on 127.0.0.1, LocalExecutor on SQLite, the simple auth manager
 * with a generated admin password, the nightly DAG, a Spark connection and the DAG's variables.
 * Everything lives in one home folder, so a stop and a later start keep the run history. The tests
 * and {@code ./isg airflow local} use it; a production Airflow is configured as docs/operations.md says.
 */
public final class LocalAirflow
{
    public static final String ADMIN = "admin";
    public static final String DAG_FILE = "isg_nightly.py";
    private static final String STATE_FILE = "isg-local-airflow.properties";
    private static final String SECRETS_FILE = "isg-secrets.properties";
    /** The tasks' Spark configuration folder: only this home's {@code spark-defaults.conf} counts, not one found in the environment. */
    private static final String SPARK_CONF_DIR = "spark-conf";
    private static final List<String> COMPONENTS = List.of("api-server", "scheduler", "dag-processor");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private LocalAirflow() {}

    /**
     * Starts the API server, the scheduler and the DAG processor, and waits until the API answers.
     *
     * @param home the Airflow home folder (configuration, SQLite database, logs, DAGs)
     * @param port the API server's port on 127.0.0.1 (the UI is there too)
     * @param sparkMaster the master of the {@code spark_default} connection, e.g. {@code local[2]}
     * @param variables the DAG's variables ({@code isg_application_jar}, {@code isg_landing}, …)
     * @param taskRetries retries of a failed stage ({@code ISG_AIRFLOW_TASK_RETRIES} of the DAG)
     * @param unpause whether to unpause the DAG once Airflow has parsed it (the scheduler then also
     *         runs the most recent scheduled night, as a production Airflow would after a deploy)
     * @param sparkDefaults properties of the tasks' {@code spark-submit}, written to the
     *         {@code spark-defaults.conf} of a {@code SPARK_CONF_DIR} in the home; none by default
     */
    public record Settings(Path home, int port, String sparkMaster, Map<String, String> variables, int taskRetries, boolean unpause, Map<String, String> sparkDefaults)
    {
        public Settings
        {
            requireNonNull(home, "home is null");
            requireNonNull(sparkMaster, "sparkMaster is null");
            variables = Map.copyOf(requireNonNull(variables, "variables is null"));
            sparkDefaults = Map.copyOf(requireNonNull(sparkDefaults, "sparkDefaults is null"));
            home = home.toAbsolutePath().normalize();
        }

        public Settings(Path home, int port, String sparkMaster, Map<String, String> variables, int taskRetries, boolean unpause)
        {
            this(home, port, sparkMaster, variables, taskRetries, unpause, Map.of());
        }
    }

    /** A running local Airflow: where it listens and the admin's generated password. */
    public record Running(Path home, URI url, String adminPassword, List<String> processes)
    {
        public Running
        {
            requireNonNull(home, "home is null");
            requireNonNull(url, "url is null");
            requireNonNull(adminPassword, "adminPassword is null");
            processes = List.copyOf(requireNonNull(processes, "processes is null"));
        }

        public AirflowClient client(Backoff retries)
        {
            return new AirflowClient(url, new AirflowCredentials.Password(ADMIN, adminPassword), retries);
        }

        @Override
        public String toString()
        {
            // The password never reaches a log line through toString
            return "Running[home=%s, url=%s, processes=%s]".formatted(home, url, processes);
        }
    }

    /** Starts Airflow unless it runs already for this home; returns once the DAG is parsed and the scheduler is healthy. */
    public static Running start(Settings settings, Consumer<String> progress)
    {
        requireNonNull(settings, "settings is null");
        requireNonNull(progress, "progress is null");
        Optional<Running> running = status(settings.home());
        if (running.isPresent()) {
            progress.accept("airflow: already running for %s at %s".formatted(settings.home(), running.get().url()));
            return running.get();
        }
        requireFreePort(settings.port());
        AirflowInstallation installation = AirflowInstallation.installed(progress);
        try {
            Path home = settings.home();
            Files.createDirectories(home.resolve("dags"));
            // The API server's log names the generated password: the home is the owner's alone
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
            Files.createDirectories(home.resolve("logs"));
            // The build copies orchestration/dags onto the class path
            Files.writeString(home.resolve("dags").resolve(DAG_FILE), AirflowInstallation.resource("/org/isg/warehouse/orchestration/dags/" + DAG_FILE), UTF_8);
            URI url = URI.create("http://127.0.0.1:" + settings.port());
            writePrivately(home.resolve("airflow.cfg"), configuration(settings, secrets(home)));
            Files.createDirectories(home.resolve(SPARK_CONF_DIR));
            writePrivately(home.resolve(SPARK_CONF_DIR).resolve("spark-defaults.conf"), sparkDefaults(settings));
            Map<String, String> environment = environment(settings, installation);

            progress.accept("airflow: preparing the database in " + home);
            airflowCommand(installation, environment, home, "db-migrate", List.of("db", "migrate"));
            Path connections = writePrivately(home.resolve("isg-connections.json"), JSON.writeValueAsString(Map.of(
                    "spark_default", Map.of("conn_type", "spark", "host", settings.sparkMaster(), "extra", JSON.writeValueAsString(Map.of("deploy-mode", "client"))))));
            airflowCommand(installation, environment, home, "connections", List.of("connections", "import", "--overwrite", connections.toString()));
            Path variables = writePrivately(home.resolve("isg-variables.json"), JSON.writeValueAsString(new LinkedHashMap<>(settings.variables())));
            airflowCommand(installation, environment, home, "variables", List.of("variables", "import", "--action-on-existing-key", "overwrite", variables.toString()));

            List<String> processes = new ArrayList<>();
            processes.add(launch(installation, environment, home, "api-server", List.of("api-server", "--host", "127.0.0.1", "--port", Integer.toString(settings.port()))));
            // The scheduler's log server would listen on every interface: the API server reads the local log files instead
            processes.add(launch(installation, environment, home, "scheduler", List.of("scheduler", "--skip-serve-logs")));
            processes.add(launch(installation, environment, home, "dag-processor", List.of("dag-processor")));
            Properties state = new Properties();
            state.setProperty("url", url.toString());
            state.setProperty("processes", String.join(",", processes));
            StringWriter text = new StringWriter();
            state.store(text, "processes of the local Airflow (./isg airflow local)");
            writePrivately(home.resolve(STATE_FILE), text.toString());

            progress.accept("airflow: starting the API server, scheduler and DAG processor on " + url);
            try {
                Running started = awaitReady(home, url, processes, progress);
                if (settings.unpause()) {
                    started.client(Backoff.RETRIES).setPaused(NightlyDag.DAG_ID, false);
                }
                return started;
            }
            catch (RuntimeException e) {
                // Started processes outlive this JVM: a failed start leaves none behind
                stop(home, progress);
                throw e;
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The local Airflow of this home, when all its processes are alive. */
    public static Optional<Running> status(Path home)
    {
        Path stateFile = home.toAbsolutePath().resolve(STATE_FILE);
        if (!Files.isRegularFile(stateFile)) {
            return Optional.empty();
        }
        try {
            Properties state = new Properties();
            state.load(new StringReader(Files.readString(stateFile, UTF_8)));
            List<String> processes = processes(state);
            if (processes.isEmpty() || !processes.stream().allMatch(LocalAirflow::isAirflowProcess)) {
                return Optional.empty();
            }
            return adminPassword(home.toAbsolutePath()).map(password -> new Running(home.toAbsolutePath(), URI.create(state.getProperty("url")), password, processes));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops every process of this home's Airflow (and the tasks they run); returns whether any ran. */
    public static boolean stop(Path home, Consumer<String> progress)
    {
        Path stateFile = home.toAbsolutePath().resolve(STATE_FILE);
        if (!Files.isRegularFile(stateFile)) {
            return false;
        }
        try {
            Properties state = new Properties();
            state.load(new StringReader(Files.readString(stateFile, UTF_8)));
            boolean any = false;
            for (String key : processes(state)) {
                if (isAirflowProcess(key)) {
                    any = true;
                    ProcessHandle process = ProcessHandle.of(Long.parseLong(key.split("@", 2)[0])).orElseThrow();
                    List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
                    family.add(process);
                    family.forEach(ProcessHandle::destroy);
                    for (ProcessHandle member : family) {
                        try {
                            member.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
                        }
                        catch (java.util.concurrent.TimeoutException e) {
                            member.destroyForcibly();
                        }
                        catch (java.util.concurrent.ExecutionException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            }
            Files.deleteIfExists(stateFile);
            progress.accept(any ? "airflow: stopped (" + home.toAbsolutePath() + ")" : "airflow: was not running for " + home.toAbsolutePath());
            return any;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping Airflow", e);
        }
    }

    private static void requireFreePort(int port)
    {
        if (LoopbackPorts.inUse(port)) {
            throw new AirflowException(AirflowException.Code.REQUEST_REJECTED,
                    "port %d on 127.0.0.1 is taken by another program: pass another --port".formatted(port));
        }
    }

    private static Running awaitReady(Path home, URI url, List<String> processes, Consumer<String> progress)
    {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        AirflowClient anonymous = new AirflowClient(url, new AirflowCredentials.Missing(), new Backoff(Duration.ofMillis(200), Duration.ofMillis(200), 1));
        String waitingFor = "the API server";
        while (Instant.now().isBefore(deadline)) {
            for (int index = 0; index < processes.size(); index++) {
                if (!isAirflowProcess(processes.get(index))) {
                    String component = COMPONENTS.get(index);
                    throw new AirflowException(AirflowException.Code.SERVER_UNAVAILABLE,
                            "the local Airflow's %s exited during start; its log: %s%n%s".formatted(component, logFile(home, component), tail(logFile(home, component))));
                }
            }
            try {
                Health health = anonymous.health();
                Optional<String> password = adminPassword(home);
                if (health.metadatabase().equals(Optional.of("healthy")) && health.scheduler().equals(Optional.of("healthy"))
                        && health.dagProcessor().equals(Optional.of("healthy")) && password.isPresent()) {
                    waitingFor = "the DAG " + NightlyDag.DAG_ID + " to be parsed";
                    Running running = new Running(home, url, password.get(), processes);
                    if (running.client(new Backoff(Duration.ofMillis(200), Duration.ofMillis(200), 1)).dagPaused(NightlyDag.DAG_ID).isPresent()) {
                        progress.accept("airflow: ready at %s (user %s, password in %s)".formatted(url, ADMIN, passwordsFile(home)));
                        return running;
                    }
                }
                else {
                    waitingFor = "a healthy scheduler and DAG processor";
                }
            }
            catch (AirflowException e) {
                // Not listening yet
            }
            sleep(Duration.ofSeconds(1));
        }
        throw new AirflowException(AirflowException.Code.WAIT_TIMED_OUT, "the local Airflow in %s did not become ready within %s (waiting for %s); logs in %s"
                .formatted(home, START_TIMEOUT, waitingFor, home.resolve("logs")));
    }

    private static String configuration(Settings settings, Properties secrets)
    {
        Path home = settings.home();
        return """
                # Written by ISG Warehouse (./isg airflow local) at every start; edits are overwritten.
                [core]
                dags_folder = %1$s/dags
                executor = LocalExecutor
                parallelism = 4
                load_examples = False
                dags_are_paused_at_creation = True
                simple_auth_manager_users = %2$s:admin
                fernet_key = %3$s
                execution_api_server_url = http://127.0.0.1:%4$d/execution/

                [database]
                sql_alchemy_conn = sqlite:///%1$s/airflow.db

                [api]
                host = 127.0.0.1
                port = %4$d
                base_url = http://127.0.0.1:%4$d

                [api_auth]
                jwt_secret = %5$s

                [logging]
                base_log_folder = %1$s/logs

                [dag_processor]
                refresh_interval = 30
                """.formatted(home, ADMIN, secrets.getProperty("fernet_key"), settings.port(), secrets.getProperty("jwt_secret"));
    }

    /** The tasks' Spark properties, one {@code key value} line each (Spark's {@code spark-defaults.conf}). */
    private static String sparkDefaults(Settings settings)
    {
        StringBuilder lines = new StringBuilder("# Written by ISG Warehouse (./isg airflow local) at every start; edits are overwritten.\n");
        new TreeMap<>(settings.sparkDefaults()).forEach((key, value) -> lines.append(key).append(' ').append(value).append('\n'));
        return lines.toString();
    }

    /** The Fernet key (encrypts connections in the database) and the JWT secret, generated once per home. */
    private static Properties secrets(Path home)
            throws IOException
    {
        Path file = home.resolve(SECRETS_FILE);
        Properties secrets = new Properties();
        if (Files.isRegularFile(file)) {
            secrets.load(new StringReader(Files.readString(file, UTF_8)));
            return secrets;
        }
        byte[] fernet = new byte[32];
        RANDOM.nextBytes(fernet);
        byte[] jwt = new byte[32];
        RANDOM.nextBytes(jwt);
        secrets.setProperty("fernet_key", Base64.getUrlEncoder().encodeToString(fernet));
        secrets.setProperty("jwt_secret", HexFormat.of().formatHex(jwt));
        StringWriter text = new StringWriter();
        secrets.store(text, "secrets of the local Airflow; never share");
        writePrivately(file, text.toString());
        return secrets;
    }

    private static Map<String, String> environment(Settings settings, AirflowInstallation installation)
    {
        Map<String, String> environment = new LinkedHashMap<>(System.getenv());
        // Only this home's configuration counts
        environment.keySet().removeIf(name -> name.startsWith("AIRFLOW__") || name.startsWith("AIRFLOW_CONN_") || name.startsWith("AIRFLOW_VAR_"));
        environment.put("AIRFLOW_HOME", settings.home().toString());
        environment.put("AIRFLOW_CONFIG", settings.home().resolve("airflow.cfg").toString());
        // The operator finds spark-submit on the path; Spark 3.5 runs on this JVM's Java (17)
        environment.put("PATH", installation.sparkHome().resolve("bin") + ":" + installation.environment().resolve("bin") + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put("SPARK_HOME", installation.sparkHome().toString());
        environment.put("SPARK_CONF_DIR", settings.home().resolve(SPARK_CONF_DIR).toString());
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("SPARK_LOCAL_IP", "127.0.0.1");
        environment.put("ISG_AIRFLOW_TASK_RETRIES", Integer.toString(settings.taskRetries()));
        environment.put("PYTHONDONTWRITEBYTECODE", "1");
        // A local master has few cores: few shuffle partitions (the jobs' default is 8)
        environment.putIfAbsent("ISG_SHUFFLE_PARTITIONS", "4");
        return environment;
    }

    /** Runs an {@code airflow} command to its end (database migration, imports). */
    private static void airflowCommand(AirflowInstallation installation, Map<String, String> environment, Path home, String name, List<String> arguments)
            throws IOException
    {
        Process process = airflow(installation, environment, home, name, arguments).start();
        try {
            if (process.waitFor() != 0) {
                throw new AirflowException(AirflowException.Code.SERVER_UNAVAILABLE, "'airflow %s' failed (exit %d); its log: %s%n%s"
                        .formatted(String.join(" ", arguments.subList(0, Math.min(2, arguments.size()))), process.exitValue(), logFile(home, name), tail(logFile(home, name))));
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Starts a long-running {@code airflow} component; returns its process key. */
    private static String launch(AirflowInstallation installation, Map<String, String> environment, Path home, String name, List<String> arguments)
            throws IOException
    {
        return processKey(airflow(installation, environment, home, name, arguments).start());
    }

    /** An {@code airflow} process in the home folder, with only the given environment, its output appended to its own log. */
    private static ProcessBuilder airflow(AirflowInstallation installation, Map<String, String> environment, Path home, String name, List<String> arguments)
    {
        List<String> command = new ArrayList<>();
        command.add(installation.airflow().toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(home, name).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder;
    }

    private static Optional<String> adminPassword(Path home)
    {
        Path file = passwordsFile(home);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String password = JSON.readTree(Files.readString(file, UTF_8)).path(ADMIN).asText("");
            if (password.isEmpty()) {
                return Optional.empty();
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return Optional.of(password);
        }
        catch (IOException e) {
            // Being written by the API server: read it on the next look
            return Optional.empty();
        }
    }

    public static Path passwordsFile(Path home)
    {
        return home.toAbsolutePath().resolve("simple_auth_manager_passwords.json.generated");
    }

    public static Path logFile(Path home, String component)
    {
        return home.toAbsolutePath().resolve("logs").resolve("isg-" + component + ".log");
    }

    private static List<String> processes(Properties state)
    {
        String processes = state.getProperty("processes", "");
        return processes.isBlank() ? List.of() : List.of(processes.split(","));
    }

    /**
     * Alive and the process we started: a process id is recorded with its start time, so a
     * recycled id is not taken for ours (Airflow's processes rename themselves, so their command
     * lines say little).
     */
    private static boolean isAirflowProcess(String process)
    {
        String[] parts = process.split("@", 2);
        return ProcessHandle.of(Long.parseLong(parts[0]))
                .filter(ProcessHandle::isAlive)
                .flatMap(handle -> handle.info().startInstant())
                .filter(start -> parts.length == 2 && start.toString().equals(parts[1]))
                .isPresent();
    }

    private static String processKey(Process process)
    {
        return process.pid() + "@" + process.toHandle().info().startInstant().map(Instant::toString).orElse("");
    }

    private static Path writePrivately(Path file, String content)
            throws IOException
    {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, UTF_8);
        return file;
    }

    private static String tail(Path log)
    {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log, UTF_8) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        }
        catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration duration)
    {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
