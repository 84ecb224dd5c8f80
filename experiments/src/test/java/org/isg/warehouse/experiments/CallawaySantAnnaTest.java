package org.isg.warehouse.experiments;

import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Cases small enough to work out by hand (the numbers in the comments). */
class CallawaySantAnnaTest
{
    @Test
    void twoUnitsTwoPeriods()
    {
        // A treated from period 2: 1 → 4 (change 3); B never treated: 2 → 3 (change 1). ATT(2, 2) = 3 − 1 = 2
        UnitPanel panel = UnitPanel.builder()
                .unit("A", OptionalInt.of(2)).outcome("A", 1, 1).outcome("A", 2, 4)
                .unit("B", OptionalInt.empty()).outcome("B", 1, 2).outcome("B", 2, 3)
                .build();
        GroupTimeEffects effects = CallawaySantAnna.estimate(panel, ControlGroup.NEVER_TREATED);

        assertThat(effects.cells()).containsExactly(new GroupTimeEffect(2, 2, 1, 2.0, 1, 1));
        // Each group's change equals its mean: every influence is 0
        assertThat(effects.cell(0).analyticStandardError()).isZero();
        assertThat(effects.flags()).isEmpty();
    }

    @Test
    void oneTreatedUnitTwoControls()
    {
        // A: 1 → 4 (3); B: 2 → 3 (1); C: 0 → 3 (3). Controls' mean change 2, ATT = 3 − 2 = 1.
        // n = 3, p₁ = 1/3, p₀ = 2/3: ψ_A = 0, ψ_B = −(1 − 2)/(2/3) = 1.5, ψ_C = −(3 − 2)/(2/3) = −1.5;
        // standard error √(0 + 2.25 + 2.25) / 3 = √4.5 / 3
        UnitPanel panel = UnitPanel.builder()
                .unit("A", OptionalInt.of(2)).outcome("A", 1, 1).outcome("A", 2, 4)
                .unit("B", OptionalInt.empty()).outcome("B", 1, 2).outcome("B", 2, 3)
                .unit("C", OptionalInt.empty()).outcome("C", 1, 0).outcome("C", 2, 3)
                .build();
        GroupTimeEffects effects = CallawaySantAnna.estimate(panel, ControlGroup.NEVER_TREATED);

        assertThat(effects.cells()).containsExactly(new GroupTimeEffect(2, 2, 1, 1.0, 1, 2));
        assertThat(effects.cell(0).influence()).containsExactly(new double[] {0, 1.5, -1.5}, within(1e-12));
        assertThat(effects.cell(0).analyticStandardError()).isCloseTo(Math.sqrt(4.5) / 3, within(1e-12));
        // One cohort, one post cell: the weight is 1 whatever the cohort's share, and its influence is 0
        AggregatedEffects simple = effects.aggregate(AggregationType.SIMPLE).orElseThrow();
        assertThat(simple.overall().estimate()).isCloseTo(1.0, within(1e-12));
        assertThat(simple.overall().analyticStandardError()).isCloseTo(Math.sqrt(4.5) / 3, within(1e-12));
    }

    @Test
    void unbalancedPanelUsesTheFourCellMeans()
    {
        // C is seen only in period 2. Treated 1 → 4; controls' means 2 (B) before and (3 + 5)/2 = 4 after.
        // ATT = (4 − 1) − (4 − 2) = 1. Five rows, n = 3 units, scale n/rows = 3/5; rows' shares:
        // control-before 1/5, control-after 2/5, treated 1/5 each. Row influences: B after −(3 − 4)/(2/5) = 2.5,
        // C after −(5 − 4)/(2/5) = −2.5, the others 0; per unit ×3/5: 0, 1.5, −1.5
        UnitPanel panel = UnitPanel.builder()
                .unit("A", OptionalInt.of(2)).outcome("A", 1, 1).outcome("A", 2, 4)
                .unit("B", OptionalInt.empty()).outcome("B", 1, 2).outcome("B", 2, 3)
                .unit("C", OptionalInt.empty()).outcome("C", 2, 5)
                .build();
        GroupTimeEffects effects = CallawaySantAnna.estimate(panel, ControlGroup.NEVER_TREATED);

        assertThat(effects.cells()).containsExactly(new GroupTimeEffect(2, 2, 1, 1.0, 1, 2));
        assertThat(effects.cell(0).influence()).containsExactly(new double[] {0, 1.5, -1.5}, within(1e-12));
        assertThat(effects.flags()).containsExactly(EstimationFlag.UNBALANCED_PANEL);
    }

    @Test
    void preTreatmentCellsCompareConsecutivePeriodsAndPostCellsTheLastPeriodBefore()
    {
        // A treated from 3; B never. Changes A − B: period 2 vs 1: (2 − 1) − (1 − 1) = 1;
        // period 3 vs 2: (7 − 2) − (1 − 1) = 5; period 4 vs 2 (the base stays 2): (9 − 2) − (2 − 1) = 6
        UnitPanel panel = UnitPanel.builder()
                .unit("A", OptionalInt.of(3)).outcome("A", 1, 1).outcome("A", 2, 2).outcome("A", 3, 7).outcome("A", 4, 9)
                .unit("B", OptionalInt.empty()).outcome("B", 1, 1).outcome("B", 2, 1).outcome("B", 3, 1).outcome("B", 4, 2)
                .build();
        GroupTimeEffects effects = CallawaySantAnna.estimate(panel, ControlGroup.NEVER_TREATED);

        assertThat(effects.cells()).containsExactly(
                new GroupTimeEffect(3, 2, 1, 1.0, 1, 1),
                new GroupTimeEffect(3, 3, 2, 5.0, 1, 1),
                new GroupTimeEffect(3, 4, 2, 6.0, 1, 1));
        // Event time: e = −1 → 1, e = 0 → 5, e = 1 → 6; overall = mean over e ≥ 0 = 5.5
        AggregatedEffects byEventTime = effects.aggregate(AggregationType.EVENT_TIME).orElseThrow();
        assertThat(byEventTime.parts()).extracting(part -> part.key().getAsInt(), Effect::estimate)
                .containsExactly(org.assertj.core.api.Assertions.tuple(-1, 1.0), org.assertj.core.api.Assertions.tuple(0, 5.0), org.assertj.core.api.Assertions.tuple(1, 6.0));
        assertThat(byEventTime.overall().estimate()).isCloseTo(5.5, within(1e-12));
    }

    @Test
    void notYetTreatedControlsIncludeLaterCohortsUntilTheyStart()
    {
        // A from 2, C from 3, B never. Cell (2, 2): controls B and C (C starts after 2):
        // A 0 → 4 (4) minus mean(B 0 → 1, C 0 → 3) = 2 → 2. Cell (2, 3): only B (C started): (5 − 0) − (1 − 0) = 4
        UnitPanel panel = UnitPanel.builder()
                .unit("A", OptionalInt.of(2)).outcome("A", 1, 0).outcome("A", 2, 4).outcome("A", 3, 5)
                .unit("B", OptionalInt.empty()).outcome("B", 1, 0).outcome("B", 2, 1).outcome("B", 3, 1)
                .unit("C", OptionalInt.of(3)).outcome("C", 1, 0).outcome("C", 2, 3).outcome("C", 3, 9)
                .build();
        GroupTimeEffects effects = CallawaySantAnna.estimate(panel, ControlGroup.NOT_YET_TREATED);

        assertThat(effects.cells()).filteredOn(cell -> cell.cohort() == 2).containsExactly(
                new GroupTimeEffect(2, 2, 1, 2.0, 1, 2),
                new GroupTimeEffect(2, 3, 1, 4.0, 1, 1));
    }

    @Test
    void unitsTreatedFromTheFirstPeriodAreLeftOutAndFlagged()
    {
        UnitPanel panel = UnitPanel.builder()
                .unit("A", OptionalInt.of(2)).outcome("A", 1, 1).outcome("A", 2, 4)
                .unit("B", OptionalInt.empty()).outcome("B", 1, 2).outcome("B", 2, 3)
                .unit("Z", OptionalInt.of(1)).outcome("Z", 1, 100).outcome("Z", 2, -100)
                .build();
        GroupTimeEffects effects = CallawaySantAnna.estimate(panel, ControlGroup.NEVER_TREATED);

        assertThat(effects.cells()).containsExactly(new GroupTimeEffect(2, 2, 1, 2.0, 1, 1));
        assertThat(effects.unitCount()).isEqualTo(2);
        assertThat(effects.droppedUnits()).isEqualTo(1);
        assertThat(effects.flags()).containsExactly(EstimationFlag.UNITS_TREATED_FROM_THE_FIRST_PERIOD_DROPPED);
    }

    @Test
    void withoutNeverTreatedUnitsTheNeverTreatedComparisonIsEmpty()
    {
        UnitPanel panel = UnitPanel.builder()
                .unit("A", OptionalInt.of(2)).outcome("A", 1, 1).outcome("A", 2, 4).outcome("A", 3, 4)
                .unit("C", OptionalInt.of(3)).outcome("C", 1, 2).outcome("C", 2, 3).outcome("C", 3, 9)
                .build();

        GroupTimeEffects neverTreated = CallawaySantAnna.estimate(panel, ControlGroup.NEVER_TREATED);
        assertThat(neverTreated.cells()).isEmpty();
        assertThat(neverTreated.flags()).containsExactly(EstimationFlag.NO_NEVER_TREATED_UNITS);

        // Not yet treated: C serves as the control of A until it starts; period 3 on is cut. (4 − 1) − (3 − 2) = 2
        GroupTimeEffects notYetTreated = CallawaySantAnna.estimate(panel, ControlGroup.NOT_YET_TREATED);
        assertThat(notYetTreated.cells()).containsExactly(new GroupTimeEffect(2, 2, 1, 2.0, 1, 1));
    }

    @Test
    void theChiSquareTailAndTheNormalQuantileMatchPublishedTables()
    {
        // The table values χ²(1) 0.95 quantile 3.841, χ²(10) 0.99 quantile 23.209 and the normal 0.975 quantile 1.960,
        // to more digits as scipy.stats gives them
        assertThat(Inference.chiSquareSurvival(3.8414588206941285, 1)).isCloseTo(0.05, within(1e-12));
        assertThat(Inference.chiSquareSurvival(23.20925115895436, 10)).isCloseTo(0.01, within(1e-12));
        assertThat(Inference.chiSquareSurvival(0.5, 3)).isCloseTo(0.9188914116546758, within(1e-12));
        assertThat(Inference.normalQuantile(0.975)).isCloseTo(1.959963984540054, within(1e-15));
        assertThat(Inference.normalQuantile(0.75)).isCloseTo(0.6744897501960817, within(1e-15));
        assertThat(Inference.normalQuantile(1e-10)).isCloseTo(-6.361340902404056, within(1e-12));
    }

    @Test
    void theBootstrapIsSeededAndItsStandardErrorApproachesTheAnalyticOne()
    {
        SimulatedExperiment experiment = new SimulatedExperiment(8, 40, java.util.List.of(new SimulatedExperiment.Cohort(4, 30), new SimulatedExperiment.Cohort(6, 30)),
                1.0, 0.0, 0.0, 1.0, 0.0);
        GroupTimeEffects effects = CallawaySantAnna.estimate(experiment.panel(7), ControlGroup.NEVER_TREATED);
        Effect overall = effects.aggregate(AggregationType.SIMPLE).orElseThrow().overall();

        MultiplierBootstrap.Result first = new MultiplierBootstrap(4999, 11).run(java.util.List.of(overall), 0.05);
        MultiplierBootstrap.Result again = new MultiplierBootstrap(4999, 11).run(java.util.List.of(overall), 0.05);
        assertThat(again.standardError(0)).isEqualTo(first.standardError(0));
        // Rademacher draws of √n·mean(vψ) have variance mean(ψ²): the same figure as the analytic error, up to draw noise
        assertThat(first.standardError(0)).isCloseTo(overall.analyticStandardError(), org.assertj.core.data.Percentage.withPercentage(6));
        // One effect: the uniform critical value is the pointwise one, about 1.96
        assertThat(first.uniformCriticalValue()).isBetween(1.85, 2.07);
    }
}
