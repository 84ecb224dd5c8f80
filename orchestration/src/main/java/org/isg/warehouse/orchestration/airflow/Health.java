package org.isg.warehouse.orchestration.airflow;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@code GET /api/v2/monitor/health}: the status of the metadata database and of each component
 * ({@code healthy} / {@code unhealthy}; empty when Airflow does not know), with heartbeats.
 */
public record Health(Optional<String> metadatabase, Optional<String> scheduler, Optional<String> schedulerHeartbeat, Optional<String> triggerer, Optional<String> dagProcessor)
{
    public Health
    {
        requireNonNull(metadatabase, "metadatabase is null");
        requireNonNull(scheduler, "scheduler is null");
        requireNonNull(schedulerHeartbeat, "schedulerHeartbeat is null");
        requireNonNull(triggerer, "triggerer is null");
        requireNonNull(dagProcessor, "dagProcessor is null");
    }

    /** The nightly run needs the database and the scheduler; the triggerer and DAG processor are reported only. */
    public boolean healthy()
    {
        return metadatabase.equals(Optional.of("healthy")) && scheduler.equals(Optional.of("healthy"));
    }
}
