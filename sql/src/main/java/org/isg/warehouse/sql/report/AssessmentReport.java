package org.isg.warehouse.sql.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.isg.warehouse.contracts.tables.Release;
import org.isg.warehouse.sql.TrinoException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The assessment report of a release (issue 16): one self-contained HTML file, Chinese with English
 * labels, read through Trino as the {@code assessor} user from the release's versions of the gold
 * tables ({@code FOR VERSION AS OF}), so the report of a release is the same whenever it is made.
 * Sections: the national scorecard per cohort with rank intervals, a funnel plot per rate
 * indicator, each indicator's monthly trend per base, the data-quality report card, and the
 * experiment effects when a base declared experiments. The charts are drawn by Apache ECharts
 * (bundled into the page, SVG renderer) from the data embedded as JSON; tables are HTML.
 */
public final class AssessmentReport
{
    public static final String ASSESSOR = "assessor";
    private static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    private static final int FUNNEL_POINTS = 60;
    /** A funnel needs this many bases with a value in its month. */
    private static final int FUNNEL_MINIMUM_BASES = 3;

    private static final String LATEST_SCORECARD_VIEW = "/org/isg/warehouse/sql/views/gold.latest_scorecard.sql";
    private static final String VIEW_BODY_START = "SECURITY INVOKER AS";
    private static final String BASE_SCORES = "isg.gold.base_scores";

    private final Connection connection;

    /** @param assessor a connection to the warehouse's Trino server as {@value #ASSESSOR} */
    public AssessmentReport(Connection assessor)
    {
        this.connection = requireNonNull(assessor, "assessor is null");
    }

    /** What was written: the file and how many charts and table rows it holds. */
    public record Result(Path file, Release release, int charts, int scorecardRows, int reportCardRows, int effects) {}

    /** Writes {@code assessment-report-<release>.html} into the folder; the latest release when none is named. */
    public Result write(Optional<String> releaseId, Path directory)
            throws IOException
    {
        try {
            Release release = release(releaseId);
            Map<String, Object> data = new LinkedHashMap<>();
            Map<String, Map<String, Object>> indicators = indicators();
            Map<String, String> baseNames = baseNames();
            List<Map<String, Object>> scorecards = scorecards(release, baseNames);
            List<Map<String, Object>> values = monthlyValues(release);
            List<Map<String, Object>> funnels = funnels(values, indicators);
            List<Map<String, Object>> trends = trends(values, indicators);
            Map<String, Object> reportCard = reportCard(release, indicators);
            List<Map<String, Object>> effects = effects(release, indicators);
            data.put("release", Map.of("id", release.releaseId(), "cutoff", release.cutoffDate().toString()));
            data.put("scorecards", scorecards);
            data.put("funnels", funnels);
            data.put("trends", trends);
            data.put("reportCard", reportCard);
            data.put("effects", effects);
            Files.createDirectories(directory);
            Path file = directory.resolve("assessment-report-%s.html".formatted(release.releaseId()));
            Files.writeString(file, page(release, data, scorecards, reportCard, effects), UTF_8);
            int charts = scorecards.size() + funnels.size() + trends.size() + (((List<?>) reportCard.get("rows")).isEmpty() ? 0 : 1)
                    + (effects.isEmpty() ? 0 : 1 + effects.size());
            int scorecardRows = scorecards.stream().mapToInt(cohort -> ((List<?>) cohort.get("rows")).size()).sum();
            return new Result(file, release, charts, scorecardRows, ((List<?>) reportCard.get("rows")).size(), effects.size());
        }
        catch (SQLException e) {
            throw new TrinoException(TrinoException.Code.REPORT_FAILED, "the assessment report could not read the warehouse through Trino: " + e.getMessage(), e);
        }
    }

    private Release release(Optional<String> releaseId)
            throws SQLException
    {
        String sql = "SELECT release_id, CAST(cutoff_date AS varchar), table_versions FROM isg.ops.releases "
                + (releaseId.isPresent() ? "WHERE release_id = ?" : "ORDER BY published_at DESC LIMIT 1");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (releaseId.isPresent()) {
                statement.setString(1, releaseId.get());
            }
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new TrinoException(TrinoException.Code.NO_SUCH_RELEASE, releaseId.map(id -> "no release " + id + " in ops.releases")
                            .orElse("ops.releases has no release yet (a night's publish or ./isg publish-release records one)"));
                }
                Map<String, Long> versions = new TreeMap<>();
                ((Map<?, ?>) rows.getObject(3)).forEach((table, version) -> versions.put((String) table, ((Number) version).longValue()));
                return new Release(rows.getString(1), LocalDate.parse(rows.getString(2)), versions);
            }
        }
    }

    /** The release's version of a gold table, as a relation; empty when the release has no such table. */
    private static Optional<String> relation(Release release, String goldTable)
    {
        return release.version(goldTable).map(version -> "isg.gold.%s FOR VERSION AS OF %d".formatted(goldTable, version));
    }

    private Map<String, Map<String, Object>> indicators()
            throws SQLException
    {
        Map<String, Map<String, Object>> indicators = new TreeMap<>();
        for (Map<String, Object> row : query("SELECT indicator_code AS code, name_zh, name_en, unit, direction, kind, level FROM isg.ref.indicators")) {
            indicators.put((String) row.get("code"), row);
        }
        return indicators;
    }

    private Map<String, String> baseNames()
            throws SQLException
    {
        Map<String, String> names = new TreeMap<>();
        for (Map<String, Object> row : query("SELECT base_code, region_or_unit FROM isg.ref.bases")) {
            names.put((String) row.get("base_code"), (String) row.get("region_or_unit"));
        }
        return names;
    }

    /**
     * Each cohort's latest final month, or its latest month while none is final: the rule of the view
     * {@code gold.latest_scorecard}, taken from the view's own definition and read over the release's
     * version of {@code gold.base_scores}, so the report and the view cannot disagree.
     */
    private List<Map<String, Object>> scorecards(Release release, Map<String, String> baseNames)
            throws SQLException, IOException
    {
        Optional<String> scores = relation(release, "base_scores");
        if (scores.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> rows = query("""
                SELECT cohort, period, period_status, base_code, score, rank, rank_low, rank_high, coverage, not_scored_reason
                FROM (%s)
                ORDER BY cohort, rank NULLS LAST, base_code""".formatted(latestScorecardOver(scores.get())));
        Map<String, Map<String, Object>> cohorts = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> cohort = cohorts.computeIfAbsent((String) row.get("cohort"), name -> {
                Map<String, Object> created = new LinkedHashMap<>();
                created.put("cohort", name);
                created.put("period", row.get("period"));
                created.put("status", row.get("period_status"));
                created.put("rows", new ArrayList<Map<String, Object>>());
                return created;
            });
            row.put("name", baseNames.getOrDefault((String) row.get("base_code"), ""));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> cohortRows = (List<Map<String, Object>>) cohort.get("rows");
            cohortRows.add(row);
        }
        return new ArrayList<>(cohorts.values());
    }

    /** The query of the view {@code gold.latest_scorecard} with {@code relation} in place of {@code isg.gold.base_scores}. */
    static String latestScorecardOver(String relation)
            throws IOException
    {
        String view = resource(LATEST_SCORECARD_VIEW);
        int body = view.indexOf(VIEW_BODY_START);
        if (body < 0 || !view.contains(BASE_SCORES)) {
            throw new IllegalStateException(LATEST_SCORECARD_VIEW + " no longer has the form the report reads (" + VIEW_BODY_START + " … " + BASE_SCORES + ")");
        }
        return view.substring(body + VIEW_BODY_START.length()).replace(BASE_SCORES, relation);
    }

    /** The published monthly values: those small-cell confidentiality withholds (the release's gold.confidentiality) left out. */
    private List<Map<String, Object>> monthlyValues(Release release)
            throws SQLException
    {
        Optional<String> values = relation(release, "indicator_values");
        if (values.isEmpty()) {
            return List.of();
        }
        Optional<String> confidentiality = relation(release, "confidentiality");
        String withheld = confidentiality.map(table -> ("AND NOT EXISTS (SELECT 1 FROM %s c WHERE c.base_code = v.base_code AND c.indicator_code = v.indicator_code "
                + "AND c.period_type = v.period_type AND c.period = v.period)").formatted(table)).orElse("");
        return query(("SELECT v.base_code, v.cohort, v.indicator_code, v.period, v.value, v.numerator, v.denominator, v.obs_status FROM %s v "
                + "WHERE v.period_type = 'MONTH' AND v.value IS NOT NULL AND v.obs_status IN ('A', 'P') %s ORDER BY v.indicator_code, v.period, v.base_code")
                .formatted(values.get(), withheld));
    }

    /**
     * Per indicator with a numerator and denominator (not a percentile) and per cohort, the latest
     * month with at least three of the cohort's bases with a value: the bases as points (value
     * against denominator) and the control limits around the cohort's pooled rate ({@link FunnelLimits}).
     */
    private static List<Map<String, Object>> funnels(List<Map<String, Object>> values, Map<String, Map<String, Object>> indicators)
    {
        List<Map<String, Object>> funnels = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> indicator : indicators.entrySet()) {
            Optional<FunnelLimits.Model> model = switch ((String) indicator.getValue().get("kind")) {
                case "RATIO", "LATEST_PER_ENTITY_RATIO" -> Optional.of(FunnelLimits.Model.PROPORTION);
                case "DISTINCT_PER_CAPITA" -> Optional.of(FunnelLimits.Model.RATE_PER_THOUSAND);
                default -> Optional.empty();
            };
            if (model.isEmpty()) {
                continue;
            }
            // cohort → month → its values with a denominator
            Map<String, TreeMap<String, List<Map<String, Object>>>> byCohort = new TreeMap<>();
            for (Map<String, Object> value : values) {
                if (value.get("indicator_code").equals(indicator.getKey()) && value.get("numerator") != null && value.get("denominator") != null
                        && ((Number) value.get("denominator")).doubleValue() > 0) {
                    byCohort.computeIfAbsent((String) value.get("cohort"), ignored -> new TreeMap<>())
                            .computeIfAbsent((String) value.get("period"), ignored -> new ArrayList<>()).add(value);
                }
            }
            for (Map.Entry<String, TreeMap<String, List<Map<String, Object>>>> cohort : byCohort.entrySet()) {
                cohort.getValue().descendingMap().entrySet().stream()
                        .filter(entry -> entry.getValue().size() >= FUNNEL_MINIMUM_BASES).findFirst()
                        .ifPresent(month -> funnels.add(funnel(indicator.getValue(), model.get(), cohort.getKey(), month.getKey(), month.getValue())));
            }
        }
        return funnels;
    }

    private static Map<String, Object> funnel(Map<String, Object> indicator, FunnelLimits.Model model, String cohort, String month, List<Map<String, Object>> points)
    {
        double numerators = points.stream().mapToDouble(point -> ((Number) point.get("numerator")).doubleValue()).sum();
        double denominators = points.stream().mapToDouble(point -> ((Number) point.get("denominator")).doubleValue()).sum();
        double pooled = numerators / denominators;
        double smallest = points.stream().mapToDouble(point -> ((Number) point.get("denominator")).doubleValue()).min().orElseThrow();
        double largest = points.stream().mapToDouble(point -> ((Number) point.get("denominator")).doubleValue()).max().orElseThrow();
        List<double[]> limits = new ArrayList<>();
        for (FunnelLimits.Limits limit : FunnelLimits.curve(model, pooled, smallest * 0.8, largest * 1.2, FUNNEL_POINTS)) {
            limits.add(new double[] {limit.denominator(), limit.low95(), limit.high95(), limit.low998(), limit.high998()});
        }
        List<Map<String, Object>> shownPoints = new ArrayList<>();
        for (Map<String, Object> point : points) {
            double denominator = ((Number) point.get("denominator")).doubleValue();
            double value = ((Number) point.get("value")).doubleValue();
            FunnelLimits.Limits at = FunnelLimits.at(model, pooled, denominator);
            String position = value > at.high998() || value < at.low998() ? "OUT_99_8" : value > at.high95() || value < at.low95() ? "OUT_95" : "IN";
            shownPoints.add(Map.of("base", point.get("base_code"), "denominator", denominator, "value", value, "position", position));
        }
        Map<String, Object> funnel = new LinkedHashMap<>(describe(indicator));
        funnel.put("cohort", cohort);
        funnel.put("period", month);
        funnel.put("pooled", pooled * model.scale());
        funnel.put("points", shownPoints);
        funnel.put("limits", limits);
        return funnel;
    }

    /** Per indicator, each base's monthly values as a line. */
    private static List<Map<String, Object>> trends(List<Map<String, Object>> values, Map<String, Map<String, Object>> indicators)
    {
        List<Map<String, Object>> trends = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> indicator : indicators.entrySet()) {
            TreeMap<String, Map<String, Object>> periods = new TreeMap<>();
            // base → period → value
            Map<String, Map<String, Object>> series = new TreeMap<>();
            for (Map<String, Object> value : values) {
                if (value.get("indicator_code").equals(indicator.getKey())) {
                    periods.put((String) value.get("period"), Map.of());
                    series.computeIfAbsent((String) value.get("base_code"), ignored -> new TreeMap<>()).put((String) value.get("period"), value.get("value"));
                }
            }
            if (series.isEmpty()) {
                continue;
            }
            List<String> months = new ArrayList<>(periods.keySet());
            List<Map<String, Object>> lines = new ArrayList<>();
            series.forEach((base, byPeriod) -> lines.add(Map.of("base", base, "values", months.stream().map(month -> Optional.ofNullable(byPeriod.get(month))).map(present -> present.orElse(null))
                    .collect(ArrayList::new, ArrayList::add, ArrayList::addAll))));
            Map<String, Object> trend = new LinkedHashMap<>(describe(indicator.getValue()));
            trend.put("periods", months);
            trend.put("series", lines);
            trends.add(trend);
        }
        return trends;
    }

    /** The card's NATIONAL rows for the latest month (and its year) of the release. */
    private Map<String, Object> reportCard(Release release, Map<String, Map<String, Object>> indicators)
            throws SQLException
    {
        Map<String, Object> card = new LinkedHashMap<>();
        Optional<String> relation = relation(release, "dq_report_card");
        List<Map<String, Object>> rows = relation.isEmpty() ? List.of() : query("""
                SELECT dimension, indicator_code, related_indicator_code, period_type, period, figure, figure_low, figure_high, threshold,
                       assessed_bases, divergent_bases, divergent_share, divergent_base_codes
                FROM %1$s
                WHERE scope = 'NATIONAL' AND (period = (SELECT max(period) FROM %1$s WHERE period_type = 'MONTH' AND period <= substr(?, 1, 7))
                                              OR period = (SELECT max(period) FROM %1$s WHERE period_type = 'YEAR' AND period <= substr(?, 1, 4)))
                ORDER BY period_type, dimension, indicator_code""".formatted(relation.get()), release.cutoffDate().toString(), release.cutoffDate().toString());
        for (Map<String, Object> row : rows) {
            row.put("name_zh", indicators.getOrDefault((String) row.get("indicator_code"), Map.of()).getOrDefault("name_zh", ""));
        }
        card.put("rows", rows);
        return card;
    }

    private List<Map<String, Object>> effects(Release release, Map<String, Map<String, Object>> indicators)
            throws SQLException
    {
        Optional<String> relation = relation(release, "experiment_effects");
        if (relation.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> overall = query("""
                SELECT base_code, experiment_id, title, indicator_code, estimate, ci_low, ci_high, trust_grade, trust_flags, treated_units, comparison_units
                FROM %s WHERE control_group = 'NEVER_TREATED' AND aggregation = 'SIMPLE' ORDER BY base_code, experiment_id, indicator_code""".formatted(relation.get()));
        List<Map<String, Object>> eventTimes = query("""
                SELECT base_code, experiment_id, indicator_code, event_time, estimate, ci_low, ci_high
                FROM %s WHERE control_group = 'NEVER_TREATED' AND aggregation = 'EVENT_TIME' AND event_time IS NOT NULL
                ORDER BY base_code, experiment_id, indicator_code, event_time""".formatted(relation.get()));
        for (Map<String, Object> effect : overall) {
            effect.put("name_zh", indicators.getOrDefault((String) effect.get("indicator_code"), Map.of()).getOrDefault("name_zh", ""));
            effect.put("event_study", eventTimes.stream()
                    .filter(row -> row.get("base_code").equals(effect.get("base_code")) && row.get("experiment_id").equals(effect.get("experiment_id"))
                            && row.get("indicator_code").equals(effect.get("indicator_code")))
                    .toList());
        }
        return overall;
    }

    private static Map<String, Object> describe(Map<String, Object> indicator)
    {
        return Map.of("code", indicator.get("code"), "name_zh", indicator.get("name_zh"), "name_en", indicator.get("name_en"), "unit", indicator.get("unit"),
                "direction", indicator.get("direction"));
    }

    private List<Map<String, Object>> query(String sql, String... parameters)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int index = 0; index < parameters.length; index++) {
                statement.setString(index + 1, parameters[index]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                List<Map<String, Object>> result = new ArrayList<>();
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= columns; column++) {
                        Object value = rows.getObject(column);
                        row.put(rows.getMetaData().getColumnLabel(column), value instanceof Array array ? Arrays.asList((Object[]) array.getArray()) : value);
                    }
                    result.add(row);
                }
                return result;
            }
        }
    }

    private String page(Release release, Map<String, Object> data, List<Map<String, Object>> scorecards, Map<String, Object> reportCard, List<Map<String, Object>> effects)
            throws IOException
    {
        String template = resource("report.html");
        return template
                .replace("${title}", Html.escape("国家智能社会治理实验基地评估报告 · Assessment report · " + release.releaseId()))
                .replace("${release}", Html.escape(release.releaseId()))
                .replace("${cutoff}", Html.escape(release.cutoffDate().toString()))
                .replace("${generated}", Html.escape(Instant.now().toString()))
                .replace("${scorecardTables}", Html.scorecardTables(scorecards))
                .replace("${reportCardTable}", Html.reportCardTable(reportCard))
                .replace("${effectsTable}", Html.effectsTable(effects))
                .replace("${style}", resource("report.css"))
                .replace("${echarts}", echarts())
                .replace("${data}", json(data))
                .replace("${script}", resource("report.js"));
    }

    /** The data as JSON that can sit inside a script element: no '<', '>', '&' or line separators in clear (base-declared titles pass through here). */
    static String json(Object data)
            throws JsonProcessingException
    {
        return new ObjectMapper().writeValueAsString(data)
                .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    private static String echarts()
            throws IOException
    {
        try (InputStream stream = AssessmentReport.class.getResourceAsStream(ECHARTS)) {
            if (stream == null) {
                throw new IOException("ECharts is not on the class path: " + ECHARTS);
            }
            // A script element ends at "</script": the bundle never contains it, but make sure
            return new String(stream.readAllBytes(), UTF_8).replace("</script", "<\\/script");
        }
    }

    private static String resource(String name)
            throws IOException
    {
        try (InputStream stream = AssessmentReport.class.getResourceAsStream(name)) {
            if (stream == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(stream.readAllBytes(), UTF_8);
        }
    }
}
