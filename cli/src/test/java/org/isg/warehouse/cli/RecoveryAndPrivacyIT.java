package org.isg.warehouse.cli;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.isg.warehouse.contracts.dataset.Dataset;
import org.isg.warehouse.contracts.dataset.DatasetContract;
import org.isg.warehouse.contracts.landing.DeliveredRecord;
import org.isg.warehouse.contracts.landing.DeliveryRejectedException;
import org.isg.warehouse.contracts.landing.Manifest;
import org.isg.warehouse.contracts.landing.ManifestFile;
import org.isg.warehouse.contracts.landing.RecordReader;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.contracts.tables.TableDefinition;
import org.isg.warehouse.contracts.tables.WarehouseTables;
import org.isg.warehouse.generator.ExportGenerator;
import org.isg.warehouse.generator.GenerateOptions;
import org.isg.warehouse.pipeline.FaultInjection;
import org.isg.warehouse.pipeline.NightlyRun;
import org.isg.warehouse.pipeline.Stage;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.pipeline.privacy.Pseudonymizer;
import org.isg.warehouse.testing.SharedSpark;
import org.isg.warehouse.testing.ShortLivedJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same night run twice leaves identical tables; a run killed with SIGKILL at seeded random
 * moments in every stage, and at the fault-injection points, then rerun, ends in the same state as
 * a clean run; and no raw identifier the generator wrote reaches a warehouse file or a log line.
 * The chain of killed child runs starts before the clean night and runs beside it and the rerun,
 * in processes of its own: it only needs the clean night's tables at its end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecoveryAndPrivacyIT
{
    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 11, 18);
    private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    private static final String KEY = "recovery-test-key-000001";
    /**
     * Columns that name the run or its clock, and the Delta versions a release or the gold stage
     * recorded (a crash can add commits, so versions count differently); everything else must match.
     */
    private static final Set<String> RUN_COLUMNS = Set.of("run_id", "ingested_at", "quarantined_at", "ingest_run_id", "refine_run_id", "refined_at",
            "published_at", "recorded_at", "table_versions", "input_versions", "gold_versions");
    /**
     * Random kills per run of the suite: one per stage, drawn anew each run (a new seed), so every
     * CI run tries other moments; {@code -Disg.crash.kills=20} runs the twenty (about 20 s of
     * two cores per kill, docs/operations.md).
     */
    private static final int RANDOM_KILLS = Integer.getInteger("isg.crash.kills", 4);
    private static final List<String> STAGES = Arrays.stream(Stage.values()).map(Stage::taskName).toList();
    /**
     * How long after its stage started a kill may fall: less than that stage takes in a child JVM on
     * two cores, so the run never ends first (a kill falling after a stage's end lands in the next one).
     */
    private static final Map<String, Integer> KILL_WINDOW_MILLIS = Map.of("ingest", 4_000, "refine", 8_000, "indicators", 8_000, "publish", 800);
    /** The fault-injection points, each killed in the chain before the random kills of its stage. */
    private static final List<String> FAULT_POINTS = List.of("ingest.after-bronze", "refine.after-quarantine", "refine.after-silver");

    private static final String END_OF_OUTPUT = new String("(end of the child's output)");
    private static final Pattern STAGE_STARTED = Pattern.compile("stage (\\w+) started");

    @TempDir
    static Path directory;

    private Path landing;
    private Warehouse clean;
    // The clean night's lines and the child runs' output, written from two threads
    private final List<String> logLines = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService chainThread = Executors.newSingleThreadExecutor();
    private volatile boolean closing;
    private long seed;
    private Warehouse crashed;
    /** The stages the chain's children were killed in, once the last was killed. */
    private CompletableFuture<List<String>> crashChain;

    @BeforeAll
    void startTheCrashChainAndRunACleanNight()
    {
        landing = directory.resolve("landing");
        // Three days: later exports update earlier records, and one delivery is a correction superseding another
        ExportGenerator.Summary generated = new ExportGenerator(new GenerateOptions(landing, FIRST_DAY, DAY, List.of("C01", "HE03"), 11, 0.05, false, 12, 5000),
                BaseRegistry.load(), line -> { }).generate();
        assertThat(generated.corrections()).isEqualTo(1);

        assertThat(RANDOM_KILLS).as("random kills (isg.crash.kills): at least one per stage").isGreaterThanOrEqualTo(STAGES.size());
        seed = Long.getLong("isg.crash.seed", System.currentTimeMillis());
        System.out.println("crash harness: seed " + seed + " (rerun with -Disg.crash.seed=" + seed + ")");
        crashed = new Warehouse(SharedSpark.session(), directory.resolve("crashed").toString());
        List<Kill> kills = kills(new Random(seed));
        crashChain = CompletableFuture.supplyAsync(() -> {
            List<String> killedIn = new ArrayList<>();
            for (Kill kill : kills) {
                if (closing) {
                    break;
                }
                try {
                    killedIn.add(kill(kill, crashed, seed));
                }
                catch (Exception e) {
                    throw new CompletionException(e);
                }
            }
            return killedIn;
        }, chainThread);

        clean = new Warehouse(SharedSpark.session(), directory.resolve("clean").toString());
        night(clean);
    }

    @AfterAll
    void stopTheCrashChain()
            throws InterruptedException
    {
        // A test that failed early leaves the chain running: it stops after its current child, which it kills
        closing = true;
        chainThread.shutdown();
        assertThat(chainThread.awaitTermination(10, TimeUnit.MINUTES)).isTrue();
    }

    /** The stages the chain's children were killed in, once it ended; a failure inside it is thrown as it was raised. */
    private List<String> crashChainEnded()
    {
        try {
            return crashChain.join();
        }
        catch (CompletionException e) {
            // join() wraps what the chain threw once (a checked exception the chain wrapped itself is the same wrapper)
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    @Test
    void runningTheSameNightTwiceChangesNothing()
    {
        List<List<String>> before = snapshot(clean);
        List<Long> versionsBefore = versions(clean);
        night(clean);
        assertThat(snapshot(clean)).isEqualTo(before);
        // not even a new Delta version of any of those tables
        assertThat(versions(clean)).isEqualTo(versionsBefore);
    }

    private static List<Long> versions(Warehouse warehouse)
    {
        List<Long> versions = new ArrayList<>();
        for (String table : tables()) {
            String[] parts = table.split("\\.", -1);
            versions.add(warehouse.exists(parts[0], parts[1]) ? warehouse.table(parts[0], parts[1]).history(1).first().getLong(0) : -1L);
        }
        return versions;
    }

    /**
     * A chain of child runs, each killed with SIGKILL: at each fault-injection point, and at
     * {@link #RANDOM_KILLS} moments drawn from a seed (system property {@code isg.crash.seed}, else
     * the clock; printed), spread over the stages in their order, each a random delay after its stage
     * started. Each child is the rerun of the previous kill; the last rerun, not killed, must leave
     * every table as the clean run left it.
     */
    @Test
    void aRunKilledAtSeededMomentsInEveryStageThenRerunEndsLikeACleanRun()
    {
        List<String> killedIn = crashChainEnded();
        night(crashed);

        List<List<String>> expected = snapshot(clean);
        assertThat(expected).filteredOn(table -> Set.of("silver.grid_cases", "silver.quarantine", "ops.deliveries", "gold.indicator_values", "ops.releases").contains(table.get(0)))
                .hasSize(5).allSatisfy(table -> assertThat(table).as(table.get(0)).hasSizeGreaterThan(1));
        assertThat(snapshot(crashed)).as("seed %d, kills in %s", seed, killedIn).isEqualTo(expected);
        assertThat(killedIn).as("seed %d", seed).hasSize(RANDOM_KILLS + FAULT_POINTS.size()).containsAll(STAGES);
        // No stage left RUNNING or FAILED: every killed run's open stage was marked ABANDONED by the next run
        List<Row> stages = crashed.read(Warehouse.OPS, "runs").select("run_id", "status").collectAsList();
        assertThat(stages).extracting(row -> row.getString(1)).as("seed %d", seed).allMatch(status -> status.equals("SUCCEEDED") || status.equals("ABANDONED"));
        assertThat(stages.stream().filter(row -> row.getString(1).equals("ABANDONED")).count()).as("seed %d", seed).isBetween(1L, (long) killedIn.size());
    }

    /** A kill: at a fault-injection point, or {@code delayMillis} after the child printed that its stage started. */
    private record Kill(String stage, long delayMillis, Optional<String> faultPoint)
    {
        Kill
        {
            requireNonNull(stage, "stage is null");
            requireNonNull(faultPoint, "faultPoint is null");
        }
    }

    private static List<Kill> kills(Random random)
    {
        List<Kill> kills = new ArrayList<>();
        for (int index = 0; index < RANDOM_KILLS; index++) {
            String stage = STAGES.get(index * STAGES.size() / RANDOM_KILLS);
            boolean firstOfItsStage = kills.stream().noneMatch(kill -> kill.stage().equals(stage));
            for (String point : FAULT_POINTS) {
                if (firstOfItsStage && point.startsWith(stage + ".")) {
                    kills.add(new Kill(stage, 0, Optional.of(point)));
                }
            }
            kills.add(new Kill(stage, random.nextInt(KILL_WINDOW_MILLIS.get(stage)), Optional.empty()));
        }
        return kills;
    }

    /**
     * Runs the night in a child JVM and kills it with SIGKILL at the kill's moment.
     *
     * @return the stage the child was in when killed
     */
    private String kill(Kill kill, Warehouse warehouse, long seed)
            throws Exception
    {
        ProcessBuilder builder = ChildNight.isgRun(landing, warehouse.root(), DAY, KEY, List.of(ShortLivedJvm.FLAGS));
        kill.faultPoint().ifPresent(point -> builder.environment().put(FaultInjection.ENVIRONMENT_VARIABLE, point));
        Process process = builder.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    lines.add(line);
                }
            }
            catch (IOException e) {
                // the child was killed while its output was read
            }
            lines.add(END_OF_OUTPUT);
        });
        reader.start();
        String stage = "(none started)";
        long killAt = Long.MAX_VALUE;
        long giveUpAt = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        List<String> output = new ArrayList<>();
        try {
            while (true) {
                long now = System.nanoTime();
                String line = lines.poll(Math.max(0, Math.min(killAt, giveUpAt) - now), TimeUnit.NANOSECONDS);
                if (line == null) {
                    assertThat(System.nanoTime()).as("seed %d: %s not reached in 5 minutes; output:%n%s", seed, kill, String.join("\n", output)).isLessThan(giveUpAt);
                    break;
                }
                assertThat(line).as("seed %d: the child ended before %s; output:%n%s", seed, kill, String.join("\n", output)).isNotSameAs(END_OF_OUTPUT);
                output.add(line);
                Matcher started = STAGE_STARTED.matcher(line);
                if (started.find()) {
                    stage = started.group(1);
                    if (kill.faultPoint().isEmpty() && stage.equals(kill.stage()) && killAt == Long.MAX_VALUE) {
                        killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(kill.delayMillis());
                    }
                }
                if ((kill.faultPoint().isPresent() && line.contains(FaultInjection.MARKER + kill.faultPoint().get())) || System.nanoTime() >= killAt) {
                    break;
                }
            }
            // SIGKILL: no shutdown hooks, no cleanup
            process.destroyForcibly();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        finally {
            process.destroyForcibly();
            reader.join(TimeUnit.SECONDS.toMillis(60));
        }
        lines.stream().filter(line -> !line.equals(END_OF_OUTPUT)).forEach(output::add);
        logLines.addAll(output);
        return stage;
    }

    @Test
    void noRawIdentifierReachesTheWarehouseOrTheLogs()
            throws IOException
    {
        Set<String> identifiers = rawIdentifiers();
        assertThat(identifiers).hasSizeGreaterThan(100);
        // the killed children's output too
        crashChainEnded();
        try (Stream<Path> files = Files.walk(Path.of(clean.root()))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                for (String identifier : identifiers) {
                    assertThat(content).as(file.toString()).doesNotContain(identifier);
                }
            }
        }
        for (String table : tables()) {
            String[] parts = table.split("\\.", -1);
            if (!clean.exists(parts[0], parts[1])) {
                continue;
            }
            for (Row row : clean.read(parts[0], parts[1]).collectAsList()) {
                for (int index = 0; index < row.size(); index++) {
                    Object value = row.get(index);
                    if (value != null) {
                        assertThat(identifiers).as(table).doesNotContain(value.toString());
                    }
                }
            }
        }
        List<String> lines;
        synchronized (logLines) {
            lines = List.copyOf(logLines);
        }
        for (String line : lines) {
            for (String identifier : identifiers) {
                assertThat(line).doesNotContain(identifier);
            }
        }
        assertThat(lines).isNotEmpty();
    }

    private void night(Warehouse warehouse)
    {
        new NightlyRun(warehouse, BaseRegistry.load(), new Pseudonymizer(KEY.getBytes(UTF_8)), logLines::add).run(landing.toString(), DAY);
    }

    private static List<String> tables()
    {
        List<String> tables = new ArrayList<>();
        for (Dataset dataset : Dataset.values()) {
            tables.add("bronze." + dataset.tableName());
            tables.add("silver." + dataset.tableName());
        }
        tables.add("silver.quarantine");
        tables.add("ops.deliveries");
        tables.add("ref.bases");
        tables.add("ref.indicators");
        return tables;
    }

    /**
     * Every declared table's rows but the run ledger's (which records the kills), without the
     * columns naming the run, sorted.
     */
    private static List<List<String>> snapshot(Warehouse warehouse)
    {
        List<List<String>> snapshot = new ArrayList<>();
        List<String> tables = WarehouseTables.all().stream().map(TableDefinition::qualifiedName).filter(table -> !table.equals("ops.runs")).toList();
        assertThat(tables).contains("gold.indicator_values", "ops.releases", "silver.grid_cases");
        for (String table : tables) {
            String[] parts = table.split("\\.", -1);
            if (!warehouse.exists(parts[0], parts[1])) {
                snapshot.add(List.of(table, "(no table)"));
                continue;
            }
            org.apache.spark.sql.Dataset<Row> rows = warehouse.read(parts[0], parts[1]);
            Column[] kept = Arrays.stream(rows.columns()).filter(name -> !RUN_COLUMNS.contains(name)).map(name -> col(name).cast("string")).toArray(Column[]::new);
            List<String> lines = new ArrayList<>();
            lines.add(table);
            for (Row row : rows.select(kept).collectAsList()) {
                lines.add(row.toString());
            }
            lines.subList(1, lines.size()).sort(null);
            snapshot.add(lines);
        }
        return snapshot;
    }

    private static RecordReader openOrNull(ManifestFile file, InputStream input, List<String> columns)
            throws IOException
    {
        try {
            return RecordReader.open(file.name(), file.format(), input, file.encoding(), columns);
        }
        catch (DeliveryRejectedException e) {
            return null;
        }
    }

    /** The personal identifiers as the generator wrote them, read back from every delivered file. */
    private Set<String> rawIdentifiers()
            throws IOException
    {
        Set<String> identifiers = new HashSet<>();
        for (Dataset dataset : Dataset.values()) {
            DatasetContract contract = dataset.contract();
            List<String> columns = contract.columnNames();
            Path datasetFolder = landing.resolve(dataset.tableName());
            if (contract.personalIdentifiers().isEmpty() || !Files.isDirectory(datasetFolder)) {
                continue;
            }
            try (Stream<Path> manifests = Files.walk(datasetFolder)) {
                for (Path manifestPath : manifests.filter(path -> path.getFileName().toString().equals("manifest.json")).toList()) {
                    Manifest manifest;
                    try {
                        manifest = Manifest.parse(Files.readAllBytes(manifestPath));
                    }
                    catch (Exception e) {
                        continue;
                    }
                    for (ManifestFile file : manifest.files()) {
                        Path data = manifestPath.resolveSibling(file.name());
                        if (!Files.exists(data)) {
                            continue;
                        }
                        try (InputStream input = Files.newInputStream(data);
                                RecordReader reader = openOrNull(file, input, columns)) {
                            if (reader == null) {
                                // a file the intake rejects as a whole (no header): no column is read from it
                                continue;
                            }
                            var records = reader.iterator();
                            while (records.hasNext()) {
                                DeliveredRecord record = records.next();
                                for (var column : contract.personalIdentifiers()) {
                                    String value = record.values().get(columns.indexOf(column.name()));
                                    if (value != null && value.length() >= 11) {
                                        identifiers.add(value);
                                    }
                                }
                            }
                        }
                        catch (Exception e) {
                            throw new IOException("cannot read " + data, e);
                        }
                    }
                }
            }
        }
        return identifiers;
    }
}
