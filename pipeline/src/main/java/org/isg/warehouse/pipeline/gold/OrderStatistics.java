package org.isg.warehouse.pipeline.gold;

import org.apache.spark.sql.Column;
import org.isg.warehouse.contracts.statistics.Confidence;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.expr;

/**
 * A percentile and its 95% distribution-free interval from a sorted array column of measures
 * (+∞ for censored events). With n values x(1) ≤ … ≤ x(n) and h = (n − 1)p, the percentile is
 * x(⌊h⌋+1) + (h − ⌊h⌋)(x(⌊h⌋+2) − x(⌊h⌋+1)) — linear interpolation between the neighbouring order
 * statistics, Hyndman and Fan's type 7, as Spark's {@code percentile} — and +∞ when either
 * statistic it uses is +∞. The interval is [x(r), x(s)] with r = ⌊np − z√(np(1 − p))⌋ and
 * s = ⌈np + z√(np(1 − p))⌉ + 1, z = 1.96, clamped to 1..n: the normal approximation to the
 * binomial ranks (for n = 100 and the median, x(40) and x(61), as the exact tables give).
 */
final class OrderStatistics
{
    private final String measures;
    private final double percentile;

    OrderStatistics(String measures, double percentile)
    {
        this.measures = requireNonNull(measures, "measures is null");
        this.percentile = percentile;
    }

    Column count()
    {
        return expr("CAST(size(%s) AS DOUBLE)".formatted(measures));
    }

    Column value()
    {
        String h = "((size(%s) - 1) * %s)".formatted(measures, percentile);
        String lower = "element_at(%s, CAST(floor(%s) AS INT) + 1)".formatted(measures, h);
        String upper = "element_at(%s, CAST(floor(%s) AS INT) + 2)".formatted(measures, h);
        String fraction = "(%1$s - floor(%1$s))".formatted(h);
        return expr(("CASE WHEN size(%1$s) = 0 THEN NULL "
                + "WHEN %2$s = double('Infinity') OR (%4$s > 0 AND %3$s = double('Infinity')) THEN double('Infinity') "
                + "WHEN %4$s = 0 THEN %2$s "
                + "ELSE %2$s + %4$s * (%3$s - %2$s) END").formatted(measures, lower, upper, fraction));
    }

    Column low()
    {
        return rank("greatest(1, least(size(%1$s), CAST(floor(%2$s - %3$s) AS INT)))");
    }

    Column high()
    {
        return rank("greatest(1, least(size(%1$s), CAST(ceil(%2$s + %3$s) AS INT) + 1))");
    }

    private Column rank(String rankTemplate)
    {
        String np = "(size(%s) * %s)".formatted(measures, percentile);
        String spread = "(%s * sqrt(%s * %s))".formatted(Confidence.Z_95, np, 1 - percentile);
        String rank = rankTemplate.formatted(measures, np, spread);
        return expr("CASE WHEN size(%1$s) = 0 THEN NULL ELSE element_at(%1$s, %2$s) END".formatted(measures, rank));
    }
}
