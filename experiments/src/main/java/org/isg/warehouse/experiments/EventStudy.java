package org.isg.warehouse.experiments;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The event-study vector and its covariance, Σ = Ψ'Ψ / n² from the influence functions (R
 * {@code did}'s), in event-time order: what HonestDiD's sensitivity analysis takes ({@code betahat},
 * {@code sigma}), so an assessor can run it without the units' data. The covariance is row-major.
 */
public record EventStudy(List<Integer> eventTimes, List<Double> estimates, List<Double> covariance)
{
    public EventStudy
    {
        eventTimes = List.copyOf(requireNonNull(eventTimes, "eventTimes is null"));
        estimates = List.copyOf(requireNonNull(estimates, "estimates is null"));
        covariance = List.copyOf(requireNonNull(covariance, "covariance is null"));
        if (estimates.size() != eventTimes.size() || covariance.size() != eventTimes.size() * eventTimes.size()) {
            throw new IllegalArgumentException("one estimate per event time and a square covariance");
        }
    }

    static EventStudy of(List<Effect> parts)
    {
        int size = parts.size();
        int unitCount = size == 0 ? 0 : parts.get(0).influence().length;
        Double[] covariance = new Double[size * size];
        for (int row = 0; row < size; row++) {
            for (int column = 0; column < size; column++) {
                double[] left = parts.get(row).influence();
                double[] right = parts.get(column).influence();
                double sum = 0;
                for (int unit = 0; unit < unitCount; unit++) {
                    sum += left[unit] * right[unit];
                }
                covariance[row * size + column] = sum / ((double) unitCount * unitCount);
            }
        }
        return new EventStudy(parts.stream().map(part -> part.key().getAsInt()).toList(), parts.stream().map(Effect::estimate).toList(), List.of(covariance));
    }

    public double covariance(int row, int column)
    {
        return covariance.get(row * eventTimes.size() + column);
    }
}
