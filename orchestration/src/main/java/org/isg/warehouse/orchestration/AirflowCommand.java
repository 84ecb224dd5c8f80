package org.isg.warehouse.orchestration;

import org.isg.warehouse.orchestration.airflow.AirflowClient;
import org.isg.warehouse.orchestration.airflow.AirflowCredentials;
import org.isg.warehouse.orchestration.airflow.Backoff;
import org.isg.warehouse.orchestration.airflow.DagRun;
import org.isg.warehouse.orchestration.airflow.DagRunState;
import org.isg.warehouse.orchestration.airflow.Health;
import org.isg.warehouse.orchestration.airflow.NightlyDag;
import org.isg.warehouse.orchestration.airflow.TaskInstance;
import org.isg.warehouse.orchestration.local.LocalAirflow;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import static java.util.Objects.requireNonNull;

/**
 * {@code ./isg airflow …}: the nightly DAG driven through Airflow's REST API v2, in nights
 * ({@code --date}) rather than run ids. Credentials come from the environment
 * ({@code ISG_AIRFLOW_USERNAME} + {@code ISG_AIRFLOW_PASSWORD}, or {@code ISG_AIRFLOW_TOKEN}).
 */
@Command(name = "airflow", mixinStandardHelpOptions = true,
        description = "Drive the nightly DAG through Airflow's REST API v2. Credentials from ISG_AIRFLOW_USERNAME and ISG_AIRFLOW_PASSWORD (or ISG_AIRFLOW_TOKEN).",
        subcommands = {AirflowCommand.Trigger.class, AirflowCommand.Status.class, AirflowCommand.Wait.class, AirflowCommand.RerunFailed.class,
                AirflowCommand.Backfill.class, AirflowCommand.HealthCheck.class, AirflowCommand.Pause.class, AirflowCommand.Unpause.class, AirflowCommand.AssetEvent.class,
                LocalAirflowCommand.class})
public final class AirflowCommand
        implements Callable<Integer>
{
    public static final int EXIT_RUN_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_UNHEALTHY = 3;

    private final Map<String, String> environment;
    private final PrintStream out;

    public AirflowCommand(Map<String, String> environment, PrintStream out)
    {
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
        this.out = requireNonNull(out, "out is null");
    }

    Map<String, String> environment()
    {
        return environment;
    }

    PrintStream out()
    {
        return out;
    }

    /** The home of the local Airflow ({@code ./isg airflow local}): {@code $ISG_AIRFLOW_HOME}, else {@code .isg/airflow}. */
    Path localHome()
    {
        String configured = environment.get("ISG_AIRFLOW_HOME");
        return Path.of(configured == null || configured.isBlank() ? ".isg/airflow" : configured).toAbsolutePath();
    }

    /** A command line whose subcommands see this environment and print to {@code out}. */
    public CommandLine commandLine()
    {
        return new CommandLine(this, new CommandLine.IFactory()
        {
            @Override
            public <K> K create(Class<K> type)
                    throws Exception
            {
                K instance = CommandLine.defaultFactory().create(type);
                if (instance instanceof AirflowSubcommand subcommand) {
                    subcommand.parent = AirflowCommand.this;
                }
                if (instance instanceof LocalAirflowCommand.LocalSubcommand subcommand) {
                    subcommand.parent = AirflowCommand.this;
                }
                return instance;
            }
        });
    }

    @Override
    public Integer call()
    {
        CommandLine.usage(this, out);
        return EXIT_USAGE;
    }

    /** What every subcommand shares: where Airflow is, which DAG, and how to reach it. */
    abstract static class AirflowSubcommand
            implements Callable<Integer>
    {
        AirflowCommand parent;

        @Option(names = "--url", description = "Airflow's base URL, e.g. https://airflow.example:8080 (default: $ISG_AIRFLOW_URL, else the local Airflow of './isg airflow local start')")
        String url;

        @Option(names = "--dag", defaultValue = NightlyDag.DAG_ID, description = "the DAG id (default: ${DEFAULT-VALUE})")
        String dagId;

        @Option(names = "--retries", defaultValue = "5", description = "calls per request when Airflow answers 5xx or cannot be reached (default: ${DEFAULT-VALUE})")
        int attempts;

        @Override
        public final Integer call()
        {
            URI target;
            AirflowCredentials credentials = AirflowCredentials.fromEnvironment(parent.environment);
            String givenUrl = url == null || url.isBlank() ? parent.environment.get("ISG_AIRFLOW_URL") : url;
            if (givenUrl == null || givenUrl.isBlank()) {
                // No Airflow named: the local one, with its generated admin password unless credentials are given
                Optional<LocalAirflow.Running> local = LocalAirflow.status(parent.localHome());
                if (local.isEmpty()) {
                    throw new CommandLine.ParameterException(new CommandLine(this),
                            "Airflow's URL is missing: pass --url, set ISG_AIRFLOW_URL, or start a local Airflow with './isg airflow local start'");
                }
                target = local.get().url();
                if (credentials instanceof AirflowCredentials.Missing) {
                    credentials = new AirflowCredentials.Password(LocalAirflow.ADMIN, local.get().adminPassword());
                }
            }
            else {
                target = URI.create(givenUrl);
            }
            AirflowClient client = new AirflowClient(target, credentials, new Backoff(Backoff.RETRIES.initialDelay(), Backoff.RETRIES.maxDelay(), attempts));
            return run(client, new NightlyDag(client, dagId), parent.out);
        }

        abstract int run(AirflowClient client, NightlyDag dag, PrintStream out);
    }

    @Command(name = "trigger", mixinStandardHelpOptions = true, description = "Start the run of a night (run id isg_night__<date>); a night that already has a run gets that run back.")
    static final class Trigger
            extends AirflowSubcommand
    {
        @CommandLine.Mixin
        Night night;

        @Override
        int run(AirflowClient client, NightlyDag dag, PrintStream out)
        {
            out.println(describe(night.date, dag.trigger(night.date)));
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show the run of a night and its tasks.")
    static final class Status
            extends AirflowSubcommand
    {
        @CommandLine.Mixin
        Night night;

        @Override
        int run(AirflowClient client, NightlyDag dag, PrintStream out)
        {
            out.println(describe(night.date, dag.run(night.date)));
            printTasks(out, dag.tasks(night.date));
            return 0;
        }
    }

    @Command(name = "wait", mixinStandardHelpOptions = true, description = "Wait for the run of a night to finish; exit 0 on success, 1 when it failed (its failed tasks are listed).")
    static final class Wait
            extends AirflowSubcommand
    {
        @CommandLine.Mixin
        Night night;

        @Option(names = "--timeout", defaultValue = "PT6H", description = "how long to wait, ISO-8601 (default: ${DEFAULT-VALUE})")
        Duration timeout;

        @Option(names = "--poll", defaultValue = "PT5S", description = "first polling interval, doubling up to a minute (default: ${DEFAULT-VALUE})")
        Duration poll;

        @Override
        int run(AirflowClient client, NightlyDag dag, PrintStream out)
        {
            Duration maxPoll = poll.compareTo(Backoff.POLLING.maxDelay()) > 0 ? poll : Backoff.POLLING.maxDelay();
            DagRun run = dag.waitFor(night.date, timeout, new Backoff(poll, maxPoll, Integer.MAX_VALUE), out::println);
            if (run.state() == DagRunState.SUCCESS) {
                return 0;
            }
            List<TaskInstance> failed = dag.tasks(night.date).stream().filter(TaskInstance::failed).toList();
            printTasks(out, failed);
            out.println("'./isg airflow rerun-failed --date " + night.date + "' clears them once the cause is fixed");
            return EXIT_RUN_FAILED;
        }
    }

    @Command(name = "rerun-failed", mixinStandardHelpOptions = true, description = "Clear the failed (and upstream-failed) tasks of a night's run so Airflow runs them again.")
    static final class RerunFailed
            extends AirflowSubcommand
    {
        @CommandLine.Mixin
        Night night;

        @Override
        int run(AirflowClient client, NightlyDag dag, PrintStream out)
        {
            List<TaskInstance> cleared = dag.rerunFailed(night.date);
            out.println(cleared.isEmpty() ? "no failed tasks in the run of " + night.date : "cleared " + cleared.size() + " task(s) of the run of " + night.date + ":");
            printTasks(out, cleared);
            return 0;
        }
    }

    @Command(name = "backfill", mixinStandardHelpOptions = true, description = "One run per night from --from to --to (inclusive); nights that already have a run are left alone.")
    static final class Backfill
            extends AirflowSubcommand
    {
        @Option(names = "--from", required = true, description = "first night (yyyy-MM-dd)")
        LocalDate first;

        @Option(names = "--to", required = true, description = "last night (yyyy-MM-dd)")
        LocalDate last;

        @Override
        int run(AirflowClient client, NightlyDag dag, PrintStream out)
        {
            List<NightlyDag.BackfillNight> nights = dag.backfill(first, last);
            for (NightlyDag.BackfillNight night : nights) {
                out.println((night.triggered() ? "triggered  " : "had a run  ") + describe(night.night(), night.run()));
            }
            long triggered = nights.stream().filter(NightlyDag.BackfillNight::triggered).count();
            out.printf("%d night(s), %d triggered, %d already had a run%n", nights.size(), triggered, nights.size() - triggered);
            return 0;
        }
    }

    @Command(name = "health", mixinStandardHelpOptions = true, description = "Airflow's health (no credentials needed); exit 3 when the database or scheduler is not healthy.")
    static final class HealthCheck
            extends AirflowSubcommand
    {
        @Override
        int run(AirflowClient client, NightlyDag dag, PrintStream out)
        {
            Health health = client.health();
            out.println("metadatabase  " + health.metadatabase().orElse("unknown"));
            out.println("scheduler     " + health.scheduler().orElse("unknown") + health.schedulerHeartbeat().map(beat -> " (heartbeat " + beat + ")").orElse(""));
            out.println("triggerer     " + health.triggerer().orElse("unknown"));
            out.println("dag processor " + health.dagProcessor().orElse("unknown"));
            return health.healthy() ? 0 : EXIT_UNHEALTHY;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause the DAG: no new scheduled runs until unpaused.")
    static final class Pause
            extends AirflowSubcommand
    {
        @Override
        int run(AirflowClient client, NightlyDag dag, PrintStream out)
        {
            out.println(dagId + (client.setPaused(dagId, true) ? " is paused" : " is NOT paused"));
            return 0;
        }
    }

    @Command(name = "unpause", mixinStandardHelpOptions = true, description = "Unpause the DAG.")
    static final class Unpause
            extends AirflowSubcommand
    {
        @Override
        int run(AirflowClient client, NightlyDag dag, PrintStream out)
        {
            out.println(dagId + (client.setPaused(dagId, false) ? " is still paused" : " is unpaused"));
            return 0;
        }
    }

    @Command(name = "asset-event", mixinStandardHelpOptions = true,
            description = "Tell Airflow gold tables were updated outside the DAG (after rebuild-gold or a repair), so DAGs scheduled on them run.")
    static final class AssetEvent
            extends AirflowSubcommand
    {
        @Option(names = "--uri", description = "asset URI; repeatable (default: the three gold tables)")
        List<String> uris;

        @Option(names = "--date", description = "the night the update is for, recorded in the event's extra")
        Optional<LocalDate> night;

        @Override
        int run(AirflowClient client, NightlyDag dag, PrintStream out)
        {
            Map<String, String> extra = night.map(date -> Map.of("night", date.toString(), "source", "isg")).orElse(Map.of("source", "isg"));
            for (String uri : uris == null ? NightlyDag.GOLD_ASSET_URIS : uris) {
                out.println("asset event " + client.publishAssetEvent(uri, extra) + " for " + uri);
            }
            return 0;
        }
    }

    /** The night a subcommand is about. */
    static final class Night
    {
        @Option(names = "--date", required = true, description = "the night (yyyy-MM-dd, China)")
        LocalDate date;
    }

    private static String describe(LocalDate night, DagRun run)
    {
        return "%s  %s  %s (%s, logical date %s)".formatted(night, run.state().apiName(), run.dagRunId(), run.runType(),
                run.logicalDate().map(Object::toString).orElse("none"));
    }

    private static void printTasks(PrintStream out, List<TaskInstance> tasks)
    {
        for (TaskInstance task : tasks) {
            out.printf("  %-12s %-16s try %d of %d%s%n", task.taskId(), task.state().orElse("(not started)"), task.tryNumber(), task.maxTries() + 1,
                    task.durationSeconds().map(seconds -> "  %.0f s".formatted(seconds)).orElse(""));
        }
    }
}
