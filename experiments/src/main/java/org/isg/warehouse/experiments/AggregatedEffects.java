package org.isg.warehouse.experiments;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** An aggregation: its overall effect and, for event time and cohort, one effect per key. */
public record AggregatedEffects(AggregationType type, Effect overall, List<Effect> parts)
{
    public AggregatedEffects
    {
        requireNonNull(type, "type is null");
        requireNonNull(overall, "overall is null");
        parts = List.copyOf(parts);
    }
}
