package org.isg.warehouse.sql;

import org.isg.warehouse.contracts.net.LoopbackPorts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * A Trino 476 server for one warehouse, on loopback: configured from the versioned files under
 * {@code sql/src/main/resources/.../trino/etc}, its state ({@code etc}, data, metastore, log, pid)
 * under {@code <warehouse>/_trino}. The distribution is the tar.gz the build resolved into the
 * local Maven repository, extracted once (only {@code bin}, {@code lib} and the plugins used).
 */
public final class TrinoServer
{
    public static final int DEFAULT_PORT = 8411;
    public static final String CATALOG = "isg";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final List<String> ETC_FILES = List.of("jvm.config", "config.properties", "catalog/isg.properties", "access-control.properties", "rules.json");
    /** The archive stores plugin jars as hard links into other plugins: extract those donors too, then delete them. */
    private static final List<String> LINK_DONORS = List.of("bigquery", "cassandra", "clickhouse");

    private final Path warehouse;
    private final Path state;
    private final Consumer<String> progress;

    public TrinoServer(Path warehouse, Consumer<String> progress)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null").toAbsolutePath().normalize();
        this.state = this.warehouse.resolve("_trino");
        this.progress = requireNonNull(progress, "progress is null");
    }

    public record Status(boolean running, Optional<Long> pid, int port)
    {
        public Status
        {
            requireNonNull(pid, "pid is null");
        }
    }

    /** Starts the server unless it runs already, and returns once a real query has succeeded. */
    public int start(int port)
    {
        Status status = status();
        if (status.running()) {
            progress.accept("trino: already running for %s on port %d (pid %d)".formatted(warehouse, status.port(), status.pid().get()));
            return status.port();
        }
        // A server of another warehouse on the port would answer the readiness query in our server's place:
        // its tables, not ours, would then be published to and read
        Optional<PasswordProfile> profile = PasswordProfile.load(state);
        for (int used : profile.isPresent() ? List.of(port, httpsPort(port)) : List.of(port)) {
            if (LoopbackPorts.inUse(used)) {
                throw new TrinoException(TrinoException.Code.PORT_IN_USE, ("port %d on 127.0.0.1 is in use by another process (another warehouse's Trino server? "
                        + "'./isg trino stop --warehouse <its folder>' stops one); stop it, or start this warehouse's server with another --port").formatted(used));
            }
        }
        Path installation = TrinoInstallation.installed(progress);
        Path javaBinary = JavaHomes.trinoJava(progress);
        try {
            Files.createDirectories(state.resolve("etc/catalog"));
            Files.createDirectories(state.resolve("metastore"));
            Files.createDirectories(state.resolve("data"));
            Map<String, String> values = new java.util.HashMap<>(Map.of(
                    "{{port}}", Integer.toString(port),
                    "{{plugin_dir}}", installation.resolve("plugin").toString(),
                    "{{etc_dir}}", state.resolve("etc").toString(),
                    "{{metastore_dir}}", state.resolve("metastore").toString()));
            profile.ifPresent(secure -> values.putAll(Map.of(
                    "{{https_port}}", Integer.toString(httpsPort(port)),
                    "{{keystore}}", secure.keystore().toString(),
                    "{{keystore_password}}", secure.keystorePassword(),
                    "{{shared_secret}}", secure.sharedSecret(),
                    "{{password_file}}", secure.passwordFile().toString())));
            for (String file : ETC_FILES) {
                Files.writeString(state.resolve("etc").resolve(file), filled(resource("trino/etc/" + file), values), UTF_8);
            }
            Path passwordAuthenticator = state.resolve("etc/password-authenticator.properties");
            Files.deleteIfExists(passwordAuthenticator);
            if (profile.isPresent()) {
                Files.writeString(state.resolve("etc/config.properties"), filled(resource("trino/etc/secure.properties"), values), UTF_8, java.nio.file.StandardOpenOption.APPEND);
                Files.writeString(passwordAuthenticator, filled(resource("trino/etc/password-authenticator.properties"), values), UTF_8);
            }
            // the secure profile's shared secret and keystore password are in these files: owner only
            Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(state.resolve("etc"), PosixFilePermissions.fromString("rwx------"));
            try (var files = Files.list(state.resolve("etc"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
            }
            List<String> command = new ArrayList<>();
            command.add(javaBinary.toString());
            for (String line : Files.readAllLines(state.resolve("etc/jvm.config"), UTF_8)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    command.add(line.trim());
                }
            }
            command.add("-Dnode.environment=isg");
            command.add("-Dnode.id=" + nodeId());
            command.add("-Dnode.data-dir=" + state.resolve("data"));
            command.add("-Dconfig=" + state.resolve("etc/config.properties"));
            command.add("-Dlog.output-file=" + state.resolve("server.log"));
            command.add("-cp");
            command.add(installation.resolve("lib") + "/*");
            command.add("io.trino.server.TrinoServer");
            Process process = new ProcessBuilder(command).directory(state.toFile())
                    .redirectErrorStream(true).redirectOutput(state.resolve("launcher.log").toFile()).start();
            Files.writeString(state.resolve("pid"), Long.toString(process.pid()), UTF_8);
            Files.writeString(state.resolve("port"), Integer.toString(port), UTF_8);
            progress.accept("trino: starting 476 on 127.0.0.1:%d%s (pid %d, log %s)".formatted(port,
                    profile.isPresent() ? ", HTTPS with passwords on port " + httpsPort(port) : "", process.pid(), state.resolve("server.log")));
            awaitFirstQuery(process, port);
            return port;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server if it runs; waits until its process has gone. */
    public boolean stop()
    {
        Status status = status();
        if (status.pid().isEmpty()) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(status.pid().get());
        process.ifPresent(handle -> {
            handle.destroy();
            try {
                handle.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            catch (Exception e) {
                handle.destroyForcibly();
            }
        });
        try {
            Files.deleteIfExists(state.resolve("pid"));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return process.isPresent();
    }

    public Status status()
    {
        int port = port();
        Optional<Long> pid = readNumber(state.resolve("pid"));
        boolean alive = pid.flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
        return new Status(alive && answers(port), alive ? pid : Optional.empty(), port);
    }

    /** The JDBC URL clients use: HTTPS on the next port when the warehouse has a password profile. */
    public String jdbcUrl()
    {
        int port = port();
        return PasswordProfile.load(state).isPresent() ? "jdbc:trino://127.0.0.1:%d/%s?SSL=true".formatted(httpsPort(port), CATALOG) : jdbcUrl(port);
    }

    public static String jdbcUrl(int port)
    {
        return "jdbc:trino://127.0.0.1:%d/%s".formatted(port, CATALOG);
    }

    /** The HTTPS port of a server started with a password profile on this HTTP port. */
    public static int httpsPort(int port)
    {
        return port + 1;
    }

    /**
     * A JDBC connection as a user: by name alone in the default profile (loopback), with the user's
     * password over HTTPS (trusting the profile's keystore) in the password profile.
     */
    public Connection connect(String user)
            throws SQLException
    {
        return connect(port(), user);
    }

    /** The port the server was last started on (recorded at start; no query, unlike {@link #status()}). */
    private int port()
    {
        return readNumber(state.resolve("port")).map(Long::intValue).orElse(DEFAULT_PORT);
    }

    private Connection connect(int port, String user)
            throws SQLException
    {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        Optional<PasswordProfile> profile = PasswordProfile.load(state);
        if (profile.isEmpty()) {
            return DriverManager.getConnection(jdbcUrl(port), properties);
        }
        properties.setProperty("password", profile.get().password(user)
                .orElseThrow(() -> new SQLException("user %s has no password in %s".formatted(user, profile.get().passwordsFile()))));
        properties.setProperty("SSL", "true");
        properties.setProperty("SSLTrustStorePath", profile.get().keystore().toString());
        properties.setProperty("SSLTrustStorePassword", profile.get().keystorePassword());
        properties.setProperty("SSLTrustStoreType", "PKCS12");
        return DriverManager.getConnection(jdbcUrl(httpsPort(port)), properties);
    }

    private void awaitFirstQuery(Process process, int port)
            throws IOException
    {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new TrinoException(TrinoException.Code.SERVER_DID_NOT_START, "Trino exited while starting (exit %d); last lines of %s:%n%s"
                        .formatted(process.exitValue(), state.resolve("launcher.log"), tail(state.resolve("launcher.log"))));
            }
            if (answers(port)) {
                progress.accept("trino: serving on %s".formatted(jdbcUrl(port)));
                return;
            }
            sleep(Duration.ofSeconds(1));
        }
        process.destroy();
        throw new TrinoException(TrinoException.Code.SERVER_DID_NOT_START, "Trino did not answer a query within %d s; last lines of %s:%n%s"
                .formatted(START_TIMEOUT.toSeconds(), state.resolve("launcher.log"), tail(state.resolve("launcher.log"))));
    }

    /**
     * Whether a real query succeeds on this warehouse's server: the node list, which is empty until
     * the node has announced itself, holds this warehouse's node, not another server's.
     */
    private boolean answers(int port)
    {
        try (Connection connection = connect(port, "admin");
                Statement statement = connection.createStatement();
                ResultSet nodes = statement.executeQuery("SELECT count(*) FROM system.runtime.nodes WHERE state = 'active' AND node_id = '%s'".formatted(nodeId()))) {
            return nodes.next() && nodes.getLong(1) > 0;
        }
        catch (SQLException e) {
            return false;
        }
    }

    /** The node id this warehouse's server announces: the same for every start, different for every warehouse. */
    private String nodeId()
    {
        return UUID.nameUUIDFromBytes(warehouse.toString().getBytes(UTF_8)).toString();
    }

    private static String filled(String template, Map<String, String> values)
    {
        String text = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace(value.getKey(), value.getValue());
        }
        return text;
    }

    private static String tail(Path log)
            throws IOException
    {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log, UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static Optional<Long> readNumber(Path file)
    {
        try {
            return Files.exists(file) ? Optional.of(Long.parseLong(Files.readString(file, UTF_8).trim())) : Optional.empty();
        }
        catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String resource(String name)
    {
        try (InputStream stream = TrinoServer.class.getResourceAsStream(name)) {
            if (stream == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(stream.readAllBytes(), UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(Duration duration)
    {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static List<String> linkDonors()
    {
        return LINK_DONORS;
    }
}
