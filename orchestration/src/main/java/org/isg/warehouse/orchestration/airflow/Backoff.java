package org.isg.warehouse.orchestration.airflow;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Delays that double from {@code initialDelay} up to {@code maxDelay}: between retries of a failed
 * call ({@code maxAttempts} calls in all) and between polls of a running DAG run.
 */
public record Backoff(Duration initialDelay, Duration maxDelay, int maxAttempts)
{
    /** Retries of a call that hit a 5xx or a connection error: 1 s, 2 s, 4 s, 8 s (5 calls, ~15 s). */
    public static final Backoff RETRIES = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(16), 5);
    /** Polling a run: 5 s, 10 s, 20 s, then every 60 s (until the wait's own timeout). */
    public static final Backoff POLLING = new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(60), Integer.MAX_VALUE);

    public Backoff
    {
        requireNonNull(initialDelay, "initialDelay is null");
        requireNonNull(maxDelay, "maxDelay is null");
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("invalid backoff: " + initialDelay + ".." + maxDelay + ", " + maxAttempts + " attempts");
        }
    }

    /** The delay after the {@code attempt}-th call (1-based). */
    public Duration delayAfter(int attempt)
    {
        Duration delay = initialDelay;
        for (int doubling = 1; doubling < attempt && delay.compareTo(maxDelay) < 0; doubling++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
