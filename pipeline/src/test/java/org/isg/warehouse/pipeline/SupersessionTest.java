package org.isg.warehouse.pipeline;

import org.apache.spark.sql.Row;
import org.isg.warehouse.pipeline.ops.DeliveryLedger;
import org.isg.warehouse.pipeline.ops.DeliveryStatus;
import org.isg.warehouse.testing.SharedSpark;
import org.isg.warehouse.testing.TestDeliveries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Re-deliveries (SPEC §2): a later {@code exported_at} replaces the earlier delivery and its rows
 * stop feeding silver; an identical re-delivery changes nothing; an earlier one is refused. Silver
 * keeps the latest version per key across days.
 */
class SupersessionTest
{
    private static final String HEADER = "case_id,grid_code,division_code,source,category_code,reported_at,registered_at,dispatched_at,deadline_at,"
            + "handled_at,closed_at,status,rework_count,satisfaction,reporter_id,updated_at\n";
    // Day 20: A reported and registered, B reported
    private static final String DAY_20 = HEADER
            + "A,G1,320500001001,HOTLINE,01-01,2026-11-20 09:00:00,2026-11-20 09:30:00,,,,,REGISTERED,0,,13800000001,2026-11-20 09:30:00\n"
            + "B,G1,320500001001,PATROL,01-02,2026-11-20 10:00:00,,,,,,REPORTED,0,,,2026-11-20 10:00:00\n";
    // Day 21: A dispatched, handled and closed
    private static final String DAY_21 = HEADER
            + "A,G1,320500001001,HOTLINE,01-01,2026-11-20 09:00:00,2026-11-20 09:30:00,2026-11-21 08:00:00,2026-11-22 08:00:00,"
            + "2026-11-21 15:00:00,2026-11-21 16:00:00,CLOSED,0,5,13800000001,2026-11-21 16:00:00\n";
    // Correction of day 21: A was not closed after all (only dispatched); C is new
    private static final String DAY_21_CORRECTED = HEADER
            + "C,G2,320500001002,AI_CAMERA,05-03,2026-11-21 11:00:00,,,,,,REPORTED,0,,,2026-11-21 11:00:00\n";

    @TempDir
    Path directory;

    @Test
    void aLaterReDeliveryReplacesTheEarlierOne()
            throws Exception
    {
        Path landing = directory.resolve("landing");
        Warehouse warehouse = new Warehouse(SharedSpark.session(), directory.resolve("warehouse").toString());
        NightlyRun run = TestNights.quiet(warehouse);

        TestDeliveries.writeCsv(landing, "grid_cases", "C01", "2026-11-20", "2026-11-21T01:00:00+08:00", DAY_20);
        TestNights.intake(run, landing.toString(), LocalDate.of(2026, 11, 20));
        TestDeliveries.writeCsv(landing, "grid_cases", "C01", "2026-11-21", "2026-11-22T01:00:00+08:00", DAY_21);
        TestNights.intake(run, landing.toString(), LocalDate.of(2026, 11, 21));
        assertThat(statusByCase(warehouse)).isEqualTo(Map.of("A", "CLOSED", "B", "REPORTED"));
        // Both days in one catch-up run: A's day-21 version wins within the batch, as it did across nights
        assertACatchUpKeepsTheSameSilver(landing, LocalDate.of(2026, 11, 21), warehouse);

        // The base corrects day 21 the next night
        TestDeliveries.writeCsv(landing, "grid_cases", "C01", "2026-11-21", "2026-11-23T01:00:00+08:00", DAY_21_CORRECTED);
        TestNights.intake(run, landing.toString(), LocalDate.of(2026, 11, 22));
        // A falls back to its day-20 version; C arrives
        assertThat(statusByCase(warehouse)).isEqualTo(Map.of("A", "REGISTERED", "B", "REPORTED", "C", "REPORTED"));
        List<DeliveryLedger.Entry> day21 = new DeliveryLedger(warehouse).entries().stream().filter(entry -> entry.deliveryId().startsWith("grid_cases/C01/2026-11-21/")).toList();
        assertThat(day21).extracting(DeliveryLedger.Entry::status).containsExactlyInAnyOrder(DeliveryStatus.SUPERSEDED, DeliveryStatus.ACCEPTED);
        // A catch-up run sees only the correction of day 21, never the version the nights replayed away
        assertACatchUpKeepsTheSameSilver(landing, LocalDate.of(2026, 11, 22), warehouse);

        // The identical correction delivered again: nothing changes
        long versionBefore = warehouse.table(Warehouse.SILVER, "grid_cases").history(1).first().getLong(0);
        TestDeliveries.writeCsv(landing, "grid_cases", "C01", "2026-11-21", "2026-11-23T01:00:00+08:00", DAY_21_CORRECTED);
        TestNights.intake(run, landing.toString(), LocalDate.of(2026, 11, 22));
        assertThat(warehouse.table(Warehouse.SILVER, "grid_cases").history(1).first().getLong(0)).isEqualTo(versionBefore);
        assertThat(new DeliveryLedger(warehouse).entries()).hasSize(3);

        // A "correction" exported before the accepted one is refused
        TestDeliveries.writeCsv(landing, "grid_cases", "C01", "2026-11-21", "2026-11-22T02:00:00+08:00", DAY_21);
        TestNights.intake(run, landing.toString(), LocalDate.of(2026, 11, 22));
        assertThat(new DeliveryLedger(warehouse).entries()).filteredOn(entry -> entry.status() == DeliveryStatus.REJECTED)
                .singleElement().extracting(DeliveryLedger.Entry::reasonCode).isEqualTo("NOT_LATER_THAN_ACCEPTED");
        assertThat(statusByCase(warehouse)).isEqualTo(Map.of("A", "REGISTERED", "B", "REPORTED", "C", "REPORTED"));
    }

    @Test
    void timestampsInChinaLocalTimeAreStoredAsInstants()
            throws Exception
    {
        Path landing = directory.resolve("landing");
        Warehouse warehouse = new Warehouse(SharedSpark.session(), directory.resolve("warehouse").toString());
        String csv = HEADER
                + "L,G1,320500001001,HOTLINE,01-01,2026-11-20 08:00:00,,,,,,REPORTED,0,,,2026-11-20 08:00:00\n"
                + "I,G1,320500001001,HOTLINE,01-01,2026-11-20T08:00:00+08:00,,,,,,REPORTED,0,,,2026-11-20T00:00:00Z\n";
        TestDeliveries.writeCsv(landing, "grid_cases", "C02", "2026-11-20", "2026-11-21T01:00:00+08:00", csv);
        TestNights.intake(TestNights.quiet(warehouse), landing.toString(), LocalDate.of(2026, 11, 20));
        // 08:00 in Shanghai (UTC+8) is 00:00 UTC, written either way
        List<Row> rows = warehouse.read(Warehouse.SILVER, "grid_cases").selectExpr("case_id", "CAST(reported_at AS STRING)", "CAST(updated_at AS STRING)").collectAsList();
        assertThat(rows).extracting(row -> row.getString(0) + " " + row.getString(1) + " " + row.getString(2))
                .containsExactlyInAnyOrder("L 2026-11-20 00:00:00 2026-11-20 00:00:00", "I 2026-11-20 00:00:00 2026-11-20 00:00:00");
    }

    /**
     * One run over every delivery of the landing up to the day (a catch-up, SPEC §6), on a
     * warehouse of its own, keeps in silver the rows the nights kept: every column but the run id.
     */
    private void assertACatchUpKeepsTheSameSilver(Path landing, LocalDate upTo, Warehouse nights)
    {
        Warehouse caughtUp = new Warehouse(SharedSpark.session(), directory.resolve("caught-up-" + upTo).toString());
        TestNights.intake(TestNights.quiet(caughtUp), landing.toString(), upTo);
        assertThat(statusByCase(caughtUp)).isEqualTo(statusByCase(nights));
        assertThat(silverRows(caughtUp)).containsExactlyInAnyOrderElementsOf(silverRows(nights));
    }

    private static List<Row> silverRows(Warehouse warehouse)
    {
        return warehouse.read(Warehouse.SILVER, "grid_cases").drop("run_id").collectAsList();
    }

    private static Map<String, String> statusByCase(Warehouse warehouse)
    {
        Map<String, String> statuses = new TreeMap<>();
        for (Row row : warehouse.read(Warehouse.SILVER, "grid_cases").where("base_code = 'C01'").select("case_id", "status").collectAsList()) {
            statuses.put(row.getString(0), row.getString(1));
        }
        return statuses;
    }
}
