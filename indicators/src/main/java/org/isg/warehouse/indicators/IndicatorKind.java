package org.isg.warehouse.indicators;

/**
 * How an indicator's value is formed from the records of a period.
 */
public enum IndicatorKind
{
    /** Records matching {@code numerator} among records matching {@code population}, in percent. */
    RATIO,
    /** The {@code percentile} of {@code measure} over the records matching {@code population}. */
    PERCENTILE,
    /** Distinct values of {@code distinct} among the population, per 1,000 of a {@code divisions} population column. */
    DISTINCT_PER_CAPITA,
    /** Entities whose latest record (by {@code latest_by}) matches {@code numerator}, among entities with a record in the population, in percent. */
    LATEST_PER_ENTITY_RATIO
}
