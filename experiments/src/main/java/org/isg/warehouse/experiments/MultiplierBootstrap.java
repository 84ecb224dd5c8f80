package org.isg.warehouse.experiments;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static java.util.Objects.requireNonNull;

/**
 * The multiplier bootstrap of R {@code did} ({@code mboot}): each draw gives every unit a
 * Rademacher weight ±1 (units are the clusters), and a set of effects is re-estimated as
 * √n·mean(v·ψ) from their influence functions, jointly, so a draw keeps their correlation. Standard
 * errors are the interquartile range of the draws over that of the normal; the uniform critical
 * value is the 1 − α quantile of the largest |draw / standard error| across the effects, so a band
 * of ± that many standard errors covers all of them at once. Seeded: the same seed, the same figures.
 */
public final class MultiplierBootstrap
{
    private static final double NORMAL_INTERQUARTILE_RANGE = Inference.normalQuantile(0.75) - Inference.normalQuantile(0.25);

    private final int draws;
    private final long seed;

    public MultiplierBootstrap(int draws, long seed)
    {
        if (draws < 2) {
            throw new IllegalArgumentException("draws must be at least 2");
        }
        this.draws = draws;
        this.seed = seed;
    }

    /** Standard errors of each effect and their uniform critical value at level 1 − alpha. */
    public Result run(List<Effect> effects, double alpha)
    {
        requireNonNull(effects, "effects is null");
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1)");
        }
        int columns = effects.size();
        if (columns == 0) {
            return new Result(new double[0], Double.NaN);
        }
        int unitCount = effects.get(0).influence().length;
        double[][] influence = new double[columns][];
        for (int column = 0; column < columns; column++) {
            influence[column] = effects.get(column).influence();
            if (influence[column].length != unitCount) {
                throw new IllegalArgumentException("effects of different panels");
            }
        }
        double[][] replicates = new double[columns][draws];
        SplittableRandom random = new SplittableRandom(seed);
        boolean[] weights = new boolean[unitCount];
        double scale = Math.sqrt(unitCount) / unitCount;
        for (int draw = 0; draw < draws; draw++) {
            for (int unit = 0; unit < unitCount; unit++) {
                weights[unit] = random.nextBoolean();
            }
            for (int column = 0; column < columns; column++) {
                double[] values = influence[column];
                double sum = 0;
                for (int unit = 0; unit < unitCount; unit++) {
                    sum += weights[unit] ? values[unit] : -values[unit];
                }
                replicates[column][draw] = scale * sum;
            }
        }
        double[] spread = new double[columns];
        double[] standardErrors = new double[columns];
        for (int column = 0; column < columns; column++) {
            double[] sorted = replicates[column].clone();
            Arrays.sort(sorted);
            spread[column] = (quantile(sorted, 0.75) - quantile(sorted, 0.25)) / NORMAL_INTERQUARTILE_RANGE;
            boolean usable = Double.isFinite(spread[column]) && spread[column] > 0;
            standardErrors[column] = usable ? spread[column] / Math.sqrt(unitCount) : Double.NaN;
        }
        double[] largest = new double[draws];
        int kept = 0;
        for (int draw = 0; draw < draws; draw++) {
            double maximum = Double.NEGATIVE_INFINITY;
            for (int column = 0; column < columns; column++) {
                if (Double.isFinite(standardErrors[column])) {
                    maximum = Math.max(maximum, Math.abs(replicates[column][draw] / spread[column]));
                }
            }
            if (Double.isFinite(maximum)) {
                largest[kept++] = maximum;
            }
        }
        if (kept == 0) {
            return new Result(standardErrors, Double.NaN);
        }
        double[] sortedLargest = Arrays.copyOf(largest, kept);
        Arrays.sort(sortedLargest);
        return new Result(standardErrors, quantile(sortedLargest, 1 - alpha));
    }

    /** The inverse of the empirical distribution function (numpy's {@code inverted_cdf}, R's type 1). */
    static double quantile(double[] sorted, double probability)
    {
        int index = (int) Math.ceil(sorted.length * probability) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Per effect, in the order given; NaN where the draws do not vary. */
    public static final class Result
    {
        private final double[] standardErrors;
        private final double uniformCriticalValue;

        Result(double[] standardErrors, double uniformCriticalValue)
        {
            this.standardErrors = standardErrors.clone();
            this.uniformCriticalValue = uniformCriticalValue;
        }

        public double standardError(int effect)
        {
            return standardErrors[effect];
        }

        public double uniformCriticalValue()
        {
            return uniformCriticalValue;
        }
    }
}
