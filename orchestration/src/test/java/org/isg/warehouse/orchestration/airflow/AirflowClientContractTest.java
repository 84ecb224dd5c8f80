package org.isg.warehouse.orchestration.airflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The Airflow client against a stub that checks every request and response against Airflow 3.2's
 * published OpenAPI documents: each test ends with no violation recorded.
 */
class AirflowClientContractTest
{
    private static final LocalDate NIGHT = LocalDate.of(2026, 11, 23);
    // 2026-11-24 02:00 in Asia/Shanghai (UTC+8, no daylight saving) is 2026-11-23 18:00 UTC
    private static final Instant NIGHT_LOGICAL_DATE = Instant.parse("2026-11-23T18:00:00Z");
    private static final Backoff FAST_RETRIES = new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), 3);
    private static final Backoff FAST_POLLING = new Backoff(Duration.ofMillis(2), Duration.ofMillis(10), Integer.MAX_VALUE);

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

    @Test
    void theStubRejectsRequestsThatBreakTheSpec()
            throws Exception
    {
        HttpClient http = HttpClient.newHttpClient();
        String token = new ObjectMapper().readTree(send(http, "POST", "/auth/token",
                "{\"username\":\"" + AirflowStub.USERNAME + "\",\"password\":\"" + AirflowStub.PASSWORD + "\"}", null).body()).path("access_token").asText();
        String path = "/api/v2/dags/isg_nightly/dagRuns";

        // Airflow 2's name for the logical date: an unknown key
        HttpResponse<String> executionDate = send(http, "POST", path, "{\"dag_run_id\":\"r1\",\"logical_date\":null,\"execution_date\":\"2026-11-23T18:00:00Z\"}", token);
        // logical_date is required (it may be null, but it must be there)
        HttpResponse<String> noLogicalDate = send(http, "POST", path, "{\"dag_run_id\":\"r2\"}", token);
        // a datetime must carry its zone
        HttpResponse<String> noZone = send(http, "POST", path, "{\"dag_run_id\":\"r3\",\"logical_date\":\"2026-11-23 18:00\"}", token);
        // a valid request without the bearer token
        HttpResponse<String> noToken = send(http, "POST", path, "{\"dag_run_id\":\"r4\",\"logical_date\":null}", null);

        assertThat(List.of(executionDate.statusCode(), noLogicalDate.statusCode(), noZone.statusCode(), noToken.statusCode())).containsExactly(422, 422, 422, 401);
        List<String> violations = stub.violations();
        assertThat(violations).hasSize(3);
        assertThat(violations.get(0)).contains("execution_date");
        assertThat(violations.get(1)).contains("logical_date");
        assertThat(violations.get(2)).contains("2026-11-23 18:00");
        assertThat(executionDate.body()).contains("execution_date");
        // Nothing was created by the refused requests
        assertThat(client.dagRuns(NightlyDag.DAG_ID, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"))).isEmpty();
        stub.close();
        // The stub's own report of these violations is what this test is about
        stub = AirflowStub.forNightlyDag();
    }

    @Test
    void aNightIsTriggeredWithOurRunIdAndItsUtcLogicalDateOnce()
    {
        DagRun first = dag.trigger(NIGHT);
        DagRun again = dag.trigger(NIGHT);

        assertThat(first.dagRunId()).isEqualTo("isg_night__2026-11-23");
        assertThat(first.logicalDate()).contains(NIGHT_LOGICAL_DATE);
        assertThat(first.state()).isEqualTo(DagRunState.QUEUED);
        assertThat(again.dagRunId()).isEqualTo(first.dagRunId());
        assertThat(again.logicalDate()).isEqualTo(first.logicalDate());
        assertThat(stub.requests()).containsExactly(
                "POST /auth/token",
                "POST /api/v2/dags/isg_nightly/dagRuns",
                "POST /api/v2/dags/isg_nightly/dagRuns",
                "GET /api/v2/dags/isg_nightly/dagRuns/isg_night__2026-11-23");
    }

    @Test
    void aNightTheSchedulerAlreadyRanIsReturnedNotRunTwice()
    {
        stub.addScheduledRun("scheduled__2026-11-23T18:00:00+00:00", NIGHT_LOGICAL_DATE, "success");

        DagRun run = dag.trigger(NIGHT);

        assertThat(run.dagRunId()).isEqualTo("scheduled__2026-11-23T18:00:00+00:00");
        assertThat(run.runType()).isEqualTo("scheduled");
        assertThat(run.state()).isEqualTo(DagRunState.SUCCESS);
        assertThat(dag.run(NIGHT)).isEqualTo(run);
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
    void waitingGivesUpAtItsTimeout()
    {
        dag.trigger(NIGHT);

        assertThatThrownBy(() -> dag.waitFor(NIGHT, Duration.ofMillis(1), new Backoff(Duration.ofMillis(50), Duration.ofMillis(50), Integer.MAX_VALUE), line -> { }))
                .isInstanceOfSatisfying(AirflowException.class, e -> assertThat(e.errorCode()).isEqualTo(AirflowException.ErrorCode.WAIT_TIMED_OUT))
                .hasMessage("run isg_night__2026-11-23 of isg_nightly is still running after PT0.001S");
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
    void backfillTriggersOneRunPerNightWithoutARun()
    {
        stub.addScheduledRun("scheduled__2026-11-21T18:00:00+00:00", Instant.parse("2026-11-21T18:00:00Z"), "failed");

        List<NightlyDag.BackfillNight> nights = dag.backfill(LocalDate.of(2026, 11, 20), LocalDate.of(2026, 11, 23));

        assertThat(nights).extracting(night -> night.night().toString(), night -> night.run().dagRunId(), NightlyDag.BackfillNight::triggered).containsExactly(
                tuple("2026-11-20", "isg_night__2026-11-20", true),
                tuple("2026-11-21", "scheduled__2026-11-21T18:00:00+00:00", false),
                tuple("2026-11-22", "isg_night__2026-11-22", true),
                tuple("2026-11-23", "isg_night__2026-11-23", true));
        assertThat(nights.get(0).run().logicalDate()).contains(Instant.parse("2026-11-20T18:00:00Z"));
        assertThat(dag.backfill(LocalDate.of(2026, 11, 20), LocalDate.of(2026, 11, 23))).noneMatch(NightlyDag.BackfillNight::triggered);
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilTheAttemptsRunOut()
    {
        stub.blip(503, 502);
        assertThat(client.health().healthy()).isTrue();
        assertThat(stub.requests()).containsExactly("GET /api/v2/monitor/health", "GET /api/v2/monitor/health", "GET /api/v2/monitor/health");

        stub.blip(500, 500, 500);
        assertThatThrownBy(client::health)
                .isInstanceOfSatisfying(AirflowException.class, e -> assertThat(e.errorCode()).isEqualTo(AirflowException.ErrorCode.SERVER_UNAVAILABLE))
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
    void clientErrorsCarryTheServersDetail()
    {
        NightlyDag unknown = new NightlyDag(client, "no_such_dag");

        assertThatThrownBy(() -> unknown.trigger(NIGHT))
                .isInstanceOfSatisfying(AirflowException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(AirflowException.ErrorCode.NOT_FOUND);
                    assertThat(e.httpStatus()).hasValue(404);
                })
                .hasMessage("POST /api/v2/dags/no_such_dag/dagRuns → HTTP 404: DAG no_such_dag was not found");
        assertThatThrownBy(() -> dag.run(NIGHT))
                .hasMessage("isg_nightly has no run for the night of 2026-11-23 (logical date 2026-11-23T18:00:00Z); './isg airflow trigger --date 2026-11-23' starts one");
    }

    @Test
    void anExpiredTokenIsRenewedAndAWrongPasswordIsReported()
    {
        dag.trigger(NIGHT);
        stub.expireTokens();

        assertThat(dag.tasks(NIGHT)).hasSize(4);
        assertThat(stub.requests().stream().filter(request -> request.equals("POST /auth/token")).count()).isEqualTo(2);

        AirflowClient wrongPassword = new AirflowClient(stub.url(), new AirflowCredentials.Password(AirflowStub.USERNAME, "guess"), FAST_RETRIES);
        assertThatThrownBy(() -> new NightlyDag(wrongPassword, NightlyDag.DAG_ID).trigger(NIGHT))
                .isInstanceOfSatisfying(AirflowException.class, e -> assertThat(e.errorCode()).isEqualTo(AirflowException.ErrorCode.AUTHENTICATION_FAILED))
                .hasMessage("POST /auth/token → HTTP 401: Invalid credentials");
        AirflowClient staleToken = new AirflowClient(stub.url(), new AirflowCredentials.Token("expired-elsewhere"), FAST_RETRIES);
        assertThatThrownBy(() -> staleToken.dagRun(NightlyDag.DAG_ID, NightlyDag.runId(NIGHT)))
                .hasMessage("GET /api/v2/dags/isg_nightly/dagRuns/isg_night__2026-11-23 → HTTP 401: Not authenticated (the token from ISG_AIRFLOW_TOKEN was refused; there is no password to get a new one)");
    }

    @Test
    void pausingAndUnpausingTheDag()
    {
        assertThat(client.setPaused(NightlyDag.DAG_ID, true)).isTrue();
        assertThat(stub.paused()).isTrue();
        assertThat(client.setPaused(NightlyDag.DAG_ID, false)).isFalse();
        assertThat(stub.paused()).isFalse();
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
                .isInstanceOfSatisfying(AirflowException.class, e -> assertThat(e.errorCode()).isEqualTo(AirflowException.ErrorCode.NOT_FOUND));
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
                .isInstanceOfSatisfying(AirflowException.class, e -> assertThat(e.errorCode()).isEqualTo(AirflowException.ErrorCode.SERVER_UNAVAILABLE))
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

    private HttpResponse<String> send(HttpClient http, String method, String path, String body, String token)
            throws IOException, InterruptedException
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stub.url() + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
