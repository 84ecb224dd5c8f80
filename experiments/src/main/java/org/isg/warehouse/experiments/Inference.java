package org.isg.warehouse.experiments;

import java.util.Optional;

/** The numerical pieces of inference: standard errors from influence functions, a well-conditioned inverse, χ² and normal tails. */
final class Inference
{
    private Inference() {}

    /** sqrt(Σψ²)/n, the standard error of a mean of n independent contributions ψ. */
    static double analyticStandardError(double[] influence)
    {
        double sum = 0;
        for (double value : influence) {
            sum += value * value;
        }
        return Math.sqrt(sum) / influence.length;
    }

    /**
     * The inverse by Gauss–Jordan elimination with partial pivoting; empty when the 1-norm
     * reciprocal condition number is at most machine epsilon (R's {@code rcond(V) <= eps} guard).
     */
    static Optional<double[][]> invertWellConditioned(double[][] matrix)
    {
        int size = matrix.length;
        double[][] work = new double[size][2 * size];
        for (int row = 0; row < size; row++) {
            System.arraycopy(matrix[row], 0, work[row], 0, size);
            work[row][size + row] = 1;
        }
        for (int column = 0; column < size; column++) {
            int pivot = column;
            for (int row = column + 1; row < size; row++) {
                if (Math.abs(work[row][column]) > Math.abs(work[pivot][column])) {
                    pivot = row;
                }
            }
            if (work[pivot][column] == 0) {
                return Optional.empty();
            }
            double[] swap = work[pivot];
            work[pivot] = work[column];
            work[column] = swap;
            double divisor = work[column][column];
            for (int entry = 0; entry < 2 * size; entry++) {
                work[column][entry] /= divisor;
            }
            for (int row = 0; row < size; row++) {
                if (row != column && work[row][column] != 0) {
                    double factor = work[row][column];
                    for (int entry = 0; entry < 2 * size; entry++) {
                        work[row][entry] -= factor * work[column][entry];
                    }
                }
            }
        }
        double[][] inverse = new double[size][size];
        for (int row = 0; row < size; row++) {
            System.arraycopy(work[row], size, inverse[row], 0, size);
        }
        double reciprocalCondition = 1 / (oneNorm(matrix) * oneNorm(inverse));
        if (!Double.isFinite(reciprocalCondition) || reciprocalCondition <= Math.ulp(1.0)) {
            return Optional.empty();
        }
        return Optional.of(inverse);
    }

    private static double oneNorm(double[][] matrix)
    {
        double largest = 0;
        for (int column = 0; column < matrix.length; column++) {
            double sum = 0;
            for (double[] row : matrix) {
                sum += Math.abs(row[column]);
            }
            largest = Math.max(largest, sum);
        }
        return largest;
    }

    /** P(X ≥ x) for X ~ χ²(degrees of freedom), via the regularized incomplete gamma function. */
    static double chiSquareSurvival(double x, int degreesOfFreedom)
    {
        if (x <= 0) {
            return 1;
        }
        double shape = degreesOfFreedom / 2.0;
        double half = x / 2;
        if (half < shape + 1) {
            return 1 - lowerGammaSeries(shape, half);
        }
        return upperGammaContinuedFraction(shape, half);
    }

    private static double lowerGammaSeries(double shape, double x)
    {
        double term = 1 / shape;
        double sum = term;
        for (int step = 1; step < 10_000; step++) {
            term *= x / (shape + step);
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * 1e-17) {
                break;
            }
        }
        return sum * Math.exp(-x + shape * Math.log(x) - logGamma(shape));
    }

    /** Lentz's method for Q(a, x) (Numerical Recipes §6.2). */
    private static double upperGammaContinuedFraction(double shape, double x)
    {
        double tiny = 1e-300;
        double b = x + 1 - shape;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int step = 1; step < 10_000; step++) {
            double an = -step * (step - shape);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = b + an / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-17) {
                break;
            }
        }
        return Math.exp(-x + shape * Math.log(x) - logGamma(shape)) * h;
    }

    /** log Γ(x) for the χ² shapes, x a positive multiple of 1/2: exact products, summed as logarithms. */
    static double logGamma(double x)
    {
        if (!(x > 0) || x * 2 != Math.rint(x * 2)) {
            throw new IllegalArgumentException("not a positive multiple of 1/2: " + x);
        }
        // Γ(n) = (n − 1)!, and Γ(k + 1/2) = √π · ½ · (3/2) ⋯ (k − 1/2)
        double logarithm = x == Math.rint(x) ? 0 : 0.5 * Math.log(Math.PI);
        for (double factor = x == Math.rint(x) ? 1 : 0.5; factor < x; factor++) {
            logarithm += Math.log(factor);
        }
        return logarithm;
    }

    /** The standard normal quantile (Wichura 1988, algorithm AS 241, about 1e-16 relative accuracy). */
    @SuppressWarnings("FloatingPointLiteralPrecision") // the constants as AS 241 prints them
    static double normalQuantile(double probability)
    {
        if (!(probability > 0 && probability < 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1)");
        }
        double q = probability - 0.5;
        if (Math.abs(q) <= 0.425) {
            double r = 0.180625 - q * q;
            return q * (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r
                    + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r + 133.14166789178437745) * r
                    + 3.387132872796366608)
                    / (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r
                    + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r + 42.313330701600911252) * r + 1);
        }
        double r = Math.sqrt(-Math.log(q < 0 ? probability : 1 - probability));
        double value;
        if (r <= 5) {
            r -= 1.6;
            value = (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
                    + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r + 4.6303378461565452959) * r
                    + 1.42343711074968357734)
                    / (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
                    + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r + 2.05319162663775882187) * r + 1);
        }
        else {
            r -= 5;
            value = (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
                    + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r + 5.4637849111641143699) * r
                    + 6.6579046435011037772)
                    / (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
                    + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r + 0.59983220655588793769) * r + 1);
        }
        return q < 0 ? -value : value;
    }
}
