package org.isg.warehouse.pipeline.gold;

import org.apache.spark.sql.Row;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.generator.ExportGenerator;
import org.isg.warehouse.generator.GenerateOptions;
import org.isg.warehouse.pipeline.QueryExecution;
import org.isg.warehouse.pipeline.TestNights;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.testing.SharedSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * An independent check of {@code gold.indicator_values} (issue 13): an oracle written from the text
 * of SPEC v1.1 §3–§4, in plain Java over silver's rows — no Spark expression, no catalogue entry, no
 * code of the gold job — computes every indicator of two generated comprehensive bases (three days of
 * October 2026, every dataset) at a cut-off of 2026-11-20, for October, November, Q4 and 2026: value,
 * numerator, denominator, interval, status and flags, to 1e-9. The night runs compiled, as a large
 * night would ({@link QueryExecution}); every other test's small night runs interpreted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndicatorOracleTest
{
    private static final List<String> BASES = List.of("C01", "C02");
    private static final LocalDate FIRST_EXPORT = LocalDate.of(2026, 10, 29);
    private static final LocalDate LAST_EXPORT = LocalDate.of(2026, 10, 31);
    private static final LocalDate NIGHT = LocalDate.of(2026, 11, 20);
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final Instant CUTOFF = NIGHT.plusDays(1).atStartOfDay(CHINA).toInstant();
    private static final double Z = 1.959963984540054;
    private static final List<Period> PERIODS = List.of(new Period("MONTH", "2026-10", LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31)),
            new Period("MONTH", "2026-11", LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30)),
            new Period("QUARTER", "2026-Q4", LocalDate.of(2026, 10, 1), LocalDate.of(2026, 12, 31)),
            new Period("YEAR", "2026", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31)));

    @TempDir
    static Path directory;

    private Warehouse warehouse;

    record Period(String type, String label, LocalDate first, LocalDate last) {}

    /** What SPEC says a value is. */
    record Expected(String status, Double value, Double numerator, Double denominator, Double ciLow, Double ciHigh, List<String> flags) {}

    /** One indicator as SPEC §4 defines it, over one dataset's rows. */
    private record Definition(String code, String dataset, String periodBy, int minimumN, int finalAfterDays, Function<List<Row>, Expected> formula) {}

    @BeforeAll
    void generateAWeekAndRunTheNight()
    {
        Path landing = directory.resolve("landing");
        new ExportGenerator(new GenerateOptions(landing, FIRST_EXPORT, LAST_EXPORT, BASES, 13, 0, false, 40, 5000), BaseRegistry.load(), line -> { }).generate();
        warehouse = new Warehouse(SharedSpark.session(), directory.resolve("warehouse").toString());
        // The other tests' small nights run interpreted (QueryExecution); this one checks compiled execution against the oracle,
        // and that every query of the night compiles: without Spark's fallback to interpreting code it could not compile
        SharedSpark.session().conf().set(QueryExecution.SETTING, "compiled");
        SharedSpark.session().conf().set("spark.sql.codegen.fallback", "false");
        try {
            TestNights.quiet(warehouse).run(landing.toString(), NIGHT);
        }
        finally {
            SharedSpark.session().conf().unset("spark.sql.codegen.fallback");
            SharedSpark.session().conf().unset(QueryExecution.SETTING);
            QueryExecution.INTERPRETED.applyTo(SharedSpark.session());
        }
    }

    @Test
    void everyIndicatorOfEveryBaseAndPeriodEqualsTheOracle()
    {
        Map<String, Row> gold = new TreeMap<>();
        for (Row row : warehouse.read(Warehouse.GOLD, "indicator_values").where("base_code IN ('C01', 'C02')").collectAsList()) {
            gold.put(String.join("|", row.<String>getAs("base_code"), row.<String>getAs("indicator_code"), row.<String>getAs("period_type"), row.<String>getAs("period")), row);
        }
        int compared = 0;
        Set<String> statuses = new HashSet<>();
        for (String base : BASES) {
            Map<String, List<Row>> silver = new TreeMap<>();
            for (String dataset : List.of("grid_cases", "eldercare_service_logs", "health_screenings", "three_assets_ledger", "divisions")) {
                silver.put(dataset, warehouse.read(Warehouse.SILVER, dataset).where("base_code = '%s'".formatted(base)).collectAsList());
            }
            for (Definition definition : definitions(silver.get("divisions"))) {
                for (Period period : PERIODS) {
                    String key = String.join("|", base, definition.code(), period.type(), period.label());
                    Expected expected = expected(definition, silver.get(definition.dataset()), period);
                    Row row = gold.get(key);
                    assertThat(row).as(key).isNotNull();
                    assertRow(key, row, expected);
                    statuses.add(expected.status());
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(2 * 23 * 4);
        // the three days exercise every status: final October values, provisional windows, a missing November
        assertThat(statuses).contains("A", "P", "M");
    }

    private static void assertRow(String key, Row row, Expected expected)
    {
        assertThat(row.<String>getAs("obs_status")).as(key + " status").isEqualTo(expected.status());
        assertClose(key + " value", row.getAs("value"), expected.value());
        assertClose(key + " numerator", row.getAs("numerator"), expected.numerator());
        assertClose(key + " denominator", row.getAs("denominator"), expected.denominator());
        assertClose(key + " ci_low", row.getAs("ci_low"), expected.ciLow());
        assertClose(key + " ci_high", row.getAs("ci_high"), expected.ciHigh());
        assertThat(GoldRows.flags(row)).as(key + " flags").isEqualTo(expected.flags());
    }

    private static void assertClose(String what, Double actual, Double expected)
    {
        if (expected == null) {
            assertThat(actual).as(what).isNull();
        }
        else {
            assertThat(actual).as(what).isNotNull();
            assertThat(actual).as(what).isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
        }
    }

    /**
     * SPEC §3: M when the base has no data at all (no delivery exported, no record dated) in a month
     * of the period from its expected_from (the first night: October) to the cut-off month; Q with
     * 0 / 0 when it has data but no record of the indicator's period column in the period.
     */
    private Expected expected(Definition definition, List<Row> rows, Period period)
    {
        List<Row> inPeriod = rows.stream().filter(row -> inPeriod(row, definition.periodBy(), period)).toList();
        for (YearMonth month = YearMonth.of(2026, 10); !month.isAfter(YearMonth.from(NIGHT)); month = month.plusMonths(1)) {
            if (month.atDay(1).isBefore(period.first()) || month.atEndOfMonth().isAfter(period.last())) {
                continue;
            }
            YearMonth current = month;
            boolean delivered = !FIRST_EXPORT.isAfter(month.atEndOfMonth()) && !LAST_EXPORT.isBefore(month.atDay(1));
            boolean recorded = rows.stream().anyMatch(row -> date(row, definition.periodBy()) != null && YearMonth.from(date(row, definition.periodBy())).equals(current)
                    && !date(row, definition.periodBy()).isAfter(NIGHT));
            if (!delivered && !recorded) {
                return new Expected("M", null, null, null, null, null, List.of());
            }
        }
        if (inPeriod.isEmpty()) {
            boolean percentile = definition.code().endsWith("_P50") || definition.code().endsWith("_P90");
            return new Expected("Q", null, percentile ? null : 0.0, 0.0, null, null, List.of());
        }
        Expected computed = definition.formula().apply(inPeriod);
        if (computed.denominator() < definition.minimumN()) {
            return new Expected("Q", null, computed.numerator(), computed.denominator(), null, null, computed.flags());
        }
        boolean isFinal = !period.last().plusDays(15 + definition.finalAfterDays()).isAfter(NIGHT);
        return new Expected(isFinal ? "A" : "P", computed.value(), computed.numerator(), computed.denominator(), computed.ciLow(), computed.ciHigh(), computed.flags());
    }

    private static boolean inPeriod(Row row, String column, Period period)
    {
        LocalDate date = date(row, column);
        return date != null && !date.isBefore(period.first()) && !date.isAfter(period.last()) && !date.isAfter(NIGHT);
    }

    /** The China calendar date of a timestamp column, or a date column as it is. */
    private static LocalDate date(Row row, String column)
    {
        Object value = row.getAs(column);
        if (value == null) {
            return null;
        }
        return value instanceof java.sql.Date date ? date.toLocalDate() : ((Timestamp) value).toInstant().atZone(CHINA).toLocalDate();
    }

    private static List<Definition> definitions(List<Row> divisions)
    {
        double adults = leafSum(divisions, "population_adult");
        double elders = leafSum(divisions, "population_60plus");
        List<Definition> definitions = new ArrayList<>();
        String grid = "grid_cases";
        definitions.add(new Definition("GC_CLOSURE_RATE", grid, "registered_at", 30, 0, rows -> rate(rows,
                row -> row.getAs("registered_at") != null && !is(row, "status", "REJECTED", "CANCELLED"), row -> is(row, "status", "CLOSED"))));
        definitions.add(new Definition("GC_ONTIME_CLOSURE_RATE", grid, "registered_at", 30, 30, rows -> rate(rows,
                row -> row.getAs("registered_at") != null && (is(row, "status", "CLOSED")
                        || (!is(row, "status", "CLOSED", "REJECTED", "CANCELLED") && row.getAs("deadline_at") != null && instant(row, "deadline_at").isBefore(CUTOFF))),
                row -> is(row, "status", "CLOSED") && (row.getAs("deadline_at") == null || !instant(row, "closed_at").isAfter(instant(row, "deadline_at"))))));
        definitions.add(new Definition("GC_REGISTRATION_RATE", grid, "reported_at", 30, 0, rows -> rate(rows,
                row -> !is(row, "status", "CANCELLED"), row -> row.getAs("registered_at") != null)));
        definitions.add(new Definition("GC_DISPOSAL_HOURS_P50", grid, "dispatched_at", 30, 0, rows -> percentile(rows, 0.5,
                row -> row.getAs("dispatched_at") != null, "dispatched_at", "handled_at", Duration.ofDays(30), 3_600_000_000.0)));
        definitions.add(new Definition("GC_REWORK_RATE", grid, "closed_at", 30, 0, rows -> rate(rows,
                row -> is(row, "status", "CLOSED"), row -> row.<Integer>getAs("rework_count") > 0)));
        definitions.add(new Definition("GC_SATISFACTION_RATE", grid, "closed_at", 30, 0, rows -> rate(rows,
                row -> row.getAs("satisfaction") != null, row -> row.<Integer>getAs("satisfaction") >= 4)));
        definitions.add(new Definition("GC_CITIZEN_REPORT_SHARE", grid, "reported_at", 30, 0, rows -> rate(rows,
                row -> true, row -> is(row, "source", "HOTLINE", "CITIZEN_APP"))));
        definitions.add(new Definition("GC_AI_DISCOVERY_SHARE", grid, "reported_at", 30, 0, rows -> rate(rows,
                row -> true, row -> is(row, "source", "AI_CAMERA"))));
        String eldercare = "eldercare_service_logs";
        definitions.add(new Definition("EC_SOS_ARRIVAL_10MIN_RATE", eldercare, "occurred_at", 20, 0, rows -> rate(rows,
                row -> is(row, "event_type", "SOS_CALL", "FALL_ALERT") && !is(row, "outcome", "FALSE_ALARM"),
                row -> row.getAs("arrived_at") != null && !instant(row, "arrived_at").isAfter(instant(row, "occurred_at").plus(Duration.ofMinutes(10))))));
        definitions.add(new Definition("EC_RESPONSE_MINUTES_P90", eldercare, "occurred_at", 20, 0, rows -> percentile(rows, 0.9,
                row -> is(row, "event_type", "SOS_CALL"), "occurred_at", "responded_at", Duration.ofMinutes(60), 60_000_000.0)));
        definitions.add(new Definition("EC_DEVICE_ONLINE_RATE", eldercare, "occurred_at", 30, 0, rows -> rate(rows,
                row -> is(row, "event_type", "DEVICE_STATUS"), row -> Boolean.TRUE.equals(row.getAs("device_online")))));
        definitions.add(new Definition("EC_FALSE_ALARM_RATE", eldercare, "occurred_at", 30, 0, rows -> rate(rows,
                row -> is(row, "event_type", "SOS_CALL", "FALL_ALERT", "SENSOR_ALERT"), row -> is(row, "outcome", "FALSE_ALARM"))));
        definitions.add(new Definition("EC_SATISFACTION_RATE", eldercare, "occurred_at", 30, 0, rows -> rate(rows,
                row -> row.getAs("satisfaction") != null, row -> row.<Integer>getAs("satisfaction") >= 4)));
        definitions.add(new Definition("EC_SERVICE_REACH_PER_1000", eldercare, "occurred_at", 1, 0, rows -> perThousand(rows,
                row -> !is(row, "event_type", "DEVICE_STATUS"), "elder_id", elders, divisions)));
        String health = "health_screenings";
        definitions.add(new Definition("HS_AI_ASSISTED_SHARE", health, "screened_at", 30, 0, rows -> rate(rows,
                row -> !is(row, "result", "INVALID"), row -> Boolean.TRUE.equals(row.getAs("ai_assisted")))));
        definitions.add(new Definition("HS_ABNORMAL_FOLLOWUP_30D_RATE", health, "screened_at", 20, 30, rows -> rate(rows,
                row -> is(row, "result", "ABNORMAL", "POSITIVE")
                        && (!instant(row, "screened_at").plus(Duration.ofDays(30)).isAfter(CUTOFF) || row.getAs("followed_up_at") != null),
                row -> row.getAs("followed_up_at") != null && !instant(row, "followed_up_at").isAfter(instant(row, "screened_at").plus(Duration.ofDays(30))))));
        definitions.add(new Definition("HS_BP_CONTROL_RATE", health, "screened_at", 30, 0, rows -> latestPerEntity(rows,
                row -> is(row, "program", "HYPERTENSION") && !is(row, "result", "INVALID") && row.getAs("systolic_mmhg") != null && row.getAs("diastolic_mmhg") != null,
                row -> row.getAs("person_id"),
                Comparator.<Row, Instant>comparing(row -> instant(row, "screened_at")).thenComparing(row -> row.<String>getAs("screening_id")),
                row -> row.<Integer>getAs("systolic_mmhg") < 140 && row.<Integer>getAs("diastolic_mmhg") < 90)));
        definitions.add(new Definition("HS_SCREENING_REACH_PER_1000", health, "screened_at", 1, 0, rows -> perThousand(rows, row -> true, "person_id", adults, divisions)));
        String ledger = "three_assets_ledger";
        Predicate<Row> large = row -> is(row, "entry_type", "FUND_OUT", "CONTRACT") && row.<BigDecimal>getAs("amount_yuan").compareTo(new BigDecimal(50_000)) >= 0;
        definitions.add(new Definition("TA_TIMELY_BOOKING_RATE", ledger, "voucher_date", 30, 0, rows -> rate(rows,
                row -> true, row -> !date(row, "booked_at").isAfter(date(row, "voucher_date").plusDays(30)))));
        definitions.add(new Definition("TA_LARGE_VIA_PLATFORM_RATE", ledger, "voucher_date", 10, 0, rows -> rate(rows, large, row -> row.<Boolean>getAs("via_platform"))));
        definitions.add(new Definition("TA_LARGE_APPROVED_RATE", ledger, "voucher_date", 10, 0, rows -> rate(rows, large, row -> row.<Boolean>getAs("meeting_approved"))));
        definitions.add(new Definition("TA_DISCLOSURE_RATE", ledger, "voucher_date", 30, 0, rows -> rate(rows, row -> true, row -> row.<Boolean>getAs("disclosed"))));
        definitions.add(new Definition("TA_DEFICIT_VILLAGE_SHARE", ledger, "voucher_date", 10, 0, rows -> latestPerEntity(rows,
                row -> row.getAs("balance_after_yuan") != null,
                row -> row.getAs("village_code"),
                Comparator.<Row, LocalDate>comparing(row -> date(row, "voucher_date")).thenComparing(row -> instant(row, "booked_at")).thenComparing(row -> row.<String>getAs("entry_id")),
                row -> row.<BigDecimal>getAs("balance_after_yuan").signum() < 0)));
        return definitions;
    }

    private static boolean is(Row row, String column, String... values)
    {
        return List.of(values).contains(row.<String>getAs(column));
    }

    private static Instant instant(Row row, String column)
    {
        return row.<Timestamp>getAs(column).toInstant();
    }

    /** A rate in %, with the Wilson score interval. */
    private static Expected rate(List<Row> rows, Predicate<Row> population, Predicate<Row> numerator)
    {
        List<Row> counted = rows.stream().filter(population).toList();
        return wilson((double) counted.stream().filter(numerator).count(), counted.size());
    }

    private static Expected wilson(double x, double n)
    {
        if (n == 0) {
            return new Expected(null, null, x, n, null, null, List.of());
        }
        double p = x / n;
        double centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n);
        double half = Z / (1 + Z * Z / n) * Math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n));
        return new Expected(null, 100 * p, x, n, 100 * (centre - half), 100 * (centre + half), List.of());
    }

    /** Entities whose latest record (by the order) meets the numerator, over entities with a record. */
    private static Expected latestPerEntity(List<Row> rows, Predicate<Row> population, Function<Row, Object> entity, Comparator<Row> order, Predicate<Row> numerator)
    {
        Map<Object, Row> latest = new TreeMap<>(Comparator.comparing(Object::toString));
        for (Row row : rows.stream().filter(population).toList()) {
            latest.merge(entity.apply(row), row, (left, right) -> order.compare(left, right) >= 0 ? left : right);
        }
        return wilson((double) latest.values().stream().filter(numerator).count(), latest.size());
    }

    /**
     * Distinct persons per 1,000 of the population, with Garwood's exact Poisson interval of the count;
     * flagged when the numerator exceeds the population, and when a record of the population lies
     * under no division of the snapshot (SPEC §4.1).
     */
    private static Expected perThousand(List<Row> rows, Predicate<Row> population, String person, double inhabitants, List<Row> divisions)
    {
        List<Row> counted = rows.stream().filter(population).toList();
        double k = counted.stream().map(row -> row.<String>getAs(person)).filter(Objects::nonNull).distinct().count();
        List<String> flags = new ArrayList<>();
        if (k > inhabitants) {
            flags.add("NUMERATOR_EXCEEDS_POPULATION");
        }
        if (counted.stream().anyMatch(row -> divisions.stream().noneMatch(division -> underDivision(row.getAs("division_code"), division.getAs("division_code"))))) {
            flags.add("RECORDS_OUTSIDE_DIVISIONS");
        }
        if (inhabitants == 0) {
            return new Expected(null, null, k, 0.0, null, null, flags);
        }
        double low = k == 0 ? 0 : gammaQuantile(k, 0.025);
        double high = gammaQuantile(k + 1, 0.975);
        return new Expected(null, 1000 * k / inhabitants, k, inhabitants, 1000 * low / inhabitants, 1000 * high / inhabitants, flags);
    }

    /** A division code lies under a listed division when it is that division or starts with its code without trailing all-zero groups. */
    private static boolean underDivision(String code, String listed)
    {
        return code != null && code.startsWith(coveredPrefix(listed));
    }

    /**
     * SPEC §4: the percentile of the finished events' durations, an unfinished event that began more
     * than censorAfter before the cut-off counting +∞ (younger ones left out); linear interpolation
     * between neighbouring order statistics (h = (n − 1)p); interval [x(r), x(s)],
     * r = ⌊np − z√(np(1−p))⌋, s = ⌈np + z√(np(1−p))⌉ + 1, clamped to 1..n.
     */
    private static Expected percentile(List<Row> rows, double p, Predicate<Row> population, String start, String end, Duration censorAfter, double microsPerUnit)
    {
        List<Double> values = new ArrayList<>();
        for (Row row : rows.stream().filter(population).toList()) {
            if (row.getAs(end) != null) {
                values.add((micros(instant(row, end)) - micros(instant(row, start))) / microsPerUnit);
            }
            else if (instant(row, start).isBefore(CUTOFF.minus(censorAfter))) {
                values.add(Double.POSITIVE_INFINITY);
            }
        }
        values.sort(Double::compare);
        int n = values.size();
        if (n == 0) {
            return new Expected(null, null, null, 0.0, null, null, List.of());
        }
        double h = (n - 1) * p;
        int below = (int) Math.floor(h);
        double fraction = h - below;
        double lower = values.get(below);
        double upper = below + 1 < n ? values.get(below + 1) : lower;
        boolean unbounded = Double.isInfinite(lower) || (fraction > 0 && Double.isInfinite(upper));
        Double value = unbounded ? null : fraction == 0 ? lower : lower + fraction * (upper - lower);
        double spread = Z * Math.sqrt(n * p * (1 - p));
        int r = Math.max(1, Math.min(n, (int) Math.floor(n * p - spread)));
        int s = Math.max(1, Math.min(n, (int) Math.ceil(n * p + spread) + 1));
        double high = values.get(s - 1);
        return new Expected(null, value, null, (double) n, values.get(r - 1), Double.isInfinite(high) ? null : high,
                unbounded ? List.of("PERCENTILE_UNBOUNDED") : List.of());
    }

    private static long micros(Instant instant)
    {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
    }

    /**
     * SPEC §4: the population summed over the leaf divisions of the snapshot. A division lies under a
     * street when its level is finer and its code starts with the street's code without its trailing
     * all-zero groups (2, 2, 2, 3, 3 digits).
     */
    private static double leafSum(List<Row> divisions, String column)
    {
        double sum = 0;
        for (Row division : divisions) {
            String code = division.getAs("division_code");
            boolean street = "STREET".equals(division.getAs("level"));
            boolean hasFiner = street && divisions.stream().anyMatch(other -> !"STREET".equals(other.getAs("level"))
                    && other.<String>getAs("division_code").startsWith(coveredPrefix(code)));
            if (!hasFiner && division.getAs(column) != null) {
                sum += division.<Integer>getAs(column);
            }
        }
        return sum;
    }

    private static String coveredPrefix(String code)
    {
        int[] ends = {12, 9, 6, 4, 2};
        int[] starts = {9, 6, 4, 2, 0};
        for (int group = 0; group < ends.length - 1; group++) {
            if (!code.substring(starts[group], ends[group]).chars().allMatch(character -> character == '0')) {
                return code.substring(0, ends[group]);
            }
        }
        return code.substring(0, 2);
    }

    /** The q-quantile of Gamma(shape, 1), by bisection on the regularized lower incomplete gamma function. */
    private static double gammaQuantile(double shape, double q)
    {
        double low = 0;
        double high = shape + 20 * Math.sqrt(shape) + 50;
        for (int iteration = 0; iteration < 200; iteration++) {
            double middle = (low + high) / 2;
            if (regularizedGammaP(shape, middle) < q) {
                low = middle;
            }
            else {
                high = middle;
            }
        }
        return (low + high) / 2;
    }

    /** P(a, x) by its series, Σ xⁿ / (a (a+1) … (a+n)) · xᵃ e⁻ˣ / Γ(a). */
    private static double regularizedGammaP(double a, double x)
    {
        if (x <= 0) {
            return 0;
        }
        double term = 1 / a;
        double sum = term;
        for (int n = 1; n < 100_000; n++) {
            term *= x / (a + n);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }

    /** ln Γ(x) by the Lanczos approximation (g = 7, n = 9). */
    private static double logGamma(double x)
    {
        double[] coefficients = {0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406,
                12.507343278686905, -0.13857109526572012, 0.000009984369578019572, 1.5056327351493116e-7};
        if (x < 0.5) {
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
        }
        double shifted = x - 1;
        double sum = coefficients[0];
        for (int index = 1; index < coefficients.length; index++) {
            sum += coefficients[index] / (shifted + index);
        }
        double t = shifted + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
