package org.isg.warehouse.experiments;

/** The guards behind a {@link TrustGrade}, published beside it. */
public enum TrustFlag
{
    /** Fewer than {@link TrustAssessment#MINIMUM_UNITS} treated units. */
    FEW_TREATED_UNITS,
    /** Fewer than {@link TrustAssessment#MINIMUM_UNITS} comparison units. */
    FEW_CONTROL_UNITS,
    /** A cohort of one unit: its effects rest on a single street, community or village. */
    ONE_UNIT_COHORT,
    /** Some units miss some months. */
    UNBALANCED_PANEL,
    /** Units treated from the first month, or group-time cells without observations, were left out. */
    UNITS_OR_CELLS_LEFT_OUT,
    /** The placebo pre-trend test rejects parallel trends at 5%. */
    PRE_TRENDS_FAILED,
    /** More than {@link TrustAssessment#SUPPRESSED_SHARE_LIMIT} of the panel's unit-months had their outcome suppressed (status Q). */
    MANY_SUPPRESSED_CELLS,
    /** Nothing could be estimated against this comparison. */
    NO_ESTIMATE,
}
