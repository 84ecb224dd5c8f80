package org.isg.warehouse.indicators.quality;

import static java.util.Objects.requireNonNull;

/**
 * The dimensions of {@code gold.dq_report_card}, after the WHO Data Quality Review (DQR), each with
 * its threshold as data ({@code ref.dq_dimensions}) and the rule that makes a base divergent.
 * A figure is only assessed when its inputs exist (see {@link ReportCard}); a base without the
 * figure is neither divergent nor counted.
 */
public enum DataQualityDimension
{
    COMPLETENESS(90.0, "interval_high < threshold",
            "报送完整性：有已接受交付的天数 / 当月应报天数（%）；Wilson 95% 区间上限低于阈值时判为异常",
            "Completeness: days with an accepted delivery of the indicator's dataset / days due (%); divergent when the Wilson 95% interval lies wholly below the threshold"),
    OUTLIER_MODERATE(2.0, "abs(figure) > threshold",
            "中度离群：本基地近 12 个月数值的 z 分数（均值、样本标准差）",
            "Moderate outlier: z score of the value against the base's own values of the 12 months ending with it (mean, sample standard deviation)"),
    OUTLIER_EXTREME(3.0, "abs(figure) > threshold",
            "极端离群：同上，z 分数绝对值超过 3",
            "Extreme outlier: the same z score beyond 3"),
    OUTLIER_ROBUST_HISTORY(3.5, "abs(figure) > threshold",
            "稳健离群（本基地历史）：修正 z = (x − 中位数) / (1.4826 · MAD)，近 12 个月",
            "Robust outlier against the base's own history: modified z = (x − median) / (1.4826 · MAD) over the 12 months ending with the value"),
    OUTLIER_ROBUST_COHORT(3.5, "abs(figure) > threshold",
            "稳健离群（同组基地）：同期同组各基地数值的修正 z",
            "Robust outlier against the cohort: modified z of the value among the cohort's values of the same period"),
    CONSISTENCY_OVER_TIME(0.33, "abs(figure - 1) > threshold",
            "时间一致性：当期值 / 前 3 期均值",
            "Consistency over time: the value / the mean of the 3 preceding periods' values"),
    CONSISTENCY_BETWEEN_INDICATORS(0.10, "abs(figure - 1) > threshold",
            "指标间一致性：本基地两相关指标之比 / 全国同比",
            "Consistency between related indicators: the base's ratio of the two values / the national ratio"),
    DENOMINATOR_CONSISTENCY(0.10, "abs(figure - 1) > threshold",
            "分母一致性：街道上报人口 / 其下社区、村人口之和（人均指标所用人口列）",
            "Denominator consistency: the population the streets report / the sum over their communities and villages (the per-capita indicator's column)");

    private final double threshold;
    private final String divergentWhen;
    private final String descriptionZh;
    private final String descriptionEn;

    DataQualityDimension(double threshold, String divergentWhen, String descriptionZh, String descriptionEn)
    {
        this.threshold = threshold;
        this.divergentWhen = requireNonNull(divergentWhen, "divergentWhen is null");
        this.descriptionZh = requireNonNull(descriptionZh, "descriptionZh is null");
        this.descriptionEn = requireNonNull(descriptionEn, "descriptionEn is null");
    }

    public double threshold()
    {
        return threshold;
    }

    /** The divergence rule, as an expression over the card's columns. */
    public String divergentWhen()
    {
        return divergentWhen;
    }

    public String descriptionZh()
    {
        return descriptionZh;
    }

    public String descriptionEn()
    {
        return descriptionEn;
    }

    /** Whether a base's figure (and, for completeness, its interval's upper end) is divergent. */
    public boolean divergent(double figure, double intervalHigh)
    {
        return switch (this) {
            case COMPLETENESS -> intervalHigh < threshold;
            case OUTLIER_MODERATE, OUTLIER_EXTREME, OUTLIER_ROBUST_HISTORY, OUTLIER_ROBUST_COHORT -> Math.abs(figure) > threshold;
            case CONSISTENCY_OVER_TIME, CONSISTENCY_BETWEEN_INDICATORS, DENOMINATOR_CONSISTENCY -> Math.abs(figure - 1) > threshold;
        };
    }
}
