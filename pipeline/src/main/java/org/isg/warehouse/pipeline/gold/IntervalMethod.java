package org.isg.warehouse.pipeline.gold;

import org.isg.warehouse.indicators.IndicatorKind;

/** The 95% interval an indicator value carries (SPEC §3, §4), by the kind of indicator. */
public enum IntervalMethod
{
    /** Rates: the Wilson score interval of the proportion. */
    WILSON,
    /** Per-capita values: the exact Poisson interval of the count (Garwood), over the population. */
    GARWOOD,
    /** Percentiles: a distribution-free interval between two order statistics ({@link OrderStatistics}). */
    ORDER_STATISTICS;

    public static IntervalMethod of(IndicatorKind kind)
    {
        return switch (kind) {
            case RATIO, LATEST_PER_ENTITY_RATIO -> WILSON;
            case DISTINCT_PER_CAPITA -> GARWOOD;
            case PERCENTILE -> ORDER_STATISTICS;
        };
    }
}
