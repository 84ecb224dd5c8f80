package org.isg.warehouse.indicators;

import org.isg.warehouse.contracts.dataset.Dataset;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * One catalogue entry (SPEC §4). Expressions are Spark SQL over the silver columns of
 * {@link #dataset()}; {@value #CUTOFF_PLACEHOLDER} stands for the run's data cut-off.
 *
 * @param periodBy the timestamp or date column whose China calendar month puts a record in a period
 * @param population which records (or entities) count at all: the denominator's records
 * @param numerator RATIO and LATEST_PER_ENTITY_RATIO: which of those count in the numerator
 * @param finalAfterDays extra days after the usual 15 before a period's value is final (SPEC §4): the
 *     indicator reads the cut-off, so its value can still move that long
 * @param startedBy PERCENTILE: when the measured interval began; an event of the population whose
 *     measure is null (unfinished at the cut-off) and that began more than {@code censorAfterMinutes}
 *     before the cut-off enters the percentile as +∞
 * @param definitionHash first 16 hex of the SHA-256 of the entry's canonical JSON
 */
public record Indicator(
        String code,
        int version,
        String nameZh,
        String nameEn,
        Level level,
        Dataset dataset,
        String periodBy,
        IndicatorKind kind,
        String population,
        Optional<String> numerator,
        Optional<String> measure,
        OptionalDouble percentile,
        Optional<String> distinct,
        Optional<String> perCapita,
        Optional<String> entity,
        List<String> latestBy,
        String unit,
        Direction direction,
        int minimumN,
        Goalposts goalposts,
        String description,
        String guideline,
        int finalAfterDays,
        Optional<String> startedBy,
        OptionalInt censorAfterMinutes,
        String definitionHash)
{
    public static final String CUTOFF_PLACEHOLDER = "${cutoff}";

    public Indicator
    {
        requireNonNull(code, "code is null");
        requireNonNull(nameZh, "nameZh is null");
        requireNonNull(nameEn, "nameEn is null");
        requireNonNull(level, "level is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(periodBy, "periodBy is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(population, "population is null");
        requireNonNull(numerator, "numerator is null");
        requireNonNull(measure, "measure is null");
        requireNonNull(percentile, "percentile is null");
        requireNonNull(distinct, "distinct is null");
        requireNonNull(perCapita, "perCapita is null");
        requireNonNull(entity, "entity is null");
        latestBy = List.copyOf(requireNonNull(latestBy, "latestBy is null"));
        requireNonNull(unit, "unit is null");
        requireNonNull(direction, "direction is null");
        requireNonNull(goalposts, "goalposts is null");
        requireNonNull(description, "description is null");
        requireNonNull(guideline, "guideline is null");
        requireNonNull(startedBy, "startedBy is null");
        requireNonNull(censorAfterMinutes, "censorAfterMinutes is null");
        requireNonNull(definitionHash, "definitionHash is null");
    }
}
