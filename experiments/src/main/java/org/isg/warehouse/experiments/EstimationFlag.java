package org.isg.warehouse.experiments;

/** What the estimator had to do or could not do with a panel; published beside the effects. */
public enum EstimationFlag
{
    /** Fewer than two periods: nothing can be compared. */
    TOO_FEW_PERIODS,
    /** Units whose treatment started in or before the first period have no before and were left out. */
    UNITS_TREATED_FROM_THE_FIRST_PERIOD_DROPPED,
    /** No unit is never treated: the never-treated comparison is empty; not-yet-treated uses the last cohort. */
    NO_NEVER_TREATED_UNITS,
    /** Some group-time cells had no treated or no control observation and are missing. */
    CELLS_NOT_ESTIMABLE,
    /** Some units miss some periods: cells are estimated from the four cell means, not each unit's change. */
    UNBALANCED_PANEL,
}
