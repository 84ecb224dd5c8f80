package org.isg.warehouse.sql.report;

import org.isg.warehouse.contracts.statistics.Confidence;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The control limits of a funnel plot (Spiegelhalter 2005): around the pooled rate of the bases
 * compared, the values a base of denominator n would show by chance alone, at 95% (z 1.96) and
 * 99.8% (z 3.09). A proportion (%) uses the binomial normal approximation p ± z √(p(1 − p) / n),
 * a rate per 1,000 (‰) the Poisson one λ ± z √(λ / n); limits are clipped to the possible values.
 */
public final class FunnelLimits
{
    public static final double Z_99_8 = 3.090232306167813;

    private FunnelLimits() {}

    public enum Model
    {
        PROPORTION(100), RATE_PER_THOUSAND(1000);

        private final double scale;

        Model(double scale)
        {
            this.scale = scale;
        }

        public double scale()
        {
            return scale;
        }
    }

    /** The limits at one denominator, in the indicator's unit. */
    public record Limits(double denominator, double low95, double high95, double low998, double high998)
    {
    }

    /**
     * The limits at one denominator.
     *
     * @param pooled the pooled rate as a fraction: Σ numerators / Σ denominators
     */
    public static Limits at(Model model, double pooled, double denominator)
    {
        requireNonNull(model, "model is null");
        double standardError = switch (model) {
            case PROPORTION -> Math.sqrt(pooled * (1 - pooled) / denominator);
            case RATE_PER_THOUSAND -> Math.sqrt(pooled / denominator);
        };
        double ceiling = switch (model) {
            case PROPORTION -> 1;
            case RATE_PER_THOUSAND -> Double.POSITIVE_INFINITY;
        };
        return new Limits(denominator,
                model.scale() * Math.max(0, pooled - Confidence.Z_95 * standardError), model.scale() * Math.min(ceiling, pooled + Confidence.Z_95 * standardError),
                model.scale() * Math.max(0, pooled - Z_99_8 * standardError), model.scale() * Math.min(ceiling, pooled + Z_99_8 * standardError));
    }

    /** The limits at {@code points} denominators spread evenly on a log scale from {@code from} to {@code to}. */
    public static List<Limits> curve(Model model, double pooled, double from, double to, int points)
    {
        List<Limits> curve = new ArrayList<>();
        double low = Math.max(1, from);
        double high = Math.max(low, to);
        for (int index = 0; index < points; index++) {
            double denominator = points == 1 ? low : low * Math.pow(high / low, (double) index / (points - 1));
            curve.add(at(model, pooled, denominator));
        }
        return curve;
    }
}
