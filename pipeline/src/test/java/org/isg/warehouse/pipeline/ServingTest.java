package org.isg.warehouse.pipeline;

import org.apache.spark.sql.Row;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.contracts.text.SqlLiterals;
import org.isg.warehouse.generator.ExportGenerator;
import org.isg.warehouse.generator.GenerateOptions;
import org.isg.warehouse.pipeline.publish.Serving;
import org.isg.warehouse.sql.Publisher;
import org.isg.warehouse.sql.TrinoServer;
import org.isg.warehouse.sql.TrinoTarget;
import org.isg.warehouse.sql.report.AssessmentReport;
import org.isg.warehouse.testing.Chromium;
import org.isg.warehouse.testing.ListeningSockets;
import org.isg.warehouse.testing.SharedSpark;
import org.isg.warehouse.testing.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The warehouse served by a real Trino 476 server, started once for this class: a night of
 * generated deliveries for C01, C02, C03 and CM01 (with defects, so quarantine has rows; C01 and C02
 * declare experiments; 40 records a day, so that three comprehensive bases have values to compare),
 * published, then read through trino-jdbc as admin, assessor and evaluator_c01, and the assessment
 * report drawn in headless Chromium.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServingTest
{
    private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    private static final String EVALUATOR = "evaluator_c01";
    private static final Set<String> MASKED_COLUMNS = Set.of("reporter_id", "elder_id", "person_id", "counterparty_id");

    @TempDir
    static Path directory;

    private Warehouse warehouse;
    private TrinoServer server;
    private Publisher.Result firstPublish;

    @BeforeAll
    void serveTheNight()
            throws Exception
    {
        Path landing = directory.resolve("landing");
        // C01 and C02 declare experiments: the experiment tables hold both bases' rows
        new ExportGenerator(new GenerateOptions(landing, DAY, DAY, List.of("C01", "C02", "C03", "CM01"), 7, 0.05, false, 40, 5000, GenerateOptions.Experiments.DECLARED),
                BaseRegistry.load(), line -> { }).generate();
        Path root = directory.resolve("warehouse");
        warehouse = new Warehouse(SharedSpark.session(), root.toString());
        TestNights.quiet(warehouse).run(landing.toString(), DAY);
        Serving serving = new Serving(warehouse, line -> { });
        server = serving.server();
        server.start(TestPorts.free());
        firstPublish = serving.publish();
    }

    @AfterAll
    void stopTheServer()
    {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void trinoAndTheSparkDriverListenOnLoopbackOnly()
    {
        int trinoPort = server.status().port();
        int driverPort = Integer.parseInt(SharedSpark.session().sparkContext().getConf().get("spark.driver.port"));
        int blockManagerPort = org.apache.spark.SparkEnv.get().blockManager().blockManagerId().port();
        for (int port : new int[] {trinoPort, driverPort, blockManagerPort}) {
            assertThat(ListeningSockets.onPort(port)).as("port %d", port).isNotEmpty().allMatch(ListeningSockets.Socket::loopback);
        }
    }

    @Test
    void theServersConfigurationIsTheOwnersOnly()
            throws Exception
    {
        Path state = directory.resolve("warehouse").resolve("_trino");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(state.resolve("etc/config.properties"))))
                .isEqualTo("rw-------");
    }

    @Test
    void publishingRegistersEveryTableAndViewOnceAndIsIdempotent()
            throws Exception
    {
        // bronze and silver of six datasets, quarantine, three ops, two ref, five gold
        assertThat(firstPublish.tablesRegistered()).isEqualTo(tablesOnDisk());
        assertThat(firstPublish.views()).containsExactlyInAnyOrder("gold.indicator_comparison", "gold.indicator_trend", "gold.latest_scorecard",
                "gold.provisional_scorecard", "gold.submission_quality_overview", "gold.experiment_effects_overview", "silver.quarantine_summary");
        try (Connection admin = server.connect("admin")) {
            Publisher.Result again = new Publisher(Path.of(warehouse.root()), line -> { }).publish(admin);
            assertThat(again.tablesRegistered()).isZero();
            assertThat(again.tablesAlreadyRegistered()).isEqualTo(firstPublish.tablesRegistered());
        }
    }

    @Test
    void trinoReadsEveryLiteralAsTheValueItWasMadeFrom()
            throws Exception
    {
        try (Connection admin = server.connect("admin"); Statement statement = admin.createStatement()) {
            for (String value : List.of("it's", "back\\slash", "\\'", "''", "a'' OR ''1''=''1", "百分%_")) {
                try (ResultSet rows = statement.executeQuery("SELECT " + SqlLiterals.trino(value))) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).as(value).isEqualTo(value);
                }
            }
        }
    }

    @Test
    void thePublishStagePublishesToAConfiguredServer()
    {
        // Under Airflow no server runs beside the driver: the stage connects to the one it is given
        TrinoTarget target = TrinoTarget.configured(Optional.of(server.jdbcUrl()), Map.of()).orElseThrow();
        List<String> progress = new ArrayList<>();

        Publisher.Result result = new Serving(warehouse, progress::add).publishTo(target);

        assertThat(result.tablesRegistered()).isZero();
        assertThat(result.tablesAlreadyRegistered()).isEqualTo(firstPublish.tablesRegistered());
        assertThat(progress).first().isEqualTo("publish: to TrinoTarget[%s as admin]".formatted(server.jdbcUrl()));
    }

    @Test
    void valuesReadThroughTrinoEqualTheValuesSparkWrote()
            throws Exception
    {
        Map<String, String> spark = new TreeMap<>();
        for (Row row : warehouse.read(Warehouse.GOLD, "indicator_values").collectAsList()) {
            spark.put(key(row.getAs("base_code"), row.getAs("indicator_code"), row.getAs("period_type"), row.getAs("period")),
                    value(row.getAs("value"), row.getAs("numerator"), row.getAs("denominator"), row.getAs("obs_status")));
        }
        Map<String, String> trino = new TreeMap<>();
        try (Connection admin = server.connect("admin");
                Statement statement = admin.createStatement();
                ResultSet rows = statement.executeQuery("SELECT base_code, indicator_code, period_type, period, value, numerator, denominator, obs_status FROM isg.gold.indicator_values")) {
            while (rows.next()) {
                trino.put(key(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4)),
                        value((Double) rows.getObject(5), (Double) rows.getObject(6), (Double) rows.getObject(7), rows.getString(8)));
            }
        }
        assertThat(trino).hasSizeGreaterThan(100).isEqualTo(spark);
    }

    @Test
    void anEvaluatorSeesNoRowOfAnotherBaseThroughAnyTableOrView()
            throws Exception
    {
        Map<String, Boolean> relations = relationsWithBaseCode();
        assertThat(relations).containsKeys("silver.grid_cases", "silver.quarantine", "gold.latest_scorecard", "silver.quarantine_summary", "ref.indicators", "ops.releases",
                "silver.experiment_units", "gold.experiment_panel", "gold.experiment_effects", "gold.experiment_effects_overview", "gold.dq_report_card", "ref.dq_dimensions");
        int checkedWithOtherBases = 0;
        try (Connection admin = server.connect("admin"); Connection evaluator = server.connect(EVALUATOR)) {
            for (Map.Entry<String, Boolean> relation : relations.entrySet()) {
                String name = "isg." + relation.getKey();
                if (!relation.getValue()) {
                    // No base code: the catalogue, the data-quality thresholds and the list of releases are readable, anything else is not
                    if (List.of("ref.indicators", "ref.dq_dimensions", "ops.releases").contains(relation.getKey())) {
                        assertThat(count(evaluator, "SELECT count(*) FROM " + name)).isEqualTo(count(admin, "SELECT count(*) FROM " + name));
                    }
                    else {
                        assertThatThrownBy(() -> count(evaluator, "SELECT count(*) FROM " + name)).as(name).hasMessageContaining("Access Denied");
                    }
                    continue;
                }
                String otherBases = "SELECT count(*) FROM %s WHERE base_code IS NULL OR base_code <> 'C01'".formatted(name);
                assertThat(count(evaluator, otherBases)).as(name).isZero();
                if (count(admin, otherBases) > 0) {
                    checkedWithOtherBases++;
                    assertThat(count(evaluator, "SELECT count(*) FROM " + name)).as(name).isEqualTo(count(admin, "SELECT count(*) FROM %s WHERE base_code = 'C01'".formatted(name)));
                }
            }
        }
        assertThat(checkedWithOtherBases).as("relations where the admin sees other bases' rows").isGreaterThan(20);
    }

    @Test
    void statisticsHistoryAndPlanEstimatesTellAnEvaluatorNothingOfOtherBases()
            throws Exception
    {
        try (Connection evaluator = server.connect(EVALUATOR)) {
            // Table statistics are the whole table's (other bases' minima, maxima, row count): the catalog exposes none
            for (String query : List.of("SHOW STATS FOR isg.silver.grid_cases", "SHOW STATS FOR (SELECT * FROM isg.gold.indicator_values)")) {
                List<String> statistics = new ArrayList<>();
                try (Statement statement = evaluator.createStatement(); ResultSet rows = statement.executeQuery(query)) {
                    while (rows.next()) {
                        // a masked identifier is the constant null of its mask: "all null" describes the mask, not the data
                        if (MASKED_COLUMNS.contains(String.valueOf(rows.getString(1)))) {
                            continue;
                        }
                        for (int column = 2; column <= 7; column++) {
                            if (rows.getString(column) != null) {
                                statistics.add(rows.getString(1) + "." + rows.getMetaData().getColumnName(column) + " = " + rows.getString(column));
                            }
                        }
                    }
                }
                assertThat(statistics).as(query).isEmpty();
            }
            // nor do the planner's estimates
            String plan = single(evaluator, "EXPLAIN SELECT * FROM isg.silver.grid_cases");
            assertThat(plan).contains("Estimates: {rows: ?").doesNotContainPattern("rows: [0-9]");
            // an evaluator cannot switch statistics back on, nor read the tables' history, properties or partitions
            assertThatThrownBy(() -> {
                try (Statement statement = evaluator.createStatement()) {
                    statement.execute("SET SESSION isg.statistics_enabled = true");
                    statement.executeQuery("SHOW STATS FOR isg.silver.grid_cases").close();
                }
            }).hasMessageContaining("Access Denied");
            for (String hidden : List.of("grid_cases$history", "grid_cases$properties", "grid_cases$partitions")) {
                assertThatThrownBy(() -> count(evaluator, "SELECT count(*) FROM isg.silver.\"%s\"".formatted(hidden))).as(hidden).hasMessageContaining("Access Denied");
            }
        }
    }

    @Test
    void pseudonymsAreMaskedForEvaluatorsEvenInsideWhereClauses()
            throws Exception
    {
        try (Connection admin = server.connect("admin"); Connection evaluator = server.connect(EVALUATOR)) {
            String pseudonym = single(admin, "SELECT min(person_id) FROM isg.silver.health_screenings WHERE base_code = 'C01'");
            assertThat(pseudonym).isNotNull();
            assertThat(count(admin, "SELECT count(*) FROM isg.silver.health_screenings WHERE person_id = '%s'".formatted(pseudonym))).isPositive();
            assertThat(count(evaluator, "SELECT count(*) FROM isg.silver.health_screenings WHERE person_id = '%s'".formatted(pseudonym))).isZero();
            assertThat(count(evaluator, "SELECT count(person_id) FROM isg.silver.health_screenings")).isZero();
            assertThat(count(evaluator, "SELECT count(elder_id) FROM isg.silver.eldercare_service_logs")).isZero();
            assertThat(count(evaluator, "SELECT count(person_id) FROM isg.bronze.health_screenings")).isZero();
            // The rest of the row stays readable
            assertThat(count(evaluator, "SELECT count(screened_at) FROM isg.silver.health_screenings")).isPositive();
        }
    }

    @Test
    void theAssessorReadsRefGoldAndOpsButNoSilverBronzeOrQuarantine()
            throws Exception
    {
        try (Connection assessor = server.connect("assessor")) {
            assertThat(count(assessor, "SELECT count(DISTINCT base_code) FROM isg.gold.indicator_values")).isGreaterThan(3);
            assertThat(count(assessor, "SELECT count(*) FROM isg.gold.latest_scorecard")).isPositive();
            assertThat(count(assessor, "SELECT count(*) FROM isg.ops.deliveries")).isPositive();
            assertThat(count(assessor, "SELECT count(*) FROM isg.ref.bases")).isEqualTo(92);
            for (String forbidden : List.of("silver.grid_cases", "silver.quarantine", "silver.quarantine_summary", "bronze.grid_cases")) {
                assertThatThrownBy(() -> count(assessor, "SELECT count(*) FROM isg." + forbidden)).as(forbidden).hasMessageContaining("Access Denied");
            }
        }
    }

    @Test
    void theScorecardShowsEachCohortsLatestFinalMonthAndSaysWhichPeriodItShows()
            throws Exception
    {
        // Worked out from gold.base_scores here, in Java: per cohort, the latest month whose scores are all
        // final (at least one scored, none provisional), else the latest month, provisional
        Map<String, List<String>> statuses = new TreeMap<>();
        for (Row row : warehouse.read(Warehouse.GOLD, "base_scores").where("period_type = 'MONTH'").select("cohort", "period", "obs_status").collectAsList()) {
            statuses.computeIfAbsent(row.getString(0) + "|" + row.getString(1), ignored -> new ArrayList<>()).add(row.getString(2));
        }
        Map<String, String> latest = new TreeMap<>();
        Map<String, String> latestFinal = new TreeMap<>();
        statuses.forEach((key, values) -> {
            String cohort = key.substring(0, key.indexOf('|'));
            String period = key.substring(key.indexOf('|') + 1);
            latest.merge(cohort, period, (left, right) -> left.compareTo(right) >= 0 ? left : right);
            if (values.contains("A") && !values.contains("P")) {
                latestFinal.merge(cohort, period, (left, right) -> left.compareTo(right) >= 0 ? left : right);
            }
        });
        Set<String> expected = new HashSet<>();
        Set<String> expectedProvisional = new HashSet<>();
        latest.forEach((cohort, period) -> {
            expected.add(cohort + " " + latestFinal.getOrDefault(cohort, period) + " " + (latestFinal.containsKey(cohort) ? "FINAL" : "PROVISIONAL"));
            expectedProvisional.add(cohort + " " + period + " " + (period.equals(latestFinal.get(cohort)) ? "FINAL" : "PROVISIONAL"));
        });
        assertThat(expected).isNotEmpty();
        try (Connection assessor = server.connect("assessor")) {
            assertThat(strings(assessor, "SELECT DISTINCT cohort || ' ' || period || ' ' || period_status FROM isg.gold.latest_scorecard")).isEqualTo(expected);
            assertThat(strings(assessor, "SELECT DISTINCT cohort || ' ' || period || ' ' || period_status FROM isg.gold.provisional_scorecard"))
                    .isEqualTo(expectedProvisional);
        }
    }

    private static Set<String> strings(Connection connection, String query)
            throws SQLException
    {
        Set<String> values = new HashSet<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    @Test
    void onlyTheAdminMayCallProcedures()
    {
        for (String user : List.of("assessor", EVALUATOR)) {
            assertThatThrownBy(() -> {
                try (Connection connection = server.connect(user); Statement statement = connection.createStatement()) {
                    statement.execute("CALL isg.system.register_table(schema_name => 'gold', table_name => 'copy', table_location => '%s')"
                            .formatted(Path.of(warehouse.tablePath(Warehouse.GOLD, "base_scores")).toUri()));
                }
            }).as(user).hasMessageContaining("Access Denied");
        }
    }

    @Test
    void jdbcMetadataCallsWorkForEveryUser()
            throws Exception
    {
        for (String user : List.of("admin", "assessor", EVALUATOR)) {
            try (Connection connection = server.connect(user)) {
                DatabaseMetaData metadata = connection.getMetaData();
                List<String> schemas = new ArrayList<>();
                try (ResultSet rows = metadata.getSchemas("isg", null)) {
                    while (rows.next()) {
                        schemas.add(rows.getString("TABLE_SCHEM"));
                    }
                }
                assertThat(schemas).as(user).contains("gold");
                Set<String> columns = new HashSet<>();
                try (ResultSet rows = metadata.getColumns("isg", "gold", "indicator_values", null)) {
                    while (rows.next()) {
                        columns.add(rows.getString("COLUMN_NAME"));
                    }
                }
                assertThat(columns).as(user).contains("base_code", "value", "ci_low", "obs_status");
                // Comments in Chinese and English, from the Delta metadata
                try (ResultSet rows = metadata.getColumns("isg", "gold", "indicator_values", "obs_status")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString("REMARKS")).isEqualTo("观测状态 / A final, P provisional, Q suppressed (n below minimum), M missing");
                }
                // Trino leaves getTables' REMARKS empty; table comments are in system.metadata.table_comments
                try (Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT comment FROM system.metadata.table_comments WHERE catalog_name = 'isg' AND schema_name = 'gold' AND table_name = 'base_scores'")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).startsWith("治理绩效评分").contains("Governance-performance scores");
                }
                // Silver's columns carry their contract's description; the assessor does not see silver at all
                try (ResultSet rows = metadata.getColumns("isg", "silver", "grid_cases", "reported_at")) {
                    if (user.equals("assessor")) {
                        assertThat(rows.next()).isFalse();
                    }
                    else {
                        assertThat(rows.next()).isTrue();
                        assertThat(rows.getString("REMARKS")).isEqualTo("上报 reported");
                    }
                }
            }
        }
    }

    /** Every table and view in the warehouse's schemas, from information_schema: whether it has a base_code column. */
    private Map<String, Boolean> relationsWithBaseCode()
            throws SQLException
    {
        Map<String, Boolean> relations = new TreeMap<>();
        try (Connection admin = server.connect("admin");
                Statement statement = admin.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT t.table_schema || '.' || t.table_name, count(c.column_name)
                        FROM isg.information_schema.tables t
                        LEFT JOIN isg.information_schema.columns c
                          ON c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.column_name = 'base_code'
                        WHERE t.table_schema IN ('bronze', 'silver', 'ops', 'ref', 'gold')
                        GROUP BY 1""")) {
            while (rows.next()) {
                relations.put(rows.getString(1), rows.getLong(2) > 0);
            }
        }
        return relations;
    }

    private int tablesOnDisk()
            throws IOException
    {
        int tables = 0;
        for (String schema : Publisher.SCHEMAS) {
            Path folder = Path.of(warehouse.root(), schema);
            if (java.nio.file.Files.isDirectory(folder)) {
                try (var children = java.nio.file.Files.list(folder)) {
                    tables += (int) children.filter(child -> java.nio.file.Files.isDirectory(child.resolve("_delta_log"))).count();
                }
            }
        }
        return tables;
    }

    @Test
    void theAssessmentReportDrawsEveryChartInChromium()
            throws Exception
    {
        Path out = Path.of("target", "assessment-report");
        AssessmentReport.Result result;
        try (Connection assessor = server.connect(AssessmentReport.ASSESSOR)) {
            result = new AssessmentReport(assessor).write(Optional.empty(), out);
        }
        String latestRelease = warehouse.read(Warehouse.OPS, "releases").orderBy(org.apache.spark.sql.functions.col("published_at").desc()).first().getAs("release_id");
        assertThat(result.release().releaseId()).isEqualTo(latestRelease);

        Chromium.Rendered page = Chromium.render(result.file(), Path.of("target", "chromium"), out.resolve("assessment-report.png"), 1280, 9000);
        assertThat(page.consoleMessages()).as("console messages (errors, warnings, logs)").isEmpty();
        assertThat(java.nio.file.Files.size(page.screenshot())).isGreaterThan(50_000);

        // Every chart container holds the SVG the library drew into it
        java.util.regex.Matcher containers = java.util.regex.Pattern.compile("<div class=\"chart[^\"]*\" id=\"([^\"]+)\"").matcher(page.dom());
        List<Integer> starts = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        while (containers.find()) {
            starts.add(containers.start());
            ids.add(containers.group(1));
        }
        starts.add(page.dom().length());
        for (int index = 0; index < ids.size(); index++) {
            String container = page.dom().substring(starts.get(index), starts.get(index + 1));
            assertThat(container).as(ids.get(index)).contains("<svg").contains("<path");
        }
        // What gold holds, counted here with Spark: a scorecard per cohort, a trend per indicator with a published month value,
        // an event study per experiment outcome
        long cohorts = warehouse.read(Warehouse.GOLD, "base_scores").select("cohort").distinct().count();
        long indicatorsWithValues = warehouse.read(Warehouse.GOLD, "indicator_values")
                .where("period_type = 'MONTH' AND value IS NOT NULL AND obs_status IN ('A', 'P')").select("indicator_code").distinct().count();
        long outcomes = warehouse.read(Warehouse.GOLD, "experiment_effects").where("control_group = 'NEVER_TREATED' AND aggregation = 'SIMPLE'").count();
        assertThat(ids.stream().filter(id -> id.startsWith("scorecard-"))).hasSize((int) cohorts);
        assertThat(ids.stream().filter(id -> id.startsWith("trend-"))).hasSize((int) indicatorsWithValues).isNotEmpty();
        // a funnel per indicator with counts and cohort that has a month with three published, not withheld values
        long funnels = warehouse.read(Warehouse.GOLD, "indicator_values")
                .where("period_type = 'MONTH' AND value IS NOT NULL AND obs_status IN ('A', 'P') AND numerator IS NOT NULL AND denominator > 0")
                .join(warehouse.read(Warehouse.GOLD, "confidentiality"), ScalaCollections.columns("base_code", "indicator_code", "period_type", "period"), "left_anti")
                .groupBy("indicator_code", "cohort", "period").count().where("count >= 3").select("indicator_code", "cohort").distinct().count();
        assertThat(ids.stream().filter(id -> id.startsWith("funnel-"))).hasSize((int) funnels).isNotEmpty();
        assertThat(ids.stream().filter(id -> id.startsWith("event-study-"))).hasSize((int) outcomes);
        assertThat(ids).contains("report-card", "effects");
        assertThat(result.charts()).isEqualTo(ids.size());
        // each delivering base appears in the scorecard
        for (String base : List.of("C01", "C02", "C03", "CM01")) {
            assertThat(page.dom()).contains("<td>" + base + " ");
        }
    }

    private static long count(Connection connection, String query)
            throws SQLException
    {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String single(Connection connection, String query)
            throws SQLException
    {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static String key(String base, String indicator, String periodType, String period)
    {
        return String.join("|", base, indicator, periodType, period);
    }

    private static String value(Double value, Double numerator, Double denominator, String status)
    {
        return value + "|" + numerator + "|" + denominator + "|" + status;
    }
}
