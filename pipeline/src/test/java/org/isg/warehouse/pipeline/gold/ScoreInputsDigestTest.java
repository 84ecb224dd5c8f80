package org.isg.warehouse.pipeline.gold;

import org.isg.warehouse.indicators.Indicator;
import org.isg.warehouse.indicators.IndicatorCatalogue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The digest by which a night keeps a cohort-period's stored scores ({@link BaseScoresJob}): the
 * same inputs in another order give the same digest, because the scorer gives them the same scores;
 * any other input gives another digest.
 */
class ScoreInputsDigestTest
{
    private static final Map<String, Indicator> CATALOGUE = IndicatorCatalogue.load().indicators().stream()
            .collect(Collectors.toMap(Indicator::code, Function.identity()));
    private static final Set<String> HEALTH = Set.of("HS_AI_ASSISTED_SHARE", "HS_ABNORMAL_FOLLOWUP_30D_RATE", "HS_BP_CONTROL_RATE");
    private static final String GROUP = "HEALTH|MONTH|2026-10";
    private static final String DEFINITIONS = "definitions-1";

    @Test
    void valuesInAnotherOrderScoreAlikeAndDigestAlike()
    {
        Map<String, List<PerformanceScorer.Value>> inOrder = cohort(List.of(
                rate("HS_AI_ASSISTED_SHARE", 50, 100), rate("HS_ABNORMAL_FOLLOWUP_30D_RATE", 75, 100), rate("HS_BP_CONTROL_RATE", 55, 100)));
        Map<String, List<PerformanceScorer.Value>> reversed = new TreeMap<>();
        inOrder.forEach((base, values) -> reversed.put(base, reversedCopy(values)));

        // the premise: the scorer looks values up by indicator, so their order changes no score, rank or interval
        assertThat(scores(reversed)).isEqualTo(scores(inOrder));
        assertThat(BaseScoresJob.digest(DEFINITIONS, 7, 100, GROUP, reversed)).isEqualTo(BaseScoresJob.digest(DEFINITIONS, 7, 100, GROUP, inOrder));
    }

    @Test
    void everyOtherInputGivesAnotherDigest()
    {
        Map<String, List<PerformanceScorer.Value>> cohort = cohort(List.of(
                rate("HS_AI_ASSISTED_SHARE", 50, 100), rate("HS_ABNORMAL_FOLLOWUP_30D_RATE", 75, 100), rate("HS_BP_CONTROL_RATE", 55, 100)));
        String digest = BaseScoresJob.digest(DEFINITIONS, 7, 100, GROUP, cohort);

        assertThat(BaseScoresJob.digest("definitions-2", 7, 100, GROUP, cohort)).isNotEqualTo(digest);
        assertThat(BaseScoresJob.digest(DEFINITIONS, 8, 100, GROUP, cohort)).isNotEqualTo(digest);
        assertThat(BaseScoresJob.digest(DEFINITIONS, 7, 1000, GROUP, cohort)).isNotEqualTo(digest);
        assertThat(BaseScoresJob.digest(DEFINITIONS, 7, 100, "HEALTH|MONTH|2026-11", cohort)).isNotEqualTo(digest);
        // one value of HE02 final now (A), its figures the same: the score's status can change
        Map<String, List<PerformanceScorer.Value>> finalNow = new TreeMap<>(cohort);
        finalNow.put("HE02", replacedFirst(cohort.get("HE02"), new PerformanceScorer.Value("HS_ABNORMAL_FOLLOWUP_30D_RATE", ObservationStatus.A, 80.0, 80.0, 100.0,
                70.0, 90.0, false)));
        assertThat(BaseScoresJob.digest(DEFINITIONS, 7, 100, GROUP, finalNow)).isNotEqualTo(digest);
        // one numerator of HE02 more
        Map<String, List<PerformanceScorer.Value>> corrected = new TreeMap<>(cohort);
        corrected.put("HE02", replacedFirst(cohort.get("HE02"), rate("HS_ABNORMAL_FOLLOWUP_30D_RATE", 81, 100)));
        assertThat(BaseScoresJob.digest(DEFINITIONS, 7, 100, GROUP, corrected)).isNotEqualTo(digest);
        // a base fewer
        Map<String, List<PerformanceScorer.Value>> smaller = new TreeMap<>(cohort);
        smaller.remove("HE03");
        assertThat(BaseScoresJob.digest(DEFINITIONS, 7, 100, GROUP, smaller)).isNotEqualTo(digest);
    }

    /** HE01 with the values given, HE02 and HE03 with the same shares of 80 and 90 in every indicator. */
    private static Map<String, List<PerformanceScorer.Value>> cohort(List<PerformanceScorer.Value> first)
    {
        Map<String, List<PerformanceScorer.Value>> cohort = new TreeMap<>();
        cohort.put("HE01", first);
        cohort.put("HE02", HEALTH.stream().sorted().map(code -> rate(code, 80, 100)).toList());
        cohort.put("HE03", HEALTH.stream().sorted().map(code -> rate(code, 90, 100)).toList());
        return cohort;
    }

    private static List<PerformanceScorer.Score> scores(Map<String, List<PerformanceScorer.Value>> cohort)
    {
        List<PerformanceScorer.Candidate> candidates = new ArrayList<>();
        cohort.forEach((base, values) -> candidates.add(new PerformanceScorer.Candidate(base, HEALTH, values)));
        return PerformanceScorer.score(candidates, CATALOGUE, 7, BaseScoresJob.DEFAULT_DRAWS);
    }

    private static List<PerformanceScorer.Value> reversedCopy(List<PerformanceScorer.Value> values)
    {
        List<PerformanceScorer.Value> copy = new ArrayList<>(values);
        Collections.reverse(copy);
        return copy;
    }

    /** The values with the first, in indicator order, replaced: HS_ABNORMAL_FOLLOWUP_30D_RATE. */
    private static List<PerformanceScorer.Value> replacedFirst(List<PerformanceScorer.Value> values, PerformanceScorer.Value replacement)
    {
        assertThat(values.get(0).indicatorCode()).isEqualTo(replacement.indicatorCode());
        List<PerformanceScorer.Value> copy = new ArrayList<>(values);
        copy.set(0, replacement);
        return copy;
    }

    private static PerformanceScorer.Value rate(String code, int numerator, int denominator)
    {
        double value = 100.0 * numerator / denominator;
        return new PerformanceScorer.Value(code, ObservationStatus.P, value, (double) numerator, (double) denominator, value - 10, value + 10, false);
    }
}
