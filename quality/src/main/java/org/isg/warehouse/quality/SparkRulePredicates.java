package org.isg.warehouse.quality;

import org.apache.spark.sql.Column;
import org.isg.warehouse.contracts.dataset.Bound;
import org.isg.warehouse.contracts.dataset.ColumnType;
import org.isg.warehouse.contracts.dataset.Condition;
import org.isg.warehouse.contracts.dataset.DatasetContract;
import org.isg.warehouse.contracts.dataset.Rule;
import org.isg.warehouse.contracts.text.SqlLiterals;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.expr;

/**
 * The Spark form of each rule: a Spark SQL boolean expression that is true for a row that keeps the
 * rule, over the frame {@link RowRuleVerifier} verifies (typed values under the column's name, the
 * delivered text as {@code raw_<column>}, the delivery's {@code export_date}). Deequ evaluates the
 * text ({@code Check.satisfies} takes SQL); {@link #column} is the same expression as a Column.
 * <p>
 * A rule is judged only on values that parsed: a null typed value keeps every rule but its own
 * {@code required} or {@code type} rule.
 */
public final class SparkRulePredicates
        implements Rule.Visitor<Optional<String>>
{
    private final DatasetContract contract;

    private SparkRulePredicates(DatasetContract contract)
    {
        this.contract = requireNonNull(contract, "contract is null");
    }

    /**
     * The rule's predicate, or empty for {@link Rule.UniqueInDelivery}, which is about the whole
     * delivery rather than one row (Deequ's {@code isUnique} checks it).
     */
    public static Optional<String> sql(DatasetContract contract, Rule rule)
    {
        return rule.accept(new SparkRulePredicates(contract)).map(predicate -> "coalesce((" + predicate + "), false)");
    }

    public static Optional<Column> column(DatasetContract contract, Rule rule)
    {
        return sql(contract, rule).map(predicate -> expr(predicate));
    }

    @Override
    public Optional<String> visitWellFormed(Rule.WellFormed rule)
    {
        return Optional.of(RowRuleVerifier.PARSE_ERROR_COLUMN + " IS NULL");
    }

    @Override
    public Optional<String> visitRequired(Rule.Required rule)
    {
        return Optional.of(raw(rule.column()) + " IS NOT NULL");
    }

    @Override
    public Optional<String> visitTyped(Rule.Typed rule)
    {
        return Optional.of("%s IS NULL OR %s IS NOT NULL".formatted(raw(rule.column()), typed(rule.column())));
    }

    @Override
    public Optional<String> visitAllowedValues(Rule.AllowedValues rule)
    {
        return Optional.of("%s IS NULL OR %s".formatted(typed(rule.column()), SqlLiterals.sparkIn(typed(rule.column()), rule.values())));
    }

    @Override
    public Optional<String> visitUniqueInDelivery(Rule.UniqueInDelivery rule)
    {
        return Optional.empty();
    }

    @Override
    public Optional<String> visitPlausibleTime(Rule.PlausibleTime rule)
    {
        String value = typed(rule.column());
        // instants are UTC; the bounds are China midnights: of the earliest date, and of the export date + days + 1
        // (the earliest bound is a constant, which Spark folds once)
        return Optional.of("%1$s IS NULL OR (%1$s >= to_utc_timestamp(TIMESTAMP '%2$s 00:00:00', '%3$s') AND %1$s < %4$s)"
                .formatted(value, Rule.PlausibleTime.EARLIEST, ChinaTime.ZONE,
                        ChinaTime.instantOfWallTime("CAST(date_add(export_date, %d) AS TIMESTAMP)".formatted(Rule.PlausibleTime.DAYS_AFTER_EXPORT + 1))));
    }

    @Override
    public Optional<String> visitPattern(Rule.Pattern rule)
    {
        return Optional.of("%s IS NULL OR %s RLIKE %s".formatted(typed(rule.column()), typed(rule.column()), SqlLiterals.spark(rule.regex())));
    }

    @Override
    public Optional<String> visitRange(Rule.Range rule)
    {
        String value = typed(rule.column());
        List<String> bounds = new java.util.ArrayList<>();
        bound(rule.low()).ifPresent(low -> bounds.add(value + " >= " + low));
        bound(rule.high()).ifPresent(high -> bounds.add(value + " <= " + high));
        return Optional.of("%s IS NULL OR (%s)".formatted(value, String.join(" AND ", bounds)));
    }

    @Override
    public Optional<String> visitNotBefore(Rule.NotBefore rule)
    {
        String later = typed(rule.column());
        String earlier = typed(rule.earlier());
        // the session time zone is UTC: a date is cast to UTC midnight, then read as China midnight
        String earliest = contract.column(rule.earlier()).orElseThrow().type() == ColumnType.DATE
                ? ChinaTime.instantOfWallTime("CAST(%s AS TIMESTAMP)".formatted(earlier))
                : earlier;
        return Optional.of("%s IS NULL OR %s IS NULL OR %s >= %s".formatted(later, earlier, later, earliest));
    }

    @Override
    public Optional<String> visitLessThan(Rule.LessThan rule)
    {
        String value = typed(rule.column());
        String other = typed(rule.other());
        return Optional.of("%s IS NULL OR %s IS NULL OR %s < %s".formatted(value, other, value, other));
    }

    @Override
    public Optional<String> visitAtMost(Rule.AtMost rule)
    {
        String value = typed(rule.column());
        String limit = typed(rule.limit());
        return Optional.of("%s IS NULL OR %s IS NULL OR %s < 0 OR %s <= %s".formatted(value, limit, limit, value, limit));
    }

    @Override
    public Optional<String> visitRequiredWhen(Rule.RequiredWhen rule)
    {
        return Optional.of("NOT coalesce(%s, false) OR %s IS NOT NULL".formatted(condition(rule.when()), raw(rule.column())));
    }

    @Override
    public Optional<String> visitAbsentWhen(Rule.AbsentWhen rule)
    {
        return Optional.of("NOT coalesce(%s, false) OR %s IS NULL".formatted(condition(rule.when()), raw(rule.column())));
    }

    private static String condition(List<Condition> when)
    {
        return when.stream().map(SparkRulePredicates::clause).collect(Collectors.joining(" AND "));
    }

    private static String clause(Condition clause)
    {
        String value = typed(clause.column());
        return switch (clause.operator()) {
            case IS_PRESENT -> value + " IS NOT NULL";
            case IN -> "(" + SqlLiterals.sparkIn(value, clause.values()) + ")";
            case NOT_IN -> "(" + value + " IS NOT NULL AND NOT " + SqlLiterals.sparkIn(value, clause.values()) + ")";
        };
    }

    private static Optional<String> bound(Bound bound)
    {
        return bound.accept(new Bound.Visitor<>()
        {
            @Override
            public Optional<String> visitFixed(Bound.Fixed fixed)
            {
                return Optional.of(Long.toString(fixed.value()));
            }

            @Override
            public Optional<String> visitYearOfExport(Bound.YearOfExport yearOfExport)
            {
                return Optional.of("year(export_date)");
            }

            @Override
            public Optional<String> visitUnbounded(Bound.Unbounded unbounded)
            {
                return Optional.empty();
            }
        });
    }

    private static String typed(String column)
    {
        return "`" + column + "`";
    }

    private static String raw(String column)
    {
        return "`" + org.isg.warehouse.contracts.dataset.Column.RAW_PREFIX + column + "`";
    }
}
