package org.isg.warehouse.pipeline;

import org.isg.warehouse.contracts.dataset.Dataset;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.contracts.tables.Release;
import org.isg.warehouse.indicators.IndicatorCatalogue;
import org.isg.warehouse.indicators.disclosure.DisclosurePolicy;
import org.isg.warehouse.pipeline.gold.BaseScoresJob;
import org.isg.warehouse.pipeline.gold.ConfidentialityJob;
import org.isg.warehouse.pipeline.gold.DataQualityJob;
import org.isg.warehouse.pipeline.gold.ExperimentEffectsJob;
import org.isg.warehouse.pipeline.gold.GoldInputs;
import org.isg.warehouse.pipeline.gold.IndicatorValuesJob;
import org.isg.warehouse.pipeline.gold.SubmissionQualityJob;
import org.isg.warehouse.pipeline.ingest.IngestJob;
import org.isg.warehouse.pipeline.ops.DeliveryLedger;
import org.isg.warehouse.pipeline.ops.DeliveryStatus;
import org.isg.warehouse.pipeline.ops.RunLedger;
import org.isg.warehouse.pipeline.ops.RunLock;
import org.isg.warehouse.pipeline.privacy.Pseudonymizer;
import org.isg.warehouse.pipeline.publish.Releases;
import org.isg.warehouse.pipeline.publish.Serving;
import org.isg.warehouse.pipeline.ref.ReferenceTables;
import org.isg.warehouse.pipeline.refine.RefineJob;
import org.isg.warehouse.sql.Publisher;
import org.isg.warehouse.sql.TrinoTarget;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * One night, every stage, in order (SPEC §6 {@code run}): the deliveries whose export date is the
 * run date, and any earlier ones not yet processed. Each stage is recorded in {@code ops.runs}.
 */
public final class NightlyRun
{
    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Warehouse warehouse;
    private final BaseRegistry registry;
    private final Pseudonymizer pseudonymizer;
    private final Consumer<String> progress;
    private final Optional<TrinoTarget> publishTarget;

    public NightlyRun(Warehouse warehouse, BaseRegistry registry, Pseudonymizer pseudonymizer, Consumer<String> progress)
    {
        this(warehouse, registry, pseudonymizer, progress, Optional.empty());
    }

    /**
     * @param publishTarget the Trino server the PUBLISH stage publishes to; empty: the server
     *         {@code ./isg trino start} runs for this warehouse, if one does
     */
    public NightlyRun(Warehouse warehouse, BaseRegistry registry, Pseudonymizer pseudonymizer, Consumer<String> progress, Optional<TrinoTarget> publishTarget)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.pseudonymizer = requireNonNull(pseudonymizer, "pseudonymizer is null");
        this.progress = requireNonNull(progress, "progress is null");
        this.publishTarget = requireNonNull(publishTarget, "publishTarget is null");
    }

    /** Per dataset: deliveries accepted / rejected and rows accepted / quarantined, for the whole warehouse. */
    public record DatasetSummary(String dataset, long deliveriesAccepted, long deliveriesRejected, long deliveriesSuperseded, long rowsAccepted, long rowsQuarantined) {}

    public record Result(String runId, List<DatasetSummary> summary) {}

    public static String newRunId()
    {
        return "run-" + RUN_ID_TIME.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public Result run(String landing, LocalDate date)
    {
        String runId = newRunId();
        progress.accept("run %s: night of %s, landing %s, warehouse %s".formatted(runId, date, landing, warehouse.root()));
        // One lock for the whole night: no other run starts between its stages
        RunLock lock = RunLock.acquire(warehouse, runId, RunLock.DEFAULT_STALE_AFTER);
        try {
            // the session is shared with whoever embeds the pipeline: its time zone may have been changed since
            SparkSessions.pinSemantics(warehouse.spark());
            RunLedger runs = new RunLedger(warehouse);
            Stage[] stages = Stage.values();
            Instant startedAt = Instant.now();
            runs.started(runId, date, stages[0], startedAt);
            for (int index = 0; index < stages.length; index++) {
                Stage stage = stages[index];
                SparkSessions.pinSemantics(warehouse.spark());
                Map<String, Long> counts = recorded(runs, runId, date, stage, startedAt, progress, () -> work(stage, landing, date, runId));
                Instant endedAt = Instant.now();
                // A stage's end and the next one's start in one commit of the ledger
                if (index + 1 < stages.length) {
                    runs.finishedAndStarted(runId, date, stage, startedAt, endedAt, counts, stages[index + 1]);
                }
                else {
                    runs.finished(runId, date, stage, startedAt, endedAt, counts);
                }
                reportFinished(progress, stage, startedAt, counts);
                startedAt = endedAt;
            }
        }
        finally {
            lock.close();
        }
        return new Result(runId, summary());
    }

    /**
     * One stage of a night, as an orchestrator runs it (one task per stage, the run id shared by the
     * night's tasks); recorded in {@code ops.runs}. A stage left RUNNING by a dead process is marked
     * ABANDONED in the commit that records this stage started.
     */
    public void runStage(Stage stage, String landing, LocalDate date, String runId)
    {
        // the lock first: only its holder may mark another stage's RUNNING row abandoned (RunLedger.started)
        RunLock lock = RunLock.acquire(warehouse, runId, RunLock.DEFAULT_STALE_AFTER);
        try {
            stage(warehouse, new RunLedger(warehouse), runId, date, stage, progress, () -> work(stage, landing, date, runId));
        }
        finally {
            lock.close();
        }
    }

    private Map<String, Long> work(Stage stage, String landing, LocalDate date, String runId)
    {
        return switch (stage) {
            case INGEST -> ingest(landing, date, runId);
            case REFINE -> refine(runId);
            case INDICATORS -> gold(warehouse, registry, date, runId, false, progress);
            case PUBLISH -> publish(date, runId);
        };
    }

    private Map<String, Long> ingest(String landing, LocalDate date, String runId)
    {
        // The reference tables are small whatever the night brings; the deliveries' mode is set once they are inspected
        QueryExecution.INTERPRETED.applyTo(warehouse.spark());
        ReferenceTables reference = new ReferenceTables(warehouse);
        boolean registryWritten = reference.writeBases(registry);
        boolean catalogueWritten = reference.writeIndicators(IndicatorCatalogue.load());
        IngestJob.Result result = new IngestJob(warehouse, registry, pseudonymizer, progress).run(landing, date, runId);
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("deliveries_accepted", (long) result.accepted());
        counts.put("deliveries_rejected", (long) result.rejected());
        counts.put("deliveries_superseded", (long) result.superseded());
        counts.put("rows_loaded", result.rowsLoaded());
        counts.put("ref_bases_rewritten", registryWritten ? 1L : 0L);
        counts.put("ref_indicators_rewritten", catalogueWritten ? 1L : 0L);
        return counts;
    }

    private Map<String, Long> refine(String runId)
    {
        Map<String, Long> counts = new LinkedHashMap<>();
        RefineJob refine = new RefineJob(warehouse, progress);
        DeliveryLedger ledger = new DeliveryLedger(warehouse);
        List<DeliveryLedger.Entry> entries = ledger.entries();
        long rowsToRefine = entries.stream()
                .filter(entry -> entry.status() == DeliveryStatus.ACCEPTED && entry.refineRunId() == null)
                .mapToLong(entry -> entry.receivedRows() == null ? 0 : entry.receivedRows())
                .sum();
        QueryExecution.apply(warehouse.spark(), "refine", rowsToRefine, progress);
        List<DeliveryLedger.Entry> refined = new ArrayList<>();
        for (Dataset dataset : Dataset.values()) {
            RefineJob.Result result = refine.run(dataset.contract(), runId, entries);
            refined.addAll(result.refined());
            counts.merge("deliveries", (long) result.deliveries(), Long::sum);
            counts.merge("rows_accepted", result.accepted(), Long::sum);
            counts.merge("rows_quarantined", result.quarantined(), Long::sum);
            counts.merge("warnings", (long) result.warnings(), Long::sum);
        }
        // Last: until the ledger says a delivery is refined, the next run refines it again
        ledger.upsert(refined);
        return counts;
    }

    /**
     * Publishes to the configured Trino server, else to the one running for this warehouse, if one
     * does: nothing to serve otherwise.
     */
    private Map<String, Long> publish(LocalDate date, String runId)
    {
        // The release first: what the night publishes is recorded whether or not a server serves it
        Release release = new Releases(warehouse, Releases.DEFAULT_RETENTION_DAYS, progress).publish(date, runId);
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("release_tables", (long) release.tableVersions().size());
        if (publishTarget.isPresent()) {
            counts.putAll(counts(new Serving(warehouse, progress).publishTo(publishTarget.get())));
            return counts;
        }
        Optional<Serving> serving = warehouse.localPath().isPresent() ? Optional.of(new Serving(warehouse, progress)) : Optional.empty();
        if (serving.isEmpty() || !serving.get().server().status().running()) {
            progress.accept("publish: no Trino server runs for this warehouse and none is configured (--trino-url, " + TrinoTarget.URL_VARIABLE
                    + "); './isg trino start --warehouse …' starts one and publishes");
            counts.put("tables_registered", 0L);
            return counts;
        }
        counts.putAll(counts(serving.get().publish()));
        return counts;
    }

    private static Map<String, Long> counts(Publisher.Result result)
    {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("tables_registered", (long) result.tablesRegistered());
        counts.put("tables_already_registered", (long) result.tablesAlreadyRegistered());
        counts.put("views", (long) result.views().size());
        return counts;
    }

    /**
     * Stage INDICATORS alone, every gold row recomputed from silver: what the nights maintain
     * incrementally, for after a registry change or to verify them. Gold reads silver only, so no
     * pseudonym key is needed. Recorded in {@code ops.runs}.
     */
    public static String rebuildGold(Warehouse warehouse, BaseRegistry registry, LocalDate date, Consumer<String> progress)
    {
        String runId = newRunId();
        RunLock lock = RunLock.acquire(warehouse, runId, RunLock.DEFAULT_STALE_AFTER);
        try {
            RunLedger runs = new RunLedger(warehouse);
            progress.accept("run %s: gold rebuild as of %s, warehouse %s".formatted(runId, date, warehouse.root()));
            stage(warehouse, runs, runId, date, Stage.INDICATORS, progress, () -> gold(warehouse, registry, date, runId, true, progress));
        }
        finally {
            lock.close();
        }
        return runId;
    }

    private static Map<String, Long> gold(Warehouse warehouse, BaseRegistry registry, LocalDate date, String runId, boolean rebuild, Consumer<String> progress)
    {
        IndicatorCatalogue catalogue = IndicatorCatalogue.load();
        DisclosurePolicy disclosure = DisclosurePolicy.load();
        GoldInputs inputs = new GoldInputs(warehouse);
        if (!rebuild && inputs.unchangedSinceRecorded(inputs.current(date, catalogue, registry, disclosure))) {
            progress.accept("indicators: nothing gold reads or writes changed since the stage last finished with this cut-off (ops.gold_inputs); skipped");
            return Map.of("inputs_unchanged", 1L);
        }
        IndicatorValuesJob indicatorValues = new IndicatorValuesJob(warehouse, registry, progress);
        Map<String, Long> counts = new LinkedHashMap<>();
        // each job's time in the progress: where a night's gold time goes, without a profiler
        Lap lap = new Lap(progress);
        counts.put("indicator_values_written", rebuild ? indicatorValues.rebuild(catalogue, date, runId) : indicatorValues.run(catalogue, date, runId));
        lap.finished("indicator values");
        BaseScoresJob.Result scores = new BaseScoresJob(warehouse, registry).run(catalogue, GoldInputs.definitionsFingerprint(catalogue, registry, disclosure), date, runId,
                BaseScoresJob.DEFAULT_SEED, BaseScoresJob.DEFAULT_DRAWS, rebuild ? BaseScoresJob.Reuse.NONE : BaseScoresJob.Reuse.UNCHANGED_COHORT_PERIODS);
        counts.put("base_scores", scores.rows());
        counts.put("base_scores_cohort_periods_scored", (long) scores.cohortPeriodsScored());
        counts.put("base_scores_cohort_periods_kept", (long) scores.cohortPeriodsKept());
        lap.finished("base scores (%d cohort-periods scored, %d kept)".formatted(scores.cohortPeriodsScored(), scores.cohortPeriodsKept()));
        counts.put("submission_quality", new SubmissionQualityJob(warehouse, registry).run(date, runId));
        lap.finished("submission quality");
        DataQualityJob.Result review = new DataQualityJob(warehouse, progress).run(catalogue, date, runId);
        counts.put("dq_report_card", review.cardRows());
        counts.put("outlier_values", review.outlierValues());
        lap.finished("data-quality report card");
        counts.put("confidential_values", new ConfidentialityJob(warehouse).run(catalogue, disclosure, date, runId));
        lap.finished("confidentiality");
        ExperimentEffectsJob.Result experiments = new ExperimentEffectsJob(warehouse, registry, progress).run(catalogue, date, runId);
        counts.put("experiment_panel", experiments.panelRows());
        counts.put("experiment_effects", experiments.effectRows());
        counts.put("experiment_outcomes_estimated", (long) experiments.estimated());
        lap.finished("experiment effects");
        // Last: until it is recorded, the next night runs the stage
        inputs.record(inputs.current(date, catalogue, registry, disclosure), runId);
        return counts;
    }

    private interface StageWork
    {
        Map<String, Long> run();
    }

    private static void stage(Warehouse warehouse, RunLedger runs, String runId, LocalDate date, Stage stage, Consumer<String> progress, StageWork work)
    {
        // the session is shared with whoever embeds the pipeline: its time zone may have been changed since
        SparkSessions.pinSemantics(warehouse.spark());
        Instant started = Instant.now();
        runs.started(runId, date, stage, started);
        Map<String, Long> counts = recorded(runs, runId, date, stage, started, progress, work);
        runs.finished(runId, date, stage, started, Instant.now(), counts);
        reportFinished(progress, stage, started, counts);
    }

    /** Runs a stage recorded RUNNING; a failure is recorded FAILED, then thrown on. */
    private static Map<String, Long> recorded(RunLedger runs, String runId, LocalDate date, Stage stage, Instant started, Consumer<String> progress, StageWork work)
    {
        progress.accept("stage %s started".formatted(stage.taskName()));
        try {
            return work.run();
        }
        catch (RuntimeException e) {
            runs.failed(runId, date, stage, started, Instant.now(), e);
            throw e;
        }
    }

    /** Reports how long each job of a stage took, from the end of the one before. */
    private static final class Lap
    {
        private final Consumer<String> progress;
        private long startedNanos = System.nanoTime();

        Lap(Consumer<String> progress)
        {
            this.progress = requireNonNull(progress, "progress is null");
        }

        void finished(String job)
        {
            long now = System.nanoTime();
            progress.accept("indicators: %s in %.1f s".formatted(job, (now - startedNanos) / 1e9));
            startedNanos = now;
        }
    }

    private static void reportFinished(Consumer<String> progress, Stage stage, Instant started, Map<String, Long> counts)
    {
        progress.accept("stage %s finished in %.1f s %s".formatted(stage.taskName(), (Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000.0, counts));
    }

    public List<DatasetSummary> summary()
    {
        Map<String, long[]> byDataset = new LinkedHashMap<>();
        for (DeliveryLedger.Entry entry : new DeliveryLedger(warehouse).entries()) {
            long[] counts = byDataset.computeIfAbsent(entry.dataset() == null ? "?" : entry.dataset(), ignored -> new long[5]);
            switch (entry.status()) {
                case ACCEPTED -> counts[0]++;
                case REJECTED -> counts[1]++;
                case SUPERSEDED -> counts[2]++;
            }
            if (entry.status() == DeliveryStatus.ACCEPTED) {
                counts[3] += entry.acceptedRows() == null ? 0 : entry.acceptedRows();
                counts[4] += entry.quarantinedRows() == null ? 0 : entry.quarantinedRows();
            }
        }
        List<DatasetSummary> summary = new ArrayList<>();
        byDataset.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            long[] counts = entry.getValue();
            summary.add(new DatasetSummary(entry.getKey(), counts[0], counts[1], counts[2], counts[3], counts[4]));
        });
        return summary;
    }

    public static String format(List<DatasetSummary> summary)
    {
        StringBuilder text = new StringBuilder();
        text.append("%-24s %-33s %s%n".formatted("", "deliveries", "rows"));
        text.append("%-24s %9s %9s %11s   %13s %12s%n".formatted("dataset", "accepted", "rejected", "superseded", "accepted", "quarantined"));
        for (DatasetSummary row : summary) {
            text.append("%-24s %9d %9d %11d   %13d %12d%n".formatted(row.dataset(), row.deliveriesAccepted(), row.deliveriesRejected(),
                    row.deliveriesSuperseded(), row.rowsAccepted(), row.rowsQuarantined()));
        }
        return text.toString();
    }
}
