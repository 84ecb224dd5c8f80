package org.isg.warehouse.orchestration.airflow;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The client against a stub that checks every request and response against the OpenAPI documents
 * of the pinned Airflow: the shared cases of {@link AirflowContractCases} (which also run against
 * the real server), and the faults a real server cannot be made to produce (5xx blips, expired
 * tokens, an unreachable server, an unhealthy scheduler, a task that fails on cue). Each test ends
 * with no violation recorded.
 */
class AirflowClientContractTest
        extends AirflowContractCases
{
    private static final LocalDate NIGHT = LocalDate.of(2026, 11, 23);

    private AirflowStub stub;
    private AirflowClient client;
    private NightlyDag dag;

    @BeforeEach
    void startStub()
            throws IOException
    {
        stub = AirflowStub.forNightlyDag();
        client = new AirflowClient(stub.url(), new AirflowCredentials.Password(AirflowStub.USERNAME, AirflowStub.PASSWORD), FAST_RETRIES);
        dag = new NightlyDag(client, NightlyDag.DAG_ID);
    }

    @AfterEach
    void everyExchangeFollowedTheSpec()
    {
        if (stub == null) {
            return;
        }
        try {
            assertThat(stub.violations()).isEmpty();
        }
        finally {
            stub.close();
        }
    }

    @Override
    URI url()
    {
        return stub.url();
    }

    @Override
    AirflowCredentials.Password credentials()
    {
        return new AirflowCredentials.Password(AirflowStub.USERNAME, AirflowStub.PASSWORD);
    }

    @Override
    String someoneElsesRunFor(LocalDate night)
    {
        String runId = "scheduled__" + night + "T18:00:00+00:00";
        stub.addScheduledRun(runId, NightlyDag.logicalDate(night), "failed");
        return runId;
    }

    @Override
    void theDagsAssetsAreKnown()
    {
        for (String uri : NightlyDag.GOLD_ASSET_URIS) {
            stub.addAsset(uri, "isg_gold_" + uri.substring(uri.lastIndexOf('/') + 1));
        }
    }

    @Override
    void requestsThatBreakTheSpecWereSent(int count)
    {
        // The stub refused them because they break the document, and says so
        List<String> violations = stub.takeViolations();
        assertThat(violations).hasSize(count);
        assertThat(violations.get(0)).contains("execution_date");
        assertThat(violations.get(1)).contains("logical_date");
        assertThat(violations.get(2)).contains("2026-08-23 18:00");
    }

    @Test
    void triggeringTwicePostsTwiceAndLooksTheExistingRunUpOnce()
    {
        dag.trigger(NIGHT);
        dag.trigger(NIGHT);

        assertThat(stub.requests()).containsExactly(
                "POST /auth/token",
                "POST /api/v2/dags/isg_nightly/dagRuns",
                "POST /api/v2/dags/isg_nightly/dagRuns",
                "GET /api/v2/dags/isg_nightly/dagRuns/isg_night__2026-11-23");
    }

    @Test
    void waitingPollsUntilTheRunSucceedsAndReportsEachState()
    {
        dag.trigger(NIGHT);
        List<String> progress = new ArrayList<>();

        DagRun run = dag.waitFor(NIGHT, Duration.ofSeconds(30), FAST_POLLING, progress::add);

        assertThat(run.state()).isEqualTo(DagRunState.SUCCESS);
        assertThat(progress).containsExactly("isg_night__2026-11-23: running", "isg_night__2026-11-23: success");
        assertThat(dag.tasks(NIGHT)).extracting(TaskInstance::taskId, TaskInstance::state, TaskInstance::tryNumber)
                .containsExactly(tuple("ingest", Optional.of("success"), 1), tuple("refine", Optional.of("success"), 1),
                        tuple("indicators", Optional.of("success"), 1), tuple("publish", Optional.of("success"), 1));
    }

    @Test
    void rerunningAFailedNightClearsOnlyTheFailedTasksAndTheRunFinishes()
    {
        stub.failTask("indicators", 1);
        dag.trigger(NIGHT);

        assertThat(dag.waitFor(NIGHT, Duration.ofSeconds(30), FAST_POLLING, line -> { }).state()).isEqualTo(DagRunState.FAILED);
        assertThat(dag.tasks(NIGHT)).extracting(TaskInstance::taskId, TaskInstance::failed)
                .containsExactly(tuple("ingest", false), tuple("refine", false), tuple("indicators", true), tuple("publish", true));

        List<TaskInstance> cleared = dag.rerunFailed(NIGHT);

        assertThat(cleared).extracting(TaskInstance::taskId).containsExactly("indicators", "publish");
        assertThat(dag.waitFor(NIGHT, Duration.ofSeconds(30), FAST_POLLING, line -> { }).state()).isEqualTo(DagRunState.SUCCESS);
        // ingest and refine ran once; indicators failed once and then succeeded
        assertThat(dag.tasks(NIGHT)).extracting(TaskInstance::taskId, TaskInstance::tryNumber)
                .containsExactly(tuple("ingest", 1), tuple("refine", 1), tuple("indicators", 2), tuple("publish", 1));
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilTheAttemptsRunOut()
    {
        stub.blip(503, 502);
        assertThat(client.health().healthy()).isTrue();
        assertThat(stub.requests()).containsExactly("GET /api/v2/monitor/health", "GET /api/v2/monitor/health", "GET /api/v2/monitor/health");

        stub.blip(500, 500, 500);
        assertThatThrownBy(client::health)
                .isInstanceOfSatisfying(AirflowException.class, e -> assertThat(e.code()).isEqualTo(AirflowException.Code.SERVER_UNAVAILABLE))
                .hasMessage("GET /api/v2/monitor/health failed 3 times; last: HTTP 500: stub: injected 500");
    }

    @Test
    void anAssetEventIsNotResentAfterAServerError()
    {
        stub.addAsset("isg://warehouse/gold/base_scores", "isg_gold_base_scores");
        client.assetId("isg://warehouse/gold/base_scores");
        int before = stub.requests().size();
        stub.blipOn("POST /api/v2/assets/events", 502);

        assertThatThrownBy(() -> client.publishAssetEvent("isg://warehouse/gold/base_scores", Map.of()))
                .isInstanceOfSatisfying(AirflowException.class, e -> assertThat(e.httpStatus()).hasValue(502));
        // the asset lookup, then one POST: a retry might have made a second event
        assertThat(stub.requests().subList(before, stub.requests().size())).containsExactly("GET /api/v2/assets", "POST /api/v2/assets/events");
    }

    @Test
    void anExpiredTokenIsRenewedOnce()
    {
        dag.trigger(NIGHT);
        stub.expireTokens();

        assertThat(dag.tasks(NIGHT)).hasSize(4);
        assertThat(stub.requests().stream().filter(request -> request.equals("POST /auth/token")).count()).isEqualTo(2);
    }

    @Test
    void assetEventsGoToTheAssetWithExactlyThatUri()
    {
        // '_' is a LIKE wildcard: the decoy matches the pattern and comes first
        stub.addAsset("isg://warehouse/gold/indicatorXvalues", "decoy");
        stub.addAsset("isg://warehouse/gold/indicator_values", "isg_gold_indicator_values");

        client.publishAssetEvent("isg://warehouse/gold/indicator_values", Map.of("night", "2026-11-23"));

        assertThat(stub.assetEvents()).hasSize(1);
        assertThat(stub.assetEvents().get(0).path("asset_id").asLong()).isEqualTo(2);
        assertThat(stub.assetEvents().get(0).path("extra").path("night").asText()).isEqualTo("2026-11-23");
        assertThatThrownBy(() -> client.publishAssetEvent("isg://warehouse/gold/nothing", Map.of()))
                .isInstanceOfSatisfying(AirflowException.class, e -> assertThat(e.code()).isEqualTo(AirflowException.Code.NOT_FOUND));
    }

    @Test
    void anUnreachableServerIsRetriedThenReported()
            throws IOException
    {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AirflowClient unreachable = new AirflowClient(URI.create("http://127.0.0.1:" + closedPort), new AirflowCredentials.Token("token"), FAST_RETRIES);

        assertThatThrownBy(unreachable::health)
                .isInstanceOfSatisfying(AirflowException.class, e -> assertThat(e.code()).isEqualTo(AirflowException.Code.SERVER_UNAVAILABLE))
                .hasMessage("GET /api/v2/monitor/health failed 3 times; last: cannot connect to http://127.0.0.1:" + closedPort + " (ConnectException)");
    }

    @Test
    void healthIsUnhealthyWhenTheSchedulerIs()
    {
        stub.setSchedulerStatus("unhealthy");

        Health health = client.health();

        assertThat(health.healthy()).isFalse();
        assertThat(health.triggerer()).isEmpty();
        assertThat(health.schedulerHeartbeat()).contains("2026-11-24T01:59:58.123456+00:00");
    }
}
