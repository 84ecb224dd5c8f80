package org.isg.warehouse.pipeline.gold;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.contracts.tables.WarehouseTables;
import org.isg.warehouse.contracts.text.Sha256;
import org.isg.warehouse.indicators.Indicator;
import org.isg.warehouse.indicators.IndicatorCatalogue;
import org.isg.warehouse.indicators.Level;
import org.isg.warehouse.pipeline.SparkSchemas;
import org.isg.warehouse.pipeline.Warehouse;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * <p>
 * A cohort and period is scored again only when its inputs changed (issue 14: the Monte Carlo was
 * most of an incremental night's gold time, for cohort-periods that are mostly as they were). Its
 * inputs are every indicator value of its bases, the definitions in force (catalogue, registry,
 * pipeline version), the seed and the number of draws; their digest per cohort-period travels in
 * the commit that writes the scores ({@code userMetadata}), so a crash never separates the two.
 * The rows of a cohort-period whose digest is the stored one are the stored rows, with this run's
 * cut-off and run id. Anything else (no digest stored, a table written since by someone else,
 * another definition) is scored in full.
 */
public final class BaseScoresJob
{
    public static final String TABLE = WarehouseTables.BASE_SCORES.name();
    public static final long DEFAULT_SEED = 20250601L;
    public static final int DEFAULT_DRAWS = 1000;

    public static final StructType SCHEMA = SparkSchemas.of(WarehouseTables.BASE_SCORES);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIGESTS_FIELD = "isg_score_inputs";
    // Maintenance commits (OPTIMIZE, VACUUM) since the scores were written are looked through, up to this many
    private static final int COMMITS_SEARCHED = 16;

    private final Warehouse warehouse;
    private final BaseRegistry registry;

    /** How much of the stored scores a run may keep. */
    public enum Reuse
    {
        /** Cohort-periods whose inputs are as when they were scored keep their scores. */
        UNCHANGED_COHORT_PERIODS,
        /** Every cohort-period is scored (a rebuild). */
        NONE,
    }

    /** What a run wrote: the rows, and how many cohort-periods were scored and how many kept. */
    public record Result(long rows, int cohortPeriodsScored, int cohortPeriodsKept) {}

    public BaseScoresJob(Warehouse warehouse, BaseRegistry registry)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.registry = requireNonNull(registry, "registry is null");
    }

    /**
     * Scores every cohort-period of {@code gold.indicator_values}, keeping stored scores as {@code reuse} allows.
     *
     * @param definitionsFingerprint the definitions in force ({@link GoldInputs#definitionsFingerprint}):
     * a stored score computed under others is not kept
     */
    public Result run(IndicatorCatalogue catalogue, String definitionsFingerprint, LocalDate cutoffDate, String runId, long seed, int draws, Reuse reuse)
    {
        if (!warehouse.exists(Warehouse.GOLD, IndicatorValuesJob.TABLE)) {
            return new Result(0, 0, 0);
        }
        Map<String, Indicator> indicators = catalogue.indicators().stream().collect(Collectors.toMap(Indicator::code, Function.identity()));
        // cohort | period type | period → base → values
        Map<String, Map<String, List<PerformanceScorer.Value>>> groups = new TreeMap<>();
        for (Row row : warehouse.read(Warehouse.GOLD, IndicatorValuesJob.TABLE)
                .select("cohort", "period_type", "period", "base_code", "indicator_code", "obs_status", "value", "numerator", "denominator", "ci_low", "ci_high",
                        "quality_flags").collectAsList()) {
            String group = cohortPeriod(row.getString(0), row.getString(1), row.getString(2));
            List<String> flags = row.isNullAt(11) ? List.of() : row.getList(11);
            groups.computeIfAbsent(group, ignored -> new TreeMap<>()).computeIfAbsent(row.getString(3), ignored -> new ArrayList<>())
                    .add(new PerformanceScorer.Value(row.getString(4), ObservationStatus.valueOf(row.getString(5)), (Double) row.get(6), (Double) row.get(7),
                            (Double) row.get(8), (Double) row.get(9), (Double) row.get(10), flags.contains(QualityFlag.PERCENTILE_UNBOUNDED.name())));
        }
        Map<String, String> digests = new TreeMap<>();
        for (Map.Entry<String, Map<String, List<PerformanceScorer.Value>>> group : groups.entrySet()) {
            digests.put(group.getKey(), digest(definitionsFingerprint, seed, draws, group.getKey(), group.getValue()));
        }
        Timestamp asOf = IndicatorValuesJob.cutoff(cutoffDate);
        Map<String, List<Row>> kept = switch (reuse) {
            case UNCHANGED_COHORT_PERIODS -> storedScoresOfUnchanged(digests, asOf, runId);
            case NONE -> Map.of();
        };
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<PerformanceScorer.Value>>> group : groups.entrySet()) {
            if (kept.containsKey(group.getKey())) {
                rows.addAll(kept.get(group.getKey()));
                continue;
            }
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
        warehouse.overwriteIfChanged(Warehouse.GOLD, TABLE, warehouse.spark().createDataFrame(rows, SCHEMA), Set.of("run_id"), Optional.of(digestsJson(digests)));
        return new Result(rows.size(), groups.size() - kept.size(), kept.size());
    }

    /**
     * The stored rows of every cohort-period whose stored digest is the one given, as of this run; none
     * unless the table's latest data commit is the one that stored the digests (the scores as this job
     * left them).
     */
    private Map<String, List<Row>> storedScoresOfUnchanged(Map<String, String> digests, Timestamp asOf, String runId)
    {
        if (!warehouse.exists(Warehouse.GOLD, TABLE)) {
            return Map.of();
        }
        Optional<Warehouse.DataCommit> commit = warehouse.latestDataCommit(Warehouse.GOLD, TABLE, COMMITS_SEARCHED);
        if (commit.isEmpty() || commit.get().userMetadata().isEmpty()) {
            return Map.of();
        }
        Map<String, String> stored = storedDigests(commit.get().userMetadata().get());
        Set<String> unchanged = digests.keySet().stream().filter(group -> digests.get(group).equals(stored.get(group))).collect(Collectors.toSet());
        if (unchanged.isEmpty()) {
            return Map.of();
        }
        int asOfIndex = SCHEMA.fieldIndex("as_of");
        int runIdIndex = SCHEMA.fieldIndex("run_id");
        Map<String, List<Row>> rows = new TreeMap<>();
        // the version that stored the digests: the rows they describe, whatever maintenance came after
        Dataset<Row> scores = warehouse.read(Warehouse.GOLD, TABLE, commit.get().version());
        if (!scores.schema().simpleString().equals(SCHEMA.simpleString())) {
            // written by an older layout of the table
            return Map.of();
        }
        for (Row row : scores.collectAsList()) {
            String group = cohortPeriod(row.getAs("cohort"), row.getAs("period_type"), row.getAs("period"));
            if (unchanged.contains(group)) {
                Object[] values = new Object[row.size()];
                for (int index = 0; index < row.size(); index++) {
                    values[index] = row.get(index);
                }
                values[asOfIndex] = asOf;
                values[runIdIndex] = runId;
                rows.computeIfAbsent(group, ignored -> new ArrayList<>()).add(RowFactory.create(values));
            }
        }
        return rows;
    }

    /** A cohort-period's key: in the digests and for the stored rows alike, or no stored row would ever match. */
    private static String cohortPeriod(String cohort, String periodType, String period)
    {
        return cohort + "|" + periodType + "|" + period;
    }

    /**
     * A cohort-period's inputs in a canonical text, hashed: its bases in order, each with its values in
     * indicator order (the scorer looks values up by code, so their order in the table does not matter).
     */
    static String digest(String definitionsFingerprint, long seed, int draws, String group, Map<String, List<PerformanceScorer.Value>> valuesByBase)
    {
        StringBuilder text = new StringBuilder();
        text.append(definitionsFingerprint).append('\n').append(seed).append(' ').append(draws).append('\n').append(group).append('\n');
        for (Map.Entry<String, List<PerformanceScorer.Value>> base : new TreeMap<>(valuesByBase).entrySet()) {
            text.append(base.getKey()).append('\n');
            // a record's text names every component, so a component added later is part of the digest
            base.getValue().stream().sorted(Comparator.comparing(PerformanceScorer.Value::indicatorCode)).forEach(value -> text.append(value).append('\n'));
        }
        return Sha256.hex(text.toString());
    }

    private static String digestsJson(Map<String, String> digests)
    {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode byGroup = root.putObject(DIGESTS_FIELD);
        digests.forEach(byGroup::put);
        return root.toString();
    }

    private static Map<String, String> storedDigests(String userMetadata)
    {
        Map<String, String> digests = new TreeMap<>();
        try {
            JSON.readTree(userMetadata).path(DIGESTS_FIELD).fields().forEachRemaining(entry -> digests.put(entry.getKey(), entry.getValue().asText()));
        }
        catch (JsonProcessingException e) {
            // metadata another writer attached: no digest, so nothing is kept
            return Map.of();
        }
        return digests;
    }

    /** The catalogue's indicators whose dataset the base is expected to deliver. */
    private Set<String> applicable(String baseCode, IndicatorCatalogue catalogue)
    {
        return catalogue.indicators().stream().filter(indicator -> registry.isExpected(baseCode, indicator.dataset())).map(Indicator::code).collect(Collectors.toSet());
    }
}
