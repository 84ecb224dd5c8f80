package org.isg.warehouse.generator;

import org.isg.warehouse.contracts.dataset.Bound;
import org.isg.warehouse.contracts.dataset.Condition;
import org.isg.warehouse.contracts.dataset.DatasetContract;
import org.isg.warehouse.contracts.dataset.Rule;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * The generator's own reading of each rule over one row of delivered text: true when the row keeps
 * the rule. It lets the generator prove that a row it breaks breaks exactly the intended rule.
 * Rules about the whole delivery or the line ({@link Rule.UniqueInDelivery}, {@link Rule.WellFormed})
 * are kept by every row here; the injector handles them itself.
 */
final class RowChecks
        implements Rule.Visitor<Predicate<Map<String, String>>>
{
    private final DatasetContract contract;
    private final LocalDate exportDate;
    private final Map<String, Predicate<Map<String, String>>> checks = new LinkedHashMap<>();

    RowChecks(DatasetContract contract, LocalDate exportDate)
    {
        this.contract = requireNonNull(contract, "contract is null");
        this.exportDate = requireNonNull(exportDate, "exportDate is null");
        for (Rule rule : contract.rules()) {
            checks.put(rule.name(), rule.accept(this));
        }
    }

    /** The names of the row rules the row breaks, in the contract's order. */
    Set<String> broken(Map<String, String> row)
    {
        Set<String> broken = new LinkedHashSet<>();
        checks.forEach((name, keeps) -> {
            if (!keeps.test(row)) {
                broken.add(name);
            }
        });
        return broken;
    }

    @Override
    public Predicate<Map<String, String>> visitWellFormed(Rule.WellFormed rule)
    {
        return row -> true;
    }

    @Override
    public Predicate<Map<String, String>> visitRequired(Rule.Required rule)
    {
        return row -> row.get(rule.column()) != null;
    }

    @Override
    public Predicate<Map<String, String>> visitTyped(Rule.Typed rule)
    {
        return row -> row.get(rule.column()) == null || typed(row, rule.column()).isPresent();
    }

    @Override
    public Predicate<Map<String, String>> visitAllowedValues(Rule.AllowedValues rule)
    {
        return row -> typed(row, rule.column()).map(rule.values()::contains).orElse(true);
    }

    @Override
    public Predicate<Map<String, String>> visitUniqueInDelivery(Rule.UniqueInDelivery rule)
    {
        return row -> true;
    }

    @Override
    public Predicate<Map<String, String>> visitPlausibleTime(Rule.PlausibleTime rule)
    {
        Instant earliest = Rule.PlausibleTime.EARLIEST.atStartOfDay(DeliveredValues.CHINA).toInstant();
        Instant end = exportDate.plusDays(Rule.PlausibleTime.DAYS_AFTER_EXPORT + 1L).atStartOfDay(DeliveredValues.CHINA).toInstant();
        return row -> typed(row, rule.column()).map(value -> !((Instant) value).isBefore(earliest) && ((Instant) value).isBefore(end)).orElse(true);
    }

    @Override
    public Predicate<Map<String, String>> visitPattern(Rule.Pattern rule)
    {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(rule.regex());
        return row -> typed(row, rule.column()).map(value -> pattern.matcher((String) value).find()).orElse(true);
    }

    @Override
    public Predicate<Map<String, String>> visitRange(Rule.Range rule)
    {
        Optional<BigDecimal> low = boundValue(rule.low(), exportDate);
        Optional<BigDecimal> high = boundValue(rule.high(), exportDate);
        return row -> typed(row, rule.column()).map(BigDecimal.class::cast)
                .map(value -> low.map(bound -> value.compareTo(bound) >= 0).orElse(true) && high.map(bound -> value.compareTo(bound) <= 0).orElse(true))
                .orElse(true);
    }

    @Override
    public Predicate<Map<String, String>> visitNotBefore(Rule.NotBefore rule)
    {
        return row -> {
            Optional<Object> later = typed(row, rule.column());
            Optional<Object> earlier = typed(row, rule.earlier());
            return later.isEmpty() || earlier.isEmpty() || !DeliveredValues.instant(later.get()).isBefore(DeliveredValues.instant(earlier.get()));
        };
    }

    @Override
    public Predicate<Map<String, String>> visitLessThan(Rule.LessThan rule)
    {
        return row -> {
            Optional<Object> value = typed(row, rule.column());
            Optional<Object> other = typed(row, rule.other());
            return value.isEmpty() || other.isEmpty() || ((BigDecimal) value.get()).compareTo((BigDecimal) other.get()) < 0;
        };
    }

    @Override
    public Predicate<Map<String, String>> visitAtMost(Rule.AtMost rule)
    {
        return row -> {
            Optional<Object> value = typed(row, rule.column());
            Optional<Object> limit = typed(row, rule.limit());
            return value.isEmpty() || limit.isEmpty() || ((BigDecimal) limit.get()).signum() < 0 || ((BigDecimal) value.get()).compareTo((BigDecimal) limit.get()) <= 0;
        };
    }

    @Override
    public Predicate<Map<String, String>> visitRequiredWhen(Rule.RequiredWhen rule)
    {
        return row -> row.get(rule.column()) != null || !rule.when().stream().allMatch(clause -> holds(clause, row));
    }

    @Override
    public Predicate<Map<String, String>> visitAbsentWhen(Rule.AbsentWhen rule)
    {
        return row -> row.get(rule.column()) == null || !rule.when().stream().allMatch(clause -> holds(clause, row));
    }

    private boolean holds(Condition clause, Map<String, String> row)
    {
        Optional<Object> value = typed(row, clause.column());
        return switch (clause.operator()) {
            case IS_PRESENT -> value.isPresent();
            case IN -> value.map(clause.values()::contains).orElse(false);
            case NOT_IN -> value.map(present -> !clause.values().contains(present)).orElse(false);
        };
    }

    private Optional<Object> typed(Map<String, String> row, String column)
    {
        return DeliveredValues.parse(contract.column(column).orElseThrow().type(), row.get(column));
    }

    /** A range's bound for a delivery of the export date, as a number; empty when unbounded. */
    static Optional<BigDecimal> boundValue(Bound bound, LocalDate exportDate)
    {
        java.util.OptionalLong value = bound.valueFor(exportDate);
        return value.isPresent() ? Optional.of(BigDecimal.valueOf(value.getAsLong())) : Optional.empty();
    }
}
