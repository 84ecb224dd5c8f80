package org.isg.warehouse.experiments;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** The grading rules on summaries made by hand. */
class TrustAssessmentTest
{
    private static final PublishedEffect SIMPLE = new PublishedEffect(ControlGroup.NEVER_TREATED, AggregationType.SIMPLE, OptionalInt.empty(), 2.0, 0.5, 1.02, 2.98, false);
    private static final PublishedEffect PARALLEL = new PublishedEffect(ControlGroup.NEVER_TREATED, AggregationType.EVENT_TIME, OptionalInt.empty(), 0.1, 0.2, -0.29, 0.49, false);
    private static final PublishedEffect DIVERGING = new PublishedEffect(ControlGroup.NEVER_TREATED, AggregationType.EVENT_TIME, OptionalInt.empty(), 0.6, 0.2, 0.21, 0.99, false);

    @Test
    void enoughUnitsBalancedAndParallelIsA()
    {
        assertThat(TrustAssessment.assess(summary(PARALLEL, List.of(), 12, 8, 4), 0.0)).isEqualTo(new TrustAssessment(TrustGrade.A, List.of()));
    }

    @Test
    void oneLesserConcernIsBTwoAreC()
    {
        assertThat(TrustAssessment.assess(summary(PARALLEL, List.of(), 12, 8, 1), 0.0))
                .isEqualTo(new TrustAssessment(TrustGrade.B, List.of(TrustFlag.ONE_UNIT_COHORT)));
        assertThat(TrustAssessment.assess(summary(PARALLEL, List.of(EstimationFlag.UNBALANCED_PANEL), 12, 8, 1), 0.0))
                .isEqualTo(new TrustAssessment(TrustGrade.C, List.of(TrustFlag.ONE_UNIT_COHORT, TrustFlag.UNBALANCED_PANEL)));
    }

    @Test
    void fewUnitsOrManySuppressedCellsIsC()
    {
        assertThat(TrustAssessment.assess(summary(PARALLEL, List.of(), 4, 8, 2), 0.0))
                .isEqualTo(new TrustAssessment(TrustGrade.C, List.of(TrustFlag.FEW_TREATED_UNITS)));
        assertThat(TrustAssessment.assess(summary(PARALLEL, List.of(), 12, 4, 4), 0.0))
                .isEqualTo(new TrustAssessment(TrustGrade.C, List.of(TrustFlag.FEW_CONTROL_UNITS)));
        // 20% suppressed is still fine; 25% is not
        assertThat(TrustAssessment.assess(summary(PARALLEL, List.of(), 12, 8, 4), 0.2).grade()).isEqualTo(TrustGrade.A);
        assertThat(TrustAssessment.assess(summary(PARALLEL, List.of(), 12, 8, 4), 0.25))
                .isEqualTo(new TrustAssessment(TrustGrade.C, List.of(TrustFlag.MANY_SUPPRESSED_CELLS)));
    }

    @Test
    void failedPreTrendsOrNoEstimateIsD()
    {
        assertThat(TrustAssessment.assess(summary(DIVERGING, List.of(), 12, 8, 4), 0.0))
                .isEqualTo(new TrustAssessment(TrustGrade.D, List.of(TrustFlag.PRE_TRENDS_FAILED)));
        EffectSummary nothing = new EffectSummary(ControlGroup.NEVER_TREATED, List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(EstimationFlag.NO_NEVER_TREATED_UNITS), 10, 10, 0, 5, 0);
        assertThat(TrustAssessment.assess(nothing, 0.0)).isEqualTo(new TrustAssessment(TrustGrade.D, List.of(TrustFlag.FEW_CONTROL_UNITS, TrustFlag.NO_ESTIMATE)));
    }

    private static EffectSummary summary(PublishedEffect placebo, List<EstimationFlag> flags, int treated, int comparison, int smallestCohort)
    {
        return new EffectSummary(ControlGroup.NEVER_TREATED, List.of(SIMPLE), Optional.of(placebo), Optional.empty(), Optional.empty(), flags,
                treated + comparison, treated, comparison, smallestCohort, 30);
    }
}
