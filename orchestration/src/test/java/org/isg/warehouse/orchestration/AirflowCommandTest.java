package org.isg.warehouse.orchestration;

import org.isg.warehouse.orchestration.airflow.AirflowStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./isg airflow …} as a data engineer types it, against the spec-validating stub.
 */
class AirflowCommandTest
{
    private AirflowStub stub;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @BeforeEach
    void startStub()
            throws IOException
    {
        stub = AirflowStub.forNightlyDag();
    }

    @AfterEach
    void everyExchangeFollowedTheSpec()
    {
        try {
            assertThat(stub.violations()).isEmpty();
        }
        finally {
            stub.close();
        }
    }

    @Test
    void triggerThenWaitForAFailingNightThenRerunItsFailedTasks()
    {
        stub.failTask("refine", 1);

        assertThat(airflow("trigger", "--date", "2026-11-23")).isZero();
        assertThat(lines()).containsExactly("2026-11-23  queued  isg_night__2026-11-23 (manual, logical date 2026-11-23T18:00:00Z)");

        assertThat(airflow("wait", "--date", "2026-11-23", "--poll", "PT0.005S")).isEqualTo(AirflowCommand.EXIT_RUN_FAILED);
        assertThat(lines()).containsExactly(
                "isg_night__2026-11-23: running",
                "isg_night__2026-11-23: failed",
                "  refine       failed           try 1 of 3",
                "  indicators   upstream_failed  try 0 of 3",
                "  publish      upstream_failed  try 0 of 3",
                "'./isg airflow rerun-failed --date 2026-11-23' clears them once the cause is fixed");

        assertThat(airflow("rerun-failed", "--date", "2026-11-23")).isZero();
        assertThat(lines()).first().isEqualTo("cleared 3 task(s) of the run of 2026-11-23:");

        assertThat(airflow("wait", "--date", "2026-11-23", "--poll", "PT0.005S")).isZero();
        assertThat(lines()).last().isEqualTo("isg_night__2026-11-23: success");

        assertThat(airflow("status", "--date", "2026-11-23")).isZero();
        assertThat(lines()).containsExactly(
                "2026-11-23  success  isg_night__2026-11-23 (manual, logical date 2026-11-23T18:00:00Z)",
                "  ingest       success          try 1 of 3",
                "  refine       success          try 2 of 3",
                "  indicators   success          try 1 of 3",
                "  publish      success          try 1 of 3");
    }

    @Test
    void backfillSkipsNightsThatHaveARun()
    {
        assertThat(airflow("trigger", "--date", "2026-11-21")).isZero();
        lines();

        assertThat(airflow("backfill", "--from", "2026-11-20", "--to", "2026-11-22")).isZero();

        assertThat(lines()).containsExactly(
                "triggered  2026-11-20  queued  isg_night__2026-11-20 (manual, logical date 2026-11-20T18:00:00Z)",
                "had a run  2026-11-21  queued  isg_night__2026-11-21 (manual, logical date 2026-11-21T18:00:00Z)",
                "triggered  2026-11-22  queued  isg_night__2026-11-22 (manual, logical date 2026-11-22T18:00:00Z)",
                "3 night(s), 2 triggered, 1 already had a run");
    }

    @Test
    void healthExitsThreeWhenTheSchedulerIsUnhealthyAndNeedsNoCredentials()
    {
        stub.setSchedulerStatus("unhealthy");

        int exit = new AirflowCommand(Map.of(), new PrintStream(output, true, UTF_8)).commandLine()
                .execute("health", "--url", stub.url().toString());

        assertThat(exit).isEqualTo(AirflowCommand.EXIT_UNHEALTHY);
        assertThat(lines()).containsExactly(
                "metadatabase  healthy",
                "scheduler     unhealthy (heartbeat 2026-11-24T01:59:58.123456+00:00)",
                "triggerer     unknown",
                "dag processor healthy");

        // Anything else needs credentials, and says which
        PrintStream errors = System.err;
        ByteArrayOutputStream errorOutput = new ByteArrayOutputStream();
        System.setErr(new PrintStream(errorOutput, true, UTF_8));
        try {
            int triggerExit = new AirflowCommand(Map.of(), new PrintStream(output, true, UTF_8)).commandLine()
                    .execute("trigger", "--url", stub.url().toString(), "--date", "2026-11-23");
            assertThat(triggerExit).isEqualTo(1);
        }
        finally {
            System.setErr(errors);
        }
        assertThat(errorOutput.toString(UTF_8)).contains("no Airflow credentials: set ISG_AIRFLOW_USERNAME and ISG_AIRFLOW_PASSWORD (exchanged for a token at POST /auth/token), or ISG_AIRFLOW_TOKEN");
    }

    @Test
    void pauseUnpauseAndAnnounceTheGoldTables()
    {
        for (String uri : List.of("isg://warehouse/gold/indicator_values", "isg://warehouse/gold/base_scores", "isg://warehouse/gold/submission_quality")) {
            stub.addAsset(uri, uri.substring(uri.lastIndexOf('/') + 1));
        }

        assertThat(airflow("pause")).isZero();
        assertThat(airflow("unpause")).isZero();
        assertThat(airflow("asset-event", "--date", "2026-11-23")).isZero();

        assertThat(lines()).containsExactly(
                "isg_nightly is paused",
                "isg_nightly is unpaused",
                "asset event 1 for isg://warehouse/gold/indicator_values",
                "asset event 2 for isg://warehouse/gold/base_scores",
                "asset event 3 for isg://warehouse/gold/submission_quality");
    }

    private int airflow(String... arguments)
    {
        List<String> withUrl = new ArrayList<>(List.of(arguments));
        withUrl.addAll(List.of("--url", stub.url().toString()));
        Map<String, String> environment = Map.of("ISG_AIRFLOW_USERNAME", AirflowStub.USERNAME, "ISG_AIRFLOW_PASSWORD", AirflowStub.PASSWORD);
        return new AirflowCommand(environment, new PrintStream(output, true, UTF_8)).commandLine().execute(withUrl.toArray(String[]::new));
    }

    /** The lines printed since the last call. */
    private List<String> lines()
    {
        List<String> lines = output.toString(UTF_8).lines().toList();
        output.reset();
        return lines;
    }
}
