package org.isg.warehouse.experiments;

/**
 * The units a cohort is compared with in a group-time cell (Callaway and Sant'Anna 2021, §2).
 */
public enum ControlGroup
{
    /** Units never treated in the panel: the default, and the published headline. */
    NEVER_TREATED,
    /**
     * Units never treated plus units not yet treated at the cell's period: more comparison units,
     * and an assumption of parallel trends also for the later-treated before their start.
     */
    NOT_YET_TREATED,
}
