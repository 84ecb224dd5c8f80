package org.isg.warehouse.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * Group-time average treatment effects under staggered adoption (Callaway and Sant'Anna 2021,
 * "Difference-in-Differences with multiple time periods", J. Econometrics 225(2)), without
 * covariates and with no anticipation, following R {@code did} 2.x (and its Python port
 * {@code csdid}, the test oracle) decision for decision:
 * <ul>
 * <li>units first treated in or before the first period are dropped (there is no before);
 *     units first treated after the last period count as never treated;</li>
 * <li>ATT(g, t) for every cohort g and every period t but the first, against the last period
 *     before g when t ≥ g and against t − 1 when t &lt; g;</li>
 * <li>a balanced panel uses each unit's own change (the panel estimator); an unbalanced one the
 *     four cell means of the two periods (R's {@code allow_unbalanced_panel}), with each unit's
 *     rows summed into its influence;</li>
 * <li>not-yet-treated controls: never treated, or first treated after t (and not in g); with no
 *     never-treated unit the periods from the last cohort's start on are cut and that cohort only
 *     serves as control. The never-treated comparison then has no control units.</li>
 * </ul>
 * Cells without treated or control observations are left out and counted.
 */
public final class CallawaySantAnna
{
    private CallawaySantAnna() {}

    public static GroupTimeEffects estimate(UnitPanel panel, ControlGroup controlGroup)
    {
        requireNonNull(panel, "panel is null");
        requireNonNull(controlGroup, "controlGroup is null");
        int[] allPeriods = panel.periods();
        if (allPeriods.length < 2) {
            return GroupTimeEffects.empty(controlGroup, EstimationFlag.TOO_FEW_PERIODS);
        }
        int firstPeriod = allPeriods[0];
        int lastPeriod = allPeriods[allPeriods.length - 1];

        // The units kept, with their cohort as the estimator sees it
        List<Integer> kept = new ArrayList<>();
        List<Integer> keptCohorts = new ArrayList<>();
        int droppedAlreadyTreated = 0;
        for (int unit = 0; unit < panel.unitCount(); unit++) {
            int cohort = panel.cohort(unit);
            if (cohort != UnitPanel.NEVER && cohort > lastPeriod) {
                cohort = UnitPanel.NEVER;
            }
            if (cohort <= firstPeriod) {
                droppedAlreadyTreated++;
                continue;
            }
            kept.add(unit);
            keptCohorts.add(cohort);
        }
        int[] cohortOf = keptCohorts.stream().mapToInt(Integer::intValue).toArray();
        boolean anyNeverTreated = Arrays.stream(cohortOf).anyMatch(cohort -> cohort == UnitPanel.NEVER);

        TreeSet<Integer> cohorts = new TreeSet<>();
        Arrays.stream(cohortOf).filter(cohort -> cohort != UnitPanel.NEVER).forEach(cohorts::add);
        int periodLimit = Integer.MAX_VALUE;
        List<EstimationFlag> flags = new ArrayList<>();
        if (droppedAlreadyTreated > 0) {
            flags.add(EstimationFlag.UNITS_TREATED_FROM_THE_FIRST_PERIOD_DROPPED);
        }
        if (!anyNeverTreated) {
            flags.add(EstimationFlag.NO_NEVER_TREATED_UNITS);
            if (controlGroup == ControlGroup.NEVER_TREATED || cohorts.isEmpty()) {
                return GroupTimeEffects.empty(controlGroup, flags.toArray(EstimationFlag[]::new));
            }
            // R did: the last cohort becomes the comparison, the periods from its start on are cut
            periodLimit = cohorts.last();
            cohorts.remove(cohorts.last());
        }
        int limit = periodLimit;
        int[] periods = Arrays.stream(allPeriods).filter(period -> period < limit).toArray();
        int[] periodColumn = new int[periods.length];
        for (int index = 0; index < periods.length; index++) {
            periodColumn[index] = Arrays.binarySearch(allPeriods, periods[index]);
        }

        int unitCount = kept.size();
        double[][] outcomes = new double[unitCount][periods.length];
        boolean balanced = true;
        for (int unit = 0; unit < unitCount; unit++) {
            for (int index = 0; index < periods.length; index++) {
                outcomes[unit][index] = panel.outcome(kept.get(unit), periodColumn[index]);
                balanced &= !Double.isNaN(outcomes[unit][index]);
            }
        }

        List<GroupTimeEffect> cells = new ArrayList<>();
        List<double[]> influences = new ArrayList<>();
        int unestimable = 0;
        for (int cohort : cohorts) {
            int lastBefore = lastIndexBefore(periods, cohort);
            if (lastBefore < 0) {
                continue;
            }
            for (int index = 1; index < periods.length; index++) {
                int period = periods[index];
                int base = period >= cohort ? lastBefore : index - 1;
                boolean[] treated = new boolean[unitCount];
                boolean[] control = new boolean[unitCount];
                for (int unit = 0; unit < unitCount; unit++) {
                    treated[unit] = cohortOf[unit] == cohort;
                    control[unit] = switch (controlGroup) {
                        case NEVER_TREATED -> cohortOf[unit] == UnitPanel.NEVER;
                        case NOT_YET_TREATED -> cohortOf[unit] > period && cohortOf[unit] != cohort;
                    };
                }
                double[] influence = new double[unitCount];
                CellEstimate estimate = balanced
                        ? panelCell(outcomes, index, base, treated, control, influence)
                        : repeatedCrossSectionCell(outcomes, index, base, treated, control, influence);
                if (estimate == null) {
                    unestimable++;
                    continue;
                }
                cells.add(new GroupTimeEffect(cohort, period, periods[base], estimate.value(), estimate.treatedUnits(), estimate.controlUnits()));
                influences.add(influence);
            }
        }
        if (unestimable > 0) {
            flags.add(EstimationFlag.CELLS_NOT_ESTIMABLE);
        }
        if (!balanced) {
            flags.add(EstimationFlag.UNBALANCED_PANEL);
        }
        return new GroupTimeEffects(controlGroup, cells, influences, cohortOf, List.copyOf(cohorts), flags, unestimable, droppedAlreadyTreated);
    }

    private record CellEstimate(double value, int treatedUnits, int controlUnits) {}

    /**
     * Mean change of the treated minus mean change of the controls; influence
     * (n / n₁)·(D(ΔY − μ₁)/p₁ − (1 − D)(ΔY − μ₀)/p₀) with n₁ the units in the cell.
     */
    private static CellEstimate panelCell(double[][] outcomes, int period, int base, boolean[] treated, boolean[] control, double[] influence)
    {
        int unitCount = outcomes.length;
        double treatedSum = 0;
        double controlSum = 0;
        int treatedCount = 0;
        int controlCount = 0;
        for (int unit = 0; unit < unitCount; unit++) {
            double change = outcomes[unit][period] - outcomes[unit][base];
            if (treated[unit]) {
                treatedSum += change;
                treatedCount++;
            }
            else if (control[unit]) {
                controlSum += change;
                controlCount++;
            }
        }
        if (treatedCount == 0 || controlCount == 0) {
            return null;
        }
        double treatedMean = treatedSum / treatedCount;
        double controlMean = controlSum / controlCount;
        int cellUnits = treatedCount + controlCount;
        double treatedShare = (double) treatedCount / cellUnits;
        double controlShare = (double) controlCount / cellUnits;
        double scale = (double) unitCount / cellUnits;
        for (int unit = 0; unit < unitCount; unit++) {
            double change = outcomes[unit][period] - outcomes[unit][base];
            if (treated[unit]) {
                influence[unit] = scale * (change - treatedMean) / treatedShare;
            }
            else if (control[unit]) {
                influence[unit] = -scale * (change - controlMean) / controlShare;
            }
        }
        return new CellEstimate(treatedMean - controlMean, treatedCount, controlCount);
    }

    /**
     * (treated after − treated before) − (control after − control before) over the rows observed;
     * each row's influence (n / n₁)·s·(Y − μ)/π for its cell of the four (s = ±1, π its share of
     * the n₁ rows), summed per unit.
     */
    private static CellEstimate repeatedCrossSectionCell(double[][] outcomes, int period, int base, boolean[] treated, boolean[] control, double[] influence)
    {
        int unitCount = outcomes.length;
        double[] sums = new double[4];
        int[] counts = new int[4];
        int treatedUnits = 0;
        int controlUnits = 0;
        for (int unit = 0; unit < unitCount; unit++) {
            if (!treated[unit] && !control[unit]) {
                continue;
            }
            boolean seen = false;
            for (int column : new int[] {base, period}) {
                double value = outcomes[unit][column];
                if (!Double.isNaN(value)) {
                    int cell = cellOf(treated[unit], column == period);
                    sums[cell] += value;
                    counts[cell]++;
                    seen = true;
                }
            }
            if (seen) {
                if (treated[unit]) {
                    treatedUnits++;
                }
                else {
                    controlUnits++;
                }
            }
        }
        if (Arrays.stream(counts).anyMatch(count -> count == 0)) {
            return null;
        }
        int rows = Arrays.stream(counts).sum();
        double[] means = new double[4];
        for (int cell = 0; cell < 4; cell++) {
            means[cell] = sums[cell] / counts[cell];
        }
        double scale = (double) unitCount / rows;
        for (int unit = 0; unit < unitCount; unit++) {
            if (!treated[unit] && !control[unit]) {
                continue;
            }
            for (int column : new int[] {base, period}) {
                double value = outcomes[unit][column];
                if (!Double.isNaN(value)) {
                    int cell = cellOf(treated[unit], column == period);
                    double share = (double) counts[cell] / rows;
                    influence[unit] += scale * SIGNS[cell] * (value - means[cell]) / share;
                }
            }
        }
        double estimate = (means[TREATED_AFTER] - means[TREATED_BEFORE]) - (means[CONTROL_AFTER] - means[CONTROL_BEFORE]);
        return new CellEstimate(estimate, treatedUnits, controlUnits);
    }

    private static final int CONTROL_BEFORE = 0;
    private static final int CONTROL_AFTER = 1;
    private static final int TREATED_BEFORE = 2;
    private static final int TREATED_AFTER = 3;
    private static final double[] SIGNS = {1, -1, -1, 1};

    private static int cellOf(boolean treated, boolean after)
    {
        return (treated ? TREATED_BEFORE : CONTROL_BEFORE) + (after ? 1 : 0);
    }

    private static int lastIndexBefore(int[] periods, int cohort)
    {
        int found = -1;
        for (int index = 0; index < periods.length && periods[index] < cohort; index++) {
            found = index;
        }
        return found;
    }
}
