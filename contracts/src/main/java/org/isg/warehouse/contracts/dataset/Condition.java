package org.isg.warehouse.contracts.dataset;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One clause of the condition of a {@link Rule.RequiredWhen}, over the typed value of a column. A
 * column without a valid value satisfies no clause, so an unparsable condition column never makes
 * another column required (its own type rule reports it).
 */
public record Condition(String column, Operator operator, List<String> values)
{
    public enum Operator
    {
        /** The column has a valid value. */
        IS_PRESENT,
        /** The column's value is one of {@code values}. */
        IN,
        /** The column has a value and it is none of {@code values}. */
        NOT_IN
    }

    public Condition
    {
        requireNonNull(column, "column is null");
        requireNonNull(operator, "operator is null");
        values = List.copyOf(requireNonNull(values, "values is null"));
        if ((operator == Operator.IS_PRESENT) != values.isEmpty()) {
            throw new IllegalArgumentException("Condition on " + column + ": IS_PRESENT takes no values; IN and NOT_IN take at least one");
        }
    }

    public static Condition isPresent(String column)
    {
        return new Condition(column, Operator.IS_PRESENT, List.of());
    }

    public static Condition in(String column, String... values)
    {
        return new Condition(column, Operator.IN, List.of(values));
    }

    public static Condition notIn(String column, String... values)
    {
        return new Condition(column, Operator.NOT_IN, List.of(values));
    }
}
