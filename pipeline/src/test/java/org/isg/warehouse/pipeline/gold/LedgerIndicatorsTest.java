package org.isg.warehouse.pipeline.gold;

import org.apache.spark.sql.Row;
import org.isg.warehouse.pipeline.TestNights;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.testing.SharedSpark;
import org.isg.warehouse.testing.TestDeliveries;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * City-management base CM01, October 2026 vouchers, cut-off 2026-11-30. Thirty ledger entries
 * E01..E30, all with voucher date 2026-10-05; entry i belongs to village ((i − 1) mod 12) + 1.
 * <ul>
 * <li>Booked: E01..E24 on 2026-10-20 (15 days: timely), at 09:00 + i minutes; E25..E30 on 2026-11-10
 * (36 days: late).</li>
 * <li>Large: E01..E10 FUND_OUT of 60,000 and E11..E12 CONTRACT of 80,000; E13..E30 FUND_IN of 1,000.
 * Through the platform: E01..E09. Meeting approved: E01..E06 and E11.</li>
 * <li>Disclosed: E01..E27.</li>
 * <li>Negative balances: E02, E19, E20, E25, E27. Each village's latest entry: villages 1..6 E25..E30,
 * villages 7..12 E19..E24; so villages 1, 3, 7 and 8 end in deficit, and village 2 does not
 * (its negative E02 is not its latest).</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerIndicatorsTest
{
    private static final String HEADER = "entry_id,village_code,entry_type,account_code,amount_yuan,voucher_date,booked_at,counterparty_id,contract_id,"
            + "contract_end,via_platform,disclosed,meeting_approved,balance_after_yuan,updated_at\n";
    private static final Set<Integer> NEGATIVE = Set.of(2, 19, 20, 25, 27);

    @TempDir
    static Path directory;

    private Warehouse warehouse;

    @BeforeAll
    void runTheNight()
            throws Exception
    {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int entry = 1; entry <= 30; entry++) {
            String village = "110100003%03d".formatted((entry - 1) % 12 + 1);
            String type = entry <= 10 ? "FUND_OUT" : entry <= 12 ? "CONTRACT" : "FUND_IN";
            String amount = entry <= 10 ? "60000.00" : entry <= 12 ? "80000.00" : "1000.00";
            String booked = entry <= 24 ? "2026-10-20 09:%02d:00".formatted(entry) : "2026-11-10 09:%02d:00".formatted(entry);
            String contractId = type.equals("CONTRACT") ? "HT-" + entry : "";
            String contractEnd = type.equals("CONTRACT") ? "2030-10-05" : "";
            csv.append(String.join(",", "E%02d".formatted(entry), village, type, "101 现金", amount, "2026-10-05", booked, "", contractId, contractEnd,
                    Boolean.toString(entry <= 9), Boolean.toString(entry <= 27), Boolean.toString(entry <= 6 || entry == 11),
                    NEGATIVE.contains(entry) ? "-500.00" : "1500.00", booked)).append('\n');
        }
        Path landing = directory.resolve("landing");
        TestDeliveries.writeCsv(landing, "three_assets_ledger", "CM01", "2026-11-29", "2026-11-30T01:00:00+08:00", csv.toString());
        // an export in October with no entry in it: CM01 has delivered since October, which is therefore published (SPEC §3)
        TestDeliveries.writeCsv(landing, "three_assets_ledger", "CM01", "2026-10-31", "2026-11-01T01:00:00+08:00", HEADER);
        warehouse = new Warehouse(SharedSpark.session(), directory.resolve("warehouse").toString());
        TestNights.quiet(warehouse).run(landing.toString(), LocalDate.of(2026, 11, 30));
    }

    @Test
    void ledgerIndicatorsOfOctober()
    {
        assertRate("TA_TIMELY_BOOKING_RATE", 24, 30);
        assertRate("TA_LARGE_VIA_PLATFORM_RATE", 9, 12);
        assertRate("TA_LARGE_APPROVED_RATE", 7, 12);
        assertRate("TA_DISCLOSURE_RATE", 27, 30);
        assertRate("TA_DEFICIT_VILLAGE_SHARE", 4, 12);
    }

    private void assertRate(String indicator, int numerator, int denominator)
    {
        Row row = GoldRows.assertMonthlyRate(warehouse, "CM01", indicator, "2026-10", numerator, denominator);
        assertThat(row.<String>getAs("obs_status")).as(indicator).isEqualTo("A");
    }
}
