package org.isg.warehouse.pipeline.refine;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.isg.warehouse.contracts.dataset.ColumnType;
import org.isg.warehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.unix_micros;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivered timestamps become the instants java.time gives them (SPEC §2: China local time without
 * a zone, or ISO-8601 with an offset), and text that names no real moment becomes null, for the
 * {@code <column>.type} rule to quarantine. The oracle is java.time with a strict resolver, not
 * Spark.
 */
class TypedColumnsTest
{
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
    private static final List<String> TEXTS = List.of(
            "2026-11-23 08:00:00",
            "  2026-11-23 08:00:00 ",
            "2026-10-31 23:59:59",
            "2024-02-29 12:00:00",
            // daylight saving time in China, 1986–1991
            "1988-07-01 12:00:00",
            "1991-12-31 23:59:59",
            "1992-01-01 00:00:00",
            "2026-11-23T08:00:00+08:00",
            "2026-11-23T00:00Z",
            "2026-11-23T08:00:00.123456+08:00",
            "2026-11-23T01:30-05:00",
            "2026-11-23T08:00:00.123456789+08:00",
            // no such moment
            "2026-02-29 12:00:00",
            "2026-02-30 00:00:00",
            "2026-04-31 00:00:00",
            "2026-11-23 24:00:00",
            "2026-11-23 23:59:60",
            "2026-11-23 23:60:00",
            "2026-13-45 25:61:00",
            // not a form SPEC §2 allows
            "2026-11-23T08:00:00",
            "2026-11-23 8:00:00",
            "2026/11/23 08:00:00",
            "2026-11-23 08:00",
            "2026-11-23",
            "",
            "not a time");

    private final SparkSession spark = SharedSpark.session();

    @Test
    void timestampsAreTheInstantsJavaTimeGives()
    {
        Dataset<Row> texts = spark.createDataset(TEXTS, Encoders.STRING()).toDF("raw_at");
        Map<String, Long> parsed = new HashMap<>();
        for (Row row : texts.select(col("raw_at"), unix_micros(TypedColumns.parse("raw_at", ColumnType.TIMESTAMP))).collectAsList()) {
            parsed.put(row.getString(0), row.isNullAt(1) ? null : row.getLong(1));
        }
        List<String> wrong = new ArrayList<>();
        for (String text : TEXTS) {
            Long expected = instant(text.strip()).map(instant -> ChronoUnit.MICROS.between(Instant.EPOCH, instant)).orElse(null);
            if (expected == null ? parsed.get(text) != null : !expected.equals(parsed.get(text))) {
                wrong.add("'%s': expected %s, parsed %s".formatted(text, expected, parsed.get(text)));
            }
        }
        assertThat(wrong).isEmpty();
        // the oracle itself: valid and invalid texts both occur
        assertThat(TEXTS.stream().filter(text -> instant(text.strip()).isPresent()).count()).isEqualTo(12);
    }

    private static Optional<Instant> instant(String text)
    {
        try {
            if (text.length() == 19 && text.charAt(10) == ' ') {
                return Optional.of(LocalDateTime.parse(text, LOCAL).atZone(CHINA).toInstant());
            }
            return text.contains("T") && (text.endsWith("Z") || text.matches(".*[+-][0-9]{2}:[0-9]{2}$"))
                    ? Optional.of(OffsetDateTime.parse(text).toInstant())
                    : Optional.empty();
        }
        catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
