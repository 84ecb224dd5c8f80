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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The grid participation and service indicators, the six eldercare indicators and the 30-day
 * follow-up of abnormal screenings, on comprehensive base C01, cut-off end of 2026-11-30. Each
 * fixture and its expected figures are worked out by hand below.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParticipationServiceAndFollowUpIndicatorsTest
{
    private static final String ELDERCARE_HEADER = "event_id,elder_id,division_code,event_type,device_id,device_type,device_online,occurred_at,responded_at,"
            + "arrived_at,closed_at,outcome,satisfaction,priority_elder,updated_at\n";
    /** 60-plus population of the finest divisions: 300 + 500 = 800 (the street contains them). */
    private static final String DIVISIONS = """
            division_code,name,level,population,population_60plus,population_adult
            320500001000,第1街道,STREET,4000,800,3000
            320500001001,东社区,COMMUNITY,1500,300,1100
            320500001002,西村,VILLAGE,2500,500,1900
            """;

    @TempDir
    static Path directory;

    private Warehouse warehouse;

    @BeforeAll
    void runTheNight()
            throws Exception
    {
        Path landing = directory.resolve("landing");
        TestDeliveries.writeCsv(landing, "grid_cases", "C01", "2026-11-30", "2026-12-01T01:00:00+08:00", gridCases());
        TestDeliveries.writeCsv(landing, "eldercare_service_logs", "C01", "2026-11-30", "2026-12-01T01:00:00+08:00", eldercareEvents());
        TestDeliveries.writeCsv(landing, "health_screenings", "C01", "2026-11-30", "2026-12-01T01:00:00+08:00", screenings());
        // an export in October with no change in it: C01 has delivered screenings since October, which is therefore published (SPEC §3)
        TestDeliveries.writeCsv(landing, "health_screenings", "C01", "2026-10-31", "2026-11-01T01:00:00+08:00", LatestAndPerCapitaIndicatorsTest.SCREENINGS_HEADER);
        TestDeliveries.writeCsv(landing, "divisions", "C01", "2026-11-30", "2026-12-01T01:00:00+08:00", DIVISIONS);
        warehouse = new Warehouse(SharedSpark.session(), directory.resolve("warehouse").toString());
        TestNights.quiet(warehouse).run(landing.toString(), LocalDate.of(2026, 11, 30));
        assertThat(warehouse.read(Warehouse.SILVER, "quarantine").count()).as("the fixture breaks no rule").isZero();
    }

    /**
     * 50 cases reported on 5 November 10:00: sources 1..10 HOTLINE, 11..20 CITIZEN_APP, 21..35 AI_CAMERA,
     * 36..50 PATROL. Cases 1..40 registered and closed on the 6th, 41..45 only REPORTED, 46..48 REJECTED,
     * 49..50 CANCELLED. Cases 1..8 were reworked once. Cases 1..24 rated 5, 25..32 rated 3, 33..40 unrated.
     */
    private static String gridCases()
    {
        StringBuilder csv = new StringBuilder(GridCaseRows.HEADER);
        for (int index = 1; index <= 50; index++) {
            String source = index <= 10 ? "HOTLINE" : index <= 20 ? "CITIZEN_APP" : index <= 35 ? "AI_CAMERA" : "PATROL";
            boolean closed = index <= 40;
            String status = closed ? "CLOSED" : index <= 45 ? "REPORTED" : index <= 48 ? "REJECTED" : "CANCELLED";
            String satisfaction = index <= 24 ? "5" : index <= 32 ? "3" : "";
            csv.append(String.join(",", "K" + index, "G1", "320500001001", source, "01-01", "2026-11-05 10:00:00",
                    closed ? "2026-11-05 11:00:00" : "", closed ? "2026-11-05 12:00:00" : "", closed ? "2026-11-07 12:00:00" : "",
                    closed ? "2026-11-06 09:00:00" : "", closed ? "2026-11-06 10:00:00" : "", status, index <= 8 ? "1" : "0", satisfaction, "",
                    "2026-11-06 10:00:00")).append('\n');
        }
        return csv.toString();
    }

    @Test
    void gridParticipationAndServiceIndicators()
    {
        // Registration: registered 40 of the 48 not cancelled
        assertRate("GC_REGISTRATION_RATE", 40, 48);
        // Citizen share: HOTLINE and CITIZEN_APP, 20 of all 50 reported
        assertRate("GC_CITIZEN_REPORT_SHARE", 20, 50);
        // AI discovery: 15 of 50
        assertRate("GC_AI_DISCOVERY_SHARE", 15, 50);
        // Rework: 8 of the 40 closed
        assertRate("GC_REWORK_RATE", 8, 40);
        // Satisfaction: rated 4 or 5, 24 of the 32 rated
        assertRate("GC_SATISFACTION_RATE", 24, 32);
    }

    /**
     * On 10 November at 08:00 (China time):
     * <ul>
     * <li>SOS calls S1..S25 by elders E1..E25, first response after i minutes; S1..S20 RESOLVED and rated
     * 4, S21..S25 FALSE_ALARM and rated 1; arrival after 9 minutes for S1..S12 and S21..S25, after 15
     * for S13..S20;</li>
     * <li>fall alerts F1..F5 by elders E1..E5, arrival after exactly 10 minutes, RESOLVED;</li>
     * <li>sensor alerts A1..A10 by elders E26..E35, A1..A3 FALSE_ALARM, the rest RESOLVED;</li>
     * <li>home visits V1..V10 to elders E36..E45, V1..V8 rated 5, V9..V10 rated 2;</li>
     * <li>device status rows D1..D40 (elders E1..E40), online for D1..D34.</li>
     * </ul>
     */
    private static String eldercareEvents()
    {
        StringBuilder csv = new StringBuilder(ELDERCARE_HEADER);
        for (int index = 1; index <= 25; index++) {
            boolean falseAlarm = index > 20;
            int arrival = index <= 12 || falseAlarm ? 9 : 15;
            csv.append(event("S" + index, "E" + index, "SOS_CALL", "SOS_VOICE", "", "08:%02d:00".formatted(index), "08:%02d:00".formatted(arrival),
                    falseAlarm ? "FALSE_ALARM" : "RESOLVED", falseAlarm ? "1" : "4"));
        }
        for (int index = 1; index <= 5; index++) {
            csv.append(event("F" + index, "E" + index, "FALL_ALERT", "VITALS_MAT", "", "08:02:00", "08:10:00", "RESOLVED", ""));
        }
        for (int index = 1; index <= 10; index++) {
            csv.append(event("A" + index, "E" + (25 + index), "SENSOR_ALERT", "DOOR_SENSOR", "", "", "", index <= 3 ? "FALSE_ALARM" : "RESOLVED", ""));
        }
        for (int index = 1; index <= 10; index++) {
            csv.append(event("V" + index, "E" + (35 + index), "HOME_VISIT", "", "", "", "", "RESOLVED", index <= 8 ? "5" : "2"));
        }
        for (int index = 1; index <= 40; index++) {
            csv.append(event("D" + index, "E" + index, "DEVICE_STATUS", "GATEWAY", index <= 34 ? "1" : "0", "", "", "", ""));
        }
        return csv.toString();
    }

    private static String event(String eventId, String elderId, String type, String deviceType, String online, String responded, String arrived, String outcome, String satisfaction)
    {
        String device = deviceType.isEmpty() ? "" : "DEV-" + eventId;
        return String.join(",", eventId, elderId, "320500001001", type, device, deviceType, online, "2026-11-10 08:00:00",
                responded.isEmpty() ? "" : "2026-11-10 " + responded, arrived.isEmpty() ? "" : "2026-11-10 " + arrived, "", outcome, satisfaction, "",
                "2026-11-10 12:00:00") + "\n";
    }

    @Test
    void eldercareIndicators()
    {
        // Arrival within 10 minutes: SOS and fall alerts that were not false alarms, S1..S20 and F1..F5 = 25;
        // in time S1..S12 (9 min) and F1..F5 (exactly 10 min) = 17
        assertRate("EC_SOS_ARRIVAL_10MIN_RATE", 17, 25);
        // Response P90 of the 25 SOS calls, minutes 1..25: Spark's percentile interpolates at (25 - 1) * 0.9 = 21.6,
        // between the 22nd (22) and the 23rd (23) value: 22.6
        Row p90 = row("EC_RESPONSE_MINUTES_P90", "MONTH", "2026-11");
        assertThat(p90.<Double>getAs("value")).isCloseTo(22.6, within(1e-9));
        assertThat(p90.<Double>getAs("denominator")).isEqualTo(25.0);
        // Devices online: 34 of 40 device-days
        assertRate("EC_DEVICE_ONLINE_RATE", 34, 40);
        // False alarms: S21..S25 and A1..A3 = 8 of the 40 SOS, fall and sensor alerts
        assertRate("EC_FALSE_ALARM_RATE", 8, 40);
        // Satisfaction: rated 4 or 5, S1..S20 and V1..V8 = 28 of the 35 rated
        assertRate("EC_SATISFACTION_RATE", 28, 35);
        // Reach: distinct elders with an event other than a device status, E1..E45 = 45, per 1,000 of 800 aged 60+
        Row reach = row("EC_SERVICE_REACH_PER_1000", "MONTH", "2026-11");
        assertThat(reach.<Double>getAs("numerator")).isEqualTo(45.0);
        assertThat(reach.<Double>getAs("denominator")).isEqualTo(800.0);
        assertThat(reach.<Double>getAs("value")).isCloseTo(56.25, within(1e-9));
    }

    /**
     * Diabetes screenings. October 5th, 10:00: P1..P30 ABNORMAL; P1..P18 followed up on 20 October, P19..P22
     * on 20 November (too late), P23..P30 never. November 20th, 10:00: Q1..Q25 POSITIVE, Q1..Q10 followed
     * up on the 25th, Q11..Q25 not yet (their 30 days run past the cut-off); R1..R5 NORMAL.
     */
    private static String screenings()
    {
        StringBuilder csv = new StringBuilder(LatestAndPerCapitaIndicatorsTest.SCREENINGS_HEADER);
        for (int index = 1; index <= 30; index++) {
            String followedUp = index <= 18 ? "2026-10-20 10:00:00" : index <= 22 ? "2026-11-20 10:00:00" : "";
            csv.append(screening("P" + index, index, "2026-10-05 10:00:00", "ABNORMAL", followedUp));
        }
        for (int index = 1; index <= 25; index++) {
            csv.append(screening("Q" + index, 100 + index, "2026-11-20 10:00:00", "POSITIVE", index <= 10 ? "2026-11-25 10:00:00" : ""));
        }
        for (int index = 1; index <= 5; index++) {
            csv.append(screening("R" + index, 200 + index, "2026-11-20 10:00:00", "NORMAL", ""));
        }
        return csv.toString();
    }

    private static String screening(String screeningId, int person, String screenedAt, String result, String followedUp)
    {
        return String.join(",", screeningId, "3205011950010%05d".formatted(person), "F", "1950", "320500001001", "DIABETES", screenedAt, "0", result,
                "", "", "", followedUp, followedUp.isEmpty() ? screenedAt : followedUp) + "\n";
    }

    @Test
    void abnormalFollowUpCountsOnlyResultsWhoseThirtyDaysHavePassedOrThatWereFollowedUp()
    {
        // October: all 30 abnormal results have had their 30 days by the cut-off; 18 followed up within them
        assertRate("HS_ABNORMAL_FOLLOWUP_30D_RATE", "2026-10", 18, 30);
        // November: only the 10 already followed up count, below the minimum n of 20: suppressed
        Row november = row("HS_ABNORMAL_FOLLOWUP_30D_RATE", "MONTH", "2026-11");
        assertThat(november.<String>getAs("obs_status")).isEqualTo("Q");
        assertThat(november.<Object>getAs("value")).isNull();
        assertThat(november.<Double>getAs("numerator")).isEqualTo(10.0);
        assertThat(november.<Double>getAs("denominator")).isEqualTo(10.0);
        // The quarter: 18 + 10 of 30 + 10
        Row quarter = row("HS_ABNORMAL_FOLLOWUP_30D_RATE", "QUARTER", "2026-Q4");
        assertThat(quarter.<Double>getAs("value")).isCloseTo(70.0, within(1e-9));
    }

    private void assertRate(String indicator, int numerator, int denominator)
    {
        assertRate(indicator, "2026-11", numerator, denominator);
    }

    private void assertRate(String indicator, String month, int numerator, int denominator)
    {
        GoldRows.assertMonthlyRate(warehouse, "C01", indicator, month, numerator, denominator);
    }

    private Row row(String indicator, String periodType, String period)
    {
        return GoldRows.single(warehouse, "indicator_values",
                "base_code = 'C01' AND indicator_code = '%s' AND period_type = '%s' AND period = '%s'".formatted(indicator, periodType, period));
    }
}
