package org.isg.warehouse.experiments;

/** How group-time effects are summarised (Callaway and Sant'Anna 2021, §3; R {@code did}'s {@code aggte}). */
public enum AggregationType
{
    /** Every post-treatment ATT(g, t), weighted by cohort size: the headline effect. */
    SIMPLE,
    /** By event time e = t − g (cohort-size weights within each e); pre-periods e &lt; 0 show pre-trends; overall = mean over e ≥ 0. */
    EVENT_TIME,
    /** By cohort (mean over its post-treatment periods); overall = cohort-size weighted mean. */
    COHORT,
}
