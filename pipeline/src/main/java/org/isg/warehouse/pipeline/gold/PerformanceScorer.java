package org.isg.warehouse.pipeline.gold;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.AbstractRandomGenerator;
import org.apache.commons.math3.random.RandomGenerator;
import org.isg.warehouse.indicators.Goalposts;
import org.isg.warehouse.indicators.Indicator;
import org.isg.warehouse.indicators.Level;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * The performance score of SPEC §5 for the bases of one cohort in one period: indicator values
 * normalised against their goalposts to 0..100 (direction respected by the goalposts, clipped),
 * averaged within each level, levels combined with weights 0.3 / 0.3 / 0.4. Missing data never
 * helps: an applicable indicator with status M (or no row at all), or a PERCENTILE_UNBOUNDED value,
 * scores 0 points in its level; a Q value (too few cases) is left out of its level's average, and a
 * level whose indicators are all Q has its weight spread over the other levels. A base is scored
 * only when at least two thirds of the indicators that apply to it have a value (A or P); the score
 * is final (A) when no value it uses is provisional. Rank 1 is the highest score; tied scores share
 * the better rank (1, 2, 2, 4). Rank intervals are the 5th and 95th percentiles of the rank over
 * seeded Monte Carlo draws that perturb each level weight by a uniform factor in [0.75, 1.25] and
 * redraw every value from its sampling model — rates from the Jeffreys Beta(x + ½, n − x + ½),
 * per-capita values from Gamma(count + ½, 1) on the count, percentiles uniformly within their
 * order-statistic interval — with ties broken at random within a draw.
 */
public final class PerformanceScorer
{
    public static final int MINIMUM_DRAWS = 1000;
    static final Map<Level, Double> WEIGHTS = new EnumMap<>(Map.of(Level.MICRO, 0.3, Level.MESO, 0.3, Level.MACRO, 0.4));
    static final double WEIGHT_PERTURBATION = 0.25;

    private PerformanceScorer() {}

    /**
     * One indicator value of a base in the period, as {@code gold.indicator_values} holds it.
     *
     * @param value null when suppressed (Q), missing (M) or unbounded
     * @param unbounded the percentile landed on an event unfinished at the cut-off (PERCENTILE_UNBOUNDED)
     */
    public record Value(String indicatorCode, ObservationStatus status, Double value, Double numerator, Double denominator, Double ciLow, Double ciHigh,
            boolean unbounded)
    {
        public Value
        {
            requireNonNull(indicatorCode, "indicatorCode is null");
            requireNonNull(status, "status is null");
        }

        /** A value that scores: A or P with a value. */
        boolean scored()
        {
            return value != null && (status == ObservationStatus.A || status == ObservationStatus.P);
        }

        /** Scores 0 points: missing data, or a percentile beyond every finished event (unless too few cases leave it out as Q). */
        boolean zeroPoints()
        {
            return status == ObservationStatus.M || (unbounded && status != ObservationStatus.Q);
        }
    }

    /** A base of the cohort: its values and the codes of the indicators that apply to it (an applicable one without a value row is M). */
    public record Candidate(String baseCode, Set<String> applicable, List<Value> values)
    {
        public Candidate
        {
            requireNonNull(baseCode, "baseCode is null");
            applicable = Set.copyOf(applicable);
            values = List.copyOf(values);
        }

        int applicableIndicators()
        {
            return applicable.size();
        }

        long withValue()
        {
            return values.stream().filter(value -> applicable.contains(value.indicatorCode()) && value.scored()).count();
        }

        /** Every applicable indicator's value, an M for one the base has no row of. */
        List<Value> applicableValues()
        {
            Map<String, Value> byCode = new TreeMap<>();
            values.stream().filter(value -> applicable.contains(value.indicatorCode())).forEach(value -> byCode.put(value.indicatorCode(), value));
            for (String code : applicable) {
                byCode.putIfAbsent(code, new Value(code, ObservationStatus.M, null, null, null, null, null, false));
            }
            return List.copyOf(byCode.values());
        }

        /** A when no value the score uses is provisional. */
        ObservationStatus scoreStatus()
        {
            return applicableValues().stream().anyMatch(value -> value.status() == ObservationStatus.P) ? ObservationStatus.P : ObservationStatus.A;
        }
    }

    public record Score(
            String baseCode,
            Map<Level, Double> levelScores,
            OptionalDouble score,
            Optional<Integer> rank,
            Optional<Integer> rankLow,
            Optional<Integer> rankHigh,
            OptionalDouble rankMean,
            Optional<ObservationStatus> status,
            int applicableIndicators,
            long indicatorsWithValue,
            Optional<String> notScoredReason)
    {
        public Score
        {
            requireNonNull(baseCode, "baseCode is null");
            levelScores = Map.copyOf(levelScores);
        }

        public double coverage()
        {
            return applicableIndicators == 0 ? 0 : (double) indicatorsWithValue / applicableIndicators;
        }
    }

    public static List<Score> score(List<Candidate> cohort, Map<String, Indicator> catalogue, long seed, int draws)
    {
        if (draws < MINIMUM_DRAWS) {
            throw new IllegalArgumentException("at least " + MINIMUM_DRAWS + " Monte Carlo draws, got " + draws);
        }
        List<Candidate> candidates = new ArrayList<>(cohort);
        candidates.sort(Comparator.comparing(Candidate::baseCode));
        List<Candidate> scored = candidates.stream().filter(candidate -> candidate.applicableIndicators() > 0 && 3 * candidate.withValue() >= 2L * candidate.applicableIndicators()).toList();

        // Every applicable indicator's value of each scored base, once: the draws below read them a thousand times
        Map<String, List<Value>> applicable = new TreeMap<>();
        scored.forEach(candidate -> applicable.put(candidate.baseCode(), candidate.applicableValues()));

        // Point scores and ranks
        Map<String, Map<Level, Double>> levels = new TreeMap<>();
        Map<String, Double> totals = new TreeMap<>();
        for (Candidate candidate : scored) {
            Map<Level, Double> levelScores = levelScores(applicable.get(candidate.baseCode()), catalogue, Value::value);
            levels.put(candidate.baseCode(), levelScores);
            totals.put(candidate.baseCode(), combine(levelScores, WEIGHTS));
        }
        Map<String, Integer> ranks = ranks(totals, Map.of());

        // Monte Carlo over weights and sampling error
        Map<String, int[]> drawnRanks = new TreeMap<>();
        scored.forEach(candidate -> drawnRanks.put(candidate.baseCode(), new int[draws]));
        for (int draw = 0; draw < draws; draw++) {
            // Every random number has its own stream, keyed by the draw and what it is for: taking one
            // base's value away changes no other number drawn, so a draw compares like with like
            RandomGenerator weightRandom = stream(seed, draw, "weights", "");
            Map<Level, Double> weights = new EnumMap<>(Level.class);
            for (Level level : Level.values()) {
                weights.put(level, WEIGHTS.get(level) * (1 - WEIGHT_PERTURBATION + 2 * WEIGHT_PERTURBATION * weightRandom.nextDouble()));
            }
            Map<String, Double> drawnTotals = new TreeMap<>();
            Map<String, Double> tieBreakers = new TreeMap<>();
            int currentDraw = draw;
            for (Candidate candidate : scored) {
                Map<Level, Double> drawnLevels = levelScores(applicable.get(candidate.baseCode()), catalogue,
                        value -> sampled(value, catalogue.get(value.indicatorCode()), stream(seed, currentDraw, candidate.baseCode(), value.indicatorCode())));
                drawnTotals.put(candidate.baseCode(), combine(drawnLevels, weights));
                tieBreakers.put(candidate.baseCode(), stream(seed, draw, candidate.baseCode(), "tie").nextDouble());
            }
            Map<String, Integer> drawRanks = ranks(drawnTotals, tieBreakers);
            for (Map.Entry<String, Integer> entry : drawRanks.entrySet()) {
                drawnRanks.get(entry.getKey())[draw] = entry.getValue();
            }
        }

        List<Score> scores = new ArrayList<>();
        for (Candidate candidate : candidates) {
            String code = candidate.baseCode();
            if (!totals.containsKey(code)) {
                String reason = candidate.applicableIndicators() == 0
                        ? "no indicator applies to the base"
                        : "%d of %d applicable indicators have a value; two thirds are needed".formatted(candidate.withValue(), candidate.applicableIndicators());
                scores.add(new Score(code, Map.of(), OptionalDouble.empty(), Optional.empty(), Optional.empty(), Optional.empty(), OptionalDouble.empty(),
                        Optional.empty(), candidate.applicableIndicators(), candidate.withValue(), Optional.of(reason)));
                continue;
            }
            int[] sorted = drawnRanks.get(code).clone();
            Arrays.sort(sorted);
            scores.add(new Score(code, levels.get(code), OptionalDouble.of(totals.get(code)), Optional.of(ranks.get(code)),
                    Optional.of(nearestRank(sorted, 0.05)), Optional.of(nearestRank(sorted, 0.95)), OptionalDouble.of(Arrays.stream(sorted).average().orElseThrow()),
                    Optional.of(candidate.scoreStatus()), candidate.applicableIndicators(), candidate.withValue(), Optional.empty()));
        }
        return scores;
    }

    /** 0 at the goalpost scored 0, 100 at the goalpost scored 100, linear between, clipped. */
    static double normalise(double value, Goalposts goalposts)
    {
        double score = 100 * (value - goalposts.scoreZero()) / (goalposts.scoreHundred() - goalposts.scoreZero());
        return Math.max(0, Math.min(100, score));
    }

    private interface ValueSource
    {
        double valueOf(Value value);
    }

    private static Map<Level, Double> levelScores(List<Value> applicableValues, Map<String, Indicator> catalogue, ValueSource source)
    {
        Map<Level, double[]> sums = new EnumMap<>(Level.class);
        for (Value value : applicableValues) {
            double points;
            if (value.zeroPoints()) {
                points = 0;
            }
            else if (value.scored()) {
                Indicator indicator = requireNonNull(catalogue.get(value.indicatorCode()), "indicator not in the catalogue: " + value.indicatorCode());
                points = normalise(source.valueOf(value), indicator.goalposts());
            }
            else {
                // Q: too few cases to say anything; left out of its level
                continue;
            }
            Indicator indicator = requireNonNull(catalogue.get(value.indicatorCode()), "indicator not in the catalogue: " + value.indicatorCode());
            double[] sum = sums.computeIfAbsent(indicator.level(), ignored -> new double[2]);
            sum[0] += points;
            sum[1]++;
        }
        Map<Level, Double> levelScores = new EnumMap<>(Level.class);
        sums.forEach((level, sum) -> levelScores.put(level, sum[0] / sum[1]));
        return levelScores;
    }

    private static double combine(Map<Level, Double> levelScores, Map<Level, Double> weights)
    {
        double weighted = 0;
        double weightSum = 0;
        for (Map.Entry<Level, Double> entry : levelScores.entrySet()) {
            weighted += weights.get(entry.getKey()) * entry.getValue();
            weightSum += weights.get(entry.getKey());
        }
        return weighted / weightSum;
    }

    /**
     * A value redrawn from its sampling model: a rate from Beta(x + ½, n − x + ½), a per-capita value
     * from Gamma(count + ½, 1) over its population, a percentile uniformly within its interval.
     */
    private static double sampled(Value value, Indicator indicator, RandomGenerator random)
    {
        double scale = indicator.unit().equals("‰") ? 1000 : 100;
        return switch (indicator.kind()) {
            case RATIO, LATEST_PER_ENTITY_RATIO -> value.numerator() == null || value.denominator() == null || value.denominator() <= 0
                    ? value.value()
                    : scale * new BetaDistribution(random, value.numerator() + 0.5, Math.max(0, value.denominator() - value.numerator()) + 0.5).sample();
            case DISTINCT_PER_CAPITA -> value.numerator() == null || value.denominator() == null || value.denominator() <= 0
                    ? value.value()
                    : scale * new GammaDistribution(random, value.numerator() + 0.5, 1).sample() / value.denominator();
            case PERCENTILE -> value.ciLow() == null || value.ciHigh() == null
                    ? value.value()
                    : value.ciLow() + (value.ciHigh() - value.ciLow()) * random.nextDouble();
        };
    }

    /**
     * Rank 1 for the highest total; tied totals share the better rank (1, 2, 2, 4), unless a tie
     * breaker orders them (the Monte Carlo's random one).
     */
    private static Map<String, Integer> ranks(Map<String, Double> totals, Map<String, Double> tieBreakers)
    {
        List<Map.Entry<String, Double>> ordered = new ArrayList<>(totals.entrySet());
        Comparator<Map.Entry<String, Double>> byTotal = Map.Entry.<String, Double>comparingByValue().reversed();
        Comparator<Map.Entry<String, Double>> byTieBreaker = Comparator.comparing(entry -> tieBreakers.getOrDefault(entry.getKey(), 0.0));
        ordered.sort(byTotal.thenComparing(byTieBreaker));
        Map<String, Integer> ranks = new TreeMap<>();
        for (int index = 0; index < ordered.size(); index++) {
            Map.Entry<String, Double> entry = ordered.get(index);
            boolean tiedWithPrevious = index > 0 && byTotal.thenComparing(byTieBreaker).compare(ordered.get(index - 1), entry) == 0;
            ranks.put(entry.getKey(), tiedWithPrevious ? ranks.get(ordered.get(index - 1).getKey()) : index + 1);
        }
        return ranks;
    }

    /** A random stream for one use in one draw, from the cohort's seed. */
    private static RandomGenerator stream(long seed, int draw, String owner, String purpose)
    {
        long key = seed;
        key = key * 0x9E3779B97F4A7C15L + draw;
        key = key * 0x9E3779B97F4A7C15L + owner.hashCode();
        key = key * 0x9E3779B97F4A7C15L + purpose.hashCode();
        return new SplittableRandomGenerator(new SplittableRandom(key));
    }

    /** commons-math3's generator interface over a {@link SplittableRandom}, cheap to create per use. */
    private static final class SplittableRandomGenerator
            extends AbstractRandomGenerator
    {
        private SplittableRandom random;

        SplittableRandomGenerator(SplittableRandom random)
        {
            this.random = random;
        }

        @Override
        public void setSeed(long seed)
        {
            random = new SplittableRandom(seed);
        }

        @Override
        public double nextDouble()
        {
            return random.nextDouble();
        }
    }

    /** Nearest-rank percentile of sorted values. */
    private static int nearestRank(int[] sorted, double percentile)
    {
        int index = (int) Math.ceil(percentile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
