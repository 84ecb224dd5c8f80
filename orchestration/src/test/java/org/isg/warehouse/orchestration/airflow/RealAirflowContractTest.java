package org.isg.warehouse.orchestration.airflow;

import org.isg.warehouse.orchestration.local.LocalAirflow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

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
        if (airflow != null) {
            LocalAirflow.stop(airflow.home(), System.out::println);
        }
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
