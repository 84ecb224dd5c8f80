package org.isg.warehouse.pipeline.gold;

import org.apache.spark.sql.Row;
import org.isg.warehouse.pipeline.TestNights;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.testing.SharedSpark;
import org.isg.warehouse.testing.TestDeliveries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same night under three session time zones (issue 13): calendar logic is China time whatever
 * the engine's zone. C01 delivers six hotline cases around midnight of October 31st, China time:
 * two at {@code 2026-10-31 23:30:00} (zone-less, China time) and one at {@code 2026-10-31T23:30:00+08:00}
 * belong to October; two at {@code 2026-11-01 00:30:00} and one at {@code 2026-10-31T16:30:00Z}
 * (00:30 on November 1st in China) to November.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionTimeZoneTest
{
    private static final List<String> ZONES = List.of("UTC", "Asia/Shanghai", "America/New_York");
    private static final String TIME_ZONE = "spark.sql.session.timeZone";

    @TempDir
    static Path directory;

    private final Map<String, Warehouse> warehouses = new LinkedHashMap<>();

    @BeforeAll
    void runTheSameNightUnderEachZone()
            throws Exception
    {
        Path landing = directory.resolve("landing");
        TestDeliveries.writeCsv(landing, "grid_cases", "C01", "2026-10-31", "2026-11-01T01:00:00+08:00", GridCaseRows.HEADER
                + hotlineCase("K1", "2026-10-31 23:30:00") + hotlineCase("K2", "2026-10-31 23:30:00") + hotlineCase("K3", "2026-10-31T23:30:00+08:00"));
        TestDeliveries.writeCsv(landing, "grid_cases", "C01", "2026-11-01", "2026-11-02T01:00:00+08:00", GridCaseRows.HEADER
                + hotlineCase("K4", "2026-11-01 00:30:00") + hotlineCase("K5", "2026-11-01 00:30:00") + hotlineCase("K6", "2026-10-31T16:30:00Z"));
        for (String zone : ZONES) {
            Warehouse warehouse = new Warehouse(SharedSpark.session(), directory.resolve("warehouse-" + zone.replace('/', '-')).toString());
            // as a cluster configured for China (or New York) would have it
            SharedSpark.session().conf().set(TIME_ZONE, zone);
            TestNights.quiet(warehouse).run(landing.toString(), LocalDate.of(2026, 11, 1));
            warehouses.put(zone, warehouse);
        }
    }

    @AfterAll
    void restoreTheTestZone()
    {
        SharedSpark.session().conf().set(TIME_ZONE, "UTC");
    }

    @Test
    void recordsAroundMidnightFallInTheirChinaMonthUnderEveryZone()
    {
        for (String zone : ZONES) {
            assertThat(denominator(warehouses.get(zone), "2026-10")).as(zone).isEqualTo(3.0);
            assertThat(denominator(warehouses.get(zone), "2026-11")).as(zone).isEqualTo(3.0);
        }
    }

    @Test
    void everyGoldTableIsTheSameUnderEveryZone()
    {
        for (String table : List.of("indicator_values", "base_scores", "submission_quality")) {
            List<String> utc = rows(warehouses.get("UTC"), table);
            assertThat(utc).as(table).isNotEmpty();
            for (String zone : ZONES) {
                assertThat(rows(warehouses.get(zone), table)).as(table + " under " + zone).isEqualTo(utc);
            }
        }
    }

    private static String hotlineCase(String caseId, String reportedAt)
    {
        return String.join(",", caseId, "G1", "320500001001", "HOTLINE", "01-01", reportedAt, "", "", "", "", "", "REPORTED", "0", "", "", reportedAt) + "\n";
    }

    private static double denominator(Warehouse warehouse, String month)
    {
        return GoldRows.single(warehouse, "indicator_values",
                "base_code = 'C01' AND indicator_code = 'GC_CITIZEN_REPORT_SHARE' AND period_type = 'MONTH' AND period = '%s'".formatted(month))
                .<Double>getAs("denominator");
    }

    /** The table's rows as text, sorted, without the run's id. */
    private static List<String> rows(Warehouse warehouse, String table)
    {
        return warehouse.read(Warehouse.GOLD, table).drop("run_id").collectAsList().stream().map(Row::toString).sorted().toList();
    }
}
