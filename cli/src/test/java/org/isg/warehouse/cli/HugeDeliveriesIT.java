package org.isg.warehouse.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.Row;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.generator.ExportGenerator;
import org.isg.warehouse.generator.GenerateOptions;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inputs built to exhaust memory (issue 12, item 4): one base's deliveries hold a 1.5 GiB manifest
 * and a record with a 1 GiB field. A night in a child JVM with a 512 MiB heap, far less than either,
 * rejects the first, quarantines the second record and accepts every other delivery of both bases.
 * The huge files are sparse (holes read as NUL bytes), so they cost no disk.
 */
class HugeDeliveriesIT
{
    private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    private static final String KEY = "huge-deliveries-key-0001";
    private static final long MANIFEST_BYTES = 3L << 29;
    private static final long FIELD_BYTES = 1L << 30;

    @TempDir
    static Path directory;

    @Test
    void aSmallHeapNightRejectsAHugeManifestQuarantinesAHugeFieldAndAcceptsEverythingElse()
            throws Exception
    {
        Path landing = directory.resolve("landing");
        new ExportGenerator(new GenerateOptions(landing, DAY, DAY, List.of("C01", "HE03"), 7, 0.0, false, 30, 5000), BaseRegistry.load(), line -> { }).generate();
        Path hugeManifest = onlyDelivery(landing, "eldercare_service_logs", "C01").resolve("manifest.json");
        try (RandomAccessFile file = new RandomAccessFile(hugeManifest.toFile(), "rw")) {
            file.setLength(MANIFEST_BYTES);
        }
        Path gridDelivery = onlyDelivery(landing, "grid_cases", "C01");
        long gridRows = appendHugeField(gridDelivery);

        Path warehouseRoot = directory.resolve("warehouse");
        ProcessBuilder builder = ChildNight.isgRun(landing, warehouseRoot.toString(), DAY, KEY, List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError"));
        Process process = builder.start();
        String output;
        try (InputStream stream = process.getInputStream()) {
            output = new String(stream.readAllBytes(), UTF_8);
        }
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        System.out.println(output);
        assertThat(process.exitValue()).as("the night's exit code").isZero();

        Warehouse warehouse = new Warehouse(SharedSpark.session(), warehouseRoot.toString());
        List<Row> deliveries = warehouse.read(Warehouse.OPS, "deliveries").collectAsList();
        assertThat(deliveries).hasSizeGreaterThan(4);
        for (Row delivery : deliveries) {
            String dataset = delivery.getAs("dataset");
            String base = delivery.getAs("base_code");
            String status = delivery.getAs("status");
            if ("eldercare_service_logs".equals(dataset) && "C01".equals(base)) {
                assertThat(status).isEqualTo("REJECTED");
                assertThat((String) delivery.getAs("reason_code")).isEqualTo("MANIFEST_TOO_LARGE");
            }
            else if ("grid_cases".equals(dataset) && "C01".equals(base)) {
                assertThat(status).isEqualTo("ACCEPTED");
                assertThat((Long) delivery.getAs("received_rows")).isEqualTo(gridRows);
                assertThat((Long) delivery.getAs("quarantined_rows")).isEqualTo(1L);
                assertThat((Long) delivery.getAs("accepted_rows")).isEqualTo(gridRows - 1);
            }
            else {
                assertThat(status).as(dataset + " of " + base).isEqualTo("ACCEPTED");
            }
        }
        // The quarantined record is named by its rule, and none of its content was kept
        List<Row> quarantined = warehouse.read("silver", "quarantine").where("dataset = 'grid_cases' AND base_code = 'C01'").collectAsList();
        assertThat(quarantined).hasSize(1);
        assertThat(quarantined.get(0).mkString("|")).contains("record.well_formed").doesNotContain("\u0000\u0000");
    }

    private static Path onlyDelivery(Path landing, String dataset, String base)
            throws Exception
    {
        try (Stream<Path> manifests = Files.walk(landing.resolve(dataset).resolve(base))) {
            List<Path> found = manifests.filter(path -> path.getFileName().toString().equals("manifest.json")).toList();
            assertThat(found).as(dataset + " of " + base).hasSize(1);
            return found.get(0).getParent();
        }
    }

    /** Appends a record made of one quoted 1 GiB field (a hole: NUL bytes) and declares it in the manifest. Returns the rows now declared. */
    private static long appendHugeField(Path delivery)
            throws Exception
    {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) mapper.readTree(delivery.resolve("manifest.json").toFile());
        ObjectNode file = (ObjectNode) manifest.path("files").get(0);
        Path data = delivery.resolve(file.path("name").asText());
        try (RandomAccessFile content = new RandomAccessFile(data.toFile(), "rw")) {
            long end = content.length();
            content.seek(end);
            content.write('"');
            content.seek(end + 1 + FIELD_BYTES);
            content.write(new byte[] {'"', '\n'});
        }
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream input = Files.newInputStream(data)) {
            byte[] buffer = new byte[1 << 20];
            int read;
            while ((read = input.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
        }
        long rows = file.path("rows").asLong() + 1;
        file.put("rows", rows);
        file.put("sha256", HexFormat.of().formatHex(digest.digest()));
        mapper.writerWithDefaultPrettyPrinter().writeValue(delivery.resolve("manifest.json").toFile(), manifest);
        return rows;
    }
}
