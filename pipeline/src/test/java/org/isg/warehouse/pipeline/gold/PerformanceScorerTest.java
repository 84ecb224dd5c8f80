package org.isg.warehouse.pipeline.gold;

import org.isg.warehouse.indicators.Indicator;
import org.isg.warehouse.indicators.IndicatorCatalogue;
import org.isg.warehouse.indicators.Level;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The health cohort, four indicators with goalposts (score 0 → 100): AI-assisted share MESO (0 → 100),
 * 30-day follow-up MESO (50 → 100), blood-pressure control MICRO (30 → 80), screening reach MACRO
 * (0 → 400‰). Denominators of 10,000 make the sampling error negligible.
 */
class PerformanceScorerTest
{
    private static final Map<String, Indicator> CATALOGUE = IndicatorCatalogue.load().indicators().stream()
            .collect(Collectors.toMap(Indicator::code, Function.identity()));

    private static final Set<String> HEALTH = Set.of("HS_AI_ASSISTED_SHARE", "HS_ABNORMAL_FOLLOWUP_30D_RATE", "HS_BP_CONTROL_RATE",
            "HS_SCREENING_REACH_PER_1000");

    // HE01: 50, 75, 55, 200‰ → every indicator scores 50 → score 50.
    // HE02: 100, 100, 80, 400‰ → all 100 → score 100.
    // HE03: 20 (→ 20), 40 (→ −20, clipped 0), 90 (→ 120, clipped 100), reach suppressed:
    //       MICRO 100, MESO (20 + 0) / 2 = 10, no MACRO → weights renormalised: (0.3 × 100 + 0.3 × 10) / 0.6 = 55.
    // HE04: 2 of 4 indicators have a value → not scored.
    private static final List<PerformanceScorer.Candidate> COHORT = List.of(
            candidate("HE01", rate("HS_AI_ASSISTED_SHARE", 5000, 100), rate("HS_ABNORMAL_FOLLOWUP_30D_RATE", 7500, 100),
                    rate("HS_BP_CONTROL_RATE", 5500, 100), rate("HS_SCREENING_REACH_PER_1000", 2000, 1000)),
            candidate("HE02", rate("HS_AI_ASSISTED_SHARE", 10000, 100), rate("HS_ABNORMAL_FOLLOWUP_30D_RATE", 10000, 100),
                    rate("HS_BP_CONTROL_RATE", 8000, 100), rate("HS_SCREENING_REACH_PER_1000", 4000, 1000)),
            candidate("HE03", rate("HS_AI_ASSISTED_SHARE", 2000, 100), rate("HS_ABNORMAL_FOLLOWUP_30D_RATE", 4000, 100),
                    rate("HS_BP_CONTROL_RATE", 9000, 100), suppressed("HS_SCREENING_REACH_PER_1000", 3.0, 10.0)),
            candidate("HE04", rate("HS_AI_ASSISTED_SHARE", 6000, 100), rate("HS_ABNORMAL_FOLLOWUP_30D_RATE", 6000, 100),
                    suppressed("HS_BP_CONTROL_RATE", 5.0, 12.0), missing("HS_SCREENING_REACH_PER_1000")));

    @Test
    void scoresAndRanksACohortAsWorkedOutByHand()
    {
        Map<String, PerformanceScorer.Score> scores = byBase(PerformanceScorer.score(COHORT, CATALOGUE, 42, 2000));
        assertThat(scores.get("HE01").score().getAsDouble()).isCloseTo(50.0, within(1e-9));
        assertThat(scores.get("HE02").score().getAsDouble()).isCloseTo(100.0, within(1e-9));
        assertThat(scores.get("HE03").score().getAsDouble()).isCloseTo(55.0, within(1e-9));
        assertThat(scores.get("HE03").levelScores()).containsExactlyInAnyOrderEntriesOf(Map.of(Level.MICRO, 100.0, Level.MESO, 10.0));
        assertThat(scores.get("HE03").coverage()).isEqualTo(0.75);
        assertThat(scores.get("HE02").rank()).contains(1);
        assertThat(scores.get("HE03").rank()).contains(2);
        assertThat(scores.get("HE01").rank()).contains(3);
        assertThat(scores.get("HE04").score()).isEmpty();
        assertThat(scores.get("HE04").notScoredReason()).contains("2 of 4 applicable indicators have a value; two thirds are needed");
    }

    @Test
    void rankIntervalsComeFromWeightPerturbationAndSamplingError()
    {
        // HE02 is first in every draw. HE03 falls below HE01 when its MICRO weight w1 and MESO weight w2
        // give (100 w1 + 10 w2) / (w1 + w2) < 50, i.e. w1 / w2 < 0.8; with both factors uniform on
        // [0.75, 1.25] that has probability 0.15625: more than 5% and less than 95% of the draws,
        // so both HE01 and HE03 range over ranks 2..3.
        Map<String, PerformanceScorer.Score> scores = byBase(PerformanceScorer.score(COHORT, CATALOGUE, 42, 4000));
        assertThat(scores.get("HE02").rankLow()).contains(1);
        assertThat(scores.get("HE02").rankHigh()).contains(1);
        assertThat(scores.get("HE03").rankLow()).contains(2);
        assertThat(scores.get("HE03").rankHigh()).contains(3);
        assertThat(scores.get("HE01").rankLow()).contains(2);
        assertThat(scores.get("HE01").rankHigh()).contains(3);
        // HE03's mean rank: 2 + P(rank 3) ≈ 2.156
        assertThat(scores.get("HE03").rankMean().getAsDouble()).isCloseTo(2.15625, within(0.03));
    }

    @Test
    void theSameSeedGivesTheSameIntervalsAndAnotherSeedOtherDraws()
    {
        List<PerformanceScorer.Score> first = PerformanceScorer.score(COHORT, CATALOGUE, 7, 1000);
        assertThat(PerformanceScorer.score(COHORT, CATALOGUE, 7, 1000)).isEqualTo(first);
        List<PerformanceScorer.Score> other = PerformanceScorer.score(COHORT, CATALOGUE, 8, 1000);
        assertThat(byBase(other).get("HE03").rankMean()).isNotEqualTo(byBase(first).get("HE03").rankMean());
    }

    @Test
    void missingDataScoresZeroSoWithholdingNeverRaisesTheScore()
    {
        // HE05 delivers no BP readings (M): MICRO scores 0, MESO (50 + 50) / 2 = 50, MACRO 50:
        // 0.3 × 0 + 0.3 × 50 + 0.4 × 50 = 35. Renormalising over the levels with a value would have given
        // (0.3 × 50 + 0.4 × 50) / 0.7 = 50; had it delivered a BP control rate of 30% (scored 0) it would
        // also have scored 35, so withholding gains nothing. HE06 has no row at all for BP: the same.
        List<PerformanceScorer.Candidate> cohort = List.of(
                candidate("HE05", rate("HS_AI_ASSISTED_SHARE", 5000, 100), rate("HS_ABNORMAL_FOLLOWUP_30D_RATE", 7500, 100),
                        missing("HS_BP_CONTROL_RATE"), rate("HS_SCREENING_REACH_PER_1000", 2000, 1000)),
                candidate("HE06", rate("HS_AI_ASSISTED_SHARE", 5000, 100), rate("HS_ABNORMAL_FOLLOWUP_30D_RATE", 7500, 100),
                        rate("HS_SCREENING_REACH_PER_1000", 2000, 1000)),
                candidate("HE07", rate("HS_AI_ASSISTED_SHARE", 5000, 100), rate("HS_ABNORMAL_FOLLOWUP_30D_RATE", 7500, 100),
                        rate("HS_BP_CONTROL_RATE", 3000, 100), rate("HS_SCREENING_REACH_PER_1000", 2000, 1000)));
        Map<String, PerformanceScorer.Score> scores = byBase(PerformanceScorer.score(cohort, CATALOGUE, 42, 1000));
        assertThat(scores.get("HE05").score().getAsDouble()).isCloseTo(35.0, within(1e-9));
        assertThat(scores.get("HE05").levelScores()).containsEntry(Level.MICRO, 0.0);
        assertThat(scores.get("HE06").score().getAsDouble()).isCloseTo(35.0, within(1e-9));
        assertThat(scores.get("HE07").score().getAsDouble()).isCloseTo(35.0, within(1e-9));
        assertThat(scores.get("HE05").coverage()).isEqualTo(0.75);
    }

    @Test
    void tiedScoresShareTheBetterRankAndAScoreIsFinalOnlyWhenEveryValueIs()
    {
        // HE01 and HE08 have the same values (score 50), HE02 scores 100, HE09 scores 0: ranks 1, 2, 2, 4.
        // HE08's reach is provisional, so its score is P; every other value is final.
        List<PerformanceScorer.Candidate> cohort = List.of(
                COHORT.get(0),
                COHORT.get(1),
                candidate("HE08", rate("HS_AI_ASSISTED_SHARE", 5000, 100), rate("HS_ABNORMAL_FOLLOWUP_30D_RATE", 7500, 100),
                        rate("HS_BP_CONTROL_RATE", 5500, 100), provisional(rate("HS_SCREENING_REACH_PER_1000", 2000, 1000))),
                candidate("HE09", rate("HS_AI_ASSISTED_SHARE", 0, 100), rate("HS_ABNORMAL_FOLLOWUP_30D_RATE", 0, 100),
                        rate("HS_BP_CONTROL_RATE", 0, 100), rate("HS_SCREENING_REACH_PER_1000", 0, 1000)));
        Map<String, PerformanceScorer.Score> scores = byBase(PerformanceScorer.score(cohort, CATALOGUE, 42, 1000));
        assertThat(scores.get("HE02").rank()).contains(1);
        assertThat(scores.get("HE01").rank()).contains(2);
        assertThat(scores.get("HE08").rank()).contains(2);
        assertThat(scores.get("HE09").rank()).contains(4);
        assertThat(scores.get("HE01").status()).contains(ObservationStatus.A);
        assertThat(scores.get("HE08").status()).contains(ObservationStatus.P);
        // the Monte Carlo breaks the tie at random in each draw: both range over ranks 2..3
        assertThat(scores.get("HE01").rankLow()).contains(2);
        assertThat(scores.get("HE01").rankHigh()).contains(3);
        assertThat(scores.get("HE08").rankLow()).contains(2);
        assertThat(scores.get("HE08").rankHigh()).contains(3);
    }

    @Test
    void normalisationRespectsDirectionAndClips()
    {
        Indicator rework = CATALOGUE.get("GC_REWORK_RATE"); // down: 20% scores 0, 0% scores 100
        assertThat(PerformanceScorer.normalise(5, rework.goalposts())).isCloseTo(75.0, within(1e-9));
        assertThat(PerformanceScorer.normalise(30, rework.goalposts())).isEqualTo(0.0);
        assertThat(PerformanceScorer.normalise(-1, rework.goalposts())).isEqualTo(100.0);
    }

    /** A final value of 10,000 cases, its interval negligible. */
    private static PerformanceScorer.Value rate(String code, double numerator, double scale)
    {
        return new PerformanceScorer.Value(code, ObservationStatus.A, numerator / 10000 * scale, numerator, 10000.0, null, null, false);
    }

    private static PerformanceScorer.Value provisional(PerformanceScorer.Value value)
    {
        return new PerformanceScorer.Value(value.indicatorCode(), ObservationStatus.P, value.value(), value.numerator(), value.denominator(), null, null, false);
    }

    private static PerformanceScorer.Value suppressed(String code, double numerator, double denominator)
    {
        return new PerformanceScorer.Value(code, ObservationStatus.Q, null, numerator, denominator, null, null, false);
    }

    private static PerformanceScorer.Value missing(String code)
    {
        return new PerformanceScorer.Value(code, ObservationStatus.M, null, null, null, null, null, false);
    }

    private static PerformanceScorer.Candidate candidate(String base, PerformanceScorer.Value... values)
    {
        return new PerformanceScorer.Candidate(base, HEALTH, List.of(values));
    }

    private static Map<String, PerformanceScorer.Score> byBase(List<PerformanceScorer.Score> scores)
    {
        return scores.stream().collect(Collectors.toMap(PerformanceScorer.Score::baseCode, Function.identity()));
    }
}
