package org.isg.warehouse.generator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Simulates the operational systems of one base: grid cases, eldercare events, health screenings
 * and ledger entries, each as the versions its record goes through. A day's export holds the last
 * version of every record that changed that day (SPEC §2: an incremental change export), so a case
 * reported on the 20th and closed on the 23rd appears in both days' exports. Everything is a pure
 * function of the seed, the base and the day.
 */
final class SampleRecords
{
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'+08:00'");
    private static final String[] CATEGORIES = {"01-01", "01-03", "02-05", "03-02", "05-03", "11-02", "13-07"};
    private static final String[] DEVICE_TYPES = {"SOS_VOICE", "GATEWAY", "DOOR_SENSOR", "VITALS_MAT", "SMART_TOILET"};
    private static final String[] ACCOUNTS = {"101 现金", "102 银行存款", "113,应收款", "151 长期投资", "\"集体\"经营收入", "501 经营支出"};
    private static final int GRID_WINDOW_DAYS = 14;
    private static final int ELDERCARE_WINDOW_DAYS = 2;
    private static final int HEALTH_WINDOW_DAYS = 46;
    private static final int LEDGER_WINDOW_DAYS = 11;

    private final long seed;
    private final int rowsPerDay;
    private final Function<String, List<PlantedExperiment>> plantedExperiments;

    SampleRecords(long seed, int rowsPerDay)
    {
        this(seed, rowsPerDay, baseCode -> List.of());
    }

    /** @param plantedExperiments the experiments planted into a base's records, by base code */
    SampleRecords(long seed, int rowsPerDay, Function<String, List<PlantedExperiment>> plantedExperiments)
    {
        this.seed = seed;
        this.rowsPerDay = rowsPerDay;
        this.plantedExperiments = requireNonNull(plantedExperiments, "plantedExperiments is null");
    }

    /** One version of a record: its values (China local timestamps, formatted) from a moment on. */
    record Version(LocalDateTime at, Map<String, String> values)
    {
        Version
        {
            requireNonNull(at, "at is null");
            values = new LinkedHashMap<>(values);
        }
    }

    List<Map<String, String>> gridCases(BaseProfile base, LocalDate day)
    {
        return export(day, GRID_WINDOW_DAYS, birthDay -> gridCasesReportedOn(base, birthDay));
    }

    List<Map<String, String>> eldercareLogs(BaseProfile base, LocalDate day)
    {
        return export(day, ELDERCARE_WINDOW_DAYS, birthDay -> eldercareEventsOn(base, birthDay));
    }

    List<Map<String, String>> healthScreenings(BaseProfile base, LocalDate day)
    {
        return export(day, HEALTH_WINDOW_DAYS, birthDay -> screeningsOn(base, birthDay));
    }

    List<Map<String, String>> ledgerEntries(BaseProfile base, LocalDate day)
    {
        return export(day, LEDGER_WINDOW_DAYS, birthDay -> ledgerEntriesBookedOn(base, birthDay));
    }

    /**
     * The records of a dataset born from {@code from} to the day before {@code exportDay}, each in its
     * last version before that day: the history a base sends with its first export. A record with a
     * version on the export day is left to that day's export, so no key appears twice.
     */
    List<Map<String, String>> history(String dataset, BaseProfile base, LocalDate from, LocalDate exportDay)
    {
        VersionSource source = switch (dataset) {
            case "grid_cases" -> birthDay -> gridCasesReportedOn(base, birthDay);
            case "health_screenings" -> birthDay -> screeningsOn(base, birthDay);
            default -> throw new IllegalArgumentException("No history is generated for " + dataset);
        };
        LocalDateTime exportStart = exportDay.atStartOfDay();
        List<Map<String, String>> rows = new ArrayList<>();
        for (LocalDate birthDay = from; birthDay.isBefore(exportDay); birthDay = birthDay.plusDays(1)) {
            for (List<Version> versions : source.recordsBornOn(birthDay)) {
                if (versions.stream().anyMatch(version -> version.at().toLocalDate().equals(exportDay))) {
                    continue;
                }
                Version latestBefore = null;
                for (Version version : versions) {
                    if (version.at().isBefore(exportStart)) {
                        latestBefore = version;
                    }
                }
                if (latestBefore != null) {
                    rows.add(latestBefore.values());
                }
            }
        }
        return rows;
    }

    /** Whether a record of the division counts in the outcome's numerator, when an experiment planted there says so. */
    private Optional<Boolean> plantedOutcome(BaseProfile base, String outcomeCode, String divisionCode, LocalDate day, double usualShare, Object... record)
    {
        for (PlantedExperiment experiment : plantedExperiments.apply(base.baseCode())) {
            if (experiment.outcomeCode().equals(outcomeCode) && experiment.covers(divisionCode)) {
                // a stream of its own: the rest of the record is drawn as without the experiment
                SplittableRandom random = Randoms.of(seed, "experiment-record", base.baseCode(), experiment.experimentId(), Arrays.deepToString(record));
                return Optional.of(random.nextDouble() < experiment.probability(seed, divisionCode, day, usualShare));
            }
        }
        return Optional.empty();
    }

    List<Map<String, String>> divisions(BaseProfile base)
    {
        SplittableRandom random = Randoms.of(seed, "divisions", base.baseCode());
        List<Map<String, String>> rows = new ArrayList<>();
        for (int street = 1; street <= 3; street++) {
            int streetPopulation = 0;
            int streetOld = 0;
            int streetAdult = 0;
            List<Map<String, String>> children = new ArrayList<>();
            int communities = street == 3 ? 12 : 5;
            for (int child = 1; child <= communities; child++) {
                boolean village = street == 3;
                int population = 2000 + random.nextInt(9000);
                int old = (int) (population * Randoms.between(random, 0.12, 0.32));
                int adult = (int) (population * Randoms.between(random, 0.75, 0.86));
                streetPopulation += population;
                streetOld += old;
                streetAdult += adult;
                children.add(division(divisionCode(base, street, child), childName(street, child, village), village ? "VILLAGE" : "COMMUNITY", population, old, adult));
            }
            rows.add(division(divisionCode(base, street, 0), "第" + street + "街道", "STREET", streetPopulation, streetOld, streetAdult));
            rows.addAll(children);
        }
        return rows;
    }

    static String divisionCode(BaseProfile base, int street, int child)
    {
        return divisionCode(base.baseIndex(), street, child);
    }

    static String divisionCode(int baseIndex, int street, int child)
    {
        return "%06d%03d%03d".formatted(110100 + baseIndex * 100, street, child);
    }

    private static String childName(int street, int child, boolean village)
    {
        // Names that exercise CSV quoting: a comma, a quote, a line break
        return switch ((street * 7 + child) % 5) {
            case 0 -> "东方社区,第" + child + "网格";
            case 1 -> "新华\"" + child + "\"" + (village ? "村" : "社区");
            case 2 -> "幸福" + child + (village ? "村" : "社区") + "\n(含安置小区)";
            default -> "第" + child + (village ? "村" : "社区");
        };
    }

    private static Map<String, String> division(String code, String name, String level, int population, int old, int adult)
    {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("division_code", code);
        row.put("name", name);
        row.put("level", level);
        row.put("population", Integer.toString(population));
        row.put("population_60plus", Integer.toString(old));
        row.put("population_adult", Integer.toString(adult));
        return row;
    }

    private interface VersionSource
    {
        List<List<Version>> recordsBornOn(LocalDate day);
    }

    private static List<Map<String, String>> export(LocalDate day, int windowDays, VersionSource source)
    {
        List<Map<String, String>> rows = new ArrayList<>();
        for (LocalDate birthDay = day.minusDays(windowDays); !birthDay.isAfter(day); birthDay = birthDay.plusDays(1)) {
            for (List<Version> versions : source.recordsBornOn(birthDay)) {
                Version latestOfDay = null;
                for (Version version : versions) {
                    if (version.at().toLocalDate().equals(day)) {
                        latestOfDay = version;
                    }
                }
                if (latestOfDay != null) {
                    rows.add(latestOfDay.values());
                }
            }
        }
        return rows;
    }

    private int countFor(SplittableRandom random, double share)
    {
        return Math.max(1, (int) Math.round(rowsPerDay * share * Randoms.between(random, 0.8, 1.2)));
    }

    private String timestamp(BaseProfile base, LocalDateTime value)
    {
        return value == null ? null : (base.isoTimestamps() ? ISO : LOCAL).format(value);
    }

    private static String community(BaseProfile base, SplittableRandom random)
    {
        return divisionCode(base, 1 + random.nextInt(2), 1 + random.nextInt(5));
    }

    private List<List<Version>> gridCasesReportedOn(BaseProfile base, LocalDate day)
    {
        SplittableRandom dayRandom = Randoms.of(seed, "grid", base.baseCode(), day);
        int count = countFor(dayRandom, 1.0);
        List<List<Version>> cases = new ArrayList<>();
        for (int index = 1; index <= count; index++) {
            SplittableRandom random = Randoms.of(seed, "grid", base.baseCode(), day, index);
            LocalDateTime reported = day.atStartOfDay().plusSeconds(random.nextInt(86_400));
            double sourceDraw = random.nextDouble();
            String source = sourceDraw < base.aiCameraShare() ? "AI_CAMERA"
                    : sourceDraw < base.aiCameraShare() + base.citizenShare() / 2 ? "HOTLINE"
                    : sourceDraw < base.aiCameraShare() + base.citizenShare() ? "CITIZEN_APP"
                    : sourceDraw < 0.97 ? "PATROL" : "OTHER";
            String division = community(base, random);
            Optional<Boolean> aiDiscovered = plantedOutcome(base, "GC_AI_DISCOVERY_SHARE", division, day, base.aiCameraShare(), "grid", day, index);
            if (aiDiscovered.isPresent()) {
                source = aiDiscovered.get() ? "AI_CAMERA" : source.equals("AI_CAMERA") ? "PATROL" : source;
            }
            Map<String, String> values = new LinkedHashMap<>();
            values.put("case_id", "%s-%s-%05d".formatted(base.baseCode(), day.toString().replace("-", ""), index));
            values.put("grid_code", division + "-G" + (1 + random.nextInt(8)));
            values.put("division_code", division);
            values.put("source", source);
            values.put("category_code", CATEGORIES[random.nextInt(CATEGORIES.length)]);
            values.put("reported_at", timestamp(base, reported));
            values.put("rework_count", "0");
            values.put("reporter_id", source.equals("HOTLINE") || source.equals("CITIZEN_APP") ? mobile(random) : null);
            List<Version> versions = new ArrayList<>();
            versions.add(version(base, reported, values, "REPORTED"));
            double fate = random.nextDouble();
            if (fate < 0.01) {
                versions.add(version(base, reported.plusMinutes(30 + random.nextInt(90)), values, "CANCELLED"));
            }
            else if (fate < 0.01 + base.rejectProbability()) {
                versions.add(version(base, reported.plusMinutes(60 + random.nextInt(180)), values, "REJECTED"));
            }
            else {
                LocalDateTime registered = reported.plusMinutes(5 + random.nextInt(175));
                values.put("registered_at", timestamp(base, registered));
                versions.add(version(base, registered, values, "REGISTERED"));
                LocalDateTime dispatched = registered.plusMinutes(5 + random.nextInt(115));
                int deadlineHours = new int[] {24, 48, 72}[random.nextInt(3)];
                values.put("dispatched_at", timestamp(base, dispatched));
                values.put("deadline_at", timestamp(base, dispatched.plusHours(deadlineHours)));
                versions.add(version(base, dispatched, values, "DISPATCHED"));
                double handledHours = Math.min(200, base.disposalHoursMedian() * Math.exp(0.6 * Randoms.gaussian(random)));
                LocalDateTime handled = dispatched.plusSeconds((long) (handledHours * 3600));
                values.put("handled_at", timestamp(base, handled));
                versions.add(version(base, handled, values, "HANDLED"));
                if (random.nextDouble() < base.closureProbability()) {
                    LocalDateTime closed = handled.plusMinutes(30 + random.nextInt(450));
                    values.put("closed_at", timestamp(base, closed));
                    if (random.nextDouble() < base.reworkProbability()) {
                        values.put("rework_count", Integer.toString(1 + random.nextInt(2)));
                    }
                    if (random.nextDouble() < 0.7) {
                        values.put("satisfaction", Integer.toString(random.nextDouble() < base.satisfiedProbability() ? 4 + random.nextInt(2) : 1 + random.nextInt(3)));
                    }
                    versions.add(version(base, closed, values, "CLOSED"));
                }
            }
            cases.add(versions);
        }
        return cases;
    }

    private Version version(BaseProfile base, LocalDateTime at, Map<String, String> values, String status)
    {
        Map<String, String> snapshot = new LinkedHashMap<>(values);
        snapshot.put("status", status);
        snapshot.put("updated_at", timestamp(base, at));
        return new Version(at, snapshot);
    }

    private List<List<Version>> eldercareEventsOn(BaseProfile base, LocalDate day)
    {
        SplittableRandom dayRandom = Randoms.of(seed, "eldercare", base.baseCode(), day);
        List<List<Version>> events = new ArrayList<>();
        int devices = Math.max(5, rowsPerDay / 2);
        int elders = Math.max(10, rowsPerDay * 3);
        for (int device = 1; device <= devices; device++) {
            SplittableRandom random = Randoms.of(seed, "device-status", base.baseCode(), day, device);
            LocalDateTime at = day.atTime(6, 0).plusMinutes(random.nextInt(120));
            Map<String, String> values = eldercareBase(base, "ST-%s-%s-%04d".formatted(base.baseCode(), day.toString().replace("-", ""), device),
                    deviceElder(base, device, elders), "DEVICE_STATUS", at);
            values.put("device_id", deviceId(base, device));
            values.put("device_type", DEVICE_TYPES[device % DEVICE_TYPES.length]);
            values.put("device_online", random.nextDouble() < base.deviceOnlineProbability() ? "true" : "false");
            values.put("updated_at", timestamp(base, at));
            events.add(List.of(new Version(at, values)));
        }
        int count = countFor(dayRandom, 0.5);
        for (int index = 1; index <= count; index++) {
            SplittableRandom random = Randoms.of(seed, "eldercare", base.baseCode(), day, index);
            LocalDateTime occurred = day.atStartOfDay().plusSeconds(random.nextInt(86_400));
            double typeDraw = random.nextDouble();
            String type = typeDraw < 0.2 ? "SOS_CALL" : typeDraw < 0.3 ? "FALL_ALERT" : typeDraw < 0.45 ? "SENSOR_ALERT" : typeDraw < 0.8 ? "HOME_VISIT" : "MEAL_SERVICE";
            int device = 1 + random.nextInt(devices);
            int elder = type.equals("HOME_VISIT") || type.equals("MEAL_SERVICE") ? 1 + random.nextInt(elders) : deviceElder(base, device, elders);
            Map<String, String> values = eldercareBase(base, "EV-%s-%s-%05d".formatted(base.baseCode(), day.toString().replace("-", ""), index),
                    elder, type, occurred);
            LocalDateTime closed;
            String outcome;
            if (type.equals("HOME_VISIT") || type.equals("MEAL_SERVICE")) {
                values.put("arrived_at", timestamp(base, occurred));
                closed = occurred.plusMinutes(30 + random.nextInt(60));
                outcome = "RESOLVED";
            }
            else {
                values.put("device_id", deviceId(base, device));
                values.put("device_type", DEVICE_TYPES[device % DEVICE_TYPES.length]);
                LocalDateTime responded = occurred.plusSeconds((long) (90 * Math.exp(0.7 * Randoms.gaussian(random))));
                values.put("responded_at", timestamp(base, responded));
                boolean falseAlarm = random.nextDouble() < base.falseAlarmProbability();
                LocalDateTime arrived = null;
                if (!falseAlarm || random.nextDouble() < 0.5) {
                    double minutes = Math.max(2, base.arrivalMinutesMean() + 3.5 * Randoms.gaussian(random));
                    arrived = occurred.plusSeconds((long) (minutes * 60));
                    values.put("arrived_at", timestamp(base, arrived));
                }
                closed = (arrived == null ? responded : arrived).plusMinutes(10 + random.nextInt(80));
                double outcomeDraw = random.nextDouble();
                outcome = falseAlarm ? "FALSE_ALARM" : outcomeDraw < 0.75 ? "RESOLVED" : outcomeDraw < 0.85 ? "HOSPITALIZED" : outcomeDraw < 0.95 ? "REFERRED" : "UNREACHED";
            }
            LocalDateTime firstVersion = values.containsKey("arrived_at") && values.get("arrived_at") != null ? occurred.plusMinutes(1) : occurred;
            Map<String, String> open = new LinkedHashMap<>(values);
            open.put("updated_at", timestamp(base, firstVersion));
            values.put("closed_at", timestamp(base, closed));
            values.put("outcome", outcome);
            if (random.nextDouble() < 0.55) {
                values.put("satisfaction", Integer.toString(random.nextDouble() < base.satisfiedProbability() ? 4 + random.nextInt(2) : 1 + random.nextInt(3)));
            }
            values.put("updated_at", timestamp(base, closed));
            events.add(List.of(new Version(firstVersion, open), new Version(closed, values)));
        }
        return events;
    }

    private Map<String, String> eldercareBase(BaseProfile base, String eventId, int elder, String type, LocalDateTime occurred)
    {
        SplittableRandom elderRandom = Randoms.of(seed, "elder", base.baseCode(), elder);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("event_id", eventId);
        values.put("elder_id", identityCardNumber(elderRandom, 1925, 1965));
        values.put("division_code", community(base, elderRandom));
        values.put("event_type", type);
        values.put("occurred_at", timestamp(base, occurred));
        values.put("priority_elder", elderRandom.nextDouble() < 0.3 ? "是" : "否");
        return values;
    }

    private static int deviceElder(BaseProfile base, int device, int elders)
    {
        return 1 + Math.floorMod(device * 7919 + base.baseIndex(), elders);
    }

    private static String deviceId(BaseProfile base, int device)
    {
        return "%s-DEV-%05d".formatted(base.baseCode(), device);
    }

    private List<List<Version>> screeningsOn(BaseProfile base, LocalDate day)
    {
        SplittableRandom dayRandom = Randoms.of(seed, "health", base.baseCode(), day);
        int count = countFor(dayRandom, 1.0);
        int people = Math.max(50, rowsPerDay * 40);
        List<List<Version>> screenings = new ArrayList<>();
        for (int index = 1; index <= count; index++) {
            SplittableRandom random = Randoms.of(seed, "health", base.baseCode(), day, index);
            int person = 1 + random.nextInt(people);
            SplittableRandom personRandom = Randoms.of(seed, "person", base.baseCode(), person);
            String personId = identityCardNumber(personRandom, 1940, 2005);
            int birthYear = Integer.parseInt(personId.substring(6, 10));
            String sex = personRandom.nextBoolean() ? "M" : "F";
            String division = community(base, personRandom);
            LocalDateTime screened = day.atTime(8, 0).plusSeconds(random.nextInt(9 * 3600));
            double programDraw = random.nextDouble();
            String program = programDraw < 0.45 ? "HYPERTENSION" : programDraw < 0.7 ? "DIABETES" : programDraw < 0.85 && sex.equals("F") ? "CERVICAL_CANCER" : "VISION";
            Map<String, String> values = new LinkedHashMap<>();
            values.put("screening_id", "%s-S%s-%05d".formatted(base.baseCode(), day.toString().replace("-", ""), index));
            values.put("person_id", personId);
            values.put("sex", sex);
            values.put("birth_year", Integer.toString(birthYear));
            values.put("division_code", division);
            values.put("program", program);
            values.put("screened_at", timestamp(base, screened));
            boolean aiAssisted = random.nextDouble() < base.aiAssistedProbability();
            aiAssisted = plantedOutcome(base, "HS_AI_ASSISTED_SHARE", division, day, base.aiAssistedProbability(), "health", day, index).orElse(aiAssisted);
            values.put("ai_assisted", aiAssisted ? "1" : "0");
            String result;
            if (random.nextDouble() < 0.02) {
                result = "INVALID";
            }
            else if (program.equals("HYPERTENSION")) {
                boolean controlled = random.nextDouble() < base.bpControlledProbability();
                int systolic = controlled ? 105 + random.nextInt(35) : 140 + random.nextInt(46);
                int diastolic = controlled ? 65 + random.nextInt(25) : 85 + random.nextInt(26);
                values.put("systolic_mmhg", Integer.toString(systolic));
                values.put("diastolic_mmhg", Integer.toString(diastolic));
                result = systolic >= 140 || diastolic >= 90 ? "ABNORMAL" : "NORMAL";
            }
            else {
                double resultDraw = random.nextDouble();
                result = resultDraw < 0.12 ? "ABNORMAL" : program.equals("CERVICAL_CANCER") && resultDraw < 0.16 ? "POSITIVE" : "NORMAL";
            }
            values.put("result", result);
            values.put("updated_at", timestamp(base, screened));
            List<Version> versions = new ArrayList<>();
            versions.add(new Version(screened, values));
            if (result.equals("ABNORMAL") || result.equals("POSITIVE")) {
                if (random.nextDouble() < 0.8) {
                    LocalDateTime referred = screened.plusDays(random.nextInt(3)).plusMinutes(30);
                    values.put("referred_at", timestamp(base, referred));
                    values.put("updated_at", timestamp(base, referred));
                    versions.add(new Version(referred, values));
                }
                double followDraw = random.nextDouble();
                if (followDraw < base.followUpProbability() || followDraw < base.followUpProbability() + 0.1) {
                    int days = followDraw < base.followUpProbability() ? 1 + random.nextInt(28) : 31 + random.nextInt(14);
                    LocalDateTime followed = screened.plusDays(days).plusHours(1);
                    values.put("followed_up_at", timestamp(base, followed));
                    values.put("updated_at", timestamp(base, followed));
                    versions.add(new Version(followed, values));
                }
            }
            screenings.add(versions);
        }
        return screenings;
    }

    private List<List<Version>> ledgerEntriesBookedOn(BaseProfile base, LocalDate day)
    {
        SplittableRandom dayRandom = Randoms.of(seed, "ledger", base.baseCode(), day);
        int count = countFor(dayRandom, 0.5);
        List<List<Version>> entries = new ArrayList<>();
        for (int index = 1; index <= count; index++) {
            SplittableRandom random = Randoms.of(seed, "ledger", base.baseCode(), day, index);
            int village = 1 + random.nextInt(12);
            SplittableRandom villageRandom = Randoms.of(seed, "village", base.baseCode(), village);
            boolean deficitVillage = villageRandom.nextDouble() < base.deficitVillageShare();
            double typeDraw = random.nextDouble();
            String type = typeDraw < 0.3 ? "FUND_IN" : typeDraw < 0.65 ? "FUND_OUT" : typeDraw < 0.75 ? "ASSET_IN" : typeDraw < 0.8 ? "ASSET_OUT" : "CONTRACT";
            boolean large = random.nextDouble() < 0.15;
            BigDecimal amount = BigDecimal.valueOf(large ? 50_000 + random.nextInt(450_000) : 8000 * Math.exp(0.9 * Randoms.gaussian(random))).setScale(2, RoundingMode.HALF_UP);
            LocalDate voucherDate = day.minusDays(random.nextDouble() < base.timelyBookingProbability() ? random.nextInt(30) : 31 + random.nextInt(30));
            LocalDateTime booked = day.atTime(9, 0).plusSeconds(random.nextInt(8 * 3600));
            boolean largeDecision = large && (type.equals("FUND_OUT") || type.equals("CONTRACT"));
            Map<String, String> values = new LinkedHashMap<>();
            values.put("entry_id", "%s-L%s-%05d".formatted(base.baseCode(), day.toString().replace("-", ""), index));
            values.put("village_code", divisionCode(base, 3, village));
            values.put("entry_type", type);
            values.put("account_code", ACCOUNTS[random.nextInt(ACCOUNTS.length)]);
            values.put("amount_yuan", amount.toPlainString());
            values.put("voucher_date", voucherDate.toString());
            values.put("booked_at", timestamp(base, booked));
            values.put("counterparty_id", random.nextDouble() < 0.7 ? identityCardNumber(random, 1950, 2000) : null);
            if (type.equals("CONTRACT")) {
                values.put("contract_id", "HT-%s-%s-%03d".formatted(base.baseCode(), day.toString().replace("-", ""), index));
                values.put("contract_end", voucherDate.plusYears(1 + random.nextInt(10)).toString());
            }
            values.put("via_platform", bool(random.nextDouble() < (largeDecision ? base.largeViaPlatformProbability() : 0.3)));
            boolean disclosed = random.nextDouble() < base.disclosureProbability();
            values.put("disclosed", bool(disclosed));
            values.put("meeting_approved", bool(random.nextDouble() < (largeDecision ? base.largeApprovedProbability() : 0.6)));
            double balance = (deficitVillage ? -20_000 : 150_000) + 60_000 * Randoms.gaussian(random);
            values.put("balance_after_yuan", random.nextDouble() < 0.9 ? BigDecimal.valueOf(balance).setScale(2, RoundingMode.HALF_UP).toPlainString() : null);
            values.put("updated_at", timestamp(base, booked));
            List<Version> versions = new ArrayList<>();
            versions.add(new Version(booked, values));
            if (!disclosed && random.nextDouble() < 0.5) {
                LocalDateTime disclosedAt = booked.plusDays(1 + random.nextInt(10));
                values.put("disclosed", bool(true));
                values.put("updated_at", timestamp(base, disclosedAt));
                versions.add(new Version(disclosedAt, values));
            }
            entries.add(versions);
        }
        return entries;
    }

    private static String bool(boolean value)
    {
        return value ? "true" : "false";
    }

    private static String mobile(SplittableRandom random)
    {
        return "1" + (3 + random.nextInt(6)) + "%09d".formatted(random.nextInt(1_000_000_000));
    }

    /** An 18-character resident identity card number with a valid ISO 7064 check character. */
    static String identityCardNumber(SplittableRandom random, int fromYear, int toYear)
    {
        String body = "%06d%04d%02d%02d%03d".formatted(110101 + random.nextInt(540_000), fromYear + random.nextInt(toYear - fromYear + 1),
                1 + random.nextInt(12), 1 + random.nextInt(28), random.nextInt(1000));
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int position = 0; position < 17; position++) {
            sum += (body.charAt(position) - '0') * weights[position];
        }
        return body + "10X98765432".charAt(sum % 11);
    }
}
