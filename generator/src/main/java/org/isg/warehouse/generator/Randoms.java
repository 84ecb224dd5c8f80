package org.isg.warehouse.generator;

import java.util.SplittableRandom;

/**
 * Deterministic random streams: the same seed and parts always give the same stream, whatever was
 * generated before, so a day can be regenerated on its own.
 */
final class Randoms
{
    private Randoms() {}

    static SplittableRandom of(long seed, Object... parts)
    {
        long hash = seed ^ 0x9E3779B97F4A7C15L;
        for (Object part : parts) {
            hash = mix(hash * 31 + part.toString().hashCode());
            for (char character : part.toString().toCharArray()) {
                hash = mix(hash ^ character);
            }
        }
        return new SplittableRandom(hash);
    }

    static double gaussian(SplittableRandom random)
    {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    static double between(SplittableRandom random, double low, double high)
    {
        return low + (high - low) * random.nextDouble();
    }

    private static long mix(long value)
    {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
