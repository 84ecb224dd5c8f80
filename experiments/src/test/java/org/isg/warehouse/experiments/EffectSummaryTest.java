package org.isg.warehouse.experiments;

import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EffectSummaryTest
{
    private static final SimulatedExperiment EXPERIMENT = new SimulatedExperiment(10, 30, List.of(new SimulatedExperiment.Cohort(4, 15),
            new SimulatedExperiment.Cohort(7, 15)), 1.0, 0.0, 0.0, 1.0, 0.0);

    @Test
    void theEventStudyGetsAUniformBandAndEveryOtherFigureAPointwiseInterval()
    {
        UnitPanel panel = EXPERIMENT.panel(5);
        EffectSummary summary = EffectSummary.estimate(panel, ControlGroup.NEVER_TREATED, new MultiplierBootstrap(999, 5), 0.05);
        GroupTimeEffects effects = CallawaySantAnna.estimate(panel, ControlGroup.NEVER_TREATED);

        // Event times −5 … +6 (cohort 7 from period 2, cohort 4 to period 10), then the overall figures and the two cohorts
        List<PublishedEffect> eventTimes = summary.effects().stream().filter(PublishedEffect::uniformBand).toList();
        assertThat(eventTimes).extracting(effect -> effect.key().getAsInt()).containsExactly(-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6);
        for (PublishedEffect effect : eventTimes) {
            // wider than ±1.96 standard errors: the band covers all twelve at once
            assertThat((effect.upper() - effect.lower()) / 2).isGreaterThan(1.96 * effect.standardError());
        }
        PublishedEffect simple = summary.effects().stream().filter(effect -> effect.aggregation() == AggregationType.SIMPLE).findFirst().orElseThrow();
        assertThat(simple.estimate()).isEqualTo(effects.aggregate(AggregationType.SIMPLE).orElseThrow().overall().estimate());
        assertThat(simple.upper() - simple.estimate()).isCloseTo(1.959963984540054 * simple.standardError(), within(1e-12));
        assertThat(simple.standardError()).isCloseTo(effects.aggregate(AggregationType.SIMPLE).orElseThrow().overall().analyticStandardError(), Percentage.withPercentage(10));
        assertThat(simple.significant()).isTrue();
        assertThat(summary.effects()).filteredOn(effect -> effect.aggregation() == AggregationType.COHORT && effect.key().isPresent())
                .extracting(effect -> effect.key().getAsInt()).containsExactly(4, 7);
        assertThat(summary.placebo()).isPresent();
        assertThat(summary.waldPreTest()).isPresent();
        assertThat(summary.units()).isEqualTo(60);
    }

    @Test
    void aPanelWithoutNeverTreatedUnitsPublishesNothingAgainstThem()
    {
        SimulatedExperiment allTreated = new SimulatedExperiment(6, 0, List.of(new SimulatedExperiment.Cohort(3, 5), new SimulatedExperiment.Cohort(5, 5)),
                1.0, 0.0, 0.0, 1.0, 0.0);
        EffectSummary summary = EffectSummary.estimate(allTreated.panel(1), ControlGroup.NEVER_TREATED, new MultiplierBootstrap(99, 1), 0.05);
        assertThat(summary.effects()).isEmpty();
        assertThat(summary.flags()).containsExactly(EstimationFlag.NO_NEVER_TREATED_UNITS);
    }
}
