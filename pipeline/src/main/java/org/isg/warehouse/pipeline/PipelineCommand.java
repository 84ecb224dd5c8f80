package org.isg.warehouse.pipeline;

import org.apache.spark.sql.SparkSession;
import org.isg.warehouse.contracts.errors.Failures;
import org.isg.warehouse.contracts.errors.StandardErrorCode;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.pipeline.privacy.Pseudonymizer;
import org.isg.warehouse.sql.TrinoTarget;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The Spark pipeline's command line: {@code run}, {@code stage} and {@code rebuild-gold}. It is the
 * main class of the cluster jar (what Airflow's SparkSubmitOperator runs), and {@code ./isg} offers
 * the same commands. Exit 0 on success; otherwise a one-line reason on standard error.
 */
@Command(name = "isg-pipeline", mixinStandardHelpOptions = true, version = "ISG Warehouse 0.1.0",
        description = "The Spark pipeline of ISG Warehouse: a night, one stage of it, or a gold rebuild. The entry point of the cluster jar (spark-submit --class).",
        subcommands = {PipelineCommand.Run.class, PipelineCommand.RunStage.class, PipelineCommand.RebuildGold.class})
public final class PipelineCommand
        implements Callable<Integer>
{
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    @Override
    public Integer call()
    {
        CommandLine.usage(this, System.out);
        return EXIT_USAGE;
    }

    public static void main(String[] arguments)
    {
        System.exit(configure(new CommandLine(new PipelineCommand()), "isg-pipeline").execute(arguments));
    }

    /**
     * Reports failures as one line naming the error code ({@code name: [CODE] message}); an
     * uncoded failure is a defect or a foreign system's, whose stack trace {@code ISG_DEBUG=1} prints.
     */
    public static CommandLine configure(CommandLine commandLine, String name)
    {
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            System.err.println(name + ": " + Failures.oneLine(exception));
            if (Failures.coded(exception).isEmpty() && System.getenv("ISG_DEBUG") != null) {
                exception.printStackTrace(System.err);
            }
            return EXIT_FAILURE;
        });
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            System.err.println(name + ": [" + StandardErrorCode.INVALID_ARGUMENT.name() + "] " + exception.getMessage() + " (see --help)");
            return EXIT_USAGE;
        });
        return commandLine;
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run one night, every stage: the deliveries of --date and any earlier ones not yet processed.")
    public static final class Run
            implements Callable<Integer>
    {
        @Mixin
        NightOptions night;

        @Override
        public Integer call()
        {
            NightlyRun.Result result = night.nightlyRun("isg-run-" + night.date).run(night.landing, night.date);
            System.out.printf("run %s finished for %s%n%s", result.runId(), night.date, NightlyRun.format(result.summary()));
            return 0;
        }
    }

    /** The options of a night: landing, warehouse, date and where the pseudonym key is. */
    public static final class NightOptions
    {
        @Option(names = "--landing", required = true, description = "landing area (a path or a Hadoop file-system URI)")
        String landing;

        @Option(names = "--warehouse", required = true, description = "warehouse root (a path or a Hadoop file-system URI)")
        String warehouse;

        @Option(names = "--date", required = true, description = "the night's export date (yyyy-MM-dd); cut-off is the end of that day, China time")
        LocalDate date;

        @Option(names = "--key-file", description = "file holding the pseudonym key (else $ISG_PSEUDONYM_KEY_FILE or $ISG_PSEUDONYM_KEY)")
        Path keyFile;

        @Option(names = "--trino-url", description = "the Trino server the publish stage publishes to, jdbc:trino://host:port/isg[?SSL=true] (else $ISG_TRINO_URL; "
                + "else the server './isg trino start' runs for the warehouse). User and password from $ISG_TRINO_USER and $ISG_TRINO_PASSWORD, "
                + "a self-signed certificate's trust store from $ISG_TRINO_TRUSTSTORE and $ISG_TRINO_TRUSTSTORE_PASSWORD")
        String trinoUrl;

        NightlyRun nightlyRun(String applicationName)
        {
            Pseudonymizer pseudonymizer = Pseudonymizer.fromConfiguration(Optional.ofNullable(keyFile), System.getenv(), Path.of(stripScheme(warehouse)));
            Optional<TrinoTarget> publishTarget = TrinoTarget.configured(Optional.ofNullable(trinoUrl), System.getenv());
            SparkSession spark = SparkSessions.getOrCreate(applicationName);
            return new NightlyRun(new Warehouse(spark, warehouse), BaseRegistry.load(), pseudonymizer, Progress.toStandardError(), publishTarget);
        }
    }

    @Command(name = "stage", mixinStandardHelpOptions = true,
            description = "Run one stage of a night (what an orchestrator's task runs; the night's tasks share --run-id): ingest, refine, indicators, publish.")
    public static final class RunStage
            implements Callable<Integer>
    {
        @Parameters(index = "0", description = "the stage: ${COMPLETION-CANDIDATES}", converter = StageConverter.class, completionCandidates = StageNames.class)
        Stage stage;

        @Mixin
        NightOptions night;

        @Option(names = "--run-id", description = "the night's run id, shared by its stages (default: a new one)")
        String runId;

        @Override
        public Integer call()
        {
            String id = runId == null ? NightlyRun.newRunId() : runId;
            night.nightlyRun("isg-" + stage.taskName() + "-" + night.date).runStage(stage, night.landing, night.date, id);
            System.out.printf("stage %s of run %s finished for %s%n", stage.taskName(), id, night.date);
            return 0;
        }
    }

    static final class StageConverter
            implements CommandLine.ITypeConverter<Stage>
    {
        @Override
        public Stage convert(String value)
        {
            return Stage.fromTaskName(value);
        }
    }

    static final class StageNames
            extends ArrayList<String>
    {
        StageNames()
        {
            for (Stage stage : Stage.values()) {
                add(stage.taskName());
            }
        }
    }

    @Command(name = "rebuild-gold", mixinStandardHelpOptions = true,
            description = "Recompute every gold row from silver as of --date (the nights refresh only what changed); e.g. after a registry change.")
    public static final class RebuildGold
            implements Callable<Integer>
    {
        @Option(names = "--warehouse", required = true, description = "warehouse root (a path or a Hadoop file-system URI)")
        String warehouse;

        @Option(names = "--date", required = true, description = "cut-off date (yyyy-MM-dd): the end of that day, China time")
        LocalDate date;

        @Override
        public Integer call()
        {
            SparkSession spark = SparkSessions.getOrCreate("isg-rebuild-gold-" + date);
            String runId = NightlyRun.rebuildGold(new Warehouse(spark, warehouse), BaseRegistry.load(), date, Progress.toStandardError());
            System.out.printf("run %s rebuilt gold as of %s%n", runId, date);
            return 0;
        }
    }

    private static String stripScheme(String location)
    {
        return location.startsWith("file:") ? location.substring("file:".length()).replaceFirst("^//", "") : location;
    }
}
