package org.isg.warehouse.pipeline.gold;

/** {@code obs_status} of an indicator value (SPEC §3). */
public enum ObservationStatus
{
    /** Final: the period ended at least 15 days plus the indicator's {@code final_after} before the cut-off. */
    A,
    /** Provisional: not final yet. */
    P,
    /** Suppressed: the denominator is below the indicator's minimum n; no value. */
    Q,
    /** Missing: a base expected to deliver the dataset has no data at all for the period. */
    M
}
