package org.isg.warehouse.jobs.cli;

import org.apache.spark.sql.SparkSession;
import org.isg.warehouse.contracts.files.Folders;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.generate.ExportGenerator;
import org.isg.warehouse.generate.GenerateOptions;
import org.isg.warehouse.jobs.NightlyRun;
import org.isg.warehouse.jobs.Progress;
import org.isg.warehouse.jobs.SparkSessions;
import org.isg.warehouse.jobs.Stage;
import org.isg.warehouse.jobs.Warehouse;
import org.isg.warehouse.jobs.privacy.Pseudonymizer;
import org.isg.warehouse.jobs.publish.Serving;
import org.isg.warehouse.orchestration.AirflowCommand;
import org.isg.warehouse.sql.PasswordProfile;
import org.isg.warehouse.sql.Publisher;
import org.isg.warehouse.sql.TrinoException;
import org.isg.warehouse.sql.TrinoServer;
import org.isg.warehouse.sql.TrinoTarget;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ./isg}: the command-line contract of SPEC §6. Exit 0 on success; otherwise a one-line
 * reason on standard error and a non-zero exit.
 */
@Command(name = "isg", mixinStandardHelpOptions = true, version = "ISG Warehouse 0.1.0",
        description = "ISG Warehouse: nightly ingest of the experiment bases' exports into checked Delta tables.",
        subcommands = {IsgCommand.Generate.class, IsgCommand.Run.class, IsgCommand.RunStage.class, IsgCommand.RebuildGold.class, IsgCommand.Demo.class, IsgCommand.Trino.class, IsgCommand.Publish.class, IsgCommand.Benchmark.class, IsgCommand.BenchmarkGold.class, IsgCommand.BenchmarkViews.class, IsgCommand.Docs.class})
public final class IsgCommand
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
        CommandLine commandLine = new CommandLine(new IsgCommand());
        // Added before the handlers are set, so they apply to it too
        commandLine.addSubcommand("airflow", new AirflowCommand(System.getenv(), System.out).commandLine());
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            System.err.println("isg: " + oneLine(exception));
            return EXIT_FAILURE;
        });
        commandLine.setParameterExceptionHandler((exception, arguments1) -> {
            System.err.println("isg: " + exception.getMessage() + " (see --help)");
            return EXIT_USAGE;
        });
        int exit = commandLine.execute(arguments);
        System.exit(exit);
    }

    static String oneLine(Throwable exception)
    {
        StringBuilder line = new StringBuilder();
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage().lines().findFirst().orElse("");
            if (line.indexOf(message) < 0) {
                line.append(line.isEmpty() ? "" : ": ").append(message);
            }
        }
        return line.toString();
    }

    @Command(name = "generate", mixinStandardHelpOptions = true, description = "Write sample deliveries into a landing area (SPEC §2), deterministic for a seed.")
    static final class Generate
            implements Callable<Integer>
    {
        @Option(names = "--landing", required = true, description = "landing area to write into")
        Path landing;

        @Option(names = "--from", required = true, description = "first export date (yyyy-MM-dd)")
        LocalDate from;

        @Option(names = "--to", required = true, description = "last export date (yyyy-MM-dd)")
        LocalDate to;

        @Option(names = "--bases", split = ",", description = "base codes (default: every delivering base)")
        List<String> bases = List.of();

        @Option(names = "--seed", defaultValue = "" + GenerateOptions.DEFAULT_SEED, description = "random seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--defect-rate", defaultValue = "0", description = "share of rows and deliveries made defective; a sidecar under <landing>/_generator lists each (default: ${DEFAULT-VALUE})")
        double defectRate;

        @Option(names = "--every-rule", description = "break one row per contract rule in every delivery")
        boolean everyRule;

        @Option(names = "--rows-per-day", defaultValue = "" + GenerateOptions.DEFAULT_ROWS_PER_DAY, description = "scale: new records per base per day (default: ${DEFAULT-VALUE})")
        int rowsPerDay;

        @Override
        public Integer call()
        {
            GenerateOptions options = new GenerateOptions(landing, from, to, bases, seed, defectRate, everyRule, rowsPerDay, GenerateOptions.DEFAULT_MAX_ROWS_PER_FILE);
            ExportGenerator.Summary summary = new ExportGenerator(options, BaseRegistry.load(), Progress.toStandardError()).generate();
            System.out.printf("generated %d deliveries (%d corrections), %d rows, %d row defects, %d delivery defects into %s%n",
                    summary.deliveries(), summary.corrections(), summary.rows(), summary.rowDefects(), summary.deliveryDefects(), landing);
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run one night, every stage: the deliveries of --date and any earlier ones not yet processed.")
    static final class Run
            implements Callable<Integer>
    {
        @CommandLine.Mixin
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
    static final class NightOptions
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
    static final class RunStage
            implements Callable<Integer>
    {
        @CommandLine.Parameters(index = "0", description = "the stage: ${COMPLETION-CANDIDATES}", converter = StageConverter.class, completionCandidates = StageNames.class)
        Stage stage;

        @CommandLine.Mixin
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
            extends java.util.ArrayList<String>
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
    static final class RebuildGold
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

    @Command(name = "trino", mixinStandardHelpOptions = true, description = "Start, stop or show the Trino 476 server that serves a warehouse (catalog isg, loopback).",
            subcommands = {TrinoStart.class, TrinoStop.class, TrinoStatus.class, TrinoSecure.class})
    static final class Trino
    {
    }

    /** The local warehouse folder whose Trino server a command manages. */
    static final class ServedWarehouse
    {
        @Option(names = "--warehouse", required = true, description = "warehouse root (a local folder)")
        Path warehouse;

        TrinoServer server()
        {
            return new TrinoServer(warehouse, Progress.toStandardError());
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start the server (once a query succeeds), then publish the warehouse.")
    static final class TrinoStart
            implements Callable<Integer>
    {
        @CommandLine.Mixin
        ServedWarehouse served;

        @Option(names = "--port", defaultValue = "" + TrinoServer.DEFAULT_PORT, description = "HTTP port on 127.0.0.1 (default: ${DEFAULT-VALUE})")
        int port;

        @Override
        public Integer call()
                throws Exception
        {
            Serving serving = serving(served.warehouse);
            serving.startAndPublish(port);
            System.out.printf("trino serving %s at %s%n", served.warehouse.toAbsolutePath().normalize(), serving.server().jdbcUrl());
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the server of a warehouse.")
    static final class TrinoStop
            implements Callable<Integer>
    {
        @CommandLine.Mixin
        ServedWarehouse served;

        @Option(names = "--port", description = "ignored: the port the server was started on is used")
        Integer port;

        @Override
        public Integer call()
        {
            boolean stopped = served.server().stop();
            System.out.println(stopped ? "trino stopped" : "trino was not running");
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Say whether the server of a warehouse runs and answers queries; exit 3 when it does not.")
    static final class TrinoStatus
            implements Callable<Integer>
    {
        @CommandLine.Mixin
        ServedWarehouse served;

        @Option(names = "--port", description = "ignored: the port the server was started on is used")
        Integer port;

        @Override
        public Integer call()
        {
            TrinoServer.Status status = served.server().status();
            if (status.running()) {
                System.out.printf("trino running: pid %d, %s%n", status.pid().orElseThrow(), TrinoServer.jdbcUrl(status.port()));
                return 0;
            }
            System.out.println(status.pid().isPresent() ? "trino process %d runs but does not answer on port %d".formatted(status.pid().get(), status.port()) : "trino not running");
            return 3;
        }
    }

    @Command(name = "secure", mixinStandardHelpOptions = true,
            description = "Create the HTTPS + password profile of a warehouse's server: self-signed keystore for 127.0.0.1, bcrypt password file, a random password per user (admin, assessor, evaluator_<base> for every base). Takes effect at the next start.")
    static final class TrinoSecure
            implements Callable<Integer>
    {
        @CommandLine.Mixin
        ServedWarehouse served;

        @Override
        public Integer call()
        {
            List<String> users = new java.util.ArrayList<>(List.of("admin", "assessor"));
            BaseRegistry.load().bases().forEach(base -> users.add("evaluator_" + base.code().toLowerCase(java.util.Locale.ROOT)));
            Path state = served.warehouse.toAbsolutePath().normalize().resolve("_trino");
            PasswordProfile profile = PasswordProfile.create(state, users, Path.of(System.getProperty("java.home"), "bin", "keytool"));
            System.out.printf("password profile created for %d users; passwords in %s (mode 0600), keystore %s.%n"
                    + "Restart to use it: ./isg trino stop --warehouse %s && ./isg trino start --warehouse %s (HTTPS on the port after --port)%n",
                    users.size(), profile.passwordsFile(), profile.keystore(), served.warehouse, served.warehouse);
            return 0;
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true, description = "Register every Delta table and (re)create the evaluator views in the running Trino server (also the last stage of every run).")
    static final class Publish
            implements Callable<Integer>
    {
        @CommandLine.Mixin
        ServedWarehouse served;

        @Override
        public Integer call()
                throws Exception
        {
            if (!served.server().status().running()) {
                throw new TrinoException(TrinoException.Code.SERVER_NOT_RUNNING, "no Trino server runs for %s: './isg trino start --warehouse %s'".formatted(served.warehouse, served.warehouse));
            }
            Publisher.Result result = serving(served.warehouse).publish();
            System.out.printf("published: %d tables registered, %d already registered, views: %s%n", result.tablesRegistered(), result.tablesAlreadyRegistered(), String.join(", ", result.views()));
            return 0;
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true, description = "The README's main job: generate a week of deliveries for every delivering base, run each night, serve the warehouse through Trino and print the national scorecard.")
    static final class Demo
            implements Callable<Integer>
    {
        @Option(names = "--dir", defaultValue = "isg-demo", description = "folder for landing, warehouse and key (default: ${DEFAULT-VALUE})")
        Path directory;

        @Option(names = "--to", defaultValue = "2026-11-23", description = "last night of the week (default: ${DEFAULT-VALUE})")
        LocalDate to;

        @Option(names = "--days", defaultValue = "7", description = "nights to run (default: ${DEFAULT-VALUE})")
        int days;

        @Option(names = "--defect-rate", defaultValue = "0.01", description = "share of defective rows and deliveries (default: ${DEFAULT-VALUE})")
        double defectRate;

        @Option(names = "--port", defaultValue = "" + TrinoServer.DEFAULT_PORT, description = "port of the Trino server the demo ends with (default: ${DEFAULT-VALUE})")
        int port;

        @Override
        public Integer call()
                throws Exception
        {
            Path landing = directory.resolve("landing");
            Path warehouse = directory.resolve("warehouse");
            Path keyFile = directory.resolve("secrets").resolve("pseudonym.key");
            if (!Files.exists(keyFile)) {
                Pseudonymizer.createKeyFile(keyFile);
                System.err.println("[isg] created a pseudonym key at " + keyFile + " (mode 0600, outside the warehouse)");
            }
            Pseudonymizer pseudonymizer = Pseudonymizer.fromConfiguration(Optional.of(keyFile), System.getenv(), warehouse);
            BaseRegistry registry = BaseRegistry.load();
            SparkSession spark = SparkSessions.getOrCreate("isg-demo");
            NightlyRun run = new NightlyRun(new Warehouse(spark, warehouse.toAbsolutePath().toString()), registry, pseudonymizer, Progress.toStandardError());
            LocalDate first = to.minusDays(days - 1L);
            for (LocalDate night = first; !night.isAfter(to); night = night.plusDays(1)) {
                // Night by night, as bases deliver: a correction of yesterday arrives with today's export
                GenerateOptions options = new GenerateOptions(landing, night, night, List.of(), GenerateOptions.DEFAULT_SEED, defectRate, false,
                        GenerateOptions.DEFAULT_ROWS_PER_DAY, GenerateOptions.DEFAULT_MAX_ROWS_PER_FILE);
                new ExportGenerator(options, registry, line -> { }).generate();
                run.run(landing.toAbsolutePath().toString(), night);
            }
            System.out.printf("%nISG Warehouse demo: %d nights (%s .. %s), %d delivering bases%nlanding:   %s%nwarehouse: %s%n%n%s",
                    days, first, to, registry.deliveringBases().size(), landing, warehouse, NightlyRun.format(run.summary()));
            Warehouse tables = new Warehouse(spark, warehouse.toAbsolutePath().toString());
            StringBuilder statuses = new StringBuilder();
            for (org.apache.spark.sql.Row row : tables.read(Warehouse.GOLD, "indicator_values").groupBy("obs_status").count().orderBy("obs_status").collectAsList()) {
                statuses.append(statuses.isEmpty() ? "" : ", ").append(row.getString(0)).append(' ').append(row.getLong(1));
            }
            System.out.printf("%ngold.indicator_values: %d rows by obs_status (%s); gold.submission_quality: %d rows%n",
                    tables.read(Warehouse.GOLD, "indicator_values").count(), statuses, tables.read(Warehouse.GOLD, "submission_quality").count());
            // Serve it: the scorecard below is read through Trino, as an assessor would
            Serving serving = new Serving(tables, Progress.toStandardError());
            serving.startAndPublish(port);
            TrinoServer server = serving.server();
            System.out.printf("%nNational scorecard, read through Trino as 'assessor' (isg.gold.latest_scorecard): top three of each cohort%n");
            // The name last: Chinese characters are two columns wide and would break the alignment
            System.out.printf("  %-22s %-7s %-5s %6s %5s %10s  %s%n", "cohort", "month", "base", "score", "rank", "interval", "name");
            try (java.sql.Connection assessor = server.connect("assessor");
                    java.sql.Statement statement = assessor.createStatement();
                    java.sql.ResultSet rows = statement.executeQuery("""
                            SELECT cohort, period, base_code, base_name, score, rank, rank_low, rank_high
                            FROM isg.gold.latest_scorecard WHERE rank <= 3 ORDER BY cohort, rank""")) {
                while (rows.next()) {
                    System.out.printf("  %-22s %-7s %-5s %6.1f %5s %10s  %s%n", rows.getString("cohort"), rows.getString("period"), rows.getString("base_code"),
                            rows.getDouble("score"), "#" + rows.getInt("rank"), "[%d..%d]".formatted(rows.getInt("rank_low"), rows.getInt("rank_high")), rows.getString("base_name"));
                }
            }
            System.out.printf("%nTrino is serving the warehouse at %s (users: admin, assessor, evaluator_<base code>). Try:%n"
                    + "  java -jar trino-cli-476-executable.jar --server 127.0.0.1:%d --user evaluator_c01 --execute \"select count(distinct base_code) from isg.gold.indicator_values\"%n"
                    + "Stop it with: ./isg trino stop --warehouse %s%n", server.jdbcUrl(), port, warehouse);
            return 0;
        }
    }

    @Command(name = "benchmark", mixinStandardHelpOptions = true, description = "Time ingest + refine against a plain CSV -> Delta copy of the same files; append the figures to docs/benchmarks.md.")
    static final class Benchmark
            implements Callable<Integer>
    {
        @Option(names = "--rows-per-day", defaultValue = "400", description = "rows per base per day (default: ${DEFAULT-VALUE})")
        int rowsPerDay;

        @Option(names = "--days", defaultValue = "2", description = "nights (default: ${DEFAULT-VALUE})")
        int days;

        @Option(names = "--work", defaultValue = "target/benchmark", description = "scratch folder, emptied first (default: ${DEFAULT-VALUE})")
        Path work;

        @CommandLine.Mixin
        ReportOption reportOption;

        @Override
        public Integer call()
                throws Exception
        {
            Folders.deleteRecursively(work);
            SparkSession spark = SparkSessions.getOrCreate("isg-benchmark");
            org.isg.warehouse.jobs.benchmark.IngestBenchmark.Figures figures = new org.isg.warehouse.jobs.benchmark.IngestBenchmark(spark, work.toAbsolutePath(), Progress.toStandardError())
                    .run(rowsPerDay, days, LocalDate.of(2026, 11, 23));
            org.isg.warehouse.jobs.benchmark.IngestBenchmark.appendToReport(reportOption.report, figures, rowsPerDay, days);
            System.out.printf("pipeline %.1f s, floor %.1f s, ratio %.2f; figures appended to %s%n", figures.pipelineSeconds(), figures.floorSeconds(), figures.ratio(), reportOption.report);
            return 0;
        }
    }

    @Command(name = "benchmark-gold", mixinStandardHelpOptions = true,
            description = "Load a year of generated history for every delivering base, then time one incremental night's gold against a full rebuild; append the figures to docs/benchmarks.md.")
    static final class BenchmarkGold
            implements Callable<Integer>
    {
        @Option(names = "--rows-per-day", defaultValue = "10", description = "rows per base per day (default: ${DEFAULT-VALUE})")
        int rowsPerDay;

        @Option(names = "--night", defaultValue = "2026-11-23", description = "the timed night; the history is the 365 days before it (default: ${DEFAULT-VALUE})")
        LocalDate night;

        @Option(names = "--work", defaultValue = "target/benchmark-gold", description = "scratch folder, emptied first (default: ${DEFAULT-VALUE})")
        Path work;

        @CommandLine.Mixin
        ReportOption reportOption;

        @Override
        public Integer call()
                throws Exception
        {
            Folders.deleteRecursively(work);
            SparkSession spark = SparkSessions.getOrCreate("isg-benchmark-gold");
            org.isg.warehouse.jobs.benchmark.GoldBenchmark.Figures figures = new org.isg.warehouse.jobs.benchmark.GoldBenchmark(spark, work.toAbsolutePath(), Progress.toStandardError())
                    .run(rowsPerDay, night);
            org.isg.warehouse.jobs.benchmark.GoldBenchmark.appendToReport(reportOption.report, figures, rowsPerDay);
            System.out.printf("incremental night's gold %.1f s, full rebuild %.1f s, same values: %s; figures appended to %s%n",
                    figures.nightIndicatorsSeconds(), figures.rebuildSeconds(), figures.sameValues(), reportOption.report);
            return figures.sameValues() ? 0 : 1;
        }
    }

    @Command(name = "benchmark-views", mixinStandardHelpOptions = true,
            description = "Warm p50 / p95 of each evaluator view through Trino over a warehouse (starts and publishes its server if needed); append the figures to docs/benchmarks.md.")
    static final class BenchmarkViews
            implements Callable<Integer>
    {
        @Option(names = "--warehouse", required = true, description = "warehouse root, e.g. the gold benchmark's target/benchmark-gold/warehouse")
        Path warehouse;

        @Option(names = "--port", defaultValue = "" + TrinoServer.DEFAULT_PORT, description = "port if the server must be started (default: ${DEFAULT-VALUE})")
        int port;

        @Option(names = "--runs", defaultValue = "20", description = "timed runs per query (default: ${DEFAULT-VALUE})")
        int runs;

        @CommandLine.Mixin
        ReportOption reportOption;

        @Override
        public Integer call()
                throws Exception
        {
            Serving serving = serving(warehouse);
            serving.startAndPublish(port);
            TrinoServer server = serving.server();
            String workload;
            try (java.sql.Connection admin = server.connect("admin"); java.sql.Statement statement = admin.createStatement();
                    java.sql.ResultSet rows = statement.executeQuery("""
                            SELECT count(*), count(DISTINCT base_code), min(period), max(period),
                                   (SELECT count(*) FROM isg.gold.base_scores) FROM isg.gold.indicator_values""")) {
                rows.next();
                workload = "`%s`: gold.indicator_values %,d rows, %d bases, %s..%s; gold.base_scores %,d rows".formatted(warehouse, rows.getLong(1), rows.getLong(2),
                        rows.getString(3), rows.getString(4), rows.getLong(5));
            }
            List<org.isg.warehouse.jobs.benchmark.ViewBenchmark.Timing> timings = new org.isg.warehouse.jobs.benchmark.ViewBenchmark(server, Progress.toStandardError()).run(runs);
            org.isg.warehouse.jobs.benchmark.ViewBenchmark.appendToReport(reportOption.report, timings, runs, workload);
            System.out.printf("%d view timings appended to %s%n", timings.size(), reportOption.report);
            return 0;
        }
    }

    @Command(name = "docs", mixinStandardHelpOptions = true,
            description = "Regenerate the generated documents: docs/contracts.md from the dataset contracts, docs/indicator-handbook.md from the indicator catalogue.")
    static final class Docs
            implements Callable<Integer>
    {
        @Option(names = "--root", defaultValue = ".", description = "repository root (default: the current folder)")
        Path root;

        @Override
        public Integer call()
                throws Exception
        {
            System.out.println("wrote " + org.isg.warehouse.contracts.dataset.ContractsDocument.write(root));
            System.out.println("wrote " + org.isg.warehouse.indicators.IndicatorHandbook.write(root));
            return 0;
        }
    }

    /** Where a benchmark appends its figures. */
    static final class ReportOption
    {
        @Option(names = "--report", defaultValue = "docs/benchmarks.md", description = "report to append to (default: ${DEFAULT-VALUE})")
        Path report;
    }

    private static Serving serving(Path warehouse)
    {
        return new Serving(new Warehouse(SparkSessions.getOrCreate("isg-publish"), warehouse.toAbsolutePath().normalize().toString()), Progress.toStandardError());
    }

    private static String stripScheme(String location)
    {
        return location.startsWith("file:") ? location.substring("file:".length()).replaceFirst("^//", "") : location;
    }
}
