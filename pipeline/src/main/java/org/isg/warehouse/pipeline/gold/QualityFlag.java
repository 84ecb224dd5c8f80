package org.isg.warehouse.pipeline.gold;

/** Named flags on an indicator value (SPEC §4.1, {@code gold.indicator_values.quality_flags}): they never hide the value. */
public enum QualityFlag
{
    /** A per-capita numerator above its population (the snapshot's population is too small, or records are outside it). */
    NUMERATOR_EXCEEDS_POPULATION,
    /** A per-capita value counts records whose division lies under no division of the base's latest snapshot. */
    RECORDS_OUTSIDE_DIVISIONS,
    /** The percentile lands on an event unfinished at the cut-off and older than the indicator's {@code censor_after}: the value is null. */
    PERCENTILE_UNBOUNDED,
    /**
     * A robust outlier: modified z beyond 3.5 against the base's own values of the same period type
     * (the 12 months, 8 quarters or 5 years ending with it) or against its cohort's values of the
     * same period ({@link DataQualityJob}, docs/data-quality.md).
     */
    OUTLIER
}
