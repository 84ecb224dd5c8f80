package org.isg.warehouse.experiments;

import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * One published effect: an aggregation's overall figure or one of its parts (event time or cohort),
 * with its bootstrap standard error and interval. Event-time parts carry the uniform band (all
 * event times covered at once at the level asked); every other interval is pointwise.
 */
public record PublishedEffect(ControlGroup controlGroup, AggregationType aggregation, OptionalInt key, double estimate, double standardError,
        double lower, double upper, boolean uniformBand)
{
    public PublishedEffect
    {
        requireNonNull(controlGroup, "controlGroup is null");
        requireNonNull(aggregation, "aggregation is null");
        requireNonNull(key, "key is null");
    }

    /** Whether the interval leaves out zero. */
    public boolean significant()
    {
        return lower > 0 || upper < 0;
    }
}
