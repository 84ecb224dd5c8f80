package org.isg.warehouse.pipeline;

import org.apache.spark.sql.Row;
import org.isg.warehouse.contracts.dataset.Dataset;
import org.isg.warehouse.contracts.landing.RejectionReason;
import org.isg.warehouse.contracts.registry.Base;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.pipeline.ops.DeliveryLedger;
import org.isg.warehouse.pipeline.ops.DeliveryStatus;
import org.isg.warehouse.pipeline.privacy.Pseudonymizer;
import org.isg.warehouse.testing.SharedSpark;
import org.isg.warehouse.testing.TestKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input matrix of {@code docs/contracts.md} as one night's corpus (issue 12, item 10): one
 * grid-cases delivery per kind of bad input, each from its own base and export date, run through
 * intake together. Per delivery: the named rejection, or the rules its quarantined rows broke;
 * received = accepted + quarantined; and no canary planted where content must never be repeated
 * (rejected files, manifests, malformed lines, JSON keys) reaches a table, a log line or a file of
 * the warehouse.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCorpusTest
{
    private static final LocalDate NIGHT = LocalDate.of(2026, 11, 23);
    private static final List<String> DATES = List.of("2026-11-21", "2026-11-22", "2026-11-23");
    private static final String EXPORTED_AT = "2026-11-24T01:00:00+08:00";
    private static final String HEADER = "case_id,grid_code,division_code,source,category_code,reported_at,registered_at,dispatched_at,deadline_at,"
            + "handled_at,closed_at,status,rework_count,satisfaction,reporter_id,updated_at";
    private static final String GOOD = "K1,G1,320500001001,PATROL,01-01,2026-11-20 09:00:00,,,,,,REPORTED,0,,,2026-11-20 09:00:00";
    private static final String JSON_GOOD = "{\"case_id\": \"K1\", \"grid_code\": \"G1\", \"division_code\": \"320500001001\", \"source\": \"PATROL\", \"category_code\": \"01-01\", "
            + "\"reported_at\": \"2026-11-20 09:00:00\", \"status\": \"REPORTED\", \"rework_count\": 0, \"updated_at\": \"2026-11-20 09:00:00\"}";

    @TempDir
    static Path directory;

    private Path landing;
    private Warehouse warehouse;
    private final List<String> logLines = new ArrayList<>();
    /** What each kind of input must meet, by the slot (base and export date) it was delivered in. */
    private final Map<String, Expected> expectations = new LinkedHashMap<>();
    private final Set<String> canaries = new TreeSet<>();
    private List<Base> bases;
    private int nextSlot;

    /** A rejection with its reason, or an acceptance with its row counts and the rules its quarantined rows broke. */
    private record Expected(String kind, String outcome, long received, long accepted, Set<String> brokenRules) {}

    @BeforeAll
    void runTheCorpusInOneNight()
            throws Exception
    {
        landing = directory.resolve("landing");
        bases = BaseRegistry.load().deliveringBases(Dataset.GRID_CASES);

        // The manifest and the delivery folder
        rejected("no manifest.json", RejectionReason.MANIFEST_MISSING, slot -> {
            Files.createDirectories(slot);
            Files.writeString(slot.resolve("part-0001.csv"), HEADER + "\n" + GOOD.replace("G1", canary("no-manifest")) + "\n", UTF_8);
        });
        rejected("manifest over 1 MiB", RejectionReason.MANIFEST_TOO_LARGE, slot -> {
            deliverCsv(slot, List.of(GOOD), UnaryOperator.identity());
            Files.writeString(slot.resolve("manifest.json"), Files.readString(slot.resolve("manifest.json"), UTF_8) + " ".repeat(1 << 20) + canary("big-manifest"), UTF_8);
        });
        rejected("manifest not JSON", RejectionReason.MANIFEST_UNPARSABLE, slot -> {
            Files.createDirectories(slot);
            Files.writeString(slot.resolve("manifest.json"), "{\"dataset\": " + canary("not-json"), UTF_8);
        });
        rejected("a key twice in the manifest", RejectionReason.MANIFEST_UNPARSABLE,
                slot -> deliverCsv(slot, List.of(GOOD), manifest -> manifest.replace("\"schema_version\": 1", "\"schema_version\": 1, \"schema_version\": 1")));
        rejected("a manifest field missing", RejectionReason.MANIFEST_INVALID,
                slot -> deliverCsv(slot, List.of(GOOD), manifest -> manifest.replace("\"exported_at\": \"" + EXPORTED_AT + "\",", "")));
        rejected("a file name with a path", RejectionReason.MANIFEST_INVALID,
                slot -> deliverCsv(slot, List.of(GOOD), manifest -> manifest.replace("\"name\": \"part-0001.csv\"", "\"name\": \"../part-0001.csv\"")));
        rejected("an unknown file format", RejectionReason.MANIFEST_INVALID,
                slot -> deliverCsv(slot, List.of(GOOD), manifest -> manifest.replace("\"format\": \"csv\"", "\"format\": \"xml\"")));
        rejected("an unknown encoding", RejectionReason.MANIFEST_INVALID,
                slot -> deliverCsv(slot, List.of(GOOD), manifest -> manifest.replace("\"encoding\": \"UTF-8\"", "\"encoding\": \"EBCDIC\"")));
        rejected("a row count that is not a number", RejectionReason.MANIFEST_INVALID,
                slot -> deliverCsv(slot, List.of(GOOD), manifest -> manifest.replace("\"rows\": 1", "\"rows\": \"one\"")));
        rejected("a manifest naming another date than its folder", RejectionReason.MANIFEST_PATH_MISMATCH,
                slot -> deliverCsv(slot, List.of(GOOD), manifest -> manifest.replace("\"export_date\": \"" + slot.getFileName() + "\"", "\"export_date\": \"2026-11-01\"")));
        rejected("schema version 2", RejectionReason.UNSUPPORTED_SCHEMA_VERSION,
                slot -> deliverCsv(slot, List.of(GOOD), manifest -> manifest.replace("\"schema_version\": 1", "\"schema_version\": 2")));
        rejected("65 files listed", RejectionReason.TOO_MANY_FILES, slot -> {
            Files.createDirectories(slot);
            List<String> files = new ArrayList<>();
            byte[] content = (HEADER + "\n").getBytes(UTF_8);
            for (int file = 1; file <= 65; file++) {
                String name = "part-%04d.csv".formatted(file);
                Files.write(slot.resolve(name), content);
                files.add(fileEntry(name, "csv", "UTF-8", 0, content));
            }
            Files.writeString(slot.resolve("manifest.json"), manifest(slot, String.join(", ", files)), UTF_8);
        });
        rejected("a data file over 4 GiB", RejectionReason.FILE_TOO_LARGE, slot -> {
            deliverCsv(slot, List.of(GOOD), UnaryOperator.identity());
            // sparse: the size is what the warehouse looks at before reading a byte
            try (RandomAccessFile file = new RandomAccessFile(slot.resolve("part-0001.csv").toFile(), "rw")) {
                file.setLength((4L << 30) + 1);
            }
        });
        rejected("a listed file missing", RejectionReason.FILE_MISSING, slot -> {
            deliverCsv(slot, List.of(GOOD.replace("G1", canary("file-missing"))), UnaryOperator.identity());
            Files.delete(slot.resolve("part-0001.csv"));
        });
        rejected("a file whose SHA-256 differs", RejectionReason.CHECKSUM_MISMATCH, slot -> {
            deliverCsv(slot, List.of(GOOD), UnaryOperator.identity());
            Files.writeString(slot.resolve("part-0001.csv"), HEADER + "\n" + GOOD.replace("G1", canary("checksum")) + "\n", UTF_8);
        });
        rejected("a row count other than declared", RejectionReason.ROW_COUNT_MISMATCH,
                slot -> deliverCsv(slot, List.of(GOOD.replace("G1", canary("row-count"))), manifest -> manifest.replace("\"rows\": 1", "\"rows\": 5")));
        rejected("a data file that is a link", RejectionReason.LINK_NOT_ALLOWED, slot -> {
            Path target = Files.createDirectories(directory.resolve("outside")).resolve("target-" + slot.getFileName() + ".csv");
            Files.writeString(target, HEADER + "\n" + GOOD.replace("G1", canary("link-target")) + "\n", UTF_8);
            deliverCsv(slot, List.of(GOOD.replace("G1", canary("link-target"))), UnaryOperator.identity());
            Files.delete(slot.resolve("part-0001.csv"));
            Files.createSymbolicLink(slot.resolve("part-0001.csv"), target);
        });
        rejected("a manifest that is a link", RejectionReason.LINK_NOT_ALLOWED, slot -> {
            deliverCsv(slot, List.of(GOOD), UnaryOperator.identity());
            Path target = Files.createDirectories(directory.resolve("outside")).resolve("manifest-" + slot.getFileName() + ".json");
            Files.move(slot.resolve("manifest.json"), target);
            Files.createSymbolicLink(slot.resolve("manifest.json"), target);
        });

        // The file's header and bytes
        rejected("a CSV without its header", RejectionReason.HEADER_MISMATCH,
                slot -> deliverRaw(slot, "csv", "UTF-8", (GOOD.replace("320500001001", canary("headerless")) + "\n" + GOOD + "\n").getBytes(UTF_8), 1));
        rejected("a header with a column of its own", RejectionReason.HEADER_MISMATCH,
                slot -> deliverRaw(slot, "csv", "UTF-8", (HEADER.replace("grid_code", canary("header-column")) + "\n" + GOOD + "\n").getBytes(UTF_8), 1));
        rejected("a header with a column twice", RejectionReason.HEADER_MISMATCH,
                slot -> deliverRaw(slot, "csv", "UTF-8", (HEADER.replace("grid_code", "case_id") + "\n" + GOOD + "\n").getBytes(UTF_8), 1));
        rejected("a header missing a column", RejectionReason.HEADER_MISMATCH,
                slot -> deliverRaw(slot, "csv", "UTF-8", (HEADER.replace(",satisfaction", "") + "\n" + GOOD.replace(",0,,,", ",0,,") + "\n").getBytes(UTF_8), 1));
        rejected("bytes invalid in UTF-8", RejectionReason.UNREADABLE_FILE, slot -> {
            byte[] text = (HEADER + "\n" + GOOD.replace("G1", "G\u0001") + "\n").getBytes(UTF_8);
            int at = new String(text, UTF_8).indexOf('\u0001');
            text[at] = (byte) 0xFF;
            deliverRaw(slot, "csv", "UTF-8", text, 1);
        });
        rejected("UTF-8 bytes declared GB18030", RejectionReason.ENCODING_MISMATCH,
                slot -> deliverRaw(slot, "csv", "GB18030", (HEADER + "\n" + GOOD.replace("G1", "东方网格")).getBytes(UTF_8), 1));
        rejected("a dataset the base does not deliver", RejectionReason.DATASET_NOT_EXPECTED_FROM_BASE, null);

        // Rows: each delivery holds the good row K1 and the bad one (a second key unless the kind is the key itself)
        quarantined("a line with too few fields", List.of(GOOD, "K2,G1," + canary("few-fields")), Set.of("record.well_formed"));
        quarantined("a line with too many fields", List.of(GOOD, GOOD.replace("K1", "K2") + "," + canary("many-fields")), Set.of("record.well_formed"));
        quarantined("a line over 1 MiB", List.of(GOOD, GOOD.replace("K1", "K2").replace("G1", canary("long-line") + "x".repeat(1 << 20))), Set.of("record.well_formed"));
        quarantined("a field over 64 Ki characters", List.of(GOOD, GOOD.replace("K1", "K2").replace("G1", canary("long-field") + "x".repeat(70_000))), Set.of("record.well_formed"));
        quarantined("an unclosed quote on the last line", List.of(GOOD, "K2,\"" + canary("unclosed") + ",320500001001"), Set.of("record.well_formed"));
        quarantined("a required value missing", List.of(GOOD, GOOD.replace("K1", "K2").replace(",G1,", ",,")), Set.of("grid_code.required"));
        quarantined("an int that does not parse", List.of(GOOD, GOOD.replace("K1", "K2").replace(",REPORTED,0,", ",REPORTED,zero,")), Set.of("rework_count.type"));
        quarantined("a timestamp that does not parse", List.of(GOOD, GOOD.replace("K1", "K2").replace("01-01,2026-11-20 09:00:00", "01-01,2026-13-45 09:00:00")),
                Set.of("reported_at.type"));
        quarantined("a timestamp that names no moment", List.of(GOOD, GOOD.replace("K1", "K2").replace("01-01,2026-11-20 09:00:00", "01-01,2026-02-30 09:00:00")),
                Set.of("reported_at.type"));
        quarantined("an ISO-8601 time without its offset", List.of(GOOD, GOOD.replace("K1", "K2").replace("01-01,2026-11-20 09:00:00", "01-01,2026-11-20T09:00:00")),
                Set.of("reported_at.type"));
        quarantined("an enum value not allowed", List.of(GOOD, GOOD.replace("K1", "K2").replace(",REPORTED,", ",LOST,")), Set.of("status.allowed_values"));
        quarantined("a source not allowed", List.of(GOOD, GOOD.replace("K1", "K2").replace(",PATROL,", ",SATELLITE,")), Set.of("source.allowed_values"));
        quarantined("a key twice in one delivery", List.of(GOOD, GOOD), Set.of("case_id.unique_in_delivery"));
        quarantined("a timestamp before 2000", List.of(GOOD, GOOD.replace("K1", "K2").replace("01-01,2026-11-20 09:00:00", "01-01,1999-12-31 09:00:00")),
                Set.of("reported_at.plausible"));
        quarantined("updated_at in 2099", List.of(GOOD, GOOD.replace("K1", "K2").replace(",,2026-11-20 09:00:00", ",,2099-01-01 00:00:00")), Set.of("updated_at.plausible"));
        quarantined("a malformed division code", List.of(GOOD, GOOD.replace("K1", "K2").replace("320500001001", "3205")), Set.of("division_code.format"));
        quarantined("a negative count", List.of(GOOD, GOOD.replace("K1", "K2").replace(",REPORTED,0,", ",REPORTED,-1,")), Set.of("rework_count.non_negative"));
        quarantined("a satisfaction out of range", List.of(GOOD, GOOD.replace("K1", "K2").replace(",REPORTED,0,,", ",REPORTED,0,9,")), Set.of("satisfaction.range"));
        quarantined("registered before reported", List.of(GOOD, GOOD.replace("K1", "K2").replace("09:00:00,,,,,,REPORTED", "09:00:00,2026-11-20 08:00:00,,,,,REGISTERED")),
                Set.of("registered_at.not_before_reported_at"));
        quarantined("closed without a closing time", List.of(GOOD, GOOD.replace("K1", "K2").replace(",REPORTED,", ",CLOSED,")), Set.of("closed_at.required_when_closed"));
        quarantined("dispatched without a deadline", List.of(GOOD, GOOD.replace("K1", "K2").replace("09:00:00,,,,,,REPORTED", "09:00:00,2026-11-20 09:10:00,2026-11-20 09:20:00,,,,DISPATCHED")),
                Set.of("deadline_at.required_when_dispatched"));
        quarantinedJson("a JSON line that is not an object", List.of(JSON_GOOD, "[\"" + canary("json-array") + "\"]"), Set.of("record.well_formed"));
        quarantinedJson("a JSON key not in the contract", List.of(JSON_GOOD, JSON_GOOD.replace("K1", "K2").replace("{", "{\"" + canary("json-key") + "\": 1, ")),
                Set.of("record.well_formed"));
        quarantinedJson("a JSON key twice", List.of(JSON_GOOD, JSON_GOOD.replace("K1", "K2").replace("\"grid_code\": \"G1\"", "\"grid_code\": \"G1\", \"grid_code\": \"" + canary("json-twice") + "\"")),
                Set.of("record.well_formed"));
        quarantinedJson("a nested JSON value", List.of(JSON_GOOD, JSON_GOOD.replace("K1", "K2").replace("\"G1\"", "{\"inner\": \"" + canary("json-nested") + "\"}")),
                Set.of("record.well_formed"));
        quarantinedJson("text after the JSON object", List.of(JSON_GOOD, JSON_GOOD.replace("K1", "K2") + " " + canary("json-trailing")), Set.of("record.well_formed"));
        quarantinedJson("a JSON number 1e3 for an int", List.of(JSON_GOOD, JSON_GOOD.replace("K1", "K2").replace("\"rework_count\": 0", "\"rework_count\": 1e3")),
                Set.of("rework_count.type"));

        // What looks odd but is allowed
        accepted("an ISO-8601 time without seconds", slot -> deliverCsv(slot, List.of(GOOD.replace("01-01,2026-11-20 09:00:00", "01-01,2026-11-20T01:00Z")),
                UnaryOperator.identity()), 1);
        accepted("a header only: no rows", slot -> deliverCsv(slot, List.of(), UnaryOperator.identity()), 0);
        accepted("a byte-order mark and CRLF line ends",
                slot -> deliverRaw(slot, "csv", "UTF-8", ("\uFEFF" + HEADER + "\r\n" + GOOD + "\r\n").getBytes(UTF_8), 1), 1);
        accepted("GB18030 declared and delivered", slot -> deliverRaw(slot, "csv", "GB18030",
                (HEADER + "\n" + GOOD.replace("G1", "东方网格") + "\n").getBytes(Charset.forName("GB18030")), 1), 1);
        accepted("the columns in another order", slot -> deliverRaw(slot, "csv", "UTF-8",
                ("grid_code,case_id" + HEADER.substring("case_id,grid_code".length()) + "\n" + GOOD.replace("K1,G1", "G1,K1") + "\n").getBytes(UTF_8), 1), 1);
        accepted("a quoted field with a comma, a quote and a line break", slot -> deliverRaw(slot, "csv", "UTF-8",
                (HEADER + "\n" + GOOD.replace("G1", "\"G,1 \"\"north\"\"\nside\"") + "\n").getBytes(UTF_8), 1), 1);

        warehouse = new Warehouse(SharedSpark.session(), directory.resolve("warehouse").toString());
        TestNights.intake(new NightlyRun(warehouse, BaseRegistry.load(), new Pseudonymizer(TestKeys.PSEUDONYM_KEY.getBytes(UTF_8)), logLines::add), landing.toString(), NIGHT);
    }

    @Test
    void theCorpusHoldsEveryKindOnce()
    {
        assertThat(expectations).hasSizeGreaterThanOrEqualTo(50);
        assertThat(expectations.values().stream().map(Expected::kind).distinct().count()).isEqualTo(expectations.size());
    }

    @Test
    void eachDeliveryMeetsItsNamedOutcomeAndItsRowsReconcile()
    {
        Map<String, DeliveryLedger.Entry> entries = new TreeMap<>();
        for (DeliveryLedger.Entry entry : new DeliveryLedger(warehouse).entries()) {
            entries.put(entry.baseCode() + "/" + entry.exportDate(), entry);
        }
        Map<String, Set<String>> brokenRules = new TreeMap<>();
        for (Row row : warehouse.read(Warehouse.SILVER, "quarantine").select("base_code", "export_date", "broken_rules").collectAsList()) {
            brokenRules.computeIfAbsent(row.getString(0) + "/" + row.getDate(1).toLocalDate(), ignored -> new TreeSet<>()).addAll(row.getList(2));
        }
        Map<String, String> actual = new TreeMap<>();
        Map<String, String> expected = new TreeMap<>();
        for (Map.Entry<String, Expected> slot : expectations.entrySet()) {
            Expected expectation = slot.getValue();
            String key = expectation.kind() + " (" + slot.getKey() + ")";
            expected.put(key, expectation.outcome() + (expectation.outcome().equals("ACCEPTED")
                    ? " %d = %d + %d %s".formatted(expectation.received(), expectation.accepted(), expectation.received() - expectation.accepted(), expectation.brokenRules())
                    : ""));
            DeliveryLedger.Entry entry = entries.get(slot.getKey());
            if (entry == null) {
                actual.put(key, "(no delivery in the ledger)");
            }
            else if (entry.status() == DeliveryStatus.ACCEPTED) {
                actual.put(key, "ACCEPTED %d = %d + %d %s".formatted(entry.receivedRows(), entry.acceptedRows(), entry.quarantinedRows(),
                        brokenRules.getOrDefault(slot.getKey(), Set.of())));
            }
            else {
                actual.put(key, entry.status() + " " + entry.reasonCode());
            }
        }
        assertThat(actual).containsExactlyEntriesOf(expected);
    }

    @Test
    void noCanaryReachesATableALogLineOrAFileOfTheWarehouse()
            throws Exception
    {
        assertThat(canaries).hasSizeGreaterThan(15);
        List<String> cells = new ArrayList<>();
        for (String schema : List.of(Warehouse.BRONZE, Warehouse.SILVER, Warehouse.OPS)) {
            for (String table : warehouse.tables(schema)) {
                for (Row row : warehouse.read(schema, table).collectAsList()) {
                    cells.add(schema + "." + table + ": " + row);
                }
            }
        }
        assertThat(logLines).isNotEmpty();
        try (Stream<Path> files = Files.walk(directory.resolve("warehouse"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                cells.add(file + ": " + new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        for (String canary : canaries) {
            assertThat(cells).as(canary).noneMatch(cell -> cell.contains(canary));
            assertThat(logLines).as(canary).noneMatch(line -> line.contains(canary));
        }
    }

    private interface SlotWriter
    {
        void write(Path slot)
                throws Exception;
    }

    private String canary(String name)
    {
        String canary = "CANARY-" + name.toUpperCase(java.util.Locale.ROOT);
        canaries.add(canary);
        return canary;
    }

    /** The next free base and export date: each kind has a delivery of its own. */
    private String nextSlot()
    {
        Base base = bases.get(nextSlot % bases.size());
        String date = DATES.get(nextSlot / bases.size());
        nextSlot++;
        return base.code() + "/" + date;
    }

    private void rejected(String kind, RejectionReason reason, SlotWriter writer)
            throws Exception
    {
        if (writer == null) {
            // a base whose cohort does not deliver grid cases
            String slot = "HE01/" + DATES.get(2);
            deliverCsv(landing.resolve("grid_cases").resolve(slot), List.of(GOOD), UnaryOperator.identity());
            expectations.put(slot, new Expected(kind, "REJECTED " + reason, 0, 0, Set.of()));
            return;
        }
        String slot = nextSlot();
        writer.write(landing.resolve("grid_cases").resolve(slot));
        expectations.put(slot, new Expected(kind, "REJECTED " + reason, 0, 0, Set.of()));
    }

    private void quarantined(String kind, List<String> lines, Set<String> brokenRules)
            throws Exception
    {
        String slot = nextSlot();
        deliverCsv(landing.resolve("grid_cases").resolve(slot), lines, UnaryOperator.identity());
        long bad = brokenRules.contains("case_id.unique_in_delivery") ? 2 : 1;
        expectations.put(slot, new Expected(kind, "ACCEPTED", lines.size(), lines.size() - bad, brokenRules));
    }

    private void quarantinedJson(String kind, List<String> lines, Set<String> brokenRules)
            throws Exception
    {
        String slot = nextSlot();
        deliverRaw(landing.resolve("grid_cases").resolve(slot), "jsonl", "UTF-8", (String.join("\n", lines) + "\n").getBytes(UTF_8), lines.size());
        expectations.put(slot, new Expected(kind, "ACCEPTED", lines.size(), lines.size() - 1, brokenRules));
    }

    private void accepted(String kind, SlotWriter writer, long rows)
            throws Exception
    {
        String slot = nextSlot();
        writer.write(landing.resolve("grid_cases").resolve(slot));
        expectations.put(slot, new Expected(kind, "ACCEPTED", rows, rows, Set.of()));
    }

    private static void deliverCsv(Path slot, List<String> rows, UnaryOperator<String> manifestEdit)
            throws Exception
    {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        rows.forEach(row -> csv.append(row).append('\n'));
        deliverRaw(slot, "csv", "UTF-8", csv.toString().getBytes(UTF_8), rows.size());
        Files.writeString(slot.resolve("manifest.json"), manifestEdit.apply(Files.readString(slot.resolve("manifest.json"), UTF_8)), UTF_8);
    }

    private static void deliverRaw(Path slot, String format, String encoding, byte[] content, long rows)
            throws Exception
    {
        Files.createDirectories(slot);
        String name = "part-0001." + format;
        Files.write(slot.resolve(name), content);
        Files.writeString(slot.resolve("manifest.json"), manifest(slot, fileEntry(name, format, encoding, rows, content)), UTF_8);
    }

    private static String manifest(Path slot, String files)
    {
        return """
                {"dataset": "grid_cases", "base_code": "%s", "export_date": "%s", "schema_version": 1, "exported_at": "%s", "files": [%s]}
                """.formatted(slot.getParent().getFileName(), slot.getFileName(), EXPORTED_AT, files);
    }

    private static String fileEntry(String name, String format, String encoding, long rows, byte[] content)
            throws Exception
    {
        return "{\"name\": \"%s\", \"format\": \"%s\", \"encoding\": \"%s\", \"rows\": %d, \"sha256\": \"%s\"}"
                .formatted(name, format, encoding, rows, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
    }
}
