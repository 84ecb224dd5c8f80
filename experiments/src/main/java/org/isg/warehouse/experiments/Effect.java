package org.isg.warehouse.experiments;

import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * One estimated effect with its influence function over the panel's units: a group-time cell or an
 * aggregation of cells. {@code key} is the event time or cohort of a part of an aggregation, empty
 * for an overall figure.
 */
public final class Effect
{
    private final OptionalInt key;
    private final double estimate;
    private final double[] influence;

    Effect(OptionalInt key, double estimate, double[] influence)
    {
        this.key = requireNonNull(key, "key is null");
        this.estimate = estimate;
        this.influence = requireNonNull(influence, "influence is null");
    }

    public OptionalInt key()
    {
        return key;
    }

    public double estimate()
    {
        return estimate;
    }

    /** The standard error from the influence function, sqrt(sum of squares) / n (R {@code did}'s analytic one). */
    public double analyticStandardError()
    {
        return Inference.analyticStandardError(influence);
    }

    double[] influence()
    {
        return influence;
    }

    @Override
    public String toString()
    {
        return "Effect[" + (key.isPresent() ? "key=" + key.getAsInt() + ", " : "") + "estimate=" + estimate + "]";
    }
}
