package org.isg.warehouse.contracts.tables;

import org.isg.warehouse.contracts.dataset.Column;
import org.isg.warehouse.contracts.dataset.Dataset;
import org.isg.warehouse.contracts.dataset.DatasetContract;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.isg.warehouse.contracts.tables.ValueType.BOOLEAN;
import static org.isg.warehouse.contracts.tables.ValueType.DATE;
import static org.isg.warehouse.contracts.tables.ValueType.DECIMAL;
import static org.isg.warehouse.contracts.tables.ValueType.DOUBLE;
import static org.isg.warehouse.contracts.tables.ValueType.DOUBLE_ARRAY;
import static org.isg.warehouse.contracts.tables.ValueType.INT;
import static org.isg.warehouse.contracts.tables.ValueType.LONG;
import static org.isg.warehouse.contracts.tables.ValueType.STRING;
import static org.isg.warehouse.contracts.tables.ValueType.STRING_ARRAY;
import static org.isg.warehouse.contracts.tables.ValueType.STRING_TO_LONG_MAP;
import static org.isg.warehouse.contracts.tables.ValueType.TIMESTAMP;

/**
 * Every table of the warehouse, declared once (dbt's metadata beside the model): the bronze and
 * silver tables of each dataset follow from its contract; the others are spelled out here. The
 * pipeline builds its Spark schemas from these declarations and refuses a write that differs; Trino
 * shows their comments.
 */
public final class WarehouseTables
{
    /** The change data feed lets a night's gold refresh read only what silver changed. */
    public static final String CHANGE_DATA_FEED = "delta.enableChangeDataFeed";

    public static final TableDefinition QUARANTINE = TableDefinition.builder(Layer.SILVER, "quarantine",
                    "隔离记录：未通过校验规则的行", "Quarantined rows: one per rejected record with the rules it broke (identifiers pseudonymised)")
            .required("dataset", STRING)
            .required("base_code", STRING)
            .required("export_date", DATE)
            .required("delivery_id", STRING)
            .required("source_file", STRING)
            .required("source_line", LONG, "源文件行号", "Physical line in the delivered file")
            .required("record", STRING, "记录内容（标识已假名化）", "The record's fields, identifiers pseudonymised")
            .required("broken_rules", STRING_ARRAY, "违反的规则", "Rules the row broke (docs/contracts.md)")
            .required("run_id", STRING)
            .required("quarantined_at", TIMESTAMP)
            .build();

    public static final TableDefinition DELIVERIES = TableDefinition.builder(Layer.OPS, "deliveries",
                    "交付台账：每次交付的状态与行数", "One row per delivery: ACCEPTED / REJECTED / SUPERSEDED, reason, rows received / accepted / quarantined")
            .required("delivery_id", STRING)
            .optional("dataset", STRING)
            .optional("base_code", STRING)
            .optional("export_date", DATE)
            .optional("exported_at", TIMESTAMP, "导出时间（基地自报）", "When the base says it exported the delivery (manifest.json); self-declared")
            .optional("landed_at", TIMESTAMP, "到达时间", "When the delivery's files reached the landing: their latest last-modified time; the on-time rate goes by it")
            .required("landing_path", STRING)
            .required("status", STRING, "交付状态", "ACCEPTED, REJECTED or SUPERSEDED")
            .optional("reason_code", STRING, "拒收代码", "Rejection code (docs/contracts.md)")
            .optional("reason", STRING, "拒收原因", "Why a delivery was rejected (file, line, rule)")
            .optional("received_rows", LONG)
            .optional("accepted_rows", LONG)
            .optional("quarantined_rows", LONG)
            .optional("warning", STRING)
            .optional("superseded_by", STRING)
            .required("ingest_run_id", STRING)
            .required("ingested_at", TIMESTAMP)
            .optional("refine_run_id", STRING)
            .optional("refined_at", TIMESTAMP)
            .build();

    public static final TableDefinition RUNS = TableDefinition.builder(Layer.OPS, "runs",
                    "运行台账：每次运行的每个阶段", "One row per pipeline run and stage: status, timings, counts")
            .required("run_id", STRING)
            .required("run_date", DATE)
            .required("stage", STRING)
            .required("status", STRING, "阶段状态", "RUNNING, SUCCEEDED, FAILED or ABANDONED")
            .required("started_at", TIMESTAMP)
            .optional("ended_at", TIMESTAMP)
            .optional("counts", STRING_TO_LONG_MAP)
            .optional("message", STRING, "失败或放弃的原因（不含交付内容）", "Why the stage failed or was abandoned; never delivered content")
            .optional("error_code", STRING, "错误代码", "Error code of a failed stage, e.g. PSEUDONYM_KEY_MISSING (docs/operations.md lists them)")
            .optional("error_type", STRING, "错误类型", "Who acts on the failure: USER_ERROR, BAD_DELIVERY, INTERNAL_ERROR or EXTERNAL")
            .build();

    public static final TableDefinition BASES = TableDefinition.builder(Layer.REF, "bases",
                    "实验基地名录（10个综合基地、82个特色基地）", "Registry of the experiment bases (10 comprehensive, 82 featured)")
            .required("base_code", STRING)
            .required("base_type", STRING)
            .required("cohort", STRING)
            .optional("domain_name_zh", STRING)
            .optional("domain_name_en", STRING)
            .required("official_rank", INT)
            .required("region_or_unit", STRING)
            .required("applicant_unit", STRING)
            .required("expected_datasets", STRING_ARRAY)
            .required("registry_version", STRING)
            .build();

    public static final TableDefinition INDICATORS = TableDefinition.builder(Layer.REF, "indicators",
                    "指标目录v1", "Indicator catalogue v1: definitions, goalposts, hashes")
            .required("indicator_code", STRING)
            .required("indicator_version", INT)
            .required("definition_hash", STRING)
            .required("name_zh", STRING)
            .required("name_en", STRING)
            .required("level", STRING)
            .required("dataset", STRING)
            .required("period_by", STRING)
            .required("kind", STRING)
            .required("population", STRING)
            .optional("numerator", STRING)
            .optional("measure", STRING)
            .required("unit", STRING)
            .required("direction", STRING)
            .required("minimum_n", INT)
            .required("goalpost_score_0", DOUBLE)
            .required("goalpost_score_100", DOUBLE)
            .required("description", STRING)
            .required("guideline", STRING)
            .required("catalogue_version", STRING)
            .build();

    public static final TableDefinition INDICATOR_VALUES = TableDefinition.builder(Layer.GOLD, "indicator_values",
                    "指标值：每个基地、指标、周期一行", "Indicator values: one row per base, indicator and period (month, quarter, year)")
            .required("base_code", STRING, "基地代码", "Base code")
            .required("cohort", STRING, "比较组（综合基地或特色领域）", "Cohort: COMPREHENSIVE or the featured domain")
            .required("indicator_code", STRING, "指标代码", "Indicator code")
            .required("indicator_version", INT, "指标版本", "Indicator version")
            .required("definition_hash", STRING, "指标定义哈希", "Hash of the indicator's definition")
            .required("level", STRING, "层级（微观/中观/宏观）", "Level: MICRO, MESO or MACRO")
            .required("period_type", STRING, "周期类型", "MONTH, QUARTER or YEAR")
            .required("period", STRING, "周期", "Period: 2026-10, 2026-Q4 or 2026")
            .optional("value", DOUBLE, "指标值", "Value (null when suppressed or missing)")
            .optional("numerator", DOUBLE, "分子", "Numerator (rates keep it: any roll-up is a ratio of sums)")
            .optional("denominator", DOUBLE, "分母", "Denominator")
            .required("unit", STRING, "单位", "Unit: %, ‰, h or min")
            .optional("ci_low", DOUBLE, "95%置信区间下限", "95% interval, low: Wilson for rates, Garwood for per-capita, order statistics for percentiles")
            .optional("ci_high", DOUBLE, "95%置信区间上限", "95% interval, high")
            .required("obs_status", STRING, "观测状态", "A final, P provisional, Q suppressed (n below minimum), M missing")
            .required("quality_flags", STRING_ARRAY, "质量标记", "Named flags on the value (SPEC §4.1), e.g. NUMERATOR_EXCEEDS_POPULATION; empty when none")
            .required("as_of", TIMESTAMP, "数据截止时间", "Data cut-off the row was computed at")
            .required("run_id", STRING, "计算批次", "Run that computed the row")
            .build();

    public static final TableDefinition BASE_SCORES = TableDefinition.builder(Layer.GOLD, "base_scores",
                    "治理绩效评分：每个基地、周期一行", "Governance-performance scores: one row per base and period, rank and rank interval in the cohort")
            .required("base_code", STRING)
            .required("cohort", STRING)
            .required("period_type", STRING)
            .required("period", STRING)
            .optional("micro_score", DOUBLE, "微观层面得分", "MICRO level score")
            .optional("meso_score", DOUBLE, "中观层面得分", "MESO level score")
            .optional("macro_score", DOUBLE, "宏观层面得分", "MACRO level score")
            .optional("score", DOUBLE, "总分（0–100）", "Total score, 0 to 100")
            .optional("obs_status", STRING, "评分状态", "A when every indicator value the score uses is final (A), else P; null when not scored")
            .optional("rank", INT, "组内排名", "Rank in the cohort (1 = best)")
            .optional("rank_low", INT, "排名区间下限（第5百分位）", "Rank interval, 5th percentile of 1,000 Monte Carlo draws")
            .optional("rank_high", INT, "排名区间上限（第95百分位）", "Rank interval, 95th percentile")
            .optional("rank_mean", DOUBLE)
            .required("cohort_scored", INT)
            .required("indicators_applicable", INT)
            .required("indicators_with_value", INT)
            .required("coverage", DOUBLE, "指标覆盖率", "Share of applicable indicators with a publishable value")
            .optional("not_scored_reason", STRING, "未评分原因", "Why the base has no score (under two thirds of its indicators)")
            .required("draws", INT)
            .required("seed", LONG)
            .required("as_of", TIMESTAMP)
            .required("run_id", STRING)
            .build();

    public static final TableDefinition SUBMISSION_QUALITY = TableDefinition.builder(Layer.GOLD, "submission_quality",
                    "数据报送质量：每个基地、数据集、月份一行", "Submission quality: one row per base, dataset and month")
            .required("base_code", STRING)
            .required("cohort", STRING)
            .required("dataset", STRING)
            .required("month", STRING)
            .required("days_in_period", INT)
            .required("days_reported", INT)
            .required("reporting_rate", DOUBLE, "报送率", "Days with an accepted delivery / days in the month up to the cut-off")
            .required("days_on_time", INT)
            .required("on_time_rate", DOUBLE, "及时率", "Days delivered before 06:00 China time the next morning / days")
            .required("rows_received", LONG)
            .required("rows_accepted", LONG)
            .optional("valid_row_rate", DOUBLE, "有效行率", "Accepted rows / received rows")
            .required("as_of", TIMESTAMP)
            .required("run_id", STRING)
            .build();

    public static final TableDefinition EXPERIMENT_PANEL = TableDefinition.builder(Layer.GOLD, "experiment_panel",
                    "实验单元面板：每个实验、结果指标、单元、月份一行", "Experiment panels: one row per experiment, outcome, unit and month, by the catalogue's definition on the unit's records")
            .required("base_code", STRING, "基地代码", "Base code")
            .required("experiment_id", STRING, "实验编号", "Experiment id (silver.experiment_units)")
            .required("indicator_code", STRING, "结果指标代码", "Outcome indicator code (ref.indicators)")
            .required("unit_code", STRING, "单元区划代码", "The unit: its 12-digit division code")
            .required("arm", STRING, "组别", "TREATMENT or CONTROL")
            .optional("first_treated_month", STRING, "首个处理月份", "First month the technology was live in the unit (yyyy-MM); null for a control unit")
            .required("first_treated_period", INT, "首个处理期（R did 编码）", "First treated period in R did's gname encoding: year × 12 + month − 1, 0 for never treated")
            .required("month", STRING, "月份", "Month, China calendar (yyyy-MM)")
            .required("period", INT, "期（R did 编码）", "The month as year × 12 + month − 1 (R did's tname)")
            .required("numerator", DOUBLE, "分子", "Records of the unit in the month counted in the numerator")
            .required("denominator", DOUBLE, "分母", "Records of the unit in the month in the indicator's population")
            .optional("value", DOUBLE, "结果值", "The rate in %, null when suppressed (denominator below the indicator's minimum n)")
            .required("obs_status", STRING, "观测状态", "A final, P provisional, Q suppressed: left out of the estimate")
            .required("as_of", TIMESTAMP, "数据截止时间", "Data cut-off")
            .required("run_id", STRING, "计算批次", "Run that computed the row")
            .build();

    public static final TableDefinition EXPERIMENT_EFFECTS = TableDefinition.builder(Layer.GOLD, "experiment_effects",
                    "实验效应：Callaway–Sant'Anna 交错双重差分估计", "Experiment effects: Callaway–Sant'Anna staggered difference-in-differences, one row per experiment, outcome, comparison, aggregation and event time or cohort")
            .required("base_code", STRING, "基地代码", "Base code")
            .required("experiment_id", STRING, "实验编号", "Experiment id")
            .required("title", STRING, "实验名称", "Experiment title as declared")
            .required("technology", STRING, "技术", "AI_CAMERA, SOS_VOICE, AI_SCREENING, SMART_LEDGER or OTHER")
            .required("indicator_code", STRING, "结果指标代码", "Outcome indicator code")
            .required("unit_level", STRING, "单元层级", "STREET, COMMUNITY or VILLAGE")
            .required("control_group", STRING, "对照方式", "NEVER_TREATED (the headline) or NOT_YET_TREATED")
            .required("aggregation", STRING, "汇总方式", "SIMPLE (overall ATT), EVENT_TIME, COHORT, or PRE_TREND (placebo: mean pre-treatment effect)")
            .optional("event_time", INT, "事件时间（月）", "EVENT_TIME parts: months since the unit's start, negative before; null on overall rows")
            .optional("cohort_month", STRING, "处理批次", "COHORT parts: the cohort's first treated month; null on overall rows")
            .optional("estimate", DOUBLE, "效应估计（百分点）", "Average effect on the treated, in the outcome's unit (percentage points for rates); null when not estimated")
            .optional("std_error", DOUBLE, "标准误", "Bootstrap standard error (unit-clustered multiplier bootstrap)")
            .optional("ci_low", DOUBLE, "95%区间下限", "95% interval, low: a uniform band over event times on EVENT_TIME parts, pointwise elsewhere")
            .optional("ci_high", DOUBLE, "95%区间上限", "95% interval, high")
            .optional("uniform_band", BOOLEAN, "是否一致置信带", "Whether the interval is the event study's uniform band")
            .optional("covariance", DOUBLE_ARRAY, "事件研究协方差行", "EVENT_TIME parts: this event time's row of the event-study covariance, in ascending event time (for HonestDiD)")
            .optional("wald_statistic", DOUBLE, "预趋势Wald统计量", "Joint pre-trend test (R did's W) over the pre-treatment ATT(g,t); on every row of the comparison")
            .optional("wald_p_value", DOUBLE, "预趋势检验p值", "p-value of the joint pre-trend test")
            .required("trust_grade", STRING, "可信度等级", "A to D: docs/experiments.md says how to read it")
            .required("trust_flags", STRING_ARRAY, "可信度标记", "What lowered the grade, e.g. PRE_TRENDS_FAIL, FEW_TREATED_UNITS")
            .required("estimation_flags", STRING_ARRAY, "估计与声明标记", "What the estimator or the declaration check did, e.g. UNBALANCED_PANEL, UNITS_NOT_IN_DIVISIONS")
            .required("units", INT, "单元数", "Units declared and kept by the declaration checks")
            .required("treated_units", INT, "处理单元数", "Treated units the estimate rests on (units treated from the panel's first month have no before and are left out)")
            .required("comparison_units", INT, "对照单元数", "Fewest comparison units behind a post-treatment cell")
            .required("suppressed_cell_share", DOUBLE, "抑制格子占比", "Share of the panel's unit-months whose outcome was suppressed (Q)")
            .required("bootstrap_draws", INT, "自助抽样次数", "Multiplier-bootstrap draws")
            .required("seed", LONG, "随机种子", "Bootstrap seed: the same panel gives the same intervals")
            .required("panel_fingerprint", STRING, "面板指纹", "SHA-256 of the declaration and the panel cells estimated: a night re-estimates only when it changes")
            .required("as_of", TIMESTAMP, "数据截止时间", "Data cut-off of the estimate")
            .required("run_id", STRING, "计算批次", "Run that estimated the row")
            .build();

    public static final TableDefinition RELEASES = TableDefinition.builder(Layer.OPS, "releases",
                    "发布版本：每次发布记录各金层表的Delta版本", "Releases: one row per publication, with the Delta version of every gold table it consists of")
            .required("release_id", STRING, "发布编号", "Release id: R<cut-off date>.<n>")
            .required("cutoff_date", DATE, "数据截止日期", "Run date whose end (China time) is the data cut-off")
            .required("published_at", TIMESTAMP, "发布时间", "When the release was recorded")
            .required("table_versions", STRING_TO_LONG_MAP, "各表版本", "gold.<table> → its Delta version: read it back with FOR VERSION AS OF (docs/serving.md)")
            .required("retention_days", INT, "保留天数", "Days every version of a gold table is kept readable (delta.logRetentionDuration, delta.deletedFileRetentionDuration)")
            .required("run_id", STRING, "运行批次", "Run that recorded the release")
            .build();

    public static final TableDefinition GOLD_INPUTS = TableDefinition.builder(Layer.OPS, "gold_inputs",
                    "金层输入：上次完成的指标阶段读取和写入的各表版本；输入未变的夜间运行跳过该阶段",
                    "What the last finished indicators stage read and wrote, one row: a night whose inputs are all unchanged skips the stage")
            .required("cutoff_date", DATE, "数据截止日期", "Run date whose end (China time) was the data cut-off")
            .required("definitions_fingerprint", STRING, "定义指纹",
                    "SHA-256 of the catalogue's definition hashes, the registry, the disclosure policy and the pipeline's version in force")
            .required("input_versions", STRING_TO_LONG_MAP, "输入表版本", "silver.*, ops.deliveries and ref.* → the Delta version the stage read")
            .required("gold_versions", STRING_TO_LONG_MAP, "金层表版本", "gold.* → the Delta version the stage left; a gold table changed since means the stage runs")
            .required("run_id", STRING, "运行批次", "Run that recorded the row")
            .required("recorded_at", TIMESTAMP, "记录时间", "When the stage finished")
            .build();

    public static final TableDefinition DQ_REPORT_CARD = TableDefinition.builder(Layer.GOLD, "dq_report_card",
                    "数据质量报告卡（参照世卫组织数据质量审查）：每个指标、周期、维度，各基地一行及全国一行",
                    "Data-quality report card after the WHO Data Quality Review: per indicator, period and dimension, a row per base and a national row")
            .required("dimension", STRING, "质量维度", "COMPLETENESS, OUTLIER_MODERATE, OUTLIER_EXTREME, OUTLIER_ROBUST_HISTORY, OUTLIER_ROBUST_COHORT, CONSISTENCY_OVER_TIME, "
                    + "CONSISTENCY_BETWEEN_INDICATORS or DENOMINATOR_CONSISTENCY (ref.dq_dimensions)")
            .required("indicator_code", STRING, "指标代码", "Indicator code")
            .optional("related_indicator_code", STRING, "相关指标代码", "CONSISTENCY_BETWEEN_INDICATORS: the indicator the ratio is taken over")
            .required("period_type", STRING, "周期类型", "MONTH or YEAR")
            .required("period", STRING, "周期", "2026-11 or 2026")
            .required("scope", STRING, "范围", "BASE (one base's figure) or NATIONAL (the overall figure and the divergent bases)")
            .optional("base_code", STRING, "基地代码", "The base of a BASE row; null on the NATIONAL row")
            .optional("cohort", STRING, "比较组", "The base's cohort; null on the NATIONAL row")
            .optional("figure", DOUBLE, "质量指标值", "Completeness in %, a z score, or a ratio, by dimension; null when not assessable")
            .optional("figure_low", DOUBLE, "区间下限", "COMPLETENESS: Wilson 95% interval, low")
            .optional("figure_high", DOUBLE, "区间上限", "COMPLETENESS: Wilson 95% interval, high")
            .required("threshold", DOUBLE, "阈值", "The dimension's threshold (ref.dq_dimensions)")
            .optional("divergent", BOOLEAN, "是否异常", "BASE rows: whether the figure breaks the threshold; null on the NATIONAL row")
            .required("assessed_bases", INT, "评估基地数", "Bases with a figure (1 on a BASE row)")
            .required("divergent_bases", INT, "异常基地数", "Bases whose figure breaks the threshold")
            .optional("divergent_share", DOUBLE, "异常基地占比", "Divergent bases / assessed bases, in %")
            .required("divergent_base_codes", STRING_ARRAY, "异常基地", "The divergent bases' codes")
            .required("as_of", TIMESTAMP, "数据截止时间", "Data cut-off")
            .required("run_id", STRING, "计算批次", "Run that computed the card")
            .build();

    public static final TableDefinition CONFIDENTIALITY = TableDefinition.builder(Layer.GOLD, "confidentiality",
                    "小格保密：不予公布的指标值（主抑制 C、次抑制 D）", "Small-cell confidentiality: the indicator values not published, primary (C) or secondary (D) suppression")
            .required("base_code", STRING, "基地代码", "Base code")
            .required("indicator_code", STRING, "指标代码", "Indicator code")
            .required("period_type", STRING, "周期类型", "MONTH, QUARTER or YEAR")
            .required("period", STRING, "周期", "Period")
            .required("conf_status", STRING, "保密状态", "C: a count below the policy's minimum (primary); D: suppressed so that a C value cannot be recovered by subtraction (secondary)")
            .required("minimum_count", INT, "最小可公布计数", "The policy's smallest count that may be published (disclosure-v1.json)")
            .required("as_of", TIMESTAMP, "数据截止时间", "Data cut-off")
            .required("run_id", STRING, "计算批次", "Run that computed the row")
            .build();

    public static final TableDefinition DQ_DIMENSIONS = TableDefinition.builder(Layer.REF, "dq_dimensions",
                    "数据质量维度及阈值", "Data-quality dimensions of gold.dq_report_card and their thresholds")
            .required("dimension", STRING, "质量维度", "Dimension")
            .required("threshold", DOUBLE, "阈值", "Threshold")
            .required("divergent_when", STRING, "异常判定", "When a base's figure is divergent, over the card's columns")
            .required("description_zh", STRING, "说明", "What the figure is, in Chinese")
            .required("description_en", STRING, "说明（英文）", "What the figure is, in English")
            .build();

    public static final TableDefinition REVISIONS = TableDefinition.builder(Layer.GOLD, "revisions",
                    "修订记录：相邻两次发布之间变化的指标值", "Revisions: every indicator value that changed between consecutive releases, with why")
            .required("base_code", STRING, "基地代码", "Base code")
            .required("indicator_code", STRING, "指标代码", "Indicator code")
            .required("period_type", STRING, "周期类型", "MONTH, QUARTER or YEAR")
            .required("period", STRING, "周期", "Period")
            .required("from_release", STRING, "原发布", "The earlier release")
            .required("to_release", STRING, "新发布", "The release that revised the value")
            .optional("old_value", DOUBLE, "原值", "Value in the earlier release (null: none published)")
            .optional("new_value", DOUBLE, "新值", "Value in the later release (null: none published)")
            .optional("revision", DOUBLE, "修订量", "new_value − old_value, when both exist")
            .optional("old_obs_status", STRING, "原状态", "obs_status in the earlier release")
            .optional("new_obs_status", STRING, "新状态", "obs_status in the later release")
            .required("reason", STRING, "修订原因", "DEFINITION_CHANGE (the definition hash changed), LATE_DELIVERY (more records counted), CORRECTION (the same or fewer records, counted differently)")
            .required("run_id", STRING, "运行批次", "Run that recorded the later release")
            .build();

    private WarehouseTables() {}

    /** {@code bronze.<dataset>}: one row per delivered record, as delivered (text), with its lineage. */
    public static TableDefinition bronze(Dataset dataset)
    {
        DatasetContract contract = dataset.contract();
        Comment comment = bronzeComment(dataset);
        TableDefinition.Builder table = TableDefinition.builder(Layer.BRONZE, dataset.tableName(), comment.chinese(), comment.english())
                .required("delivery_id", STRING)
                .required("base_code", STRING)
                .required("export_date", DATE)
                .required("exported_at", TIMESTAMP)
                .required("source_file", STRING)
                .required("source_line", LONG, "源文件行号", "Physical line in the delivered file")
                .optional("parse_error", STRING);
        for (Column column : contract.columns()) {
            table.add(new TableColumn(column.name(), STRING, true, Optional.of(new Comment("", column.description()))));
        }
        return table.required("ingested_at", TIMESTAMP)
                .required("run_id", STRING)
                .build();
    }

    /** {@code silver.<dataset>}: typed, validated, pseudonymised; the latest version of each record. */
    public static TableDefinition silver(Dataset dataset)
    {
        DatasetContract contract = dataset.contract();
        Comment comment = silverComment(dataset);
        TableDefinition.Builder table = TableDefinition.builder(Layer.SILVER, dataset.tableName(), comment.chinese(), comment.english())
                .required("base_code", STRING);
        for (Column column : contract.columns()) {
            table.add(new TableColumn(column.name(), valueType(column), !column.required(), Optional.of(new Comment("", column.description()))));
        }
        return table.required("delivery_id", STRING)
                .required("export_date", DATE)
                .required("exported_at", TIMESTAMP)
                .required("source_file", STRING)
                .required("source_line", LONG)
                .required("run_id", STRING)
                .property(CHANGE_DATA_FEED, "true")
                .build();
    }

    /** Every table, in layer order. */
    public static List<TableDefinition> all()
    {
        List<TableDefinition> tables = new ArrayList<>();
        for (Dataset dataset : Dataset.values()) {
            tables.add(bronze(dataset));
        }
        for (Dataset dataset : Dataset.values()) {
            tables.add(silver(dataset));
        }
        tables.addAll(List.of(QUARANTINE, INDICATOR_VALUES, BASE_SCORES, SUBMISSION_QUALITY, DQ_REPORT_CARD, CONFIDENTIALITY, EXPERIMENT_PANEL, EXPERIMENT_EFFECTS,
                REVISIONS, DELIVERIES, RUNS, RELEASES, GOLD_INPUTS, BASES, INDICATORS, DQ_DIMENSIONS));
        return tables;
    }

    public static Optional<TableDefinition> find(Layer layer, String name)
    {
        return all().stream().filter(table -> table.layer() == layer && table.name().equals(name)).findFirst();
    }

    private static ValueType valueType(Column column)
    {
        return switch (column.type()) {
            case STRING, ENUM -> STRING;
            case TIMESTAMP -> TIMESTAMP;
            case DATE -> DATE;
            case BOOLEAN -> BOOLEAN;
            case INT -> INT;
            case DECIMAL -> DECIMAL;
        };
    }

    private static Comment bronzeComment(Dataset dataset)
    {
        return switch (dataset) {
            case GRID_CASES -> new Comment("网格事件（原始交付）", "Grid / city-management cases as delivered (strings) with lineage");
            case ELDERCARE_SERVICE_LOGS -> new Comment("智慧养老服务记录（原始交付）", "Smart-eldercare events as delivered (strings) with lineage");
            case HEALTH_SCREENINGS -> new Comment("健康筛查（原始交付）", "Health screenings as delivered (strings) with lineage");
            case THREE_ASSETS_LEDGER -> new Comment("农村集体三资台账（原始交付）", "Rural collective three-assets ledger as delivered (strings) with lineage");
            case DIVISIONS -> new Comment("行政区划快照（原始交付）", "Administrative divisions snapshot as delivered (strings) with lineage");
            case EXPERIMENT_UNITS -> new Comment("社会实验单元声明（原始交付）", "AI social experiments' units as declared (strings) with lineage");
        };
    }

    private static Comment silverComment(Dataset dataset)
    {
        return switch (dataset) {
            case GRID_CASES -> new Comment("网格事件（已校验、已假名化，每个案件最新版本）", "Grid cases: typed, validated, pseudonymised; latest version per case");
            case ELDERCARE_SERVICE_LOGS -> new Comment("智慧养老服务记录（已校验、已假名化）", "Smart-eldercare events: typed, validated, pseudonymised; latest version per event");
            case HEALTH_SCREENINGS -> new Comment("健康筛查（已校验、已假名化）", "Health screenings: typed, validated, pseudonymised; latest version per screening");
            case THREE_ASSETS_LEDGER -> new Comment("农村集体三资台账（已校验、已假名化）", "Three-assets ledger entries: typed, validated, pseudonymised; latest version per entry");
            case DIVISIONS -> new Comment("行政区划（每个基地最新快照）", "Administrative divisions: each base's latest snapshot");
            case EXPERIMENT_UNITS -> new Comment("社会实验单元：实验组与控制组（每个基地最新声明）", "AI social experiments: each unit's arm and start, from each base's latest declaration");
        };
    }
}
