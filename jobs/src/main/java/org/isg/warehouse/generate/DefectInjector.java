package org.isg.warehouse.generate;

import org.isg.warehouse.contracts.dataset.Column;
import org.isg.warehouse.contracts.dataset.ColumnType;
import org.isg.warehouse.contracts.dataset.DatasetContract;
import org.isg.warehouse.contracts.dataset.Rule;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * Breaks rows so that each broken row breaks exactly one rule of the dataset contract, and says
 * which. Every rule of SPEC §2.1 has a breaker; a breaker only touches a row it can break without
 * breaking another rule (a notBefore breaker needs both timestamps, say), so the sidecar can list
 * the expected quarantine exactly.
 */
final class DefectInjector
{
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'+08:00'");
    private static final Map<String, String> OUT_OF_RANGE = Map.of(
            "satisfaction", "0",
            "systolic_mmhg", "301",
            "diastolic_mmhg", "29",
            "birth_year", "1899");

    /** A row to write: its values, whether to write it malformed, and the rule it is meant to break. */
    static final class OutputRow
    {
        final Map<String, String> values;
        boolean malformed;
        String brokenRule;

        OutputRow(Map<String, String> values)
        {
            this.values = new LinkedHashMap<>(requireNonNull(values, "values is null"));
        }
    }

    private DefectInjector() {}

    /**
     * @param everyRule break one row for every rule (where the delivery has a row that can break it)
     * @param rowDefectRate otherwise, the share of rows broken, rules taken in turn from a random start
     */
    static List<OutputRow> inject(DatasetContract contract, List<Map<String, String>> records, boolean everyRule, double rowDefectRate, SplittableRandom random)
    {
        List<OutputRow> rows = new ArrayList<>();
        for (Map<String, String> record : records) {
            rows.add(new OutputRow(record));
        }
        List<Rule> rules = contract.rules();
        List<Rule> toBreak = new ArrayList<>();
        if (everyRule) {
            toBreak.addAll(rules);
        }
        else if (rowDefectRate > 0) {
            int count = (int) Math.floor(records.size() * rowDefectRate + random.nextDouble());
            int start = random.nextInt(rules.size());
            for (int index = 0; index < count; index++) {
                toBreak.add(rules.get((start + index) % rules.size()));
            }
        }
        // Rules that few rows can break go first, so that every rule finds a row
        toBreak.sort(java.util.Comparator.comparingLong(rule -> rows.stream().filter(row -> breaker(contract, rule).applicable().test(row.values)).count()));
        Set<Integer> touched = new HashSet<>();
        List<OutputRow> duplicates = new ArrayList<>();
        for (Rule rule : toBreak) {
            Breaker breaker = breaker(contract, rule);
            Optional<Integer> target = pick(rows, touched, breaker.applicable(), random);
            if (target.isEmpty()) {
                continue;
            }
            touched.add(target.get());
            OutputRow row = rows.get(target.get());
            row.brokenRule = rule.name();
            switch (breaker.kind()) {
                case MUTATE -> breaker.mutation().accept(row.values);
                case MALFORMED -> row.malformed = true;
                case DUPLICATE -> {
                    OutputRow copy = new OutputRow(row.values);
                    copy.brokenRule = rule.name();
                    duplicates.add(copy);
                }
            }
        }
        rows.addAll(duplicates);
        return rows;
    }

    private static Optional<Integer> pick(List<OutputRow> rows, Set<Integer> touched, Predicate<Map<String, String>> applicable, SplittableRandom random)
    {
        List<Integer> candidates = new ArrayList<>();
        for (int index = 0; index < rows.size(); index++) {
            if (!touched.contains(index) && applicable.test(rows.get(index).values)) {
                candidates.add(index);
            }
        }
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(random.nextInt(candidates.size())));
    }

    private enum BreakerKind
    {
        MUTATE,
        MALFORMED,
        DUPLICATE
    }

    private record Breaker(BreakerKind kind, Predicate<Map<String, String>> applicable, Consumer<Map<String, String>> mutation) {}

    private static Breaker mutate(Predicate<Map<String, String>> applicable, Consumer<Map<String, String>> mutation)
    {
        return new Breaker(BreakerKind.MUTATE, applicable, mutation);
    }

    private static Predicate<Map<String, String>> present(String... columns)
    {
        return values -> {
            for (String column : columns) {
                if (values.get(column) == null) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Breaker breaker(DatasetContract contract, Rule rule)
    {
        String column = rule.column();
        return switch (rule.kind()) {
            case WELL_FORMED -> new Breaker(BreakerKind.MALFORMED, values -> true, values -> { });
            case UNIQUE -> new Breaker(BreakerKind.DUPLICATE, values -> true, values -> { });
            case REQUIRED -> mutate(present(column), values -> values.put(column, null));
            case TYPE -> mutate(present(column), values -> values.put(column, unparsable(contract.column(column).orElseThrow().type())));
            case ALLOWED_VALUES -> mutate(
                    // a HYPERTENSION screening with an unknown result would also need a blood pressure
                    column.equals("result") ? present(column).and(values -> !"HYPERTENSION".equals(values.get("program"))) : present(column),
                    values -> values.put(column, "NOT_A_VALUE"));
            case PREDICATE -> predicateBreaker(contract, rule);
        };
    }

    private static Breaker predicateBreaker(DatasetContract contract, Rule rule)
    {
        String column = rule.column();
        String suffix = rule.name().substring(column.length() + 1);
        if (rule.name().equals("diastolic_mmhg.below_systolic")) {
            return mutate(present("systolic_mmhg", "diastolic_mmhg"),
                    values -> values.put("diastolic_mmhg", Integer.toString(Integer.parseInt(values.get("systolic_mmhg")) + 5)));
        }
        if (rule.name().equals("booked_at.not_before_voucher_date")) {
            return mutate(present("booked_at", "voucher_date"), values -> values.put("booked_at",
                    format(LocalDate.parse(values.get("voucher_date")).minusDays(1).atTime(12, 0), values.get("booked_at"))));
        }
        if (suffix.startsWith("not_before_")) {
            String earlier = suffix.substring("not_before_".length());
            return mutate(present(column, earlier), values -> values.put(column, format(parse(values.get(earlier)).minusHours(1), values.get(column))));
        }
        if (suffix.startsWith("required_")) {
            return mutate(present(column), values -> values.put(column, null));
        }
        if (suffix.equals("within_population")) {
            return mutate(present(column, "population"), values -> values.put(column, Integer.toString(Integer.parseInt(values.get("population")) + 1)));
        }
        return switch (suffix) {
            case "format" -> mutate(present(column), values -> values.put(column, "12345"));
            case "non_negative" -> mutate(present(column), values -> values.put(column,
                    contract.column(column).map(Column::type).orElseThrow() == ColumnType.DECIMAL ? "-1.00" : "-1"));
            case "range" -> mutate(present(column), values -> values.put(column, requireNonNull(OUT_OF_RANGE.get(column), "no out-of-range value for " + column)));
            default -> throw new IllegalStateException("No defect breaker for rule " + rule.name() + "; add one so --defect-rate covers it");
        };
    }

    private static String unparsable(ColumnType type)
    {
        return switch (type) {
            case TIMESTAMP -> "2026-13-45 25:61:00";
            case DATE -> "2026/13/45";
            case BOOLEAN -> "maybe";
            case INT -> "12x";
            case DECIMAL -> "12.345";
            case STRING, ENUM -> throw new IllegalArgumentException("text columns have no type rule");
        };
    }

    private static LocalDateTime parse(String timestamp)
    {
        return timestamp.contains("T") ? LocalDateTime.parse(timestamp.substring(0, 19)) : LocalDateTime.parse(timestamp, LOCAL);
    }

    private static String format(LocalDateTime value, String styleOf)
    {
        return (styleOf != null && styleOf.contains("T") ? ISO : LOCAL).format(value);
    }
}
