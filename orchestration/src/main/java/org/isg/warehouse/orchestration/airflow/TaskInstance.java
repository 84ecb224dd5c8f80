package org.isg.warehouse.orchestration.airflow;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One task of a DAG run, as {@code TaskInstanceResponse} describes it. {@code state} is Airflow's
 * state name ({@code success}, {@code failed}, {@code up_for_retry}, …), empty before scheduling.
 */
public record TaskInstance(String taskId, Optional<String> state, int tryNumber, int maxTries, Optional<Instant> startDate, Optional<Instant> endDate, Optional<Double> durationSeconds)
{
    public TaskInstance
    {
        requireNonNull(taskId, "taskId is null");
        requireNonNull(state, "state is null");
        requireNonNull(startDate, "startDate is null");
        requireNonNull(endDate, "endDate is null");
        requireNonNull(durationSeconds, "durationSeconds is null");
    }

    public boolean failed()
    {
        return state.filter(name -> name.equals("failed") || name.equals("upstream_failed")).isPresent();
    }
}
