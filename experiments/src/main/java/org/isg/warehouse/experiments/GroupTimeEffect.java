package org.isg.warehouse.experiments;

/**
 * ATT(g, t): the average effect in period {@code period} on the units first treated in
 * {@code cohort}, measured against {@code basePeriod}: the last period before the cohort's start
 * for {@code period >= cohort}, the period before {@code period} otherwise (the "varying" base of
 * R {@code did}, whose pre-period cells are the pre-trend check).
 */
public record GroupTimeEffect(int cohort, int period, int basePeriod, double estimate, int treatedUnits, int controlUnits)
{
    public boolean postTreatment()
    {
        return period >= cohort;
    }

    public int eventTime()
    {
        return period - cohort;
    }
}
