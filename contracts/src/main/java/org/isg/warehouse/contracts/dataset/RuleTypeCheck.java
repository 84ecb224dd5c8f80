package org.isg.warehouse.contracts.dataset;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Rejects a rule declared over a column of the wrong type, so that every visitor can rely on it: a
 * range over a number, a pattern over text, a time order over a timestamp and a timestamp or date.
 */
final class RuleTypeCheck
        implements Rule.Visitor<Void>
{
    private static final Set<ColumnType> NUMBERS = EnumSet.of(ColumnType.INT, ColumnType.DECIMAL);
    private static final Set<ColumnType> TEXT = EnumSet.of(ColumnType.STRING, ColumnType.ENUM);

    private final Dataset dataset;
    private final List<Column> columns;

    RuleTypeCheck(Dataset dataset, List<Column> columns)
    {
        this.dataset = requireNonNull(dataset, "dataset is null");
        this.columns = List.copyOf(requireNonNull(columns, "columns is null"));
    }

    @Override
    public Void visitWellFormed(Rule.WellFormed rule)
    {
        return null;
    }

    @Override
    public Void visitRequired(Rule.Required rule)
    {
        return null;
    }

    @Override
    public Void visitTyped(Rule.Typed rule)
    {
        return expect(rule, rule.column(), EnumSet.of(rule.type()));
    }

    @Override
    public Void visitAllowedValues(Rule.AllowedValues rule)
    {
        return expect(rule, rule.column(), EnumSet.of(ColumnType.ENUM));
    }

    @Override
    public Void visitUniqueInDelivery(Rule.UniqueInDelivery rule)
    {
        return expect(rule, rule.column(), TEXT);
    }

    @Override
    public Void visitPlausibleTime(Rule.PlausibleTime rule)
    {
        return expect(rule, rule.column(), EnumSet.of(ColumnType.TIMESTAMP));
    }

    @Override
    public Void visitPattern(Rule.Pattern rule)
    {
        return expect(rule, rule.column(), TEXT);
    }

    @Override
    public Void visitRange(Rule.Range rule)
    {
        return expect(rule, rule.column(), NUMBERS);
    }

    @Override
    public Void visitNotBefore(Rule.NotBefore rule)
    {
        expect(rule, rule.column(), EnumSet.of(ColumnType.TIMESTAMP));
        return expect(rule, rule.earlier(), EnumSet.of(ColumnType.TIMESTAMP, ColumnType.DATE));
    }

    @Override
    public Void visitLessThan(Rule.LessThan rule)
    {
        expect(rule, rule.column(), NUMBERS);
        return expect(rule, rule.other(), NUMBERS);
    }

    @Override
    public Void visitAtMost(Rule.AtMost rule)
    {
        expect(rule, rule.column(), NUMBERS);
        return expect(rule, rule.limit(), NUMBERS);
    }

    @Override
    public Void visitRequiredWhen(Rule.RequiredWhen rule)
    {
        return conditions(rule, rule.when());
    }

    @Override
    public Void visitAbsentWhen(Rule.AbsentWhen rule)
    {
        return conditions(rule, rule.when());
    }

    /** IN and NOT_IN compare text. */
    private Void conditions(Rule rule, java.util.List<Condition> when)
    {
        for (Condition clause : when) {
            switch (clause.operator()) {
                case IS_PRESENT -> { }
                case IN, NOT_IN -> expect(rule, clause.column(), TEXT);
            }
        }
        return null;
    }

    private Void expect(Rule rule, String columnName, Set<ColumnType> types)
    {
        ColumnType type = columns.stream().filter(column -> column.name().equals(columnName)).findFirst().orElseThrow().type();
        if (!types.contains(type)) {
            throw new IllegalArgumentException("%s: rule %s needs %s to be %s, not %s".formatted(dataset.tableName(), rule.name(), columnName, types, type));
        }
        return null;
    }
}
