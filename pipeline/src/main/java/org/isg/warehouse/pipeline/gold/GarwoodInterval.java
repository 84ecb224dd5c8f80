package org.isg.warehouse.pipeline.gold;

import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * The exact 95% interval of a Poisson count k (Garwood 1936): [G⁻¹(0.025; k), G⁻¹(0.975; k + 1)]
 * with G the Gamma(shape, 1) distribution (equivalently χ²/2 quantiles), the low end 0 for k = 0.
 * Registered as two Spark SQL functions, since Spark has no inverse Gamma distribution.
 */
final class GarwoodInterval
{
    static final String LOW = "isg_garwood_low";
    static final String HIGH = "isg_garwood_high";
    private static final double ALPHA = 0.05;

    private GarwoodInterval() {}

    static void register(SparkSession spark)
    {
        spark.udf().register(LOW, (UDF1<Double, Double>) GarwoodInterval::low, DataTypes.DoubleType);
        spark.udf().register(HIGH, (UDF1<Double, Double>) GarwoodInterval::high, DataTypes.DoubleType);
    }

    static Double low(Double count)
    {
        if (count == null) {
            return null;
        }
        return count <= 0 ? 0.0 : new GammaDistribution(null, count, 1).inverseCumulativeProbability(ALPHA / 2);
    }

    static Double high(Double count)
    {
        if (count == null) {
            return null;
        }
        return new GammaDistribution(null, Math.max(0, count) + 1, 1).inverseCumulativeProbability(1 - ALPHA / 2);
    }
}
