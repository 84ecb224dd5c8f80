package org.isg.warehouse.orchestration.airflow;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** One run of a DAG, as {@code DAGRunResponse} describes it (the fields this project reads). */
public record DagRun(String dagId, String dagRunId, Optional<Instant> logicalDate, DagRunState state, String runType, Optional<Instant> startDate, Optional<Instant> endDate)
{
    public DagRun
    {
        requireNonNull(dagId, "dagId is null");
        requireNonNull(dagRunId, "dagRunId is null");
        requireNonNull(logicalDate, "logicalDate is null");
        requireNonNull(state, "state is null");
        requireNonNull(runType, "runType is null");
        requireNonNull(startDate, "startDate is null");
        requireNonNull(endDate, "endDate is null");
    }
}
