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
 * Health base HE01 in November 2026, cut-off 2026-11-30: 30 persons, each screened for
 * hypertension twice, on the 3rd at 150/95 and on the 20th, controlled (130/80) for persons 1..18
 * and not (150/95) for 19..30. Divisions: a street of 3,000 adults containing two communities of
 * 1,000 and 2,000 adults.
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
        assertThat(november.<Double>getAs("ci_low")).isCloseTo(7.0137, within(1e-3));
        assertThat(november.<Double>getAs("ci_high")).isCloseTo(14.2396, within(1e-3));
        assertThat(november.<String>getAs("unit")).isEqualTo("‰");
        // AI assistance: the 30 second readings of 60 valid screenings = 50%
        Row aiShare = row("HS_AI_ASSISTED_SHARE", "MONTH", "2026-11");
        assertThat(aiShare.<Double>getAs("value")).isCloseTo(50.0, within(1e-9));
    }

    private Row row(String indicator, String periodType, String period)
    {
        return GoldRows.single(warehouse, "indicator_values",
                "base_code = 'HE01' AND indicator_code = '%s' AND period_type = '%s' AND period = '%s'".formatted(indicator, periodType, period));
    }
}
