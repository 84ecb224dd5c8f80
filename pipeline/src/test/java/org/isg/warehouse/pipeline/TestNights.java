package org.isg.warehouse.pipeline;

import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.pipeline.privacy.Pseudonymizer;
import org.isg.warehouse.testing.TestKeys;

import java.time.LocalDate;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A nightly run for tests: the real registry, a fixed test pseudonym key, no progress output.
 */
public final class TestNights
{
    public static final String KEY = TestKeys.PSEUDONYM_KEY;

    private TestNights() {}

    public static NightlyRun quiet(Warehouse warehouse)
    {
        return new NightlyRun(warehouse, BaseRegistry.load(), new Pseudonymizer(KEY.getBytes(UTF_8)), line -> { });
    }

    /**
     * The intake of a night only, ingest then refine under one run id: what a test of deliveries,
     * silver and the quarantine needs, without the gold stages' time.
     */
    public static String intake(NightlyRun run, String landing, LocalDate date)
    {
        String runId = NightlyRun.newRunId();
        run.runStage(Stage.INGEST, landing, date, runId);
        run.runStage(Stage.REFINE, landing, date, runId);
        return runId;
    }
}
