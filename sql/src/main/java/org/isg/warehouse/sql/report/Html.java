package org.isg.warehouse.sql.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report's HTML tables; every text goes through {@link #escape}, for some of it (experiment titles) is declared by the bases. */
final class Html
{
    private static final Map<String, String> DIMENSIONS = Map.of(
            "COMPLETENESS", "报送完整性 Completeness",
            "OUTLIER_MODERATE", "中度离群 Moderate outliers (|z| > 2)",
            "OUTLIER_EXTREME", "极端离群 Extreme outliers (|z| > 3)",
            "OUTLIER_ROBUST_HISTORY", "稳健离群·历史 Robust outliers, own history",
            "OUTLIER_ROBUST_COHORT", "稳健离群·同组 Robust outliers, cohort",
            "CONSISTENCY_OVER_TIME", "时间一致性 Consistency over time",
            "CONSISTENCY_BETWEEN_INDICATORS", "指标间一致性 Between related indicators",
            "DENOMINATOR_CONSISTENCY", "分母一致性 Denominators");

    private Html() {}

    static String escape(String text)
    {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int index = 0; index < text.length(); index++) {
            char character = text.charAt(index);
            switch (character) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(character);
            }
        }
        return escaped.toString();
    }

    static String dimension(String dimension)
    {
        return DIMENSIONS.getOrDefault(dimension, dimension);
    }

    @SuppressWarnings("unchecked")
    static String scorecardTables(List<Map<String, Object>> scorecards)
    {
        StringBuilder html = new StringBuilder();
        int index = 0;
        for (Map<String, Object> cohort : scorecards) {
            html.append("<h3>").append(escape(String.valueOf(cohort.get("cohort")))).append(" · ").append(escape(String.valueOf(cohort.get("period"))))
                    .append(" <span class=\"status\">").append(escape(String.valueOf(cohort.get("status")))).append("</span></h3>\n")
                    .append("<div class=\"chart scorecard\" id=\"scorecard-").append(index++).append("\"></div>\n")
                    .append("<table><thead><tr><th>排名 Rank</th><th>排名区间 Rank interval</th><th>基地 Base</th><th>得分 Score</th><th>覆盖率 Coverage</th><th>说明 Note</th></tr></thead><tbody>\n");
            for (Map<String, Object> row : (List<Map<String, Object>>) cohort.get("rows")) {
                html.append("<tr><td>").append(text(row.get("rank"))).append("</td><td>")
                        .append(row.get("rank_low") == null ? "" : text(row.get("rank_low")) + "–" + text(row.get("rank_high"))).append("</td><td>")
                        .append(escape(row.get("base_code") + " " + row.get("name"))).append("</td><td>").append(number(row.get("score"), 1)).append("</td><td>")
                        .append(row.get("coverage") == null ? "" : number(((Number) row.get("coverage")).doubleValue() * 100, 0) + "%").append("</td><td>")
                        .append(text(row.get("not_scored_reason"))).append("</td></tr>\n");
            }
            html.append("</tbody></table>\n");
        }
        return html.toString();
    }

    @SuppressWarnings("unchecked")
    static String reportCardTable(Map<String, Object> reportCard)
    {
        List<Map<String, Object>> rows = (List<Map<String, Object>>) reportCard.get("rows");
        if (rows.isEmpty()) {
            return "<p>本发布没有数据质量报告卡 · This release has no data-quality report card.</p>";
        }
        StringBuilder html = new StringBuilder("<div class=\"chart heatmap\" id=\"report-card\"></div>\n<table><thead><tr><th>周期 Period</th><th>维度 Dimension</th><th>指标 Indicator</th>"
                + "<th>全国值 Overall</th><th>阈值 Threshold</th><th>异常/评估 Divergent / assessed</th><th>占比 Share</th><th>异常基地 Divergent bases</th></tr></thead><tbody>\n");
        for (Map<String, Object> row : rows) {
            String indicator = row.get("indicator_code") + (row.get("related_indicator_code") == null ? "" : " / " + row.get("related_indicator_code"));
            html.append("<tr><td>").append(escape(String.valueOf(row.get("period")))).append("</td><td>").append(escape(dimension((String) row.get("dimension"))))
                    .append("</td><td>").append(escape(indicator + " " + row.get("name_zh"))).append("</td><td>").append(number(row.get("figure"), 2))
                    .append(row.get("figure_low") == null ? "" : " [" + number(row.get("figure_low"), 1) + ", " + number(row.get("figure_high"), 1) + "]")
                    .append("</td><td>").append(number(row.get("threshold"), 2)).append("</td><td>").append(text(row.get("divergent_bases"))).append(" / ")
                    .append(text(row.get("assessed_bases"))).append("</td><td>").append(row.get("divergent_share") == null ? "" : number(row.get("divergent_share"), 0) + "%")
                    .append("</td><td>").append(escape(String.join(", ", (List<String>) row.get("divergent_base_codes")))).append("</td></tr>\n");
        }
        return html.append("</tbody></table>\n").toString();
    }

    @SuppressWarnings("unchecked")
    static String effectsTable(List<Map<String, Object>> effects)
    {
        if (effects.isEmpty()) {
            return "<p>本发布没有已声明的实验 · No base declared an experiment in this release.</p>";
        }
        StringBuilder html = new StringBuilder("<div class=\"chart effects\" id=\"effects\"></div>\n<table><thead><tr><th>基地 Base</th><th>实验 Experiment</th><th>结果指标 Outcome</th>"
                + "<th>效应 Effect (95% CI)</th><th>可信度 Trust</th><th>标记 Flags</th></tr></thead><tbody>\n");
        for (int index = 0; index < effects.size(); index++) {
            Map<String, Object> effect = effects.get(index);
            html.append("<tr><td>").append(escape(String.valueOf(effect.get("base_code")))).append("</td><td>")
                    .append(escape(effect.get("experiment_id") + " " + effect.get("title"))).append("</td><td>")
                    .append(escape(effect.get("indicator_code") + " " + effect.get("name_zh"))).append("</td><td>").append(number(effect.get("estimate"), 1))
                    .append(effect.get("ci_low") == null ? "" : " [" + number(effect.get("ci_low"), 1) + ", " + number(effect.get("ci_high"), 1) + "]")
                    .append("</td><td>").append(text(effect.get("trust_grade"))).append("</td><td>")
                    .append(escape(String.join(", ", effect.get("trust_flags") == null ? List.of() : (List<String>) effect.get("trust_flags")))).append("</td></tr>\n");
        }
        html.append("</tbody></table>\n");
        for (int index = 0; index < effects.size(); index++) {
            html.append("<div class=\"chart event-study\" id=\"event-study-").append(index).append("\"></div>\n");
        }
        return html.toString();
    }

    private static String text(Object value)
    {
        return value == null ? "" : escape(value.toString());
    }

    private static String number(Object value, int decimals)
    {
        return value == null ? "" : String.format(Locale.ROOT, "%." + decimals + "f", ((Number) value).doubleValue());
    }
}
