package org.isg.warehouse.orchestration.airflow;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * The nightly DAG ({@code orchestration/dags/isg_nightly.py}) seen as nights rather than runs.
 *
 * <p>The DAG runs at 02:00 China time and processes the China day before the end of its data
 * interval. A run for night D is therefore triggered with logical date D+1 02:00 Asia/Shanghai
 * (D 18:00 UTC): Airflow 3 makes a manual run's data interval end at its logical date, so the DAG
 * derives D, and the logical date equals the one the scheduler itself gives the run of that night.
 * A second run for a night is refused by Airflow (409) whether the first was scheduled or
 * triggered; it is looked up and returned instead.
 */
public final class NightlyDag
{
    public static final String DAG_ID = "isg_nightly";
    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    public static final LocalTime SCHEDULE_TIME = LocalTime.of(2, 0);
    /** Every table the DAG declares as an outlet, as Airflow asset URIs. */
    public static final List<String> GOLD_ASSET_URIS = List.of(
            "isg://warehouse/gold/indicator_values",
            "isg://warehouse/gold/base_scores",
            "isg://warehouse/gold/submission_quality");

    private final AirflowClient client;
    private final String dagId;

    public NightlyDag(AirflowClient client, String dagId)
    {
        this.client = requireNonNull(client, "client is null");
        this.dagId = requireNonNull(dagId, "dagId is null");
    }

    public static Instant logicalDate(LocalDate night)
    {
        return night.plusDays(1).atTime(SCHEDULE_TIME).atZone(CHINA).toInstant();
    }

    public static String runId(LocalDate night)
    {
        return "isg_night__" + night;
    }

    /** Triggers the night, or returns its run if it already has one. */
    public DagRun trigger(LocalDate night)
    {
        return client.trigger(dagId, runId(night), logicalDate(night));
    }

    /** The night's run: ours by run id, else whichever run has the night's logical date. */
    public Optional<DagRun> find(LocalDate night)
    {
        return client.findDagRun(dagId, runId(night)).or(() -> client.dagRunAt(dagId, logicalDate(night)));
    }

    public DagRun run(LocalDate night)
    {
        return find(night).orElseThrow(() -> new AirflowException(AirflowException.Code.NOT_FOUND,
                "%s has no run for the night of %s (logical date %s); './isg airflow trigger --date %s' starts one".formatted(dagId, night, logicalDate(night), night)));
    }

    public DagRun waitFor(LocalDate night, Duration timeout, Backoff polling, Consumer<String> progress)
    {
        return client.waitFor(dagId, run(night).dagRunId(), timeout, polling, progress);
    }

    public List<TaskInstance> tasks(LocalDate night)
    {
        return client.taskInstances(dagId, run(night).dagRunId());
    }

    /** Clears the night's failed tasks so Airflow reruns them (each stage is idempotent per date). */
    public List<TaskInstance> rerunFailed(LocalDate night)
    {
        return client.clearFailedTasks(dagId, run(night).dagRunId());
    }

    /**
     * One run per night from {@code first} to {@code last}, oldest first; nights that already
     * have a run (scheduled, triggered, in any state) are left alone. With {@code max_active_runs=1}
     * Airflow queues the new runs and works through them in order.
     */
    public List<BackfillNight> backfill(LocalDate first, LocalDate last)
    {
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("backfill from " + first + " to " + last + ": the range is empty");
        }
        List<DagRun> existing = client.dagRuns(dagId, logicalDate(first), logicalDate(last));
        List<BackfillNight> nights = new ArrayList<>();
        for (LocalDate night : first.datesUntil(last.plusDays(1)).toList()) {
            Instant logicalDate = logicalDate(night);
            Optional<DagRun> run = existing.stream().filter(candidate -> candidate.logicalDate().equals(Optional.of(logicalDate))).findFirst();
            nights.add(run.map(found -> new BackfillNight(night, found, false))
                    .orElseGet(() -> new BackfillNight(night, trigger(night), true)));
        }
        return nights;
    }

    public record BackfillNight(LocalDate night, DagRun run, boolean triggered)
    {
        public BackfillNight
        {
            requireNonNull(night, "night is null");
            requireNonNull(run, "run is null");
        }
    }
}
