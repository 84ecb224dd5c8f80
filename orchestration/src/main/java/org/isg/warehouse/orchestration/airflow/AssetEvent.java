package org.isg.warehouse.orchestration.airflow;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** An update of an asset, as {@code AssetEventResponse} describes it: which task of which run produced it. */
public record AssetEvent(long id, String uri, Optional<String> sourceDagId, Optional<String> sourceTaskId, Optional<String> sourceRunId, Instant timestamp)
{
    public AssetEvent
    {
        requireNonNull(uri, "uri is null");
        requireNonNull(sourceDagId, "sourceDagId is null");
        requireNonNull(sourceTaskId, "sourceTaskId is null");
        requireNonNull(sourceRunId, "sourceRunId is null");
        requireNonNull(timestamp, "timestamp is null");
    }
}
