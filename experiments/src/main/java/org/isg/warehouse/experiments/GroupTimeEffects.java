package org.isg.warehouse.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * The ATT(g, t) of one panel with their influence functions over the panel's (kept) units, and the
 * aggregations of R {@code did}'s {@code aggte}: weights are cohort sizes estimated from the
 * sample, and the influence of estimating them is part of every weighted aggregation's influence.
 */
public final class GroupTimeEffects
{
    private final ControlGroup controlGroup;
    private final List<GroupTimeEffect> cells;
    private final List<double[]> influences;
    private final int[] unitCohorts;
    private final List<Integer> cohorts;
    private final List<EstimationFlag> flags;
    private final int unestimableCells;
    private final int droppedUnits;

    GroupTimeEffects(ControlGroup controlGroup, List<GroupTimeEffect> cells, List<double[]> influences, int[] unitCohorts,
            List<Integer> cohorts, List<EstimationFlag> flags, int unestimableCells, int droppedUnits)
    {
        this.controlGroup = requireNonNull(controlGroup, "controlGroup is null");
        this.cells = List.copyOf(cells);
        this.influences = List.copyOf(influences);
        this.unitCohorts = unitCohorts.clone();
        this.cohorts = List.copyOf(cohorts);
        this.flags = List.copyOf(flags);
        this.unestimableCells = unestimableCells;
        this.droppedUnits = droppedUnits;
        if (this.cells.size() != this.influences.size()) {
            throw new IllegalArgumentException("one influence function per cell");
        }
    }

    static GroupTimeEffects empty(ControlGroup controlGroup, EstimationFlag... flags)
    {
        return new GroupTimeEffects(controlGroup, List.of(), List.of(), new int[0], List.of(), List.of(flags), 0, 0);
    }

    public ControlGroup controlGroup()
    {
        return controlGroup;
    }

    public List<GroupTimeEffect> cells()
    {
        return cells;
    }

    /** The units the estimate rests on (after dropping units treated from the first period). */
    public int unitCount()
    {
        return unitCohorts.length;
    }

    /** The cohorts estimated (first treated periods), ascending; the never treated are not a cohort. */
    public List<Integer> cohorts()
    {
        return cohorts;
    }

    public int cohortSize(int cohort)
    {
        return (int) Arrays.stream(unitCohorts).filter(unitCohort -> unitCohort == cohort).count();
    }

    public List<EstimationFlag> flags()
    {
        return flags;
    }

    public int unestimableCells()
    {
        return unestimableCells;
    }

    public int droppedUnits()
    {
        return droppedUnits;
    }

    /** A cell as an {@link Effect}, for its standard error and the bootstrap. */
    public Effect cell(int index)
    {
        return new Effect(OptionalInt.empty(), cells.get(index).estimate(), influences.get(index));
    }

    /** Empty when there is no post-treatment cell to aggregate. */
    public Optional<AggregatedEffects> aggregate(AggregationType type)
    {
        requireNonNull(type, "type is null");
        List<Integer> post = new ArrayList<>();
        for (int index = 0; index < cells.size(); index++) {
            if (cells.get(index).postTreatment()) {
                post.add(index);
            }
        }
        if (post.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(switch (type) {
            case SIMPLE -> new AggregatedEffects(type, weightedByCohortSize(OptionalInt.empty(), post), List.of());
            case EVENT_TIME -> byEventTime();
            case COHORT -> byCohort();
        });
    }

    private AggregatedEffects byEventTime()
    {
        TreeSet<Integer> eventTimes = new TreeSet<>();
        cells.forEach(cell -> eventTimes.add(cell.eventTime()));
        List<Effect> parts = new ArrayList<>();
        List<Effect> afterStart = new ArrayList<>();
        for (int eventTime : eventTimes) {
            List<Integer> members = new ArrayList<>();
            for (int index = 0; index < cells.size(); index++) {
                if (cells.get(index).eventTime() == eventTime) {
                    members.add(index);
                }
            }
            Effect part = weightedByCohortSize(OptionalInt.of(eventTime), members);
            parts.add(part);
            if (eventTime >= 0) {
                afterStart.add(part);
            }
        }
        return new AggregatedEffects(AggregationType.EVENT_TIME, average(afterStart), parts);
    }

    private AggregatedEffects byCohort()
    {
        List<Effect> parts = new ArrayList<>();
        List<Integer> partCohorts = new ArrayList<>();
        for (int cohort : cohorts) {
            List<Effect> members = new ArrayList<>();
            for (int index = 0; index < cells.size(); index++) {
                if (cells.get(index).cohort() == cohort && cells.get(index).postTreatment()) {
                    members.add(cell(index));
                }
            }
            if (!members.isEmpty()) {
                Effect mean = average(members);
                parts.add(new Effect(OptionalInt.of(cohort), mean.estimate(), mean.influence()));
                partCohorts.add(cohort);
            }
        }
        double[] estimates = parts.stream().mapToDouble(Effect::estimate).toArray();
        List<double[]> partInfluences = parts.stream().map(Effect::influence).toList();
        return new AggregatedEffects(AggregationType.COHORT, weighted(OptionalInt.empty(), estimates, partInfluences, partCohorts), parts);
    }

    /** The cells at these indexes, weighted by their cohorts' sizes. */
    private Effect weightedByCohortSize(OptionalInt key, List<Integer> members)
    {
        double[] estimates = new double[members.size()];
        List<double[]> memberInfluences = new ArrayList<>();
        List<Integer> memberCohorts = new ArrayList<>();
        for (int position = 0; position < members.size(); position++) {
            GroupTimeEffect cell = cells.get(members.get(position));
            estimates[position] = cell.estimate();
            memberInfluences.add(influences.get(members.get(position)));
            memberCohorts.add(cell.cohort());
        }
        return weighted(key, estimates, memberInfluences, memberCohorts);
    }

    /**
     * Σ w_k θ_k with w_k = p(g_k) / Σ p(g), p(g) the share of units in cohort g. Its influence is
     * Σ w_k ψ_k plus the influence of the estimated weights: for unit i,
     * Σ_k θ_k [(1{G_i = g_k} − p_k) / Σp − p_k Σ_j (1{G_i = g_j} − p_j) / (Σp)²].
     */
    private Effect weighted(OptionalInt key, double[] estimates, List<double[]> memberInfluences, List<Integer> memberCohorts)
    {
        int unitCount = unitCohorts.length;
        int members = estimates.length;
        double[] shares = new double[members];
        double shareSum = 0;
        for (int position = 0; position < members; position++) {
            shares[position] = (double) cohortSize(memberCohorts.get(position)) / unitCount;
            shareSum += shares[position];
        }
        double estimate = 0;
        for (int position = 0; position < members; position++) {
            estimate += shares[position] / shareSum * estimates[position];
        }
        double[] influence = new double[unitCount];
        for (int unit = 0; unit < unitCount; unit++) {
            double deviationSum = 0;
            for (int position = 0; position < members; position++) {
                deviationSum += indicator(unitCohorts[unit] == memberCohorts.get(position)) - shares[position];
            }
            double value = 0;
            for (int position = 0; position < members; position++) {
                double weightInfluence = (indicator(unitCohorts[unit] == memberCohorts.get(position)) - shares[position]) / shareSum
                        - deviationSum * shares[position] / (shareSum * shareSum);
                value += shares[position] / shareSum * memberInfluences.get(position)[unit] + weightInfluence * estimates[position];
            }
            influence[unit] = value;
        }
        return new Effect(key, estimate, influence);
    }

    /** The plain mean of effects (fixed weights: no weight influence). */
    private static Effect average(List<Effect> effects)
    {
        int unitCount = effects.get(0).influence().length;
        double estimate = 0;
        double[] influence = new double[unitCount];
        for (Effect effect : effects) {
            estimate += effect.estimate() / effects.size();
            for (int unit = 0; unit < unitCount; unit++) {
                influence[unit] += effect.influence()[unit] / effects.size();
            }
        }
        return new Effect(OptionalInt.empty(), estimate, influence);
    }

    private static double indicator(boolean condition)
    {
        return condition ? 1 : 0;
    }

    /**
     * The placebo effect: the mean of the event-time effects before the start (e &lt; 0), each the
     * cohort-size weighted mean of its cells. With parallel trends it is zero; a differential trend
     * moves every pre-period cell the same way, so this one-degree-of-freedom test keeps its size
     * where the joint Wald test, with a covariance estimated from a few units per cohort, rejects
     * far too often (docs/experiments.md gives the simulated rates). Empty without pre-periods.
     */
    public Optional<Effect> preTreatmentAverage()
    {
        Optional<AggregatedEffects> byEventTime = aggregate(AggregationType.EVENT_TIME);
        if (byEventTime.isEmpty()) {
            return Optional.empty();
        }
        List<Effect> before = byEventTime.get().parts().stream().filter(part -> part.key().getAsInt() < 0).toList();
        return before.isEmpty() ? Optional.empty() : Optional.of(average(before));
    }

    /**
     * The Wald test of the pre-treatment cells being zero, W = n·a'V⁻¹a with V = Ψ'Ψ/n over those
     * cells; empty when there is no pre-treatment cell with a positive variance or V is singular.
     * R {@code did}'s figure, published for comparison; see {@link #preTreatmentAverage()}.
     */
    public Optional<PreTrendTest> preTrendTest()
    {
        List<Integer> pre = new ArrayList<>();
        for (int index = 0; index < cells.size(); index++) {
            if (!cells.get(index).postTreatment() && cell(index).analyticStandardError() > 0) {
                pre.add(index);
            }
        }
        if (pre.isEmpty()) {
            return Optional.empty();
        }
        int unitCount = unitCohorts.length;
        int size = pre.size();
        double[][] covariance = new double[size][size];
        double[] estimates = new double[size];
        for (int row = 0; row < size; row++) {
            estimates[row] = cells.get(pre.get(row)).estimate();
            for (int column = 0; column <= row; column++) {
                double[] left = influences.get(pre.get(row));
                double[] right = influences.get(pre.get(column));
                double sum = 0;
                for (int unit = 0; unit < unitCount; unit++) {
                    sum += left[unit] * right[unit];
                }
                covariance[row][column] = sum / unitCount;
                covariance[column][row] = sum / unitCount;
            }
        }
        Optional<double[][]> inverse = Inference.invertWellConditioned(covariance);
        if (inverse.isEmpty()) {
            return Optional.empty();
        }
        double quadraticForm = 0;
        for (int row = 0; row < size; row++) {
            for (int column = 0; column < size; column++) {
                quadraticForm += estimates[row] * inverse.get()[row][column] * estimates[column];
            }
        }
        double statistic = unitCount * quadraticForm;
        return Optional.of(new PreTrendTest(statistic, size, Inference.chiSquareSurvival(statistic, size)));
    }
}
