package org.isg.warehouse.orchestration.airflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The client's contract with Airflow's REST API v2, in the cases that need no fault injection: run
 * once against the real pinned Airflow ({@link RealAirflowContractTest}) and once against the
 * validating stub ({@link AirflowClientContractTest}), so the stub is held to what the real server
 * answers. Each case uses nights of its own: the real server keeps its runs for the whole class.
 */
abstract class AirflowContractCases
{
    static final Backoff FAST_RETRIES = new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), 3);
    static final Backoff FAST_POLLING = new Backoff(Duration.ofMillis(2), Duration.ofMillis(10), Integer.MAX_VALUE);

    /** The server under test. */
    abstract URI url();

    abstract AirflowCredentials.Password credentials();

    /** Creates a run for the night that our client did not trigger (the scheduler's, or another user's); returns its id. */
    abstract String someoneElsesRunFor(LocalDate night);

    /** The DAG's gold assets exist on the server (the real one has them from parsing the DAG). */
    abstract void theDagsAssetsAreKnown();

    /** The refused requests of {@link #requestsThatBreakTheSpecAreRefusedAndCreateNothing} were sent. */
    abstract void requestsThatBreakTheSpecWereSent(int count);

    AirflowClient client()
    {
        return new AirflowClient(url(), credentials(), FAST_RETRIES);
    }

    NightlyDag dag()
    {
        return new NightlyDag(client(), NightlyDag.DAG_ID);
    }

    @Test
    void requestsThatBreakTheSpecAreRefusedAndCreateNothing()
            throws Exception
    {
        // HTTP/1.1 as the client speaks it (an h2c upgrade request loses its body in uvicorn)
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String token = new ObjectMapper().readTree(send(http, "POST", "/auth/token",
                "{\"username\":\"" + credentials().username() + "\",\"password\":\"" + credentials().password() + "\"}", null).body()).path("access_token").asText();
        String path = "/api/v2/dags/isg_nightly/dagRuns";

        // Airflow 2's name for the logical date: an unknown key
        HttpResponse<String> executionDate = send(http, "POST", path, "{\"dag_run_id\":\"r1\",\"logical_date\":null,\"execution_date\":\"2026-08-23T18:00:00Z\"}", token);
        // logical_date is required (it may be null, but it must be there)
        HttpResponse<String> noLogicalDate = send(http, "POST", path, "{\"dag_run_id\":\"r2\"}", token);
        // a datetime must carry its zone
        HttpResponse<String> noZone = send(http, "POST", path, "{\"dag_run_id\":\"r3\",\"logical_date\":\"2026-08-23 18:00\"}", token);
        // a valid request without the bearer token
        HttpResponse<String> noToken = send(http, "POST", path, "{\"dag_run_id\":\"r4\",\"logical_date\":null}", null);

        assertThat(List.of(executionDate.statusCode(), noLogicalDate.statusCode(), noZone.statusCode(), noToken.statusCode()))
                .as("%s%n%s%n%s%n%s", executionDate.body(), noLogicalDate.body(), noZone.body(), noToken.body())
                .containsExactly(422, 422, 422, 401);
        assertThat(executionDate.body()).contains("execution_date");
        requestsThatBreakTheSpecWereSent(3);
        // Nothing was created by the refused requests
        assertThat(client().dagRuns(NightlyDag.DAG_ID, Instant.parse("2026-08-01T00:00:00Z"), Instant.parse("2026-09-01T00:00:00Z"))).isEmpty();
        assertThat(client().findDagRun(NightlyDag.DAG_ID, "r4")).isEmpty();
    }

    @Test
    void aNightIsTriggeredWithOurRunIdAndItsUtcLogicalDateOnce()
    {
        LocalDate night = LocalDate.of(2026, 11, 23);
        NightlyDag dag = dag();
        DagRun first = dag.trigger(night);
        DagRun again = dag.trigger(night);

        assertThat(first.dagRunId()).isEqualTo("isg_night__2026-11-23");
        // 2026-11-24 02:00 in Asia/Shanghai (UTC+8, no daylight saving) is 2026-11-23 18:00 UTC
        assertThat(first.logicalDate()).contains(Instant.parse("2026-11-23T18:00:00Z"));
        assertThat(first.runType()).isEqualTo("manual");
        assertThat(again.dagRunId()).isEqualTo(first.dagRunId());
        assertThat(again.logicalDate()).isEqualTo(first.logicalDate());
        assertThat(dag.run(night).dagRunId()).isEqualTo(first.dagRunId());
    }

    @Test
    void aNightThatAlreadyHasSomeoneElsesRunGetsThatRunBack()
    {
        LocalDate night = LocalDate.of(2026, 10, 23);
        String existing = someoneElsesRunFor(night);

        DagRun run = dag().trigger(night);

        assertThat(run.dagRunId()).isEqualTo(existing);
        assertThat(run.logicalDate()).contains(Instant.parse("2026-10-23T18:00:00Z"));
        assertThat(dag().run(night)).isEqualTo(run);
    }

    @Test
    void waitingGivesUpAtItsTimeout()
    {
        LocalDate night = LocalDate.of(2026, 11, 10);
        dag().trigger(night);

        assertThatThrownBy(() -> dag().waitFor(night, Duration.ofMillis(1), new Backoff(Duration.ofMillis(50), Duration.ofMillis(50), Integer.MAX_VALUE), line -> { }))
                .isInstanceOfSatisfying(AirflowException.class, e -> assertThat(e.code()).isEqualTo(AirflowException.Code.WAIT_TIMED_OUT))
                // Queued where the DAG is paused (the real server), running where it is not (the stub)
                .hasMessageMatching("run isg_night__2026-11-10 of isg_nightly is still (queued|running) after PT0\\.001S");
    }

    @Test
    void backfillTriggersOneRunPerNightWithoutARun()
    {
        String existing = someoneElsesRunFor(LocalDate.of(2026, 9, 21));

        List<NightlyDag.BackfillNight> nights = dag().backfill(LocalDate.of(2026, 9, 20), LocalDate.of(2026, 9, 23));

        assertThat(nights).extracting(night -> night.night().toString(), night -> night.run().dagRunId(), NightlyDag.BackfillNight::triggered).containsExactly(
                tuple("2026-09-20", "isg_night__2026-09-20", true),
                tuple("2026-09-21", existing, false),
                tuple("2026-09-22", "isg_night__2026-09-22", true),
                tuple("2026-09-23", "isg_night__2026-09-23", true));
        assertThat(nights.get(0).run().logicalDate()).contains(Instant.parse("2026-09-20T18:00:00Z"));
        assertThat(dag().backfill(LocalDate.of(2026, 9, 20), LocalDate.of(2026, 9, 23))).noneMatch(NightlyDag.BackfillNight::triggered);
    }

    @Test
    void clientErrorsCarryTheServersDetail()
    {
        NightlyDag unknown = new NightlyDag(client(), "no_such_dag");

        assertThatThrownBy(() -> unknown.trigger(LocalDate.of(2026, 7, 1)))
                .isInstanceOfSatisfying(AirflowException.class, e -> {
                    assertThat(e.code()).isEqualTo(AirflowException.Code.NOT_FOUND);
                    assertThat(e.httpStatus()).hasValue(404);
                })
                .hasMessage("POST /api/v2/dags/no_such_dag/dagRuns → HTTP 404: Dag with dag_id: 'no_such_dag' not found");
        assertThatThrownBy(() -> dag().run(LocalDate.of(2026, 7, 1)))
                .hasMessage("isg_nightly has no run for the night of 2026-07-01 (logical date 2026-07-01T18:00:00Z); './isg airflow trigger --date 2026-07-01' starts one");
    }

    @Test
    void aWrongPasswordAndARefusedTokenAreReported()
    {
        AirflowClient wrongPassword = new AirflowClient(url(), new AirflowCredentials.Password(credentials().username(), "guess"), FAST_RETRIES);
        assertThatThrownBy(() -> new NightlyDag(wrongPassword, NightlyDag.DAG_ID).trigger(LocalDate.of(2026, 7, 2)))
                .isInstanceOfSatisfying(AirflowException.class, e -> assertThat(e.code()).isEqualTo(AirflowException.Code.AUTHENTICATION_FAILED))
                .hasMessage("POST /auth/token → HTTP 401: Invalid credentials");
        // A token this server did not sign (another server's, or from before its secret changed): 403, not 401
        AirflowClient foreignToken = new AirflowClient(url(), new AirflowCredentials.Token("signed-elsewhere"), FAST_RETRIES);
        assertThatThrownBy(() -> foreignToken.dagRun(NightlyDag.DAG_ID, "isg_night__2026-07-02"))
                .isInstanceOfSatisfying(AirflowException.class, e -> assertThat(e.code()).isEqualTo(AirflowException.Code.PERMISSION_DENIED))
                .hasMessage("GET /api/v2/dags/isg_nightly/dagRuns/isg_night__2026-07-02 → HTTP 403: Invalid JWT token");
    }

    @Test
    void pausingAndUnpausingTheDag()
    {
        AirflowClient client = client();
        assertThat(client.setPaused(NightlyDag.DAG_ID, true)).isTrue();
        assertThat(client.dagPaused(NightlyDag.DAG_ID)).contains(true);
        assertThat(client.setPaused(NightlyDag.DAG_ID, false)).isFalse();
        assertThat(client.dagPaused(NightlyDag.DAG_ID)).contains(false);
        // Left paused: the other cases' runs must not start
        assertThat(client.setPaused(NightlyDag.DAG_ID, true)).isTrue();
        assertThat(client.dagPaused("no_such_dag")).isEmpty();
    }

    @Test
    void anAssetEventReachesTheGoldAssetAndIsListed()
    {
        theDagsAssetsAreKnown();
        AirflowClient client = client();
        String uri = "isg://warehouse/gold/base_scores";

        long id = client.publishAssetEvent(uri, Map.of("night", "2026-11-23", "source", "isg"));

        assertThat(client.assetEvents(uri)).extracting(AssetEvent::id, AssetEvent::uri, AssetEvent::sourceRunId).contains(tuple(id, uri, java.util.Optional.empty()));
        assertThatThrownBy(() -> client.publishAssetEvent("isg://warehouse/gold/nothing", Map.of()))
                .isInstanceOfSatisfying(AirflowException.class, e -> assertThat(e.code()).isEqualTo(AirflowException.Code.NOT_FOUND));
    }

    @Test
    void aRunningAirflowIsHealthy()
    {
        Health health = client().health();

        assertThat(health.healthy()).isTrue();
        assertThat(health.metadatabase()).contains("healthy");
        assertThat(health.scheduler()).contains("healthy");
    }

    HttpResponse<String> send(HttpClient http, String method, String path, String body, String token)
            throws IOException, InterruptedException
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
