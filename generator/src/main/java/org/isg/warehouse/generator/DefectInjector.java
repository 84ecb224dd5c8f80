package org.isg.warehouse.generator;

import org.isg.warehouse.contracts.dataset.ColumnType;
import org.isg.warehouse.contracts.dataset.DatasetContract;
import org.isg.warehouse.contracts.dataset.Rule;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * Breaks rows so that each broken row breaks exactly one rule of the dataset contract, and says
 * which. The value that breaks a rule is derived from the rule's typed declaration
 * ({@link CounterExamples}); the generator's own reading of the rules ({@link RowChecks}) then
 * proves that the changed row breaks that rule and no other, or the injector tries another row.
 * So the sidecar lists the expected quarantine exactly.
 */
final class DefectInjector
{
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'+08:00'");
    private static final List<String> PATTERN_COUNTER_EXAMPLES = List.of("12345", "X", "0", "ABC-123", "#");

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
    static List<OutputRow> inject(DatasetContract contract, LocalDate exportDate, List<Map<String, String>> records, boolean everyRule, double rowDefectRate,
            SplittableRandom random)
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
        if (toBreak.isEmpty()) {
            return rows;
        }
        // Rules that few rows can break go first, so that every rule finds a row
        Map<Rule, Long> rowsWithColumns = new HashMap<>();
        for (Rule rule : toBreak) {
            rowsWithColumns.computeIfAbsent(rule, key -> rows.stream().filter(row -> key.columns().stream().allMatch(column -> row.values.get(column) != null)).count());
        }
        toBreak.sort(Comparator.comparingLong(rowsWithColumns::get));
        RowChecks checks = new RowChecks(contract, exportDate);
        CounterExamples counterExamples = new CounterExamples(contract, exportDate);
        Set<Integer> touched = new HashSet<>();
        List<OutputRow> duplicates = new ArrayList<>();
        for (Rule rule : toBreak) {
            if (rule instanceof Rule.WellFormed || rule instanceof Rule.UniqueInDelivery) {
                Optional<Integer> target = firstUntouched(rows, touched, random, index -> true);
                target.ifPresent(index -> {
                    touched.add(index);
                    OutputRow row = rows.get(index);
                    row.brokenRule = rule.name();
                    if (rule instanceof Rule.WellFormed) {
                        row.malformed = true;
                    }
                    else {
                        OutputRow copy = new OutputRow(row.values);
                        copy.brokenRule = rule.name();
                        duplicates.add(copy);
                    }
                });
                continue;
            }
            List<UnaryOperator<Map<String, String>>> mutations = rule.accept(counterExamples);
            Map<Integer, Map<String, String>> broken = new HashMap<>();
            Optional<Integer> target = firstUntouched(rows, touched, random, index -> {
                for (UnaryOperator<Map<String, String>> mutation : mutations) {
                    Map<String, String> changed = mutation.apply(new LinkedHashMap<>(rows.get(index).values));
                    if (changed != null && checks.broken(changed).equals(Set.of(rule.name()))) {
                        broken.put(index, changed);
                        return true;
                    }
                }
                return false;
            });
            target.ifPresent(index -> {
                touched.add(index);
                OutputRow row = rows.get(index);
                row.values.clear();
                row.values.putAll(broken.get(index));
                row.brokenRule = rule.name();
            });
        }
        rows.addAll(duplicates);
        return rows;
    }

    /** The first untouched row, from a random start, that the test accepts. */
    private static Optional<Integer> firstUntouched(List<OutputRow> rows, Set<Integer> touched, SplittableRandom random, java.util.function.IntPredicate accepts)
    {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        int start = random.nextInt(rows.size());
        for (int step = 0; step < rows.size(); step++) {
            int index = (start + step) % rows.size();
            if (!touched.contains(index) && accepts.test(index)) {
                return Optional.of(index);
            }
        }
        return Optional.empty();
    }

    /**
     * The changes that would break a rule, tried in order: each returns the changed row, or null
     * when the row offers nothing to change. Every value comes from the rule's declaration.
     */
    private record CounterExamples(DatasetContract contract, LocalDate exportDate)
            implements Rule.Visitor<List<UnaryOperator<Map<String, String>>>>
    {
        @Override
        public List<UnaryOperator<Map<String, String>>> visitWellFormed(Rule.WellFormed rule)
        {
            throw new IllegalArgumentException("a malformed line is written, not mutated");
        }

        @Override
        public List<UnaryOperator<Map<String, String>>> visitRequired(Rule.Required rule)
        {
            return List.of(set(rule.column(), row -> Optional.empty()));
        }

        @Override
        public List<UnaryOperator<Map<String, String>>> visitTyped(Rule.Typed rule)
        {
            return List.of(set(rule.column(), row -> Optional.of(unparsable(rule.type()))));
        }

        @Override
        public List<UnaryOperator<Map<String, String>>> visitAllowedValues(Rule.AllowedValues rule)
        {
            return List.of(set(rule.column(), row -> Optional.of("NOT_A_VALUE")));
        }

        @Override
        public List<UnaryOperator<Map<String, String>>> visitUniqueInDelivery(Rule.UniqueInDelivery rule)
        {
            throw new IllegalArgumentException("a duplicate is a second row, not a mutation");
        }

        @Override
        public List<UnaryOperator<Map<String, String>>> visitPlausibleTime(Rule.PlausibleTime rule)
        {
            // the last day before the earliest plausible one, or a year after the export
            LocalDateTime tooEarly = Rule.PlausibleTime.EARLIEST.minusDays(1).atTime(12, 0);
            LocalDateTime tooLate = exportDate.plusYears(1).atTime(12, 0);
            return List.of(
                    set(rule.column(), row -> Optional.of(styled(tooEarly, row.get(rule.column())))),
                    set(rule.column(), row -> Optional.of(styled(tooLate, row.get(rule.column())))));
        }

        @Override
        public List<UnaryOperator<Map<String, String>>> visitPattern(Rule.Pattern rule)
        {
            java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(rule.regex());
            String counterExample = PATTERN_COUNTER_EXAMPLES.stream().filter(value -> !pattern.matcher(value).find()).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No counter-example for the pattern of " + rule.name() + "; add one to PATTERN_COUNTER_EXAMPLES"));
            return List.of(set(rule.column(), row -> Optional.of(counterExample)));
        }

        @Override
        public List<UnaryOperator<Map<String, String>>> visitRange(Rule.Range rule)
        {
            ColumnType type = type(rule.column());
            List<UnaryOperator<Map<String, String>>> mutations = new ArrayList<>();
            RowChecks.boundValue(rule.low(), exportDate).ifPresent(low -> mutations.add(set(rule.column(), row -> Optional.of(number(type, low.subtract(BigDecimal.ONE))))));
            RowChecks.boundValue(rule.high(), exportDate).ifPresent(high -> mutations.add(set(rule.column(), row -> Optional.of(number(type, high.add(BigDecimal.ONE))))));
            return mutations;
        }

        @Override
        public List<UnaryOperator<Map<String, String>>> visitNotBefore(Rule.NotBefore rule)
        {
            // an hour before the earlier value, or noon of the day before an earlier date
            return List.of(set(rule.column(), row -> typed(row, rule.earlier()).map(earlier -> {
                Instant before = earlier instanceof LocalDate date
                        ? date.minusDays(1).atTime(12, 0).atZone(DeliveredValues.CHINA).toInstant()
                        : ((Instant) earlier).minusSeconds(3600);
                return styled(before.atZone(DeliveredValues.CHINA).toLocalDateTime(), row.get(rule.column()));
            })));
        }

        @Override
        public List<UnaryOperator<Map<String, String>>> visitLessThan(Rule.LessThan rule)
        {
            return List.of(set(rule.column(), row -> typed(row, rule.other()).map(other -> number(type(rule.column()), (BigDecimal) other))));
        }

        @Override
        public List<UnaryOperator<Map<String, String>>> visitAtMost(Rule.AtMost rule)
        {
            return List.of(set(rule.column(), row -> typed(row, rule.limit()).map(limit -> number(type(rule.column()), ((BigDecimal) limit).add(BigDecimal.ONE)))));
        }

        @Override
        public List<UnaryOperator<Map<String, String>>> visitRequiredWhen(Rule.RequiredWhen rule)
        {
            return List.of(set(rule.column(), row -> Optional.empty()));
        }

        @Override
        public List<UnaryOperator<Map<String, String>>> visitAbsentWhen(Rule.AbsentWhen rule)
        {
            // a valid value where the row has none: the export date, or the first allowed value
            ColumnType type = type(rule.column());
            String value = switch (type) {
                case DATE -> exportDate.toString();
                case TIMESTAMP -> LOCAL.format(exportDate.atTime(12, 0));
                case BOOLEAN -> "true";
                case INT, DECIMAL -> "1";
                case ENUM -> contract.column(rule.column()).orElseThrow().allowedValues().get(0);
                case STRING -> "X";
            };
            return List.of(row -> {
                if (row.get(rule.column()) != null) {
                    return null;
                }
                row.put(rule.column(), value);
                return row;
            });
        }

        /**
         * Replaces the column's value (empty: removes it) in a row that has one; null when the row
         * has none or the new value cannot be worked out from it.
         */
        private static UnaryOperator<Map<String, String>> set(String column, java.util.function.Function<Map<String, String>, Optional<String>> newValue)
        {
            return row -> {
                if (row.get(column) == null) {
                    return null;
                }
                Optional<String> value = newValue.apply(row);
                row.put(column, value.orElse(null));
                return row;
            };
        }

        /** A China local time written the way the row writes its times (with or without an offset). */
        private static String styled(LocalDateTime value, String styleOf)
        {
            return (styleOf != null && styleOf.contains("T") ? ISO : LOCAL).format(value);
        }

        private ColumnType type(String column)
        {
            return contract.column(column).orElseThrow().type();
        }

        private Optional<Object> typed(Map<String, String> row, String column)
        {
            return DeliveredValues.parse(type(column), row.get(column));
        }

        private static String number(ColumnType type, BigDecimal value)
        {
            return switch (type) {
                case INT -> value.toBigIntegerExact().toString();
                case DECIMAL -> value.setScale(2, java.math.RoundingMode.UNNECESSARY).toPlainString();
                case STRING, ENUM, TIMESTAMP, DATE, BOOLEAN -> throw new IllegalArgumentException("not a number column: " + type);
            };
        }
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
}
