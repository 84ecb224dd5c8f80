package org.isg.warehouse.quality;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.isg.warehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ChinaTime}'s conversions agree with java.time's Asia/Shanghai rules, in both directions,
 * for wall times around the zone's changes: local mean time before 1901, daylight saving in 1940
 * and in 1986–1991 (the last ended on 1991-09-15), the switch to the fixed shift at 1992-01-01,
 * and today. The session reads timestamps in UTC, as the pipeline pins it.
 */
class ChinaTimeTest
{
    private static final ZoneId CHINA = ZoneId.of(ChinaTime.ZONE);
    private static final List<LocalDateTime> WALL_TIMES = List.of(
            LocalDateTime.of(1900, 6, 1, 12, 0),
            LocalDateTime.of(1940, 7, 1, 12, 0),
            LocalDateTime.of(1988, 7, 1, 12, 0),
            LocalDateTime.of(1991, 9, 14, 23, 30),
            LocalDateTime.of(1991, 12, 31, 23, 59, 59),
            LocalDateTime.of(1992, 1, 1, 0, 0),
            LocalDateTime.of(1992, 1, 1, 7, 59, 59),
            LocalDateTime.of(2026, 10, 31, 23, 30),
            LocalDateTime.of(2026, 11, 1, 0, 30));

    private final SparkSession spark = SharedSpark.session();

    @Test
    void aWallTimeBecomesTheInstantJavaTimeGives()
    {
        for (LocalDateTime wallTime : WALL_TIMES) {
            Instant expected = wallTime.atZone(CHINA).toInstant();
            String asUtcReading = "TIMESTAMP '%s'".formatted(wallTime.toString().replace('T', ' '));
            assertThat(utcReading(ChinaTime.instantOfWallTime(asUtcReading))).as("%s", wallTime).isEqualTo(LocalDateTime.ofInstant(expected, ZoneOffset.UTC));
        }
    }

    @Test
    void anInstantBecomesTheWallTimeJavaTimeGives()
    {
        List<Instant> instants = new ArrayList<>();
        for (LocalDateTime wallTime : WALL_TIMES) {
            instants.add(wallTime.atZone(CHINA).toInstant());
        }
        // the instants on either side of the fixed shift's start, 1991-12-31 16:00 UTC
        instants.add(Instant.parse("1991-12-31T15:59:59Z"));
        instants.add(Instant.parse("1991-12-31T16:00:00Z"));
        for (Instant instant : instants) {
            String asUtcReading = "TIMESTAMP '%s'".formatted(LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString().replace('T', ' '));
            assertThat(utcReading(ChinaTime.wallTimeOfInstant(asUtcReading))).as("%s", instant).isEqualTo(LocalDateTime.ofInstant(instant, CHINA));
        }
    }

    private LocalDateTime utcReading(String expression)
    {
        String zone = spark.conf().get("spark.sql.session.timeZone");
        spark.conf().set("spark.sql.session.timeZone", "UTC");
        try {
            Row row = spark.sql("SELECT CAST(%s AS STRING)".formatted(expression)).first();
            return LocalDateTime.parse(row.getString(0).replace(' ', 'T'));
        }
        finally {
            spark.conf().set("spark.sql.session.timeZone", zone);
        }
    }
}
