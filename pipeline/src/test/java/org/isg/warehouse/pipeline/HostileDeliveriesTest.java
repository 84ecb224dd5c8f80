package org.isg.warehouse.pipeline;

import org.apache.spark.sql.Row;
import org.isg.warehouse.contracts.landing.LandingNames;
import org.isg.warehouse.contracts.landing.Limits;
import org.isg.warehouse.contracts.landing.RejectionReason;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.pipeline.ops.DeliveryLedger;
import org.isg.warehouse.pipeline.privacy.Pseudonymizer;
import org.isg.warehouse.testing.SharedSpark;
import org.isg.warehouse.testing.TestDeliveries;
import org.isg.warehouse.testing.TestKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deliveries made by a base that tries to read what it should not, or to leak content through the
 * warehouse's own messages (issue 12): links to a secret, a CSV without its header, a JSON line with
 * a key of its own, an unparsable manifest. Each is rejected or quarantined by name; a well-behaved
 * base's delivery the same night is accepted; no planted canary reaches any table or log line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileDeliveriesTest
{
    private static final LocalDate NIGHT = LocalDate.of(2026, 11, 23);
    private static final String EXPORTED_AT = "2026-11-24T01:00:00+08:00";
    private static final String HEADER = "case_id,grid_code,division_code,source,category_code,reported_at,registered_at,dispatched_at,deadline_at,"
            + "handled_at,closed_at,status,rework_count,satisfaction,reporter_id,updated_at\n";
    private static final String GOOD_ROW = "K1,G1,320500001001,PATROL,01-01,2026-11-23 09:00:00,,,,,,REPORTED,0,,,2026-11-23 09:00:00\n";
    private static final List<String> CANARIES = List.of("CANARY-SECRET-KEY", "CANARY-13800138000", "CANARY-JSON-KEY", "CANARY-MANIFEST", "CANARY-PASSWD",
            "CANARY-REPORTER-1", "CANARY-REPORTER-2", "CANARY-DATASET", "CANARY-BASE", "CANARY-DATE", "CANARY-FILE");

    @TempDir
    static Path directory;

    private Warehouse warehouse;
    private final List<String> logLines = new ArrayList<>();

    @BeforeAll
    void runANightOfHostileDeliveries()
            throws Exception
    {
        Path landing = directory.resolve("landing");
        Path outside = Files.createDirectories(directory.resolve("outside"));
        byte[] secret = (HEADER.replace("case_id", "CANARY-SECRET-KEY") + GOOD_ROW).getBytes(UTF_8);
        Path secretFile = Files.write(outside.resolve("pseudonym.key"), secret);

        // C01: its data file is a link to a secret outside the landing, with the secret's true hash and row count
        Path c01 = TestDeliveries.writeManifest(landing, "grid_cases", "C01", "2026-11-23", EXPORTED_AT, "csv", secret, 1);
        Files.createSymbolicLink(c01.resolve("part-0001.csv"), secretFile);

        // C02: the whole export-date folder is a link to a folder outside holding a valid-looking delivery
        TestDeliveries.writeCsv(outside.resolve("landing-copy"), "grid_cases", "C02", "2026-11-23", EXPORTED_AT, HEADER + GOOD_ROW.replace("K1", "CANARY-PASSWD"));
        Files.createDirectories(landing.resolve("grid_cases").resolve("C02"));
        Files.createSymbolicLink(landing.resolve("grid_cases").resolve("C02").resolve("2026-11-23"),
                outside.resolve("landing-copy").resolve("grid_cases").resolve("C02").resolve("2026-11-23"));

        // C03: a CSV without its header row: its first row carries a phone number
        TestDeliveries.writeCsv(landing, "grid_cases", "C03", "2026-11-23", EXPORTED_AT, GOOD_ROW.replace("320500001001", "CANARY-13800138000") + GOOD_ROW);

        // C04: a JSON line with a key of the base's own
        String jsonl = "{\"case_id\": \"J1\", \"CANARY-JSON-KEY\": 1}\n";
        Path c04 = TestDeliveries.writeManifest(landing, "grid_cases", "C04", "2026-11-23", EXPORTED_AT, "jsonl", jsonl.getBytes(UTF_8), 1);
        Files.writeString(c04.resolve("part-0001.jsonl"), jsonl, UTF_8);

        // C05: a manifest that is not JSON
        Path c05 = Files.createDirectories(landing.resolve("grid_cases").resolve("C05").resolve("2026-11-23"));
        Files.writeString(c05.resolve("manifest.json"), "{\"dataset\": CANARY-MANIFEST", UTF_8);

        // C07: a record from the future would win every later correction
        TestDeliveries.writeCsv(landing, "grid_cases", "C07", "2026-11-23", EXPORTED_AT, HEADER + GOOD_ROW
                + GOOD_ROW.replace("K1", "K2").replace(",0,,,", ",0,,CANARY-REPORTER-1,").replace(",2026-11-23 09:00:00\n", ",2099-01-01 00:00:00\n"));

        // C08: UTF-8 bytes declared GB18030 would load as mojibake
        byte[] utf8 = (HEADER + GOOD_ROW.replace("01-01", "东方社区")).getBytes(UTF_8);
        Path c08 = TestDeliveries.writeManifest(landing, "grid_cases", "C08", "2026-11-23", EXPORTED_AT, "csv", utf8, 1);
        Files.write(c08.resolve("part-0001.csv"), utf8);
        Files.writeString(c08.resolve("manifest.json"), Files.readString(c08.resolve("manifest.json"), UTF_8).replace("UTF-8", "GB18030"), UTF_8);

        // C09: a manifest over 1 MiB is not read
        Path c09 = TestDeliveries.writeManifest(landing, "grid_cases", "C09", "2026-11-23", EXPORTED_AT, "csv", HEADER.getBytes(UTF_8), 0);
        Files.writeString(c09.resolve("manifest.json"), " ".repeat((int) Limits.MANIFEST_BYTES), UTF_8, java.nio.file.StandardOpenOption.APPEND);

        // Names a base chooses: a dataset folder, a base folder, an export-date folder and a file name of its own
        TestDeliveries.writeCsv(landing, "CANARY-DATASET", "C10", "2026-11-23", EXPORTED_AT, HEADER + GOOD_ROW);
        TestDeliveries.writeCsv(landing, "grid_cases", "CANARY-BASE", "2026-11-23", EXPORTED_AT, HEADER + GOOD_ROW);
        TestDeliveries.writeCsv(landing, "grid_cases", "CM01", "CANARY-DATE", EXPORTED_AT, HEADER + GOOD_ROW);
        Path cm02 = TestDeliveries.writeManifest(landing, "grid_cases", "CM02", "2026-11-23", EXPORTED_AT, "csv", (HEADER + GOOD_ROW).getBytes(UTF_8), 1);
        Files.writeString(cm02.resolve("manifest.json"), Files.readString(cm02.resolve("manifest.json"), UTF_8).replace("part-0001.csv", "CANARY-FILE.csv"), UTF_8);

        // C06 behaves; its reporter is a personal identifier, pseudonymised before anything is written
        TestDeliveries.writeCsv(landing, "grid_cases", "C06", "2026-11-23", EXPORTED_AT, HEADER + GOOD_ROW.replace(",0,,,", ",0,,CANARY-REPORTER-2,"));

        warehouse = new Warehouse(SharedSpark.session(), directory.resolve("warehouse").toString());
        // intake only: the stages that read what bases deliver
        TestNights.intake(new NightlyRun(warehouse, BaseRegistry.load(), new Pseudonymizer(TestKeys.PSEUDONYM_KEY.getBytes(UTF_8)), logLines::add), landing.toString(), NIGHT);
    }

    @Test
    void eachHostileDeliveryIsRejectedOrQuarantinedByNameAndTheWellBehavedBaseIsAccepted()
    {
        Map<String, String> outcomes = new TreeMap<>();
        for (DeliveryLedger.Entry entry : new DeliveryLedger(warehouse).entries()) {
            outcomes.put(entry.baseCode(), entry.status() + " " + (entry.reasonCode() == null ? "" : entry.reasonCode()));
        }
        assertThat(outcomes).containsExactlyEntriesOf(new TreeMap<>(Map.ofEntries(
                Map.entry("C01", "REJECTED " + RejectionReason.LINK_NOT_ALLOWED),
                Map.entry("C02", "REJECTED " + RejectionReason.LINK_NOT_ALLOWED),
                Map.entry("C03", "REJECTED " + RejectionReason.HEADER_MISMATCH),
                Map.entry("C04", "ACCEPTED "),
                Map.entry("C05", "REJECTED " + RejectionReason.MANIFEST_UNPARSABLE),
                Map.entry("C06", "ACCEPTED "),
                Map.entry("C07", "ACCEPTED "),
                Map.entry("C08", "REJECTED " + RejectionReason.ENCODING_MISMATCH),
                Map.entry("C09", "REJECTED " + RejectionReason.MANIFEST_TOO_LARGE),
                Map.entry("C10", "REJECTED " + RejectionReason.UNKNOWN_DATASET),
                Map.entry(LandingNames.baseCode("CANARY-BASE"), "REJECTED " + RejectionReason.UNKNOWN_BASE),
                Map.entry("CM01", "REJECTED " + RejectionReason.MANIFEST_PATH_MISMATCH),
                Map.entry("CM02", "REJECTED " + RejectionReason.FILE_MISSING))));
        // C04's line is quarantined as malformed, C07's record from 2099 as implausible; C06's and C07's good rows are in silver
        assertThat(warehouse.read(Warehouse.SILVER, "quarantine").select("base_code", "broken_rules").collectAsList())
                .extracting(row -> row.getString(0) + " " + row.getList(1)).containsExactlyInAnyOrder("C04 [record.well_formed]", "C07 [updated_at.plausible]");
        assertThat(warehouse.read(Warehouse.SILVER, "grid_cases").select("base_code", "case_id").collectAsList())
                .extracting(row -> row.getString(0) + " " + row.getString(1)).containsExactlyInAnyOrder("C06 K1", "C07 K1");
    }

    @Test
    void noCanaryReachesATableOrALogLine()
            throws Exception
    {
        List<String> cells = new ArrayList<>();
        for (String schema : List.of(Warehouse.BRONZE, Warehouse.SILVER, Warehouse.OPS, Warehouse.GOLD)) {
            for (String table : warehouse.tables(schema)) {
                for (Row row : warehouse.read(schema, table).collectAsList()) {
                    cells.add(schema + "." + table + ": " + row);
                }
            }
        }
        assertThat(cells).isNotEmpty();
        for (String canary : CANARIES) {
            assertThat(cells).as(canary).noneMatch(cell -> cell.contains(canary));
            assertThat(logLines).as(canary).noneMatch(line -> line.contains(canary));
        }
        // nor any file the warehouse keeps as text (Delta logs, quality metrics)
        try (Stream<Path> files = Files.walk(directory.resolve("warehouse"))) {
            for (Path file : files.filter(Files::isRegularFile).filter(file -> !file.toString().endsWith(".parquet")).toList()) {
                String text = new String(Files.readAllBytes(file), UTF_8);
                for (String canary : CANARIES) {
                    assertThat(text).as(file + " " + canary).doesNotContain(canary);
                }
            }
        }
    }
}
