package org.isg.warehouse.pipeline.gold;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.contracts.tables.WarehouseTables;
import org.isg.warehouse.indicators.Indicator;
import org.isg.warehouse.indicators.IndicatorCatalogue;
import org.isg.warehouse.indicators.Level;
import org.isg.warehouse.pipeline.SparkSchemas;
import org.isg.warehouse.pipeline.Warehouse;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * {@code gold.base_scores}: one row per base and period with its level scores, score, rank in its
 * cohort and rank interval ({@link PerformanceScorer}), from {@code gold.indicator_values}. The
 * Monte Carlo seed of a cohort and period is derived from the run's seed and their names, so the
 * same night gives the same intervals.
 */
public final class BaseScoresJob
{
    public static final String TABLE = WarehouseTables.BASE_SCORES.name();
    public static final long DEFAULT_SEED = 20250601L;
    public static final int DEFAULT_DRAWS = 1000;

    public static final StructType SCHEMA = SparkSchemas.of(WarehouseTables.BASE_SCORES);

    private final Warehouse warehouse;
    private final BaseRegistry registry;

    public BaseScoresJob(Warehouse warehouse, BaseRegistry registry)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.registry = requireNonNull(registry, "registry is null");
    }

    public long run(IndicatorCatalogue catalogue, LocalDate cutoffDate, String runId, long seed, int draws)
    {
        if (!warehouse.exists(Warehouse.GOLD, IndicatorValuesJob.TABLE)) {
            return 0;
        }
        Map<String, Indicator> indicators = catalogue.indicators().stream().collect(Collectors.toMap(Indicator::code, Function.identity()));
        // cohort | period type | period → base → values
        Map<String, Map<String, List<PerformanceScorer.Value>>> groups = new TreeMap<>();
        for (Row row : warehouse.read(Warehouse.GOLD, IndicatorValuesJob.TABLE)
                .select("cohort", "period_type", "period", "base_code", "indicator_code", "obs_status", "value", "numerator", "denominator", "ci_low", "ci_high",
                        "quality_flags").collectAsList()) {
            String group = row.getString(0) + "|" + row.getString(1) + "|" + row.getString(2);
            List<String> flags = row.isNullAt(11) ? List.of() : row.getList(11);
            groups.computeIfAbsent(group, ignored -> new TreeMap<>()).computeIfAbsent(row.getString(3), ignored -> new ArrayList<>())
                    .add(new PerformanceScorer.Value(row.getString(4), ObservationStatus.valueOf(row.getString(5)), (Double) row.get(6), (Double) row.get(7),
                            (Double) row.get(8), (Double) row.get(9), (Double) row.get(10), flags.contains(QualityFlag.PERCENTILE_UNBOUNDED.name())));
        }
        Timestamp asOf = IndicatorValuesJob.cutoff(cutoffDate);
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<PerformanceScorer.Value>>> group : groups.entrySet()) {
            String[] key = group.getKey().split("\\|", -1);
            List<PerformanceScorer.Candidate> cohort = new ArrayList<>();
            for (Map.Entry<String, List<PerformanceScorer.Value>> base : group.getValue().entrySet()) {
                cohort.add(new PerformanceScorer.Candidate(base.getKey(), applicable(base.getKey(), catalogue), base.getValue()));
            }
            long groupSeed = seed * 31 + group.getKey().hashCode();
            List<PerformanceScorer.Score> scores = PerformanceScorer.score(cohort, indicators, groupSeed, draws);
            int scored = (int) scores.stream().filter(score -> score.score().isPresent()).count();
            for (PerformanceScorer.Score score : scores) {
                rows.add(RowFactory.create(score.baseCode(), key[0], key[1], key[2],
                        score.levelScores().get(Level.MICRO), score.levelScores().get(Level.MESO), score.levelScores().get(Level.MACRO),
                        score.score().isPresent() ? score.score().getAsDouble() : null, score.status().map(Enum::name).orElse(null), score.rank().orElse(null), score.rankLow().orElse(null),
                        score.rankHigh().orElse(null), score.rankMean().isPresent() ? score.rankMean().getAsDouble() : null, scored,
                        score.applicableIndicators(), (int) score.indicatorsWithValue(), score.coverage(), score.notScoredReason().orElse(null),
                        draws, groupSeed, asOf, runId));
            }
        }
        warehouse.overwriteIfChanged(Warehouse.GOLD, TABLE, warehouse.spark().createDataFrame(rows, SCHEMA), Set.of("run_id"));
        return rows.size();
    }

    /** The catalogue's indicators whose dataset the base is expected to deliver. */
    private Set<String> applicable(String baseCode, IndicatorCatalogue catalogue)
    {
        return catalogue.indicators().stream().filter(indicator -> registry.isExpected(baseCode, indicator.dataset())).map(Indicator::code).collect(Collectors.toSet());
    }
}
