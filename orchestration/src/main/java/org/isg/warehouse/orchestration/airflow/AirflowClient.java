package org.isg.warehouse.orchestration.airflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;
import static org.isg.warehouse.orchestration.airflow.AirflowException.Code.AUTHENTICATION_FAILED;
import static org.isg.warehouse.orchestration.airflow.AirflowException.Code.NOT_FOUND;
import static org.isg.warehouse.orchestration.airflow.AirflowException.Code.PERMISSION_DENIED;
import static org.isg.warehouse.orchestration.airflow.AirflowException.Code.REQUEST_REJECTED;
import static org.isg.warehouse.orchestration.airflow.AirflowException.Code.SERVER_UNAVAILABLE;
import static org.isg.warehouse.orchestration.airflow.AirflowException.Code.UNEXPECTED_RESPONSE;
import static org.isg.warehouse.orchestration.airflow.AirflowException.Code.WAIT_TIMED_OUT;

/**
 * A client of Airflow 3's stable REST API ({@code /api/v2}), for the calls a data engineer needs
 * around the nightly DAG. It logs in at {@code POST /auth/token} and sends the token as a bearer
 * (logging in again once when the server says it expired); it retries 5xx answers and connection
 * errors with backoff; a 4xx becomes an {@link AirflowException} carrying the server's detail.
 */
public final class AirflowClient
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE_SIZE = 100;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI baseUrl;
    private final AirflowCredentials credentials;
    private final Backoff retries;
    private final HttpClient http;
    private String accessToken;

    public AirflowClient(URI baseUrl, AirflowCredentials credentials, Backoff retries)
    {
        requireNonNull(baseUrl, "baseUrl is null");
        String url = baseUrl.toString();
        this.baseUrl = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.retries = requireNonNull(retries, "retries is null");
        // HTTP/1.1: over plain http Java's client otherwise asks to upgrade to h2c, and Airflow's
        // uvicorn then reads the request without its body (POST /auth/token fails with 500)
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        if (credentials instanceof AirflowCredentials.Token token) {
            this.accessToken = token.accessToken();
        }
    }

    /** {@code GET /api/v2/monitor/health} (no token needed). */
    public Health health()
    {
        JsonNode health = call(Call.get("/api/v2/monitor/health").withoutToken());
        return new Health(text(health.path("metadatabase"), "status"), text(health.path("scheduler"), "status"),
                text(health.path("scheduler"), "latest_scheduler_heartbeat"), text(health.path("triggerer"), "status"), text(health.path("dag_processor"), "status"));
    }

    /**
     * Triggers a run with our own run id and an explicit logical date. A run that already exists
     * with that id or that logical date (409) is returned instead: triggering is idempotent.
     */
    public DagRun trigger(String dagId, String dagRunId, Instant logicalDate)
    {
        ObjectNode body = JSON.createObjectNode()
                .put("dag_run_id", dagRunId)
                .put("logical_date", format(logicalDate));
        try {
            return dagRun(call(Call.post("/api/v2/dags/" + encode(dagId) + "/dagRuns", body)));
        }
        catch (AirflowException e) {
            if (e.httpStatus().equals(OptionalInt.of(409))) {
                return findDagRun(dagId, dagRunId).or(() -> dagRunAt(dagId, logicalDate))
                        .orElseThrow(() -> e);
            }
            throw e;
        }
    }

    public DagRun dagRun(String dagId, String dagRunId)
    {
        return dagRun(call(Call.get("/api/v2/dags/" + encode(dagId) + "/dagRuns/" + encode(dagRunId))));
    }

    public Optional<DagRun> findDagRun(String dagId, String dagRunId)
    {
        try {
            return Optional.of(dagRun(dagId, dagRunId));
        }
        catch (AirflowException e) {
            if (e.code() == NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The run with exactly this logical date, whatever its id (a scheduled one, for instance). */
    public Optional<DagRun> dagRunAt(String dagId, Instant logicalDate)
    {
        List<DagRun> runs = dagRuns(dagId, logicalDate, logicalDate);
        return runs.stream().filter(run -> run.logicalDate().equals(Optional.of(logicalDate))).findFirst();
    }

    /** Every run whose logical date lies in [{@code from}, {@code to}], oldest first. */
    public List<DagRun> dagRuns(String dagId, Instant from, Instant to)
    {
        List<DagRun> runs = new ArrayList<>();
        for (JsonNode run : pages("/api/v2/dags/" + encode(dagId) + "/dagRuns",
                Map.of("logical_date_gte", format(from), "logical_date_lte", format(to), "order_by", "logical_date"), "dag_runs")) {
            runs.add(dagRun(run));
        }
        return runs;
    }

    /**
     * Polls a run until it succeeds or fails, sleeping by {@code polling} between looks, and
     * reports each change of state; fails with {@link AirflowException.Code#WAIT_TIMED_OUT}
     * when {@code timeout} passes first.
     */
    public DagRun waitFor(String dagId, String dagRunId, Duration timeout, Backoff polling, Consumer<String> progress)
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        DagRunState reported = null;
        for (int poll = 1; ; poll++) {
            DagRun run = dagRun(dagId, dagRunId);
            if (run.state() != reported) {
                progress.accept(dagRunId + ": " + run.state().apiName());
                reported = run.state();
            }
            if (run.state().isFinished()) {
                return run;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AirflowException(WAIT_TIMED_OUT, "run %s of %s is still %s after %s".formatted(dagRunId, dagId, run.state().apiName(), timeout));
            }
            sleep(Duration.ofNanos(Math.min(remaining, polling.delayAfter(poll).toNanos())));
        }
    }

    public List<TaskInstance> taskInstances(String dagId, String dagRunId)
    {
        List<TaskInstance> tasks = new ArrayList<>();
        for (JsonNode task : pages("/api/v2/dags/" + encode(dagId) + "/dagRuns/" + encode(dagRunId) + "/taskInstances", Map.of(), "task_instances")) {
            tasks.add(taskInstance(task));
        }
        return tasks;
    }

    /**
     * Clears the failed tasks of one run so the scheduler runs them again (and the run with
     * them); returns the tasks cleared. {@code dry_run} defaults to true in the API: sent false.
     */
    public List<TaskInstance> clearFailedTasks(String dagId, String dagRunId)
    {
        ObjectNode body = JSON.createObjectNode()
                .put("dry_run", false)
                .put("only_failed", true)
                .put("dag_run_id", dagRunId);
        List<TaskInstance> cleared = new ArrayList<>();
        for (JsonNode task : call(Call.post("/api/v2/dags/" + encode(dagId) + "/clearTaskInstances", body)).path("task_instances")) {
            cleared.add(taskInstance(task));
        }
        return cleared;
    }

    /** Whether the DAG is paused; empty while Airflow has not parsed a DAG of that id (404). */
    public Optional<Boolean> dagPaused(String dagId)
    {
        try {
            return Optional.of(call(Call.get("/api/v2/dags/" + encode(dagId))).path("is_paused").asBoolean());
        }
        catch (AirflowException e) {
            if (e.code() == NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Pauses or unpauses a DAG; returns whether it is paused now. */
    public boolean setPaused(String dagId, boolean paused)
    {
        ObjectNode body = JSON.createObjectNode().put("is_paused", paused);
        return call(Call.patch("/api/v2/dags/" + encode(dagId), body)).path("is_paused").asBoolean();
    }

    /**
     * The id of the asset with exactly this URI. The API's {@code uri_pattern} is a SQL LIKE
     * pattern ({@code _} and {@code %} are wildcards), so the candidates are matched exactly here.
     */
    public long assetId(String uri)
    {
        for (JsonNode asset : pages("/api/v2/assets", Map.of("uri_pattern", uri, "only_active", "false"), "assets")) {
            if (asset.path("uri").asText().equals(uri)) {
                return asset.path("id").asLong();
            }
        }
        throw new AirflowException(NOT_FOUND, "Airflow has no asset with URI " + uri + " (assets are created when a DAG that declares them is parsed)");
    }

    /** The events of the asset with exactly this URI, oldest first. */
    public List<AssetEvent> assetEvents(String uri)
    {
        List<AssetEvent> events = new ArrayList<>();
        for (JsonNode event : pages("/api/v2/assets/events", Map.of("asset_id", String.valueOf(assetId(uri)), "order_by", "timestamp"), "asset_events")) {
            events.add(new AssetEvent(event.path("id").asLong(), event.path("uri").asText(), text(event, "source_dag_id"), text(event, "source_task_id"),
                    text(event, "source_run_id"), instant(event, "timestamp").orElseThrow(() -> new AirflowException(UNEXPECTED_RESPONSE, "an asset event without a timestamp"))));
        }
        return events;
    }

    /** Tells Airflow an asset was updated outside a task (a rebuild, a manual repair); returns the event id. */
    public long publishAssetEvent(String uri, Map<String, String> extra)
    {
        ObjectNode body = JSON.createObjectNode().put("asset_id", assetId(uri));
        ObjectNode extraNode = body.putObject("extra");
        extra.forEach(extraNode::put);
        // Not idempotent: a second event could start consumers twice, so only unsent requests are retried
        return call(Call.post("/api/v2/assets/events", body).retriedOnlyWhenUnsent()).path("id").asLong();
    }

    private List<JsonNode> pages(String path, Map<String, String> query, String itemsField)
    {
        List<JsonNode> items = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE_SIZE) {
            Map<String, String> pageQuery = new LinkedHashMap<>(query);
            pageQuery.put("limit", String.valueOf(PAGE_SIZE));
            pageQuery.put("offset", String.valueOf(offset));
            JsonNode page = call(Call.get(path + "?" + queryString(pageQuery)));
            page.path(itemsField).forEach(items::add);
            if (page.path(itemsField).size() < PAGE_SIZE || items.size() >= page.path("total_entries").asLong()) {
                return items;
            }
        }
    }

    private JsonNode call(Call call)
    {
        if (call.needsToken() && accessToken == null) {
            accessToken = login();
        }
        try {
            return send(call);
        }
        catch (AirflowException e) {
            if (!call.needsToken() || e.code() != AUTHENTICATION_FAILED) {
                throw e;
            }
            if (!(credentials instanceof AirflowCredentials.Password)) {
                throw new AirflowException(AUTHENTICATION_FAILED, e.httpStatus(),
                        e.getMessage() + " (the token from " + AirflowCredentials.TOKEN_VARIABLE + " was refused; there is no password to get a new one)", e);
            }
            // The token expired: log in again, once
            accessToken = login();
            return send(call);
        }
    }

    /** Exchanges the user name and password for a token (a given token is set at construction). */
    private String login()
    {
        if (credentials instanceof AirflowCredentials.Missing missing) {
            throw missing.problem();
        }
        AirflowCredentials.Password password = (AirflowCredentials.Password) credentials;
        ObjectNode body = JSON.createObjectNode()
                .put("username", password.username())
                .put("password", password.password());
        JsonNode token = send(Call.post("/auth/token", body).withoutToken());
        if (!token.path("access_token").isTextual()) {
            throw new AirflowException(UNEXPECTED_RESPONSE, "POST /auth/token answered without an access_token");
        }
        return token.path("access_token").asText();
    }

    private JsonNode send(Call call)
    {
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + call.path()))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Accept", "application/json");
            if (call.needsToken()) {
                request.header("Authorization", "Bearer " + accessToken);
            }
            if (call.body().isPresent()) {
                request.header("Content-Type", "application/json")
                        .method(call.method(), HttpRequest.BodyPublishers.ofString(call.body().get().toString(), UTF_8));
            }
            else {
                request.method(call.method(), HttpRequest.BodyPublishers.noBody());
            }
            String failure;
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return parse(call, response.body());
                }
                if (status < 500) {
                    throw rejected(call, status, response.body());
                }
                failure = "HTTP " + status + detail(response.body()).map(detail -> ": " + detail).orElse("");
                if (!call.retriedAfterSending()) {
                    throw new AirflowException(SERVER_UNAVAILABLE, OptionalInt.of(status), call + " failed: " + failure, null);
                }
            }
            catch (ConnectException e) {
                failure = "cannot connect to " + baseUrl + " (" + e.getClass().getSimpleName() + ")";
            }
            catch (IOException e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                if (!call.retriedAfterSending()) {
                    throw new AirflowException(SERVER_UNAVAILABLE, OptionalInt.empty(), call + " failed: " + failure, e);
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AirflowException(SERVER_UNAVAILABLE, OptionalInt.empty(), call + " was interrupted", e);
            }
            if (attempt >= retries.maxAttempts()) {
                throw new AirflowException(SERVER_UNAVAILABLE, OptionalInt.empty(), call + " failed " + (attempt == 1 ? "once" : attempt + " times") + "; last: " + failure, null);
            }
            sleep(retries.delayAfter(attempt));
        }
    }

    private static AirflowException rejected(Call call, int status, String body)
    {
        AirflowException.Code code = switch (status) {
            case 401 -> AUTHENTICATION_FAILED;
            case 403 -> PERMISSION_DENIED;
            case 404 -> NOT_FOUND;
            default -> REQUEST_REJECTED;
        };
        return new AirflowException(code, OptionalInt.of(status), call + " → HTTP " + status + detail(body).map(detail -> ": " + detail).orElse(""), null);
    }

    /** The server's {@code detail}: a message, an object, or FastAPI's list of validation errors. */
    static Optional<String> detail(String body)
    {
        JsonNode detail;
        try {
            detail = JSON.readTree(body).path("detail");
        }
        catch (JsonProcessingException e) {
            return body.isBlank() ? Optional.empty() : Optional.of(body.strip().lines().findFirst().orElse(""));
        }
        if (detail.isTextual()) {
            return Optional.of(detail.asText());
        }
        if (detail.isArray()) {
            List<String> errors = new ArrayList<>();
            for (JsonNode error : detail) {
                List<String> location = new ArrayList<>();
                error.path("loc").forEach(part -> location.add(part.asText()));
                errors.add(String.join(".", location) + ": " + error.path("msg").asText());
            }
            return Optional.of(String.join("; ", errors));
        }
        return detail.isMissingNode() || detail.isNull() ? Optional.empty() : Optional.of(detail.toString());
    }

    private static JsonNode parse(Call call, String body)
    {
        try {
            return JSON.readTree(body);
        }
        catch (JsonProcessingException e) {
            throw new AirflowException(UNEXPECTED_RESPONSE, OptionalInt.empty(), call + " answered with something that is not JSON", e);
        }
    }

    private static DagRun dagRun(JsonNode run)
    {
        return new DagRun(run.path("dag_id").asText(), run.path("dag_run_id").asText(), instant(run, "logical_date"),
                DagRunState.fromApiName(run.path("state").asText()), run.path("run_type").asText(), instant(run, "start_date"), instant(run, "end_date"));
    }

    private static TaskInstance taskInstance(JsonNode task)
    {
        return new TaskInstance(task.path("task_id").asText(), text(task, "state"), task.path("try_number").asInt(), task.path("max_tries").asInt(),
                instant(task, "start_date"), instant(task, "end_date"),
                task.path("duration").isNumber() ? Optional.of(task.path("duration").asDouble()) : Optional.empty());
    }

    private static Optional<String> text(JsonNode node, String field)
    {
        JsonNode value = node.path(field);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static Optional<Instant> instant(JsonNode node, String field)
    {
        return text(node, field).map(value -> OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
    }

    /** RFC 3339 in UTC, as the API wants: datetimes without a zone are refused. */
    static String format(Instant instant)
    {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static String encode(String value)
    {
        return URLEncoder.encode(value, UTF_8).replace("+", "%20");
    }

    private static String queryString(Map<String, String> query)
    {
        return query.entrySet().stream().map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue())).collect(Collectors.joining("&"));
    }

    private static void sleep(Duration delay)
    {
        try {
            Thread.sleep(delay.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AirflowException(SERVER_UNAVAILABLE, OptionalInt.empty(), "interrupted while waiting to call Airflow again", e);
        }
    }

    /** One HTTP call: method, path with query, JSON body, whether it carries the token and may be resent. */
    private record Call(String method, String path, Optional<JsonNode> body, boolean needsToken, boolean retriedAfterSending)
    {
        Call
        {
            requireNonNull(method, "method is null");
            requireNonNull(path, "path is null");
            requireNonNull(body, "body is null");
        }

        static Call get(String path)
        {
            return new Call("GET", path, Optional.empty(), true, true);
        }

        static Call post(String path, JsonNode body)
        {
            return new Call("POST", path, Optional.of(body), true, true);
        }

        static Call patch(String path, JsonNode body)
        {
            return new Call("PATCH", path, Optional.of(body), true, true);
        }

        Call withoutToken()
        {
            return new Call(method, path, body, false, retriedAfterSending);
        }

        Call retriedOnlyWhenUnsent()
        {
            return new Call(method, path, body, needsToken, false);
        }

        @Override
        public String toString()
        {
            int query = path.indexOf('?');
            return method + " " + (query < 0 ? path : path.substring(0, query));
        }
    }
}
