package org.isg.warehouse.orchestration;

import org.isg.warehouse.orchestration.local.LocalAirflow;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ./isg airflow local start|stop|status}: the pinned Airflow 3 on this machine, on loopback,
 * with the nightly DAG, a Spark connection and the DAG's variables set for a local warehouse, so a
 * data engineer can try nights and backfills as the scheduler runs them (docs/operations.md).
 */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "A local Airflow 3 (pinned, installed on first use) running the nightly DAG against a local warehouse.",
        subcommands = {LocalAirflowCommand.Start.class, LocalAirflowCommand.Stop.class, LocalAirflowCommand.Status.class})
public final class LocalAirflowCommand
        implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
        return AirflowCommand.EXIT_USAGE;
    }

    abstract static class LocalSubcommand
            implements Callable<Integer>
    {
        AirflowCommand parent;

        @Option(names = "--home", description = "the local Airflow's home folder (default: $ISG_AIRFLOW_HOME, else .isg/airflow)")
        Path home;

        Path home()
        {
            return home == null ? parent.localHome() : home.toAbsolutePath();
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start Airflow on 127.0.0.1 (API server and UI, scheduler, DAG processor; LocalExecutor on SQLite) and print its URL and admin password.")
    static final class Start
            extends LocalSubcommand
    {
        @Option(names = "--port", defaultValue = "8480", description = "the API server's and UI's port on 127.0.0.1 (default: ${DEFAULT-VALUE})")
        int port;

        @Option(names = "--landing", defaultValue = "isg-demo/landing", description = "the landing folder the nights read (default: ${DEFAULT-VALUE}, the demo's)")
        Path landing;

        @Option(names = "--warehouse", defaultValue = "isg-demo/warehouse", description = "the warehouse the nights write (default: ${DEFAULT-VALUE})")
        Path warehouse;

        @Option(names = "--key-file", defaultValue = "isg-demo/secrets/pseudonym.key", description = "the pseudonym key file the ingest stage reads (default: ${DEFAULT-VALUE})")
        Path keyFile;

        @Option(names = "--application-jar", defaultValue = "${sys:isg.application.jar}",
                description = "the spark-submit jar (default: the one the build made, ${DEFAULT-VALUE})")
        Path applicationJar;

        @Option(names = "--spark-master", defaultValue = "local[2]", description = "the spark_default connection's master (default: ${DEFAULT-VALUE})")
        String sparkMaster;

        @Option(names = "--task-retries", defaultValue = "0", description = "retries of a failed stage (default: ${DEFAULT-VALUE}; production uses 2)")
        int taskRetries;

        @Option(names = "--paused", description = "leave the DAG paused (by default it is unpaused, and the scheduler runs the most recent scheduled night at once)")
        boolean paused;

        @Override
        public Integer call()
        {
            PrintStream out = parent.out();
            if (applicationJar == null || !Files.isRegularFile(applicationJar)) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "no application jar at %s: build it with 'mvn -DskipTests package' or pass --application-jar".formatted(applicationJar));
            }
            Map<String, String> variables = new LinkedHashMap<>();
            variables.put("isg_application_jar", applicationJar.toAbsolutePath().toString());
            variables.put("isg_landing", landing.toAbsolutePath().toString());
            variables.put("isg_warehouse", warehouse.toAbsolutePath().toString());
            variables.put("isg_pseudonym_key_file", keyFile.toAbsolutePath().toString());
            LocalAirflow.Running running = LocalAirflow.start(new LocalAirflow.Settings(home(), port, sparkMaster, variables, taskRetries, !paused), out::println);
            out.println("Airflow is running at " + running.url() + " (user " + LocalAirflow.ADMIN + ", password " + running.adminPassword() + ")");
            out.println("  landing " + variables.get("isg_landing") + ", warehouse " + variables.get("isg_warehouse") + ", Spark " + sparkMaster);
            out.println("  try:  ./isg airflow trigger --date <yyyy-MM-dd> && ./isg airflow wait --date <yyyy-MM-dd>");
            out.println("  stop: ./isg airflow local stop" + (home == null ? "" : " --home " + home()));
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the local Airflow (its history stays in its home folder).")
    static final class Stop
            extends LocalSubcommand
    {
        @Override
        public Integer call()
        {
            LocalAirflow.stop(home(), parent.out()::println);
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Whether the local Airflow runs, and where; exit 3 when it does not.")
    static final class Status
            extends LocalSubcommand
    {
        @Override
        public Integer call()
        {
            Optional<LocalAirflow.Running> running = LocalAirflow.status(home());
            if (running.isEmpty()) {
                parent.out().println("no local Airflow runs for " + home());
                return AirflowCommand.EXIT_UNHEALTHY;
            }
            parent.out().println("running at " + running.get().url() + " (user " + LocalAirflow.ADMIN + ", password in " + LocalAirflow.passwordsFile(home()) + "), processes " + running.get().processes());
            return 0;
        }
    }
}
