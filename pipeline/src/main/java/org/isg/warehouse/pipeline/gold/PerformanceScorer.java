package org.isg.warehouse.pipeline.gold;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.isg.warehouse.indicators.Goalposts;
import org.isg.warehouse.indicators.Indicator;
import org.isg.warehouse.indicators.IndicatorKind;
import org.isg.warehouse.indicators.Level;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * The performance score of SPEC §5 for the bases of one cohort in one period: indicator values
 * normalised against their goalposts to 0..100 (direction respected by the goalposts, clipped),
 * averaged within each level, levels combined with weights 0.3 / 0.3 / 0.4 (renormalised over the
 * levels that have a value). A base is scored only when at least two thirds of the indicators that
 * apply to it have a value. Rank 1 is the highest score (ties: base code). Rank intervals are the
 * 5th and 95th percentiles of the rank over seeded Monte Carlo draws that perturb each level weight
 * by a uniform factor in [0.75, 1.25] and redraw every rate from the Jeffreys Beta posterior of its
 * numerator and denominator; percentiles have no sampling model and are held fixed.
 */
public final class PerformanceScorer
{
    public static final int MINIMUM_DRAWS = 1000;
    static final Map<Level, Double> WEIGHTS = new EnumMap<>(Map.of(Level.MICRO, 0.3, Level.MESO, 0.3, Level.MACRO, 0.4));
    static final double WEIGHT_PERTURBATION = 0.25;

    private PerformanceScorer() {}

    /** One indicator value of a base in the period; value null when suppressed or missing. */
    public record Value(String indicatorCode, Double value, Double numerator, Double denominator)
    {
        public Value
        {
            requireNonNull(indicatorCode, "indicatorCode is null");
        }
    }

    /** A base of the cohort: its values and the number of indicators that apply to it. */
    public record Candidate(String baseCode, int applicableIndicators, List<Value> values)
    {
        public Candidate
        {
            requireNonNull(baseCode, "baseCode is null");
            values = List.copyOf(values);
        }

        long withValue()
        {
            return values.stream().filter(value -> value.value() != null).count();
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

        // Point scores and ranks
        Map<String, Map<Level, Double>> levels = new TreeMap<>();
        Map<String, Double> totals = new TreeMap<>();
        for (Candidate candidate : scored) {
            Map<Level, Double> levelScores = levelScores(candidate, catalogue, value -> value.value());
            levels.put(candidate.baseCode(), levelScores);
            totals.put(candidate.baseCode(), combine(levelScores, WEIGHTS));
        }
        Map<String, Integer> ranks = ranks(totals);

        // Monte Carlo over weights and sampling error
        Map<String, int[]> drawnRanks = new TreeMap<>();
        scored.forEach(candidate -> drawnRanks.put(candidate.baseCode(), new int[draws]));
        RandomGenerator random = new Well19937c(seed);
        for (int draw = 0; draw < draws; draw++) {
            Map<Level, Double> weights = new EnumMap<>(Level.class);
            for (Level level : Level.values()) {
                weights.put(level, WEIGHTS.get(level) * (1 - WEIGHT_PERTURBATION + 2 * WEIGHT_PERTURBATION * random.nextDouble()));
            }
            Map<String, Double> drawnTotals = new TreeMap<>();
            for (Candidate candidate : scored) {
                Map<Level, Double> drawnLevels = levelScores(candidate, catalogue, value -> sampled(value, catalogue.get(value.indicatorCode()), random));
                drawnTotals.put(candidate.baseCode(), combine(drawnLevels, weights));
            }
            Map<String, Integer> drawRanks = ranks(drawnTotals);
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
                        candidate.applicableIndicators(), candidate.withValue(), Optional.of(reason)));
                continue;
            }
            int[] sorted = drawnRanks.get(code).clone();
            Arrays.sort(sorted);
            scores.add(new Score(code, levels.get(code), OptionalDouble.of(totals.get(code)), Optional.of(ranks.get(code)),
                    Optional.of(nearestRank(sorted, 0.05)), Optional.of(nearestRank(sorted, 0.95)), OptionalDouble.of(Arrays.stream(sorted).average().orElseThrow()),
                    candidate.applicableIndicators(), candidate.withValue(), Optional.empty()));
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
        Double valueOf(Value value);
    }

    private static Map<Level, Double> levelScores(Candidate candidate, Map<String, Indicator> catalogue, ValueSource source)
    {
        Map<Level, double[]> sums = new EnumMap<>(Level.class);
        for (Value value : candidate.values()) {
            Double drawn = value.value() == null ? null : source.valueOf(value);
            if (drawn == null) {
                continue;
            }
            Indicator indicator = requireNonNull(catalogue.get(value.indicatorCode()), "indicator not in the catalogue: " + value.indicatorCode());
            double[] sum = sums.computeIfAbsent(indicator.level(), ignored -> new double[2]);
            sum[0] += normalise(drawn, indicator.goalposts());
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

    /** A rate redrawn from Beta(numerator + ½, denominator − numerator + ½), on the indicator's scale. */
    private static Double sampled(Value value, Indicator indicator, RandomGenerator random)
    {
        if (indicator.kind() == IndicatorKind.PERCENTILE || value.numerator() == null || value.denominator() == null || value.denominator() <= 0) {
            return value.value();
        }
        double scale = indicator.unit().equals("‰") ? 1000 : 100;
        return scale * new BetaDistribution(random, value.numerator() + 0.5, value.denominator() - value.numerator() + 0.5).sample();
    }

    private static Map<String, Integer> ranks(Map<String, Double> totals)
    {
        List<Map.Entry<String, Double>> ordered = new ArrayList<>(totals.entrySet());
        ordered.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        Map<String, Integer> ranks = new TreeMap<>();
        for (int index = 0; index < ordered.size(); index++) {
            ranks.put(ordered.get(index).getKey(), index + 1);
        }
        return ranks;
    }

    /** Nearest-rank percentile of sorted values. */
    private static int nearestRank(int[] sorted, double percentile)
    {
        int index = (int) Math.ceil(percentile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
