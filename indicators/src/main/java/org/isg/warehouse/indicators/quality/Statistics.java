package org.isg.warehouse.indicators.quality;

import org.isg.warehouse.contracts.statistics.Confidence;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/** The small statistics of the data-quality review. */
public final class Statistics
{
    /** 1 / Φ⁻¹(0.75): makes the MAD of a normal sample estimate its standard deviation. */
    static final double MAD_SCALE = 1.4826;
    /** √(π / 2): makes the mean absolute deviation of a normal sample estimate its standard deviation. */
    static final double MEAN_ABSOLUTE_DEVIATION_SCALE = 1.253314;

    private Statistics() {}

    public static double median(List<Double> values)
    {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /**
     * Iglewicz and Hoaglin's modified z of {@code value} among {@code values}: (x − median) / (1.4826 ·
     * MAD); when the MAD is 0 (more than half the values equal), (x − median) / (1.253314 · mean
     * absolute deviation from the median); 0 when every value is the median.
     */
    public static double modifiedZ(double value, List<Double> values)
    {
        double median = median(values);
        double mad = median(values.stream().map(each -> Math.abs(each - median)).toList());
        if (mad > 0) {
            return (value - median) / (MAD_SCALE * mad);
        }
        double meanAbsoluteDeviation = values.stream().mapToDouble(each -> Math.abs(each - median)).average().orElse(0);
        return meanAbsoluteDeviation > 0 ? (value - median) / (MEAN_ABSOLUTE_DEVIATION_SCALE * meanAbsoluteDeviation) : 0;
    }

    /** (x − mean) / sample standard deviation; empty with fewer than two values or no spread. */
    public static OptionalDouble standardZ(double value, List<Double> values)
    {
        if (values.size() < 2) {
            return OptionalDouble.empty();
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double sumOfSquares = values.stream().mapToDouble(each -> (each - mean) * (each - mean)).sum();
        double deviation = Math.sqrt(sumOfSquares / (values.size() - 1));
        return deviation > 0 ? OptionalDouble.of((value - mean) / deviation) : OptionalDouble.empty();
    }

    /** The Wilson 95% interval of a proportion, in percent: {low, high}. */
    public static double[] wilsonPercent(long successes, long trials)
    {
        if (trials == 0) {
            return new double[] {0, 100};
        }
        double proportion = (double) successes / trials;
        double z2 = Confidence.Z_95 * Confidence.Z_95;
        double denominator = 1 + z2 / trials;
        double centre = (proportion + z2 / (2.0 * trials)) / denominator;
        double halfWidth = Confidence.Z_95 * Math.sqrt(proportion * (1 - proportion) / trials + z2 / (4.0 * trials * trials)) / denominator;
        return Arrays.stream(new double[] {centre - halfWidth, centre + halfWidth}).map(bound -> 100 * Math.min(1, Math.max(0, bound))).toArray();
    }
}
