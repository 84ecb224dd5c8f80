package org.isg.warehouse.contracts.dataset;

import static java.util.Objects.requireNonNull;

/**
 * A named row rule. Each rule becomes its own Deequ check, so a quarantined row names exactly the
 * rules it broke.
 *
 * @param name stable name written to {@code silver.quarantine.broken_rules}, e.g. {@code closed_at.required_when_closed}
 * @param column the column the rule is about ({@code record} for whole-row rules)
 * @param predicate for {@link RuleKind#PREDICATE} and {@link RuleKind#TYPE}: a Spark SQL boolean expression that is
 *         true for a valid row and never null; empty for the other kinds
 */
public record Rule(String name, RuleKind kind, String column, String predicate, String description)
{
    public Rule
    {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(column, "column is null");
        requireNonNull(predicate, "predicate is null");
        requireNonNull(description, "description is null");
        if ((kind == RuleKind.PREDICATE || kind == RuleKind.TYPE) == predicate.isEmpty()) {
            throw new IllegalArgumentException("Rule " + name + ": PREDICATE and TYPE rules, and only they, have a predicate");
        }
    }
}
