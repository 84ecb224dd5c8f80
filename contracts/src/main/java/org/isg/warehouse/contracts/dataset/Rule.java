package org.isg.warehouse.contracts.dataset;

import java.util.List;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * A typed row rule of a dataset contract. The declaration is the only place a rule's parameters
 * live: visitors turn it into the Spark predicate and the Deequ check (module {@code quality}), the
 * generator's counter-example (module {@code generator}) and its row of {@code docs/contracts.md}
 * ({@link ContractsDocument}). Each rule becomes its own Deequ check, so a quarantined row names
 * exactly the rules it broke.
 * <p>
 * {@link #name()} is stable: it is what {@code silver.quarantine.broken_rules} holds. It is derived
 * from the rule's columns, except for the kinds whose records carry a {@code suffix}.
 */
public sealed interface Rule
        permits Rule.WellFormed, Rule.Required, Rule.Typed, Rule.AllowedValues, Rule.UniqueInDelivery,
        Rule.PlausibleTime, Rule.Pattern, Rule.Range, Rule.NotBefore, Rule.LessThan, Rule.AtMost, Rule.RequiredWhen,
        Rule.AbsentWhen
{
    /** The column a whole-row rule is filed under. */
    String RECORD = "record";

    /** The column the rule is about ({@value #RECORD} for whole-row rules). */
    String column();

    /** Every column the rule reads. */
    List<String> columns();

    /** Stable name, e.g. {@code closed_at.required_when_closed}. */
    default String name()
    {
        return column() + "." + suffix();
    }

    String suffix();

    <R> R accept(Visitor<R> visitor);

    interface Visitor<R>
    {
        R visitWellFormed(WellFormed rule);

        R visitRequired(Required rule);

        R visitTyped(Typed rule);

        R visitAllowedValues(AllowedValues rule);

        R visitUniqueInDelivery(UniqueInDelivery rule);

        R visitPlausibleTime(PlausibleTime rule);

        R visitPattern(Pattern rule);

        R visitRange(Range rule);

        R visitNotBefore(NotBefore rule);

        R visitLessThan(LessThan rule);

        R visitAtMost(AtMost rule);

        R visitRequiredWhen(RequiredWhen rule);

        R visitAbsentWhen(AbsentWhen rule);
    }

    /** The delivered line could be split into the dataset's columns. A malformed line breaks this rule only. */
    record WellFormed()
            implements Rule
    {
        @Override
        public String column()
        {
            return RECORD;
        }

        @Override
        public List<String> columns()
        {
            return List.of();
        }

        @Override
        public String suffix()
        {
            return "well_formed";
        }

        @Override
        public <R> R accept(Visitor<R> visitor)
        {
            return visitor.visitWellFormed(this);
        }
    }

    /** A required column has a delivered value. */
    record Required(String column)
            implements Rule
    {
        public Required
        {
            requireNonNull(column, "column is null");
        }

        @Override
        public List<String> columns()
        {
            return List.of(column);
        }

        @Override
        public String suffix()
        {
            return "required";
        }

        @Override
        public <R> R accept(Visitor<R> visitor)
        {
            return visitor.visitRequired(this);
        }
    }

    /** A delivered value parses as the column's type. */
    record Typed(String column, ColumnType type)
            implements Rule
    {
        public Typed
        {
            requireNonNull(column, "column is null");
            requireNonNull(type, "type is null");
            switch (type) {
                case STRING, ENUM -> throw new IllegalArgumentException("Column " + column + ": text columns have no type rule");
                case TIMESTAMP, DATE, BOOLEAN, INT, DECIMAL -> { }
            }
        }

        @Override
        public List<String> columns()
        {
            return List.of(column);
        }

        @Override
        public String suffix()
        {
            return "type";
        }

        @Override
        public <R> R accept(Visitor<R> visitor)
        {
            return visitor.visitTyped(this);
        }
    }

    /** A delivered enum value is one of the allowed values. */
    record AllowedValues(String column, List<String> values)
            implements Rule
    {
        public AllowedValues
        {
            requireNonNull(column, "column is null");
            values = List.copyOf(requireNonNull(values, "values is null"));
            if (values.isEmpty()) {
                throw new IllegalArgumentException("Column " + column + ": no allowed values");
            }
        }

        @Override
        public List<String> columns()
        {
            return List.of(column);
        }

        @Override
        public String suffix()
        {
            return "allowed_values";
        }

        @Override
        public <R> R accept(Visitor<R> visitor)
        {
            return visitor.visitAllowedValues(this);
        }
    }

    /** The key appears once in a delivery; every row sharing a duplicated key breaks it. */
    record UniqueInDelivery(String column)
            implements Rule
    {
        public UniqueInDelivery
        {
            requireNonNull(column, "column is null");
        }

        @Override
        public List<String> columns()
        {
            return List.of(column);
        }

        @Override
        public String suffix()
        {
            return "unique_in_delivery";
        }

        @Override
        public <R> R accept(Visitor<R> visitor)
        {
            return visitor.visitUniqueInDelivery(this);
        }
    }

    /**
     * A timestamp lies where a record of this export can: not before {@link #EARLIEST} and not after
     * the end of the day after the export date, China time. A record from the future (a mistyped
     * year, or a base pinning its record with {@code updated_at} = 2099) would otherwise win every
     * later correction.
     */
    record PlausibleTime(String column)
            implements Rule
    {
        /** The earliest plausible time: midnight of 2000-01-01, China time. */
        public static final java.time.LocalDate EARLIEST = java.time.LocalDate.of(2000, 1, 1);
        /** Days after the export date whose times are still plausible (a late-night export of the day before). */
        public static final int DAYS_AFTER_EXPORT = 1;

        public PlausibleTime
        {
            requireNonNull(column, "column is null");
        }

        @Override
        public List<String> columns()
        {
            return List.of(column);
        }

        @Override
        public String suffix()
        {
            return "plausible";
        }

        @Override
        public <R> R accept(Visitor<R> visitor)
        {
            return visitor.visitPlausibleTime(this);
        }
    }

    /**
     * A present value matches a regular expression (Java syntax, which is also Spark's {@code RLIKE}).
     *
     * @param meaning what a matching value is, completing "the value is …"
     */
    record Pattern(String column, String suffix, String regex, String meaning)
            implements Rule
    {
        public Pattern
        {
            requireNonNull(column, "column is null");
            requireNonNull(suffix, "suffix is null");
            requireNonNull(regex, "regex is null");
            requireNonNull(meaning, "meaning is null");
            java.util.regex.Pattern.compile(regex);
            if (!regex.startsWith("^") || !regex.endsWith("$")) {
                // RLIKE finds a match anywhere: an unanchored pattern would accept any value containing one
                throw new IllegalArgumentException("Rule " + column + "." + suffix + ": the pattern must be anchored with ^ and $");
            }
        }

        @Override
        public List<String> columns()
        {
            return List.of(column);
        }

        @Override
        public <R> R accept(Visitor<R> visitor)
        {
            return visitor.visitPattern(this);
        }
    }

    /**
     * A present numeric value lies between two inclusive bounds. Named {@code non_negative} when
     * the range is [0, ∞), {@code range} otherwise.
     */
    record Range(String column, Bound low, Bound high)
            implements Rule
    {
        public Range
        {
            requireNonNull(column, "column is null");
            requireNonNull(low, "low is null");
            requireNonNull(high, "high is null");
            if (low instanceof Bound.Unbounded && high instanceof Bound.Unbounded) {
                throw new IllegalArgumentException("Rule on " + column + ": a range needs at least one bound");
            }
            if (low instanceof Bound.Fixed fixedLow && high instanceof Bound.Fixed fixedHigh && fixedLow.value() > fixedHigh.value()) {
                throw new IllegalArgumentException("Rule on " + column + ": the low bound is above the high bound");
            }
        }

        @Override
        public List<String> columns()
        {
            return List.of(column);
        }

        @Override
        public String suffix()
        {
            return low.equals(Bound.of(0)) && high instanceof Bound.Unbounded ? "non_negative" : "range";
        }

        @Override
        public <R> R accept(Visitor<R> visitor)
        {
            return visitor.visitRange(this);
        }
    }

    /**
     * A timestamp is not earlier than another timestamp or date of the row, whenever both are
     * present. A date is compared as midnight China time.
     */
    record NotBefore(String column, String earlier)
            implements Rule
    {
        public NotBefore
        {
            requireNonNull(column, "column is null");
            requireNonNull(earlier, "earlier is null");
        }

        @Override
        public List<String> columns()
        {
            return List.of(column, earlier);
        }

        @Override
        public String suffix()
        {
            return "not_before_" + earlier;
        }

        @Override
        public <R> R accept(Visitor<R> visitor)
        {
            return visitor.visitNotBefore(this);
        }
    }

    /** A number is strictly below another of the row, whenever both are present. */
    record LessThan(String column, String suffix, String other)
            implements Rule
    {
        public LessThan
        {
            requireNonNull(column, "column is null");
            requireNonNull(suffix, "suffix is null");
            requireNonNull(other, "other is null");
        }

        @Override
        public List<String> columns()
        {
            return List.of(column, other);
        }

        @Override
        public <R> R accept(Visitor<R> visitor)
        {
            return visitor.visitLessThan(this);
        }
    }

    /**
     * A count does not exceed another count of the row (a part within its whole), whenever both
     * are present and the whole is not negative: a negative whole is already reported by its own
     * range rule, and one broken value breaks one rule.
     */
    record AtMost(String column, String limit)
            implements Rule
    {
        public AtMost
        {
            requireNonNull(column, "column is null");
            requireNonNull(limit, "limit is null");
        }

        @Override
        public List<String> columns()
        {
            return List.of(column, limit);
        }

        @Override
        public String suffix()
        {
            return "within_" + limit;
        }

        @Override
        public <R> R accept(Visitor<R> visitor)
        {
            return visitor.visitAtMost(this);
        }
    }

    /** The column has a delivered value whenever every clause of the condition holds. */
    record RequiredWhen(String column, String suffix, List<Condition> when)
            implements Rule
    {
        public RequiredWhen
        {
            when = condition(column, suffix, when);
        }

        @Override
        public List<String> columns()
        {
            return conditionalColumns(column, when);
        }

        @Override
        public <R> R accept(Visitor<R> visitor)
        {
            return visitor.visitRequiredWhen(this);
        }
    }

    /** The column has no delivered value whenever every clause of the condition holds (a control unit has no start date). */
    record AbsentWhen(String column, String suffix, List<Condition> when)
            implements Rule
    {
        public AbsentWhen
        {
            when = condition(column, suffix, when);
        }

        @Override
        public List<String> columns()
        {
            return conditionalColumns(column, when);
        }

        @Override
        public <R> R accept(Visitor<R> visitor)
        {
            return visitor.visitAbsentWhen(this);
        }
    }

    /** A conditional rule reads its column and every column of its condition. */
    private static List<String> conditionalColumns(String column, List<Condition> when)
    {
        return Stream.concat(Stream.of(column), when.stream().map(Condition::column)).distinct().toList();
    }

    /** The clauses of a conditional rule, checked: at least one. */
    private static List<Condition> condition(String column, String suffix, List<Condition> when)
    {
        requireNonNull(column, "column is null");
        requireNonNull(suffix, "suffix is null");
        List<Condition> clauses = List.copyOf(requireNonNull(when, "when is null"));
        if (clauses.isEmpty()) {
            throw new IllegalArgumentException("Rule " + column + "." + suffix + ": a condition needs at least one clause");
        }
        return clauses;
    }
}
