package org.isg.warehouse.orchestration.airflow;

import org.isg.warehouse.orchestration.AirflowCommand;
import org.isg.warehouse.orchestration.local.LocalAirflow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract cases against the real pinned Airflow 3 (API server, scheduler and DAG processor on
 * loopback, LocalExecutor on SQLite, simple auth manager), with the nightly DAG paused so that the
 * runs the cases create stay queued.
 */
class RealAirflowContractTest
        extends AirflowContractCases
{
    @TempDir
    static Path home;

    private static LocalAirflow.Running airflow;

    @BeforeAll
    static void startAirflow()
            throws IOException
    {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        // The runs stay queued (the DAG is paused), so the variables are never read
        Map<String, String> variables = Map.of("isg_application_jar", "/nonexistent/app.jar", "isg_landing", "/nonexistent/landing",
                "isg_warehouse", "/nonexistent/warehouse", "isg_pseudonym_key_file", "/nonexistent/key");
        airflow = LocalAirflow.start(new LocalAirflow.Settings(home.resolve("airflow"), port, "local[1]", variables, 0, false), System.out::println);
    }

    @AfterAll
    static void stopAirflow()
    {
        if (airflow == null) {
            return;
        }
        try {
            // As a data engineer stops it; then nothing of it runs any more
            CommandResult stop = isgAirflow("local", "stop");
            assertThat(stop.exitCode()).as(stop.output()).isZero();
            assertThat(stop.output()).contains("airflow: stopped (" + airflow.home() + ")");
            assertThat(LocalAirflow.status(airflow.home())).isEmpty();
            assertThat(isgAirflow("local", "status").exitCode()).isEqualTo(AirflowCommand.EXIT_UNHEALTHY);
        }
        finally {
            LocalAirflow.stop(airflow.home(), System.out::println);
        }
    }

    @Test
    void theCommandLineFindsTheLocalAirflowWithoutAUrlOrCredentials()
            throws IOException
    {
        CommandResult status = isgAirflow("local", "status");
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).startsWith("running at " + airflow.url() + " (user admin, password in " + LocalAirflow.passwordsFile(airflow.home()) + ")");

        // No --url, no ISG_AIRFLOW_URL, no credentials: the local Airflow with its generated admin password
        CommandResult health = isgAirflow("health");
        assertThat(health.exitCode()).as(health.output()).isZero();
        assertThat(health.output()).contains("metadatabase  healthy").contains("scheduler     healthy");

        // Starting it again finds it running and starts nothing
        Path jar = java.nio.file.Files.createTempFile(home, "application", ".jar");
        CommandResult start = isgAirflow("local", "start", "--application-jar", jar.toString());
        assertThat(start.exitCode()).as(start.output()).isZero();
        assertThat(start.output()).contains("airflow: already running for " + airflow.home() + " at " + airflow.url())
                .contains("Airflow is running at " + airflow.url() + " (user admin, password " + airflow.adminPassword() + ")");
        assertThat(LocalAirflow.status(airflow.home()).orElseThrow().processes()).isEqualTo(airflow.processes());
    }

    private record CommandResult(int exitCode, String output) {}

    private static CommandResult isgAirflow(String... arguments)
    {
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8);
        picocli.CommandLine commandLine = new AirflowCommand(Map.of("ISG_AIRFLOW_HOME", airflow.home().toString()), out).commandLine();
        commandLine.setErr(new java.io.PrintWriter(new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8), true));
        int exitCode = commandLine.execute(arguments);
        return new CommandResult(exitCode, buffer.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    URI url()
    {
        return airflow.url();
    }

    @Override
    AirflowCredentials.Password credentials()
    {
        return new AirflowCredentials.Password(LocalAirflow.ADMIN, airflow.adminPassword());
    }

    @Override
    String someoneElsesRunFor(LocalDate night)
    {
        // Another user's manual run at the night's logical date, under an id of their own
        return client().trigger(NightlyDag.DAG_ID, "someone_else__" + night, NightlyDag.logicalDate(night)).dagRunId();
    }

    @Override
    void theDagsAssetsAreKnown()
    {
        // Airflow registered them when it parsed the DAG
    }

    @Override
    void requestsThatBreakTheSpecWereSent(int count)
    {
        // The real server refused them itself
    }
}
