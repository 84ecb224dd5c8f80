package org.isg.warehouse.cli;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.isg.warehouse.contracts.dataset.Dataset;
import org.isg.warehouse.contracts.dataset.DatasetContract;
import org.isg.warehouse.contracts.landing.DeliveredRecord;
import org.isg.warehouse.contracts.landing.Manifest;
import org.isg.warehouse.contracts.landing.ManifestFile;
import org.isg.warehouse.contracts.landing.RecordReader;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.generator.ExportGenerator;
import org.isg.warehouse.generator.GenerateOptions;
import org.isg.warehouse.pipeline.FaultInjection;
import org.isg.warehouse.pipeline.NightlyRun;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.pipeline.privacy.Pseudonymizer;
import org.isg.warehouse.testing.SharedSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same night run twice leaves identical tables; a run killed with SIGKILL in the middle of a
 * stage, then rerun, ends in the same state as a clean run; and no raw identifier the generator
 * wrote reaches a warehouse file or a log line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecoveryAndPrivacyIT
{
    private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    private static final String KEY = "recovery-test-key-000001";
    /** Columns that name the run or its clock; everything else must match. */
    private static final Set<String> RUN_COLUMNS = Set.of("run_id", "ingested_at", "quarantined_at", "ingest_run_id", "refine_run_id", "refined_at");

    @TempDir
    static Path directory;

    private Path landing;
    private Warehouse clean;
    private final List<String> logLines = new ArrayList<>();

    @BeforeAll
    void runACleanNight()
    {
        landing = directory.resolve("landing");
        new ExportGenerator(new GenerateOptions(landing, DAY, DAY, List.of("C01", "HE03"), 11, 0.05, false, 30, 5000), BaseRegistry.load(), line -> { }).generate();
        clean = new Warehouse(SharedSpark.session(), directory.resolve("clean").toString());
        night(clean);
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

    @Test
    void aRunKilledMidStageThenRerunEndsLikeACleanRun()
            throws Exception
    {
        Warehouse crashed = new Warehouse(SharedSpark.session(), directory.resolve("crashed").toString());
        // killed after bronze was written but before the deliveries were recorded
        killAt("ingest.after-bronze", crashed);
        // the next run is killed after quarantine, before silver
        killAt("refine.after-quarantine", crashed);
        // and the next one after silver, before the ledger
        killAt("refine.after-silver", crashed);
        night(crashed);
        assertThat(snapshot(crashed)).isEqualTo(snapshot(clean));
        assertThat(crashed.read(Warehouse.OPS, "runs").where("status = 'ABANDONED'").count()).isEqualTo(3);
    }

    @Test
    void noRawIdentifierReachesTheWarehouseOrTheLogs()
            throws IOException
    {
        Set<String> identifiers = rawIdentifiers();
        assertThat(identifiers).hasSizeGreaterThan(100);
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
        for (String line : logLines) {
            for (String identifier : identifiers) {
                assertThat(line).doesNotContain(identifier);
            }
        }
        assertThat(logLines).isNotEmpty();
    }

    private void night(Warehouse warehouse)
    {
        new NightlyRun(warehouse, BaseRegistry.load(), new Pseudonymizer(KEY.getBytes(UTF_8)), logLines::add).run(landing.toString(), DAY);
    }

    private void killAt(String point, Warehouse warehouse)
            throws Exception
    {
        ProcessBuilder builder = ChildNight.isgRun(landing, warehouse.root(), DAY, KEY, List.of());
        builder.environment().put(FaultInjection.ENVIRONMENT_VARIABLE, point);
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        try (InputStream stream = process.getInputStream()) {
            byte[] buffer = new byte[8192];
            int read;
            while ((read = stream.read(buffer)) > 0) {
                output.append(new String(buffer, 0, read, UTF_8));
                if (output.indexOf(FaultInjection.MARKER + point) >= 0) {
                    break;
                }
            }
            assertThat(output.toString()).as("the child reached " + point).contains(FaultInjection.MARKER + point);
            // SIGKILL: no shutdown hooks, no cleanup
            process.destroyForcibly();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        finally {
            process.destroyForcibly();
        }
        output.toString().lines().forEach(logLines::add);
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

    /** Every table's rows, without the columns naming the run, sorted. */
    private static List<List<String>> snapshot(Warehouse warehouse)
    {
        List<List<String>> snapshot = new ArrayList<>();
        for (String table : tables()) {
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
                                RecordReader reader = RecordReader.open(file.name(), file.format(), input, file.encoding(), columns)) {
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
