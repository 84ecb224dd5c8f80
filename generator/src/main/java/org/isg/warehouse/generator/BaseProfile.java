package org.isg.warehouse.generator;

import java.util.SplittableRandom;

import static java.util.Objects.requireNonNull;

/**
 * How one base's systems export and behave: file format and encoding, and the parameters that make
 * its indicators differ from other bases'. Derived from the seed and the base code only.
 */
record BaseProfile(
        String baseCode,
        int baseIndex,
        boolean jsonLines,
        boolean gb18030,
        boolean byteOrderMark,
        boolean crlf,
        boolean isoTimestamps,
        double lateExportShare,
        double closureProbability,
        double onTimeProbability,
        double rejectProbability,
        double aiCameraShare,
        double citizenShare,
        double disposalHoursMedian,
        double reworkProbability,
        double satisfiedProbability,
        double arrivalMinutesMean,
        double falseAlarmProbability,
        double deviceOnlineProbability,
        double aiAssistedProbability,
        double followUpProbability,
        double bpControlledProbability,
        double timelyBookingProbability,
        double largeViaPlatformProbability,
        double largeApprovedProbability,
        double disclosureProbability,
        double deficitVillageShare)
{
    BaseProfile
    {
        requireNonNull(baseCode, "baseCode is null");
    }

    static BaseProfile of(long seed, String baseCode, int baseIndex)
    {
        SplittableRandom random = Randoms.of(seed, "profile", baseCode);
        double formatDraw = random.nextDouble();
        boolean jsonLines = formatDraw < 0.2;
        boolean gb18030 = !jsonLines && formatDraw < 0.45;
        return new BaseProfile(
                baseCode,
                baseIndex,
                jsonLines,
                gb18030,
                !jsonLines && !gb18030 && random.nextDouble() < 0.3,
                !jsonLines && random.nextDouble() < 0.35,
                random.nextDouble() < 0.3,
                random.nextDouble() < 0.25 ? Randoms.between(random, 0.05, 0.3) : 0.0,
                Randoms.between(random, 0.93, 0.99),
                Randoms.between(random, 0.82, 0.98),
                Randoms.between(random, 0.01, 0.06),
                Randoms.between(random, 0.05, 0.35),
                Randoms.between(random, 0.15, 0.45),
                Randoms.between(random, 3, 30),
                Randoms.between(random, 0.01, 0.08),
                Randoms.between(random, 0.80, 0.97),
                Randoms.between(random, 7, 13),
                Randoms.between(random, 0.08, 0.3),
                Randoms.between(random, 0.85, 0.99),
                Randoms.between(random, 0.2, 0.9),
                Randoms.between(random, 0.6, 0.95),
                Randoms.between(random, 0.4, 0.8),
                Randoms.between(random, 0.75, 0.98),
                Randoms.between(random, 0.7, 1.0),
                Randoms.between(random, 0.8, 1.0),
                Randoms.between(random, 0.8, 0.99),
                Randoms.between(random, 0.0, 0.3));
    }
}
