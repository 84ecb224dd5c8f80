package org.isg.warehouse.cli;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.contracts.tables.Release;
import org.isg.warehouse.generator.ExportGenerator;
import org.isg.warehouse.generator.GenerateOptions;
import org.isg.warehouse.generator.PlantedExperiment;
import org.isg.warehouse.indicators.IndicatorCatalogue;
import org.isg.warehouse.pipeline.NightlyRun;
import org.isg.warehouse.pipeline.Progress;
import org.isg.warehouse.pipeline.SparkSessions;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.pipeline.privacy.Pseudonymizer;
import org.isg.warehouse.pipeline.publish.Releases;
import org.isg.warehouse.pipeline.publish.SdmxExport;
import org.isg.warehouse.pipeline.publish.Serving;
import org.isg.warehouse.sql.TrinoServer;
import org.isg.warehouse.sql.report.AssessmentReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code ./isg demo}: the README's main job, a week of nights for every delivering base, served through Trino. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "The README's main job: generate a week of deliveries for every delivering base, run each night, serve the warehouse through Trino and print the national scorecard.")
final class DemoCommand
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
            // C01 and C02 declare AI social experiments with their first export, with a year of outcome history and known effects
            GenerateOptions options = new GenerateOptions(landing, night, night, List.of(), GenerateOptions.DEFAULT_SEED, defectRate, false,
                    GenerateOptions.DEFAULT_ROWS_PER_DAY, GenerateOptions.DEFAULT_MAX_ROWS_PER_FILE, GenerateOptions.Experiments.PLANTED);
            new ExportGenerator(options, registry, line -> { }).generate();
            run.run(landing.toAbsolutePath().toString(), night);
        }
        System.out.printf("%nISG Warehouse demo: %d nights (%s .. %s), %d delivering bases%nlanding:   %s%nwarehouse: %s%n%n%s",
                days, first, to, registry.deliveringBases().size(), landing, warehouse, NightlyRun.format(run.summary()));
        Warehouse tables = new Warehouse(spark, warehouse.toAbsolutePath().toString());
        StringBuilder statuses = new StringBuilder();
        for (Row row : tables.read(Warehouse.GOLD, "indicator_values").groupBy("obs_status").count().orderBy("obs_status").collectAsList()) {
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
        System.out.printf("  %-22s %-7s %-11s %-5s %6s %5s %10s  %s%n", "cohort", "month", "status", "base", "score", "rank", "interval", "name");
        try (Connection assessor = server.connect("assessor");
                Statement statement = assessor.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT cohort, period, period_status, base_code, base_name, score, rank, rank_low, rank_high
                        FROM isg.gold.latest_scorecard WHERE rank <= 3 ORDER BY cohort, rank""")) {
            while (rows.next()) {
                // the latest final month, or while none is final the latest month, provisional
                System.out.printf("  %-22s %-7s %-11s %-5s %6.1f %5s %10s  %s%n", rows.getString("cohort"), rows.getString("period"), rows.getString("period_status"),
                        rows.getString("base_code"),
                        rows.getDouble("score"), "#" + rows.getInt("rank"), "[%d..%d]".formatted(rows.getInt("rank_low"), rows.getInt("rank_high")), rows.getString("base_name"));
            }
        }
        printExperimentEffects(server, registry, first);
        // What an assessor takes away: the last night's release as SDMX and as the assessment report
        Releases releases = new Releases(tables, Releases.DEFAULT_RETENTION_DAYS, Progress.toStandardError());
        List<Release> recorded = releases.releases();
        Release release = recorded.get(recorded.size() - 1);
        SdmxExport.Result sdmx = new SdmxExport(releases, registry, IndicatorCatalogue.load()).write(release, directory.resolve("sdmx"));
        AssessmentReport.Result report;
        try (Connection assessor = server.connect(AssessmentReport.ASSESSOR)) {
            report = new AssessmentReport(assessor).write(Optional.of(release.releaseId()), directory.resolve("report"));
        }
        System.out.printf("%nRelease %s: %d observations as SDMX-CSV 2.0 in %s (structure: %s)%n", release.releaseId(), sdmx.observations(), sdmx.data(), sdmx.structure());
        System.out.printf("Assessment report (%d charts: scorecard, funnel plots, trends, data-quality report card, experiment effects) — open it in a browser:%n  %s%n",
                report.charts(), report.file().toAbsolutePath());
        System.out.printf("%nTrino is serving the warehouse at %s (users: admin, assessor, evaluator_<base code>). Try:%n"
                + "  java -jar trino-cli-476-executable.jar --server 127.0.0.1:%d --user evaluator_c01 --execute \"select count(distinct base_code) from isg.gold.indicator_values\"%n"
                + "Stop it with: ./isg trino stop --warehouse %s%n", server.jdbcUrl(), port, warehouse);
        return 0;
    }

    /** The experiments' headlines as an assessor reads them, beside the effects the generator planted. */
    private static void printExperimentEffects(TrinoServer server, BaseRegistry registry, LocalDate firstNight)
            throws java.sql.SQLException
    {
        java.util.Map<String, PlantedExperiment> planted = new java.util.TreeMap<>();
        for (org.isg.warehouse.contracts.registry.Base base : registry.deliveringBases()) {
            for (PlantedExperiment experiment : PlantedExperiment.of(base.code(), registry.bases().indexOf(base), firstNight)) {
                planted.put(base.code() + " " + experiment.experimentId(), experiment);
            }
        }
        System.out.printf("%nExperiment effects, read through Trino as 'assessor' (isg.gold.experiment_effects_overview): overall ATT against never-treated units%n");
        System.out.printf("  %-5s %-13s %-22s %8s %-24s %-24s %5s  %s%n", "base", "experiment", "outcome", "planted", "estimate [95% CI]", "pre-trend [95% CI]", "grade", "flags");
        try (Connection assessor = server.connect("assessor");
                Statement statement = assessor.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT base_code, experiment_id, indicator_code, estimate, ci_low, ci_high, pre_trend_estimate, pre_trend_ci_low, pre_trend_ci_high,
                               trust_grade, array_join(trust_flags, ',') AS flags
                        FROM isg.gold.experiment_effects_overview ORDER BY base_code, experiment_id, indicator_code""")) {
            while (rows.next()) {
                PlantedExperiment truth = planted.get(rows.getString("base_code") + " " + rows.getString("experiment_id"));
                System.out.printf("  %-5s %-13s %-22s %8s %-24s %-24s %5s  %s%n", rows.getString("base_code"), rows.getString("experiment_id"), rows.getString("indicator_code"),
                        truth == null ? "-" : "%+.1f".formatted(truth.effectPoints()), interval(rows, "estimate", "ci_low", "ci_high"),
                        interval(rows, "pre_trend_estimate", "pre_trend_ci_low", "pre_trend_ci_high"), rows.getString("trust_grade"), rows.getString("flags"));
            }
        }
    }

    private static String interval(ResultSet rows, String estimate, String low, String high)
            throws java.sql.SQLException
    {
        if (rows.getObject(estimate) == null) {
            return "-";
        }
        return "%+.1f [%+.1f, %+.1f]".formatted(rows.getDouble(estimate), rows.getDouble(low), rows.getDouble(high));
    }
}
