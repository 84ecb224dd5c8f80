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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Health base HE01 in November 2026, cut-off 2026-11-30: 30 persons, each screened for
 * hypertension twice, on the 3rd at 150/95 and on the 20th, controlled (130/80) for persons 1..18
 * and not (150/95) for 19..30. Divisions: a street of 3,000 adults containing two communities of
 * 1,000 and 2,000 adults. Three more health bases screen persons once each against other snapshots
 * (SPEC §4, leaf divisions): HE02 lists streets only, HE03 a street with its communities and a street
 * without, HE04 a street smaller than the number of persons screened.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LatestAndPerCapitaIndicatorsTest
{
    static final String SCREENINGS_HEADER = "screening_id,person_id,sex,birth_year,division_code,program,screened_at,ai_assisted,result,"
            + "systolic_mmhg,diastolic_mmhg,referred_at,followed_up_at,updated_at\n";
    private static final String DIVISIONS = """
            division_code,name,level,population,population_60plus,population_adult
            110100001000,第1街道,STREET,3600,600,3000
            110100001001,东社区,COMMUNITY,1200,200,1000
            110100001002,西社区,COMMUNITY,2400,400,2000
            """;

    @TempDir
    static Path directory;

    private Warehouse warehouse;

    @BeforeAll
    void runTheNight()
            throws Exception
    {
        StringBuilder screenings = new StringBuilder(SCREENINGS_HEADER);
        for (int person = 1; person <= 30; person++) {
            String personId = "1101011950010%05d".formatted(person);
            boolean controlled = person <= 18;
            screenings.append("S%da,%s,F,1950,110100001001,HYPERTENSION,2026-11-03 09:00:00,0,ABNORMAL,150,95,,,2026-11-03 09:00:00\n".formatted(person, personId));
            screenings.append("S%db,%s,F,1950,110100001001,HYPERTENSION,2026-11-20 09:00:00,1,%s,%d,%d,,,2026-11-20 09:00:00\n"
                    .formatted(person, personId, controlled ? "NORMAL" : "ABNORMAL", controlled ? 130 : 150, controlled ? 80 : 95));
        }
        Path landing = directory.resolve("landing");
        TestDeliveries.writeCsv(landing, "health_screenings", "HE01", "2026-11-29", "2026-11-30T01:00:00+08:00", screenings.toString());
        TestDeliveries.writeCsv(landing, "divisions", "HE01", "2026-11-29", "2026-11-30T01:00:00+08:00", DIVISIONS);
        deliverPersonsScreenedOnce(landing, "HE02", 12, "110100002000", """
                110100002000,甲街道,STREET,600,100,500
                110100003000,乙街道,STREET,900,150,700
                """);
        deliverPersonsScreenedOnce(landing, "HE03", 33, "110100004001", """
                110100004000,丙街道,STREET,3600,600,3000
                110100004001,南社区,COMMUNITY,1200,200,1000
                110100004002,北社区,COMMUNITY,1800,300,1500
                110100005000,丁街道,STREET,1000,150,800
                """);
        deliverPersonsScreenedOnce(landing, "HE04", 12, "110100006000", """
                110100006000,戊街道,STREET,15,5,10
                """);
        // HE05: 4 persons in a listed community, 1 in an unlisted community of the listed street (under it), 1 in a street the snapshot does not list
        StringBuilder outside = new StringBuilder(SCREENINGS_HEADER);
        List<String> divisionsOfPersons = List.of("110100007001", "110100007001", "110100007001", "110100007001", "110100007002", "110100008000");
        for (int person = 1; person <= divisionsOfPersons.size(); person++) {
            outside.append("HE05-%d,PHE05%d,M,1960,%s,DIABETES,2026-11-10 09:00:00,0,NORMAL,,,,,2026-11-10 09:00:00\n".formatted(person, person, divisionsOfPersons.get(person - 1)));
        }
        TestDeliveries.writeCsv(landing, "health_screenings", "HE05", "2026-11-29", "2026-11-30T01:00:00+08:00", outside.toString());
        TestDeliveries.writeCsv(landing, "divisions", "HE05", "2026-11-29", "2026-11-30T01:00:00+08:00", """
                division_code,name,level,population,population_60plus,population_adult
                110100007000,己街道,STREET,2400,400,2000
                110100007001,中社区,COMMUNITY,1200,200,1000
                """);
        warehouse = new Warehouse(SharedSpark.session(), directory.resolve("warehouse").toString());
        TestNights.quiet(warehouse).run(landing.toString(), LocalDate.of(2026, 11, 30));
    }

    @Test
    void bloodPressureControlUsesEachPersonsLastReading()
    {
        // Last readings: 18 of 30 persons controlled = 60% (first readings would give 0%); Wilson 95%: 42.3204..75.4094
        Row november = row("HS_BP_CONTROL_RATE", "MONTH", "2026-11");
        assertThat(november.<Double>getAs("value")).isCloseTo(60.0, within(1e-9));
        assertThat(november.<Double>getAs("numerator")).isEqualTo(18.0);
        assertThat(november.<Double>getAs("denominator")).isEqualTo(30.0);
        assertThat(november.<Double>getAs("ci_low")).isCloseTo(42.3204, within(1e-3));
        assertThat(november.<Double>getAs("ci_high")).isCloseTo(75.4094, within(1e-3));
        assertThat(row("HS_BP_CONTROL_RATE", "QUARTER", "2026-Q4").<Double>getAs("value")).isCloseTo(60.0, within(1e-9));
    }

    @Test
    void screeningReachCountsPersonsOncePerThousandAdultsOfTheFinestDivisions()
    {
        // 30 distinct persons (60 screenings) per 1,000 of 3,000 adults (the street's 3,000 is not added again) = 10‰
        Row november = row("HS_SCREENING_REACH_PER_1000", "MONTH", "2026-11");
        assertThat(november.<Double>getAs("value")).isCloseTo(10.0, within(1e-9));
        assertThat(november.<Double>getAs("numerator")).isEqualTo(30.0);
        assertThat(november.<Double>getAs("denominator")).isEqualTo(3000.0);
        // Garwood's exact Poisson interval of 30 (χ²(0.025; 60) / 2 = 20.2409, χ²(0.975; 62) / 2 = 42.8269), per 3,000 adults
        assertThat(november.<Double>getAs("ci_low")).isCloseTo(6.74696, within(1e-4));
        assertThat(november.<Double>getAs("ci_high")).isCloseTo(14.27562, within(1e-4));
        assertThat(GoldRows.flags(november)).isEmpty();
        assertThat(november.<String>getAs("unit")).isEqualTo("‰");
        // AI assistance: the 30 second readings of 60 valid screenings = 50%
        Row aiShare = row("HS_AI_ASSISTED_SHARE", "MONTH", "2026-11");
        assertThat(aiShare.<Double>getAs("value")).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void perCapitaDenominatorsSumTheLeafDivisionsOfEverySnapshot()
    {
        // HE02, streets only: 500 + 700 = 1,200 adults (before, no community or village: no denominator, Q); 12 persons = 10‰
        assertReach("HE02", 12, 1200, 10.0, 5.16715, 17.46799);
        // HE03: street 丙 counts through its two communities (1,000 + 1,500, not its own 3,000), street 丁 has none and counts itself (800): 3,300
        assertReach("HE03", 33, 3300, 10.0, 6.88354, 14.04372);
    }

    @Test
    void aNumeratorAboveItsPopulationIsFlaggedAndItsIntervalIsFinite()
    {
        // 12 persons screened in a street of 10 adults: 1,200‰, flagged; Garwood 620.06..2096.16‰ (a Wilson interval would take the root of a negative number)
        assertReach("HE04", 12, 10, 1200.0, 620.05751, 2096.15850);
        // and an outlier in its cohort: the five health bases' values are HE01's a, 10, 10, 1,200 and 6‰, whose median is 10 whatever a is;
        // the MAD is min(4, |a − 10|): at most 4, so the modified z of 1,200 is at least 1,190 / (1.4826 · 4) = 200.7 (with a MAD of 0, the
        // mean absolute deviation 1,194 / 5 = 238.8 gives 1,190 / (1.253314 · 238.8) = 3.98); 3.5 is the threshold
        assertThat(GoldRows.flags(row("HE04", "HS_SCREENING_REACH_PER_1000", "MONTH", "2026-11")))
                .containsExactly(QualityFlag.NUMERATOR_EXCEEDS_POPULATION.name(), QualityFlag.OUTLIER.name());
    }

    @Test
    void recordsOutsideTheSnapshotsDivisionsStillCountAndAreFlagged()
    {
        // HE05: 6 persons over the 1,000 adults of the one leaf (the community; its street is not a leaf) = 6‰;
        // Garwood: χ²(0.025; 12) / 2 = 2.20189, χ²(0.975; 14) / 2 = 13.05947, per 1,000
        assertReach("HE05", 6, 1000, 6.0, 2.20189, 13.05947);
        // one person's street is not in the snapshot; the unlisted community lies under its listed street and is not outside
        assertThat(GoldRows.flags(row("HE05", "HS_SCREENING_REACH_PER_1000", "MONTH", "2026-11"))).containsExactly(QualityFlag.RECORDS_OUTSIDE_DIVISIONS.name());
        assertThat(GoldRows.flags(row("HE05", "HS_SCREENING_REACH_PER_1000", "QUARTER", "2026-Q4"))).containsExactly(QualityFlag.RECORDS_OUTSIDE_DIVISIONS.name());
        // the other bases' persons all lie in listed divisions, directly or through a street
        for (String base : List.of("HE01", "HE02", "HE03")) {
            assertThat(GoldRows.flags(row(base, "HS_SCREENING_REACH_PER_1000", "MONTH", "2026-11"))).as(base).isEmpty();
        }
        // a rate of the same records carries no such flag: its denominator is not the snapshot's
        assertThat(GoldRows.flags(row("HE05", "HS_AI_ASSISTED_SHARE", "MONTH", "2026-11"))).isEmpty();
    }

    private void assertReach(String base, int persons, int adults, double value, double low, double high)
    {
        Row november = row(base, "HS_SCREENING_REACH_PER_1000", "MONTH", "2026-11");
        assertThat(november.<Double>getAs("numerator")).isEqualTo((double) persons);
        assertThat(november.<Double>getAs("denominator")).isEqualTo((double) adults);
        assertThat(november.<Double>getAs("value")).isCloseTo(value, within(1e-9));
        assertThat(november.<Double>getAs("ci_low")).isCloseTo(low, within(1e-4));
        assertThat(november.<Double>getAs("ci_high")).isCloseTo(high, within(1e-4));
        assertThat(november.<String>getAs("obs_status")).isEqualTo("P");
    }

    private static void deliverPersonsScreenedOnce(Path landing, String base, int persons, String divisionCode, String divisions)
            throws Exception
    {
        StringBuilder screenings = new StringBuilder(SCREENINGS_HEADER);
        for (int person = 1; person <= persons; person++) {
            screenings.append("%s-%d,P%s%d,M,1960,%s,DIABETES,2026-11-10 09:00:00,0,NORMAL,,,,,2026-11-10 09:00:00\n".formatted(base, person, base, person, divisionCode));
        }
        TestDeliveries.writeCsv(landing, "health_screenings", base, "2026-11-29", "2026-11-30T01:00:00+08:00", screenings.toString());
        TestDeliveries.writeCsv(landing, "divisions", base, "2026-11-29", "2026-11-30T01:00:00+08:00",
                "division_code,name,level,population,population_60plus,population_adult\n" + divisions);
    }

    private Row row(String indicator, String periodType, String period)
    {
        return row("HE01", indicator, periodType, period);
    }

    private Row row(String base, String indicator, String periodType, String period)
    {
        return GoldRows.single(warehouse, "indicator_values",
                "base_code = '%s' AND indicator_code = '%s' AND period_type = '%s' AND period = '%s'".formatted(base, indicator, periodType, period));
    }
}
