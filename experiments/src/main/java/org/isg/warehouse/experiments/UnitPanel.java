package org.isg.warehouse.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * One outcome of one experiment as a panel: units (streets, communities or villages), each with the
 * period its treatment went live (none for a control unit), and the outcome per unit and period
 * where it was observed. Periods are consecutive whole numbers (the pipeline uses month numbers);
 * a panel may miss unit-periods (an unbalanced panel). Immutable.
 */
public final class UnitPanel
{
    private final List<String> units;
    private final int[] firstTreatedPeriods;
    private final int[] periods;
    private final double[][] outcomes;

    private UnitPanel(List<String> units, int[] firstTreatedPeriods, int[] periods, double[][] outcomes)
    {
        this.units = List.copyOf(units);
        this.firstTreatedPeriods = firstTreatedPeriods;
        this.periods = periods;
        this.outcomes = outcomes;
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /** The unit identifiers, sorted. */
    public List<String> units()
    {
        return units;
    }

    public int unitCount()
    {
        return units.size();
    }

    /** The first treated period of the unit at this position of {@link #units()}; empty for a control unit. */
    public OptionalInt firstTreatedPeriod(int unit)
    {
        int period = firstTreatedPeriods[unit];
        return period == NEVER ? OptionalInt.empty() : OptionalInt.of(period);
    }

    /** The periods with at least one observation, ascending. */
    public int[] periods()
    {
        return periods.clone();
    }

    /** The outcome of a unit at the period at this position of {@link #periods()}; NaN where not observed. */
    public double outcome(int unit, int periodIndex)
    {
        return outcomes[unit][periodIndex];
    }

    /** Internal encoding of "never treated": later than every period, so "not yet treated at t" is {@code cohort > t}. */
    static final int NEVER = Integer.MAX_VALUE;

    int cohort(int unit)
    {
        return firstTreatedPeriods[unit];
    }

    public static final class Builder
    {
        private final Map<String, Integer> firstTreated = new TreeMap<>();
        private final Map<String, Map<Integer, Double>> observations = new HashMap<>();

        private Builder() {}

        /** Declares a unit: treated from {@code firstTreatedPeriod} on, or a control unit when it is empty. */
        public Builder unit(String unit, OptionalInt firstTreatedPeriod)
        {
            requireNonNull(unit, "unit is null");
            requireNonNull(firstTreatedPeriod, "firstTreatedPeriod is null");
            if (firstTreatedPeriod.isPresent() && firstTreatedPeriod.getAsInt() == NEVER) {
                throw new IllegalArgumentException("first treated period out of range");
            }
            if (firstTreated.putIfAbsent(unit, firstTreatedPeriod.orElse(NEVER)) != null) {
                throw new IllegalArgumentException("unit declared twice: " + unit);
            }
            return this;
        }

        /** The outcome of a declared unit in one period (at most one per unit and period; finite). */
        public Builder outcome(String unit, int period, double value)
        {
            requireNonNull(unit, "unit is null");
            if (!firstTreated.containsKey(unit)) {
                throw new IllegalArgumentException("outcome for an undeclared unit: " + unit);
            }
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("outcome is not a finite number: unit %s, period %d".formatted(unit, period));
            }
            if (observations.computeIfAbsent(unit, ignored -> new HashMap<>()).putIfAbsent(period, value) != null) {
                throw new IllegalArgumentException("two outcomes for unit %s in period %d".formatted(unit, period));
            }
            return this;
        }

        public UnitPanel build()
        {
            TreeSet<Integer> observedPeriods = new TreeSet<>();
            observations.values().forEach(byPeriod -> observedPeriods.addAll(byPeriod.keySet()));
            int[] periods = observedPeriods.stream().mapToInt(Integer::intValue).toArray();
            Map<Integer, Integer> periodIndex = new HashMap<>();
            for (int index = 0; index < periods.length; index++) {
                periodIndex.put(periods[index], index);
            }
            List<String> units = new ArrayList<>(firstTreated.keySet());
            int[] cohorts = new int[units.size()];
            double[][] outcomes = new double[units.size()][periods.length];
            for (int unit = 0; unit < units.size(); unit++) {
                cohorts[unit] = firstTreated.get(units.get(unit));
                Arrays.fill(outcomes[unit], Double.NaN);
                for (Map.Entry<Integer, Double> observation : observations.getOrDefault(units.get(unit), Map.of()).entrySet()) {
                    outcomes[unit][periodIndex.get(observation.getKey())] = observation.getValue();
                }
            }
            return new UnitPanel(units, cohorts, periods, outcomes);
        }
    }
}
