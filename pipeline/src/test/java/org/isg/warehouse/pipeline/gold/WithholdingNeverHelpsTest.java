package org.isg.warehouse.pipeline.gold;

import org.isg.warehouse.contracts.dataset.Dataset;
import org.isg.warehouse.indicators.Indicator;
import org.isg.warehouse.indicators.IndicatorCatalogue;
import org.isg.warehouse.indicators.IndicatorKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §5's promise as a property (issue 13): over many seeded cohorts of comprehensive bases with
 * random values, statuses and sample sizes, a base that withholds one dataset (its values become M)
 * never gets a higher score, a better rank, or a better rank interval, in any cohort and period.
 */
class WithholdingNeverHelpsTest
{
    private static final List<Indicator> INDICATORS = IndicatorCatalogue.load().indicators();
    private static final Map<String, Indicator> CATALOGUE = INDICATORS.stream().collect(Collectors.toMap(Indicator::code, Function.identity()));
    private static final Set<String> ALL = CATALOGUE.keySet();
    private static final List<Dataset> RECORD_DATASETS = List.of(Dataset.GRID_CASES, Dataset.ELDERCARE_SERVICE_LOGS, Dataset.HEALTH_SCREENINGS, Dataset.THREE_ASSETS_LEDGER);

    @Test
    void withholdingADatasetNeverRaisesAScoreOrImprovesARank()
    {
        int compared = 0;
        for (long seed = 1; seed <= 60; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            List<PerformanceScorer.Candidate> cohort = new ArrayList<>();
            for (int base = 1; base <= 6; base++) {
                List<PerformanceScorer.Value> values = new ArrayList<>();
                for (Indicator indicator : INDICATORS) {
                    values.add(randomValue(indicator, random));
                }
                cohort.add(new PerformanceScorer.Candidate("C%02d".formatted(base), ALL, values));
            }
            String withholder = "C%02d".formatted(1 + random.nextInt(6));
            Dataset withheld = RECORD_DATASETS.get(random.nextInt(RECORD_DATASETS.size()));
            List<PerformanceScorer.Candidate> withholding = new ArrayList<>();
            for (PerformanceScorer.Candidate candidate : cohort) {
                if (!candidate.baseCode().equals(withholder)) {
                    withholding.add(candidate);
                    continue;
                }
                List<PerformanceScorer.Value> values = candidate.values().stream()
                        .map(value -> CATALOGUE.get(value.indicatorCode()).dataset() == withheld
                                ? new PerformanceScorer.Value(value.indicatorCode(), ObservationStatus.M, null, null, null, null, null, false)
                                : value)
                        .toList();
                withholding.add(new PerformanceScorer.Candidate(withholder, ALL, values));
            }
            PerformanceScorer.Score before = score(cohort, seed, withholder);
            PerformanceScorer.Score after = score(withholding, seed, withholder);
            if (before.score().isEmpty()) {
                assertThat(after.score()).as("seed %d", seed).isEmpty();
                continue;
            }
            compared++;
            if (after.score().isPresent()) {
                String what = "seed %d, %s withholding %s".formatted(seed, withholder, withheld.tableName());
                assertThat(after.score().getAsDouble()).as(what).isLessThanOrEqualTo(before.score().getAsDouble());
                assertThat(after.rank().orElseThrow()).as(what).isGreaterThanOrEqualTo(before.rank().orElseThrow());
                assertThat(after.rankLow().orElseThrow()).as(what).isGreaterThanOrEqualTo(before.rankLow().orElseThrow());
                assertThat(after.rankHigh().orElseThrow()).as(what).isGreaterThanOrEqualTo(before.rankHigh().orElseThrow());
            }
        }
        assertThat(compared).as("cohorts in which the withholding base was scored").isGreaterThan(30);
    }

    private static PerformanceScorer.Score score(List<PerformanceScorer.Candidate> cohort, long seed, String base)
    {
        return PerformanceScorer.score(cohort, CATALOGUE, seed, PerformanceScorer.MINIMUM_DRAWS).stream()
                .filter(score -> score.baseCode().equals(base)).findFirst().orElseThrow();
    }

    /** Mostly a final or provisional value around the goalposts; sometimes suppressed, missing or unbounded. */
    private static PerformanceScorer.Value randomValue(Indicator indicator, SplittableRandom random)
    {
        double draw = random.nextDouble();
        if (draw < 0.05) {
            return new PerformanceScorer.Value(indicator.code(), ObservationStatus.M, null, null, null, null, null, false);
        }
        ObservationStatus status = draw < 0.6 ? ObservationStatus.A : ObservationStatus.P;
        double n = 10 + random.nextInt(400);
        if (draw > 0.93) {
            return new PerformanceScorer.Value(indicator.code(), ObservationStatus.Q, null, Math.floor(n / 50), 1.0, null, null, false);
        }
        double low = Math.min(indicator.goalposts().scoreZero(), indicator.goalposts().scoreHundred());
        double high = Math.max(indicator.goalposts().scoreZero(), indicator.goalposts().scoreHundred());
        double value = low - 0.1 * (high - low) + 1.2 * (high - low) * random.nextDouble();
        if (indicator.kind() == IndicatorKind.PERCENTILE) {
            if (draw > 0.9) {
                return new PerformanceScorer.Value(indicator.code(), status, null, null, n, Math.max(0, value), null, true);
            }
            double positive = Math.max(0.1, value);
            return new PerformanceScorer.Value(indicator.code(), status, positive, null, n, 0.8 * positive, 1.2 * positive, false);
        }
        if (indicator.kind() == IndicatorKind.DISTINCT_PER_CAPITA) {
            double population = 1000 + random.nextInt(5000);
            double count = Math.max(0, Math.round(Math.max(0, value) * population / 1000));
            return new PerformanceScorer.Value(indicator.code(), status, 1000 * count / population, count, population, null, null, false);
        }
        double share = Math.max(0, Math.min(100, value)) / 100;
        double numerator = Math.round(share * n);
        return new PerformanceScorer.Value(indicator.code(), status, 100 * numerator / n, numerator, n, null, null, false);
    }
}
