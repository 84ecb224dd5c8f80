package org.isg.warehouse.experiments;

import java.util.List;
import java.util.OptionalInt;
import java.util.Random;

import static java.util.Objects.requireNonNull;

/**
 * A seeded experiment with a planted effect, for the tests' recovery figures and the benchmark: y = unit level + 0.3·t + effect(t − g)·1{t ≥ g} +
 * preTrendSlope·t·1{treated} + N(0, noise²), where effect(e) = effect·(1 + growth·e). With a
 * share of unit-periods left out it is an unbalanced panel.
 */
public record SimulatedExperiment(int periods, int neverTreatedUnits, List<Cohort> cohorts, double effect, double growth, double preTrendSlope,
        double noise, double missingShare)
{
    public record Cohort(int firstTreatedPeriod, int units) {}

    public SimulatedExperiment
    {
        cohorts = List.copyOf(requireNonNull(cohorts, "cohorts is null"));
    }

    /** The effect the panel carries on average over its post-treatment cells, weighted as {@link AggregationType#SIMPLE} weights them in expectation. */
    public double simpleEffect()
    {
        double weighted = 0;
        double weights = 0;
        for (Cohort cohort : cohorts) {
            for (int period = cohort.firstTreatedPeriod(); period <= periods; period++) {
                weighted += cohort.units() * effect * (1 + growth * (period - cohort.firstTreatedPeriod()));
                weights += cohort.units();
            }
        }
        return weighted / weights;
    }

    public UnitPanel panel(long seed)
    {
        Random random = new Random(seed);
        UnitPanel.Builder builder = UnitPanel.builder();
        int unitNumber = 0;
        for (int unit = 0; unit < neverTreatedUnits; unit++) {
            add(builder, random, "U%04d".formatted(unitNumber++), OptionalInt.empty());
        }
        for (Cohort cohort : cohorts) {
            for (int unit = 0; unit < cohort.units(); unit++) {
                add(builder, random, "U%04d".formatted(unitNumber++), OptionalInt.of(cohort.firstTreatedPeriod()));
            }
        }
        return builder.build();
    }

    private void add(UnitPanel.Builder builder, Random random, String unit, OptionalInt firstTreated)
    {
        builder.unit(unit, firstTreated);
        double level = random.nextGaussian();
        for (int period = 1; period <= periods; period++) {
            double outcome = level + 0.3 * period + noise * random.nextGaussian();
            if (firstTreated.isPresent()) {
                outcome += preTrendSlope * period;
                if (period >= firstTreated.getAsInt()) {
                    outcome += effect * (1 + growth * (period - firstTreated.getAsInt()));
                }
            }
            // Every unit keeps its first two periods, so every cell keeps observations
            if (period > 2 && random.nextDouble() < missingShare) {
                continue;
            }
            builder.outcome(unit, period, outcome);
        }
    }
}
