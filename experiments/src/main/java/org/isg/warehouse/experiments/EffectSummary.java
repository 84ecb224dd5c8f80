package org.isg.warehouse.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * Everything published for one panel and one comparison: the aggregations with bootstrap intervals,
 * the placebo pre-trend effect, R's Wald pre-test, the event study with its covariance, what the
 * estimator flagged, and the unit counts the trust grade looks at: the treated units, the fewest
 * comparison units behind a post-treatment cell, and the smallest cohort.
 */
public record EffectSummary(ControlGroup controlGroup, List<PublishedEffect> effects, Optional<PublishedEffect> placebo,
        Optional<PreTrendTest> waldPreTest, Optional<EventStudy> eventStudy, List<EstimationFlag> flags, int units, int treatedUnits,
        int comparisonUnits, int smallestCohort, int cells)
{
    public EffectSummary
    {
        requireNonNull(controlGroup, "controlGroup is null");
        effects = List.copyOf(effects);
        requireNonNull(placebo, "placebo is null");
        requireNonNull(waldPreTest, "waldPreTest is null");
        requireNonNull(eventStudy, "eventStudy is null");
        flags = List.copyOf(flags);
    }

    /**
     * Estimates the panel's effects against one comparison; intervals at level 1 − alpha from the
     * bootstrap (the same seeded draws for every effect of the panel).
     */
    public static EffectSummary estimate(UnitPanel panel, ControlGroup controlGroup, MultiplierBootstrap bootstrap, double alpha)
    {
        requireNonNull(bootstrap, "bootstrap is null");
        GroupTimeEffects effects = CallawaySantAnna.estimate(panel, controlGroup);
        Optional<AggregatedEffects> simple = effects.aggregate(AggregationType.SIMPLE);
        int treatedUnits = effects.cohorts().stream().mapToInt(effects::cohortSize).sum();
        int smallestCohort = effects.cohorts().stream().mapToInt(effects::cohortSize).min().orElse(0);
        int comparisonUnits = effects.cells().stream().filter(GroupTimeEffect::postTreatment).mapToInt(GroupTimeEffect::controlUnits).min().orElse(0);
        if (simple.isEmpty()) {
            return new EffectSummary(controlGroup, List.of(), Optional.empty(), Optional.empty(), Optional.empty(), effects.flags(), effects.unitCount(),
                    treatedUnits, comparisonUnits, smallestCohort, effects.cells().size());
        }
        AggregatedEffects byEventTime = effects.aggregate(AggregationType.EVENT_TIME).orElseThrow();
        AggregatedEffects byCohort = effects.aggregate(AggregationType.COHORT).orElseThrow();
        double pointwise = Inference.normalQuantile(1 - alpha / 2);

        List<PublishedEffect> published = new ArrayList<>();
        // The event study's band: its critical value is taken over the event times jointly
        MultiplierBootstrap.Result eventTimes = bootstrap.run(byEventTime.parts(), alpha);
        double band = Double.isFinite(eventTimes.uniformCriticalValue()) ? Math.max(pointwise, eventTimes.uniformCriticalValue()) : pointwise;
        for (int index = 0; index < byEventTime.parts().size(); index++) {
            published.add(publish(controlGroup, AggregationType.EVENT_TIME, byEventTime.parts().get(index), eventTimes.standardError(index), band, true));
        }
        List<Effect> pointwiseEffects = new ArrayList<>();
        List<AggregationType> types = new ArrayList<>();
        pointwiseEffects.add(simple.get().overall());
        types.add(AggregationType.SIMPLE);
        pointwiseEffects.add(byEventTime.overall());
        types.add(AggregationType.EVENT_TIME);
        pointwiseEffects.add(byCohort.overall());
        types.add(AggregationType.COHORT);
        for (Effect part : byCohort.parts()) {
            pointwiseEffects.add(part);
            types.add(AggregationType.COHORT);
        }
        Optional<Effect> placebo = effects.preTreatmentAverage();
        placebo.ifPresent(pointwiseEffects::add);
        MultiplierBootstrap.Result others = bootstrap.run(pointwiseEffects, alpha);
        for (int index = 0; index < types.size(); index++) {
            published.add(publish(controlGroup, types.get(index), pointwiseEffects.get(index), others.standardError(index), pointwise, false));
        }
        Optional<PublishedEffect> publishedPlacebo = placebo.map(effect ->
                publish(controlGroup, AggregationType.EVENT_TIME, effect, others.standardError(types.size()), pointwise, false));
        return new EffectSummary(controlGroup, published, publishedPlacebo, effects.preTrendTest(), Optional.of(EventStudy.of(byEventTime.parts())), effects.flags(),
                effects.unitCount(), treatedUnits, comparisonUnits, smallestCohort, effects.cells().size());
    }

    private static PublishedEffect publish(ControlGroup controlGroup, AggregationType type, Effect effect, double standardError, double criticalValue, boolean uniformBand)
    {
        OptionalInt key = effect.key();
        double halfWidth = criticalValue * standardError;
        return new PublishedEffect(controlGroup, type, key, effect.estimate(), standardError, effect.estimate() - halfWidth, effect.estimate() + halfWidth, uniformBand);
    }
}
