package org.isg.warehouse.contracts.statistics;

/**
 * The confidence level of every interval the warehouse publishes: the indicators' Wilson and
 * order-statistic intervals, the data-quality review's and the report's funnel limits (SPEC §3).
 */
public final class Confidence
{
    /** Φ⁻¹(0.975): the standard normal quantile of a two-sided 95% interval. */
    public static final double Z_95 = 1.959963984540054;

    private Confidence() {}
}
