package org.isg.warehouse.pipeline.ingest;

import org.isg.warehouse.contracts.landing.RejectionReason;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.pipeline.ops.DeliveryLedger;
import org.isg.warehouse.pipeline.privacy.Pseudonymizer;
import org.isg.warehouse.testing.SharedSpark;
import org.isg.warehouse.testing.TestDeliveries;
import org.isg.warehouse.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deliveries caught while their files were still arriving (issue 12, item 3): one rejected as
 * incomplete is inspected again once its content changes and then loaded whole; a file that changes
 * between inspection and load never yields rows that were not verified.
 */
class PartialUploadsTest
{
    private static final LocalDate NIGHT = LocalDate.of(2026, 11, 23);
    private static final String EXPORTED_AT = "2026-11-24T01:00:00+08:00";
    private static final String HEADER = "case_id,grid_code,division_code,source,category_code,reported_at,registered_at,dispatched_at,deadline_at,"
            + "handled_at,closed_at,status,rework_count,satisfaction,reporter_id,updated_at\n";

    @TempDir
    Path directory;

    @Test
    void aDeliveryCaughtMidUploadIsLoadedWholeOnceItsUploadCompletes()
            throws Exception
    {
        Path landing = directory.resolve("landing");
        String csv = HEADER + row("K1") + row("K2") + row("K3");
        byte[] complete = csv.getBytes(UTF_8);
        // the manifest arrives first, declaring the whole file; the file is half written
        Path folder = TestDeliveries.writeManifest(landing, "grid_cases", "C01", "2026-11-23", EXPORTED_AT, "csv", complete, 3);
        Files.write(folder.resolve("part-0001.csv"), (HEADER + row("K1")).getBytes(UTF_8));
        Warehouse warehouse = new Warehouse(SharedSpark.session(), directory.resolve("warehouse").toString());

        ingest(warehouse, landing, () -> {});
        assertThat(attempts(warehouse)).containsExactly("REJECTED " + RejectionReason.CHECKSUM_MISMATCH);
        // nothing changed: the same attempt is not made again
        ingest(warehouse, landing, () -> {});
        assertThat(attempts(warehouse)).hasSize(1);

        // the upload completes: the delivery is inspected again and loaded whole; the ledger keeps both attempts
        Files.write(folder.resolve("part-0001.csv"), complete);
        ingest(warehouse, landing, () -> {});
        assertThat(attempts(warehouse)).containsExactlyInAnyOrder("REJECTED " + RejectionReason.CHECKSUM_MISMATCH, "ACCEPTED null");
        assertThat(bronzeCaseIds(warehouse)).containsExactlyInAnyOrder("K1", "K2", "K3");

        // an accepted delivery whose files are touched (copied again, same bytes) is not a new delivery
        Files.setLastModifiedTime(folder.resolve("part-0001.csv"), FileTime.fromMillis(Files.getLastModifiedTime(folder.resolve("part-0001.csv")).toMillis() + 60_000));
        ingest(warehouse, landing, () -> {});
        assertThat(attempts(warehouse)).hasSize(2);
        assertThat(bronzeCaseIds(warehouse)).hasSize(3);
    }

    @Test
    void aFileChangedBetweenInspectionAndLoadYieldsNoRowThatWasNotVerified()
            throws Exception
    {
        Path landing = directory.resolve("landing");
        TestDeliveries.writeCsv(landing, "grid_cases", "C01", "2026-11-23", EXPORTED_AT, HEADER + row("K1") + row("K2"));
        Path file = landing.resolve("grid_cases/C01/2026-11-23/part-0001.csv");
        Warehouse warehouse = new Warehouse(SharedSpark.session(), directory.resolve("warehouse").toString());

        // verified with two rows; by the time it is loaded the base has appended a third
        ingest(warehouse, landing, () -> append(file, row("K3")));
        assertThat(attempts(warehouse)).containsExactly("REJECTED " + RejectionReason.CHANGED_AFTER_INSPECTION);
        assertThat(bronzeCaseIds(warehouse)).isEmpty();

        // inspected again because it changed: its manifest still declares the two-row file
        ingest(warehouse, landing, () -> {});
        assertThat(attempts(warehouse)).containsExactlyInAnyOrder("REJECTED " + RejectionReason.CHANGED_AFTER_INSPECTION, "REJECTED " + RejectionReason.CHECKSUM_MISMATCH);
        assertThat(bronzeCaseIds(warehouse)).isEmpty();
    }

    private static void ingest(Warehouse warehouse, Path landing, Runnable afterInspection)
    {
        new IngestJob(warehouse, BaseRegistry.load(), new Pseudonymizer(TestKeys.PSEUDONYM_KEY.getBytes(UTF_8)), line -> {}, afterInspection)
                .run(landing.toString(), NIGHT, "test-run");
    }

    private static List<String> attempts(Warehouse warehouse)
    {
        return new DeliveryLedger(warehouse).entries().stream()
                .map(entry -> entry.status() + " " + entry.reasonCode())
                .toList();
    }

    private static List<String> bronzeCaseIds(Warehouse warehouse)
    {
        if (!warehouse.exists(Warehouse.BRONZE, "grid_cases")) {
            return List.of();
        }
        return warehouse.read(Warehouse.BRONZE, "grid_cases").select(col("case_id")).collectAsList().stream().map(row -> row.getString(0)).toList();
    }

    private static String row(String caseId)
    {
        return caseId + ",G1,320500001001,PATROL,01-01,2026-11-23 09:00:00,,,,,,REPORTED,0,,,2026-11-23 09:00:00\n";
    }

    private static void append(Path file, String text)
    {
        try {
            Files.writeString(file, text, UTF_8, StandardOpenOption.APPEND);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
