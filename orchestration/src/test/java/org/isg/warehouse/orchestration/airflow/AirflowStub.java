package org.isg.warehouse.orchestration.airflow;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.isg.warehouse.orchestration.local.AirflowInstallation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * A stand-in for an Airflow 3 API server, for contract tests: it validates every request it
 * receives and every response it sends against Airflow's own OpenAPI documents (converted to 3.0
 * form, {@link OpenApi30Conversion}), records every violation, and answers a request that breaks
 * the spec with 422 as FastAPI would. It enforces the bearer token itself (the validator does not
 * check that an {@code Authorization} header is present).
 *
 * <p>Behaviour: one DAG with the given tasks, run in order. Each look at a run
 * ({@code GET …/dagRuns/{id}}) advances it one step: queued → running with the first task
 * running → each task succeeding in turn → success; a task told to fail fails, its downstream
 * tasks become {@code upstream_failed} and the run fails. Clearing failed tasks requeues the run.
 * Scripted blips answer the next requests with a 5xx; tokens can be expired at will.
 */
public final class AirflowStub
        implements AutoCloseable
{
    public static final String USERNAME = "engineer";
    public static final String PASSWORD = "correct horse battery staple";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DAG = Pattern.compile("^/api/v2/dags/([^/]+)$");
    private static final Pattern DAG_RUNS = Pattern.compile("^/api/v2/dags/([^/]+)/dagRuns$");
    private static final Pattern DAG_RUN = Pattern.compile("^/api/v2/dags/([^/]+)/dagRuns/([^/]+)$");
    private static final Pattern TASK_INSTANCES = Pattern.compile("^/api/v2/dags/([^/]+)/dagRuns/([^/]+)/taskInstances$");
    private static final Pattern CLEAR = Pattern.compile("^/api/v2/dags/([^/]+)/clearTaskInstances$");

    private static final Path NIGHTLY_DAG = Path.of(System.getProperty("isg.repository.root", ".."), "orchestration", "dags", "isg_nightly.py");

    private final OpenApiInteractionValidator apiValidator;
    private final OpenApiInteractionValidator authValidator;
    private final HttpServer server;
    private final String dagId;
    private final List<String> taskIds;
    private final Instant created = Instant.parse("2026-11-01T00:00:00Z");

    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Boolean> tokens = new LinkedHashMap<>();
    private final Map<String, StubRun> runs = new LinkedHashMap<>();
    private final Map<String, Integer> failuresLeft = new LinkedHashMap<>();
    private final List<Asset> assets = new ArrayList<>();
    private final List<ObjectNode> assetEvents = new ArrayList<>();
    private final List<Blip> blips = new ArrayList<>();
    private boolean paused;
    private String schedulerStatus = "healthy";

    AirflowStub(AirflowInstallation specifications, String dagId, List<String> taskIds)
            throws IOException
    {
        this.apiValidator = OpenApiInteractionValidator.createForInlineApiSpecification(
                OpenApi30Conversion.convert(specifications.restApiDocument())).build();
        this.authValidator = OpenApiInteractionValidator.createForInlineApiSpecification(
                OpenApi30Conversion.convert(specifications.simpleAuthManagerApiDocument())).build();
        this.dagId = requireNonNull(dagId, "dagId is null");
        this.taskIds = List.copyOf(taskIds);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A stub serving the nightly DAG, with the tasks of its {@code STAGES} list. */
    public static AirflowStub forNightlyDag()
            throws IOException
    {
        // The OpenAPI documents of the pinned Airflow, from its package (installed on first use)
        return new AirflowStub(AirflowInstallation.installed(System.out::println), NightlyDag.DAG_ID, nightlyTasks());
    }

    /** The DAG's {@code STAGES = [...]} (jobs' DagStagesTest keeps it equal to the Java pipeline's stages). */
    public static List<String> nightlyTasks()
            throws IOException
    {
        Matcher stages = Pattern.compile("(?m)^STAGES = \\[(.*)]$").matcher(java.nio.file.Files.readString(NIGHTLY_DAG, UTF_8));
        if (!stages.find()) {
            throw new IllegalStateException(NIGHTLY_DAG + " has no STAGES = [...] line");
        }
        return Pattern.compile("\"([a-z_]+)\"").matcher(stages.group(1)).results().map(match -> match.group(1)).toList();
    }

    public URI url()
    {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every way a request or a response broke the spec, in order. */
    public List<String> violations()
    {
        return List.copyOf(violations);
    }

    /** The violations recorded so far, which are then forgotten (for tests that break the spec on purpose). */
    public List<String> takeViolations()
    {
        List<String> taken = List.copyOf(violations);
        violations.clear();
        return taken;
    }

        /** "METHOD path" of every request received, in order. */
    public List<String> requests()
    {
        return List.copyOf(requests);
    }

    public synchronized void failTask(String taskId, int times)
    {
        failuresLeft.put(taskId, times);
    }

    /** The next requests (any) are answered with these statuses, one each. */
    public synchronized void blip(Integer... statuses)
    {
        blipOn("", statuses);
    }

    /** The next requests whose "METHOD path" starts with {@code request} are answered with these statuses, one each. */
    public synchronized void blipOn(String request, Integer... statuses)
    {
        for (int status : statuses) {
            blips.add(new Blip(request, status));
        }
    }

    public synchronized void expireTokens()
    {
        tokens.replaceAll((token, valid) -> false);
    }

    public synchronized void addAsset(String uri, String name)
    {
        assets.add(new Asset(assets.size() + 1, uri, name));
    }

    public synchronized List<ObjectNode> assetEvents()
    {
        return List.copyOf(assetEvents);
    }

    public synchronized void setSchedulerStatus(String status)
    {
        schedulerStatus = status;
    }

    public synchronized boolean paused()
    {
        return paused;
    }

    /** A run created as the scheduler would, outside the API. */
    public synchronized void addScheduledRun(String runId, Instant logicalDate, String state)
    {
        StubRun run = new StubRun(runId, logicalDate, "scheduled", "timetable");
        run.state = state;
        runs.put(runId, run);
    }

    @Override
    public void close()
    {
        server.stop(0);
    }

    private synchronized void handle(HttpExchange exchange)
            throws IOException
    {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
            String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
            requests.add(method + " " + path);
            OpenApiInteractionValidator validator = path.startsWith("/auth/") ? authValidator : apiValidator;
            Request request = request(method, path, query, body, exchange);
            List<String> requestProblems = problems(validator.validateRequest(request));
            requestProblems.forEach(problem -> violations.add("request " + method + " " + path + ": " + problem));

            Optional<Blip> blip = blips.stream().filter(candidate -> (method + " " + path).startsWith(candidate.request())).findFirst();
            if (blip.isPresent()) {
                // A proxy or a restarting API server: not an answer the spec describes, so not validated
                blips.remove(blip.get());
                send(exchange, blip.get().status(), JSON.createObjectNode().put("detail", "stub: injected " + blip.get().status()).toString());
                return;
            }
            Answer answer;
            Optional<Answer> refused = needsToken(path) ? tokenRefusal(exchange.getRequestHeaders().getFirst("Authorization")) : Optional.empty();
            if (refused.isPresent()) {
                answer = refused.get();
            }
            else if (!requestProblems.isEmpty()) {
                ObjectNode error = JSON.createObjectNode();
                ArrayNode detail = error.putArray("detail");
                requestProblems.forEach(problem -> detail.addObject().put("msg", problem).put("type", "value_error").putArray("loc").add("body"));
                answer = new Answer(422, error);
            }
            else {
                answer = route(method, path, query, body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body));
            }
            String responseBody = answer.body().toString();
            SimpleResponse response = SimpleResponse.Builder.status(answer.status()).withContentType("application/json").withBody(responseBody).build();
            problems(validator.validateResponse(path, request.getMethod(), response))
                    .forEach(problem -> violations.add("response " + answer.status() + " to " + method + " " + path + ": " + problem));
            send(exchange, answer.status(), responseBody);
        }
        catch (RuntimeException | IOException e) {
            violations.add("stub failure: " + e);
            throw e;
        }
    }

    private Answer route(String method, String path, Map<String, List<String>> query, JsonNode body)
    {
        Matcher matcher;
        if (method.equals("POST") && path.equals("/auth/token")) {
            if (body.path("username").asText().equals(USERNAME) && body.path("password").asText().equals(PASSWORD)) {
                String token = "stub-" + UUID.randomUUID();
                tokens.put(token, true);
                return new Answer(201, JSON.createObjectNode().put("access_token", token));
            }
            return new Answer(401, JSON.createObjectNode().put("detail", "Invalid credentials"));
        }
        if (method.equals("GET") && path.equals("/api/v2/monitor/health")) {
            ObjectNode health = JSON.createObjectNode();
            health.putObject("metadatabase").put("status", "healthy");
            health.putObject("scheduler").put("status", schedulerStatus).put("latest_scheduler_heartbeat", "2026-11-24T01:59:58.123456+00:00");
            health.putObject("triggerer").putNull("status").putNull("latest_triggerer_heartbeat");
            health.putObject("dag_processor").put("status", "healthy").put("latest_dag_processor_heartbeat", "2026-11-24T01:59:50+00:00");
            return new Answer(200, health);
        }
        if ((matcher = DAG.matcher(path)).matches() && method.equals("GET")) {
            return knownDag(matcher.group(1)) ? new Answer(200, dagJson()) : notFound("Dag with dag_id: '" + decode(matcher.group(1)) + "'");
        }
        if ((matcher = DAG.matcher(path)).matches() && method.equals("PATCH")) {
            if (!knownDag(matcher.group(1))) {
                return notFound("Dag with dag_id: '" + decode(matcher.group(1)) + "'");
            }
            paused = body.path("is_paused").asBoolean();
            return new Answer(200, dagJson());
        }
        if ((matcher = DAG_RUNS.matcher(path)).matches()) {
            if (!knownDag(matcher.group(1))) {
                return notFound("Dag with dag_id: '" + decode(matcher.group(1)) + "'");
            }
            return method.equals("POST") ? trigger(body) : listRuns(query);
        }
        if ((matcher = DAG_RUN.matcher(path)).matches() && method.equals("GET")) {
            StubRun run = runs.get(decode(matcher.group(2)));
            if (!knownDag(matcher.group(1)) || run == null) {
                return notFound("DAGRun " + decode(matcher.group(2)));
            }
            advance(run);
            return new Answer(200, runJson(run));
        }
        if ((matcher = TASK_INSTANCES.matcher(path)).matches()) {
            StubRun run = runs.get(decode(matcher.group(2)));
            if (!knownDag(matcher.group(1)) || run == null) {
                return notFound("DAGRun " + decode(matcher.group(2)));
            }
            return new Answer(200, tasksJson(run, run.tasks.keySet()));
        }
        if ((matcher = CLEAR.matcher(path)).matches()) {
            StubRun run = runs.get(body.path("dag_run_id").asText());
            if (!knownDag(matcher.group(1)) || run == null) {
                return notFound("DAGRun " + body.path("dag_run_id").asText());
            }
            // only_failed defaults to true in the API; false clears every task of the run
            boolean onlyFailed = body.path("only_failed").asBoolean(true);
            List<String> cleared = run.tasks.entrySet().stream()
                    .filter(task -> !onlyFailed || (task.getValue() != null && (task.getValue().equals("failed") || task.getValue().equals("upstream_failed"))))
                    .map(Map.Entry::getKey).toList();
            ObjectNode answer = tasksJson(run, cleared);
            if (!body.path("dry_run").asBoolean(true)) {
                cleared.forEach(task -> run.tasks.put(task, null));
                if (!cleared.isEmpty()) {
                    run.state = "queued";
                }
            }
            return new Answer(200, answer);
        }
        if (method.equals("GET") && path.equals("/api/v2/assets")) {
            Pattern like = like(first(query, "uri_pattern").orElse("%"));
            List<Asset> matching = assets.stream().filter(asset -> like.matcher(asset.uri()).matches()).toList();
            ObjectNode answer = JSON.createObjectNode();
            ArrayNode page = answer.putArray("assets");
            page(matching, query).forEach(asset -> page.add(assetJson(asset)));
            answer.put("total_entries", matching.size());
            return new Answer(200, answer);
        }
        if (method.equals("GET") && path.equals("/api/v2/assets/events")) {
            Optional<Long> assetId = first(query, "asset_id").map(Long::parseLong);
            List<ObjectNode> matching = assetEvents.stream().filter(event -> assetId.map(id -> event.path("asset_id").asLong() == id).orElse(true)).toList();
            ObjectNode answer = JSON.createObjectNode();
            ArrayNode page = answer.putArray("asset_events");
            page(matching, query).forEach(page::add);
            answer.put("total_entries", matching.size());
            return new Answer(200, answer);
        }
        if (method.equals("POST") && path.equals("/api/v2/assets/events")) {
            Optional<Asset> asset = assets.stream().filter(candidate -> candidate.id() == body.path("asset_id").asLong()).findFirst();
            if (asset.isEmpty()) {
                return notFound("Asset with ID " + body.path("asset_id").asLong());
            }
            ObjectNode event = JSON.createObjectNode()
                    .put("id", assetEvents.size() + 1)
                    .put("asset_id", asset.get().id())
                    .put("uri", asset.get().uri())
                    .put("name", asset.get().name())
                    .put("group", "asset");
            event.set("extra", body.path("extra").isObject() ? body.path("extra") : JSON.createObjectNode());
            event.putNull("source_task_id").putNull("source_dag_id").putNull("source_run_id")
                    .put("source_map_index", -1)
                    .put("timestamp", "2026-11-24T03:00:00Z")
                    .putNull("partition_key")
                    .putArray("created_dagruns");
            assetEvents.add(event);
            return new Answer(200, event);
        }
        return new Answer(404, JSON.createObjectNode().put("detail", "Not Found"));
    }

    private Answer trigger(JsonNode body)
    {
        String runId = body.path("dag_run_id").asText();
        Instant logicalDate = OffsetDateTime.parse(body.path("logical_date").asText()).toInstant();
        if (runs.containsKey(runId)) {
            return conflict("The DAG run with dag_run_id: `" + runId + "` already exists");
        }
        if (runs.values().stream().anyMatch(run -> run.logicalDate.equals(logicalDate))) {
            return conflict("A DAG run with logical_date " + logicalDate + " already exists for DAG " + dagId);
        }
        StubRun run = new StubRun(runId, logicalDate, "manual", "rest_api");
        runs.put(runId, run);
        return new Answer(200, runJson(run));
    }

    private Answer listRuns(Map<String, List<String>> query)
    {
        Instant from = first(query, "logical_date_gte").map(value -> OffsetDateTime.parse(value).toInstant()).orElse(Instant.MIN);
        Instant to = first(query, "logical_date_lte").map(value -> OffsetDateTime.parse(value).toInstant()).orElse(Instant.MAX);
        List<StubRun> matching = runs.values().stream()
                .filter(run -> !run.logicalDate.isBefore(from) && !run.logicalDate.isAfter(to))
                .sorted(Comparator.comparing(run -> run.logicalDate))
                .toList();
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode page = answer.putArray("dag_runs");
        page(matching, query).forEach(run -> page.add(runJson(run)));
        answer.put("total_entries", matching.size());
        return new Answer(200, answer);
    }

    /** One scheduling step of a run. */
    private void advance(StubRun run)
    {
        if (run.state.equals("success") || run.state.equals("failed")) {
            return;
        }
        run.state = "running";
        for (String taskId : taskIds) {
            String state = run.tasks.get(taskId);
            if (state == null) {
                run.tasks.put(taskId, "running");
                run.tries.merge(taskId, 1, Integer::sum);
                return;
            }
            if (state.equals("running")) {
                int failures = failuresLeft.getOrDefault(taskId, 0);
                if (failures > 0) {
                    failuresLeft.put(taskId, failures - 1);
                    run.tasks.put(taskId, "failed");
                    taskIds.subList(taskIds.indexOf(taskId) + 1, taskIds.size()).forEach(downstream -> run.tasks.put(downstream, "upstream_failed"));
                    run.state = "failed";
                }
                else {
                    run.tasks.put(taskId, "success");
                    if (taskId.equals(taskIds.get(taskIds.size() - 1))) {
                        run.state = "success";
                    }
                }
                return;
            }
        }
    }

    private ObjectNode runJson(StubRun run)
    {
        ObjectNode json = JSON.createObjectNode()
                .put("dag_run_id", run.runId)
                .put("dag_id", dagId)
                .put("logical_date", format(run.logicalDate))
                .put("queued_at", format(run.logicalDate));
        if (run.state.equals("queued")) {
            json.putNull("start_date");
        }
        else {
            json.put("start_date", format(run.logicalDate.plusSeconds(5)));
        }
        boolean finished = run.state.equals("success") || run.state.equals("failed");
        if (finished) {
            json.put("end_date", format(run.logicalDate.plusSeconds(600))).put("duration", 595.0);
        }
        else {
            json.putNull("end_date").putNull("duration");
        }
        json.put("data_interval_start", format(run.logicalDate))
                .put("data_interval_end", format(run.logicalDate))
                .put("run_after", format(run.logicalDate))
                .putNull("last_scheduling_decision")
                .put("run_type", run.runType)
                .put("state", run.state)
                .put("triggered_by", run.triggeredBy)
                .put("triggering_user_name", USERNAME);
        json.putObject("conf");
        json.putNull("note");
        json.putArray("dag_versions").addObject()
                .put("id", "0f6c6b4e-3a0e-4c39-9a53-2d7f3f0c0a11")
                .put("version_number", 1)
                .put("dag_id", dagId)
                .put("bundle_name", "dags-folder")
                .putNull("bundle_version")
                .put("created_at", format(created))
                .put("dag_display_name", dagId)
                .putNull("bundle_url");
        json.putNull("bundle_version").put("dag_display_name", dagId).putNull("partition_key").putNull("partition_date");
        return json;
    }

    private ObjectNode tasksJson(StubRun run, java.util.Collection<String> which)
    {
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode tasks = answer.putArray("task_instances");
        for (String taskId : which) {
            String state = run.tasks.get(taskId);
            ObjectNode task = tasks.addObject()
                    .put("id", UUID.nameUUIDFromBytes((run.runId + "/" + taskId).getBytes(UTF_8)).toString())
                    .put("task_id", taskId)
                    .put("dag_id", dagId)
                    .put("dag_run_id", run.runId)
                    .put("map_index", -1)
                    .put("logical_date", format(run.logicalDate))
                    .put("run_after", format(run.logicalDate))
                    .putNull("start_date").putNull("end_date").putNull("duration");
            if (state == null) {
                task.putNull("state");
            }
            else {
                task.put("state", state);
            }
            task.put("try_number", run.tries.getOrDefault(taskId, 0))
                    .put("max_tries", 2)
                    .put("task_display_name", taskId)
                    .put("dag_display_name", dagId)
                    .putNull("hostname").putNull("unixname")
                    .put("pool", "default_pool")
                    .put("pool_slots", 1)
                    .put("queue", "default")
                    .put("priority_weight", 1)
                    .put("operator", "SparkSubmitOperator")
                    .put("operator_name", "SparkSubmitOperator")
                    .putNull("queued_when").putNull("scheduled_when").putNull("pid")
                    .putNull("executor")
                    .put("executor_config", "{}")
                    .putNull("note").putNull("rendered_map_index").putNull("trigger").putNull("triggerer_job").putNull("dag_version");
        }
        answer.put("total_entries", which.size());
        return answer;
    }

    private ObjectNode dagJson()
    {
        ObjectNode dag = JSON.createObjectNode()
                .put("dag_id", dagId)
                .put("dag_display_name", dagId)
                .put("is_paused", paused)
                .put("is_stale", false)
                .put("last_parsed_time", format(created))
                .put("last_parse_duration", 0.4)
                .putNull("last_expired")
                .put("bundle_name", "dags-folder")
                .putNull("bundle_version")
                .put("relative_fileloc", dagId + ".py")
                .put("fileloc", "/opt/airflow/dags/" + dagId + ".py")
                .putNull("description")
                .put("timetable_summary", "0 2 * * *")
                .put("timetable_description", "At 02:00")
                .put("timetable_partitioned", false);
        dag.putArray("tags");
        dag.put("max_active_tasks", 16)
                .put("max_active_runs", 1)
                .put("max_consecutive_failed_dag_runs", 0)
                .put("has_task_concurrency_limits", false)
                .put("has_import_errors", false)
                .put("is_backfillable", true)
                .put("timetable_periodic", true)
                .putNull("next_dagrun_logical_date")
                .putNull("next_dagrun_data_interval_start")
                .putNull("next_dagrun_data_interval_end")
                .putNull("next_dagrun_run_after")
                .putNull("allowed_run_types");
        dag.putArray("owners").add("airflow");
        dag.put("file_token", "stub-file-token");
        return dag;
    }

    private ObjectNode assetJson(Asset asset)
    {
        ObjectNode json = JSON.createObjectNode()
                .put("id", asset.id())
                .put("name", asset.name())
                .put("uri", asset.uri())
                .put("group", "asset")
                .put("created_at", format(created))
                .put("updated_at", format(created));
        json.putArray("scheduled_dags");
        json.putArray("producing_tasks");
        json.putArray("consuming_tasks");
        json.putArray("aliases");
        json.putArray("watchers");
        return json;
    }

    private boolean knownDag(String encodedDagId)
    {
        return decode(encodedDagId).equals(dagId);
    }

    private static Answer notFound(String what)
    {
        return new Answer(404, JSON.createObjectNode().put("detail", what + " not found"));
    }

    private static Answer conflict(String detail)
    {
        return new Answer(409, JSON.createObjectNode().put("detail", detail));
    }

    private static boolean needsToken(String path)
    {
        return path.startsWith("/api/v2/") && !path.equals("/api/v2/monitor/health") && !path.equals("/api/v2/version");
    }

    /** As Airflow 3.3 answers: no token 401, an expired one 401, one it did not sign 403. */
    private Optional<Answer> tokenRefusal(String authorization)
    {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return Optional.of(new Answer(401, JSON.createObjectNode().put("detail", "Not authenticated")));
        }
        Boolean valid = tokens.get(authorization.substring("Bearer ".length()));
        if (valid == null) {
            return Optional.of(new Answer(403, JSON.createObjectNode().put("detail", "Invalid JWT token")));
        }
        return valid ? Optional.empty() : Optional.of(new Answer(401, JSON.createObjectNode().put("detail", "Token Expired")));
    }

    private static <T> List<T> page(List<T> items, Map<String, List<String>> query)
    {
        int offset = first(query, "offset").map(Integer::parseInt).orElse(0);
        int limit = first(query, "limit").map(Integer::parseInt).orElse(50);
        return items.subList(Math.min(offset, items.size()), Math.min(offset + limit, items.size()));
    }

    /** SQL LIKE: {@code %} any run, {@code _} any one character. */
    private static Pattern like(String pattern)
    {
        StringBuilder regex = new StringBuilder();
        for (int index = 0; index < pattern.length(); index++) {
            char character = pattern.charAt(index);
            switch (character) {
                case '%' -> regex.append(".*");
                case '_' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(character)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static Request request(String method, String path, Map<String, List<String>> query, String body, HttpExchange exchange)
    {
        SimpleRequest.Builder builder = new SimpleRequest.Builder(method, path);
        query.forEach(builder::withQueryParam);
        exchange.getRequestHeaders().forEach(builder::withHeader);
        if (!body.isEmpty()) {
            builder.withBody(body);
        }
        return builder.build();
    }

    private static List<String> problems(ValidationReport report)
    {
        return report.getMessages().stream()
                .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .map(message -> message.getKey() + ": " + message.getMessage())
                .toList();
    }

    private static Map<String, List<String>> query(String rawQuery)
    {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&", -1)) {
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                query.computeIfAbsent(name, ignored -> new ArrayList<>()).add(value);
            }
        }
        return query;
    }

    private static Optional<String> first(Map<String, List<String>> query, String name)
    {
        return Optional.ofNullable(query.get(name)).map(values -> values.get(0));
    }

    private static String decode(String value)
    {
        return URLDecoder.decode(value, UTF_8);
    }

    private static String format(Instant instant)
    {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static void send(HttpExchange exchange, int status, String body)
    {
        try {
            byte[] bytes = body.getBytes(UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Answer(int status, JsonNode body)
    {
        Answer
        {
            requireNonNull(body, "body is null");
        }
    }

    private record Blip(String request, int status)
    {
        Blip
        {
            requireNonNull(request, "request is null");
        }
    }

    private record Asset(long id, String uri, String name)
    {
        Asset
        {
            requireNonNull(uri, "uri is null");
            requireNonNull(name, "name is null");
        }
    }

    /** A run's mutable state; guarded by the stub's lock. */
    private final class StubRun
    {
        private final String runId;
        private final Instant logicalDate;
        private final String runType;
        private final String triggeredBy;
        private final Map<String, String> tasks = new LinkedHashMap<>();
        private final Map<String, Integer> tries = new LinkedHashMap<>();
        private String state = "queued";

        private StubRun(String runId, Instant logicalDate, String runType, String triggeredBy)
        {
            this.runId = runId;
            this.logicalDate = logicalDate;
            this.runType = runType;
            this.triggeredBy = triggeredBy;
            taskIds.forEach(task -> tasks.put(task, null));
        }
    }
}
