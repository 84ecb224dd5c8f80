package org.isg.warehouse.contracts.dataset;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Schema and row rules of one dataset, schema version {@link #schemaVersion()}: the single place
 * where a dataset's shape and checks are declared.
 *
 * @param keyColumn the record key, unique per base
 * @param versionColumn the column ordering versions of a record ({@code updated_at}); empty for snapshot datasets
 * @param snapshot each delivery is a full snapshot that replaces the base's previous one (divisions)
 */
public record DatasetContract(
        Dataset dataset,
        int schemaVersion,
        String keyColumn,
        Optional<String> versionColumn,
        boolean snapshot,
        List<Column> columns,
        List<Rule> rules)
{
    public DatasetContract
    {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(keyColumn, "keyColumn is null");
        requireNonNull(versionColumn, "versionColumn is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        rules = List.copyOf(requireNonNull(rules, "rules is null"));
        Set<String> names = new HashSet<>();
        for (Column column : columns) {
            if (!names.add(column.name())) {
                throw new IllegalArgumentException(dataset.tableName() + ": duplicate column " + column.name());
            }
        }
        if (!names.contains(keyColumn)) {
            throw new IllegalArgumentException(dataset.tableName() + ": key column " + keyColumn + " is not a column");
        }
        versionColumn.ifPresent(version -> {
            if (!names.contains(version)) {
                throw new IllegalArgumentException(dataset.tableName() + ": version column " + version + " is not a column");
            }
        });
        if (snapshot == versionColumn.isPresent()) {
            throw new IllegalArgumentException(dataset.tableName() + ": a snapshot dataset has no version column; a change dataset has one");
        }
        Set<String> ruleNames = new HashSet<>();
        for (Rule rule : rules) {
            if (!ruleNames.add(rule.name())) {
                throw new IllegalArgumentException(dataset.tableName() + ": duplicate rule " + rule.name());
            }
            for (String column : rule.columns()) {
                if (!names.contains(column)) {
                    throw new IllegalArgumentException(dataset.tableName() + ": rule " + rule.name() + " reads " + column + ", which is not a column");
                }
            }
        }
        RuleTypeCheck typeCheck = new RuleTypeCheck(dataset, columns);
        rules.forEach(rule -> rule.accept(typeCheck));
    }

    public List<String> columnNames()
    {
        return columns.stream().map(Column::name).toList();
    }

    public Optional<Column> column(String name)
    {
        return columns.stream().filter(column -> column.name().equals(name)).findFirst();
    }

    public List<Column> personalIdentifiers()
    {
        return columns.stream().filter(Column::personalIdentifier).toList();
    }

    public Optional<Rule> rule(String name)
    {
        return rules.stream().filter(rule -> rule.name().equals(name)).findFirst();
    }

    /**
     * Builds a contract: the well-formedness, required, type, allowed-value and uniqueness rules
     * follow from the columns; dataset-specific rules are added with {@link Builder#rule}.
     */
    public static Builder builder(Dataset dataset, String keyColumn)
    {
        return new Builder(dataset, keyColumn);
    }

    public static final class Builder
    {
        private final Dataset dataset;
        private final String keyColumn;
        private final List<Column> columns = new ArrayList<>();
        private final List<Rule> specificRules = new ArrayList<>();
        private Optional<String> versionColumn = Optional.empty();
        private final java.util.Set<String> mayLieAhead = new java.util.HashSet<>();

        private Builder(Dataset dataset, String keyColumn)
        {
            this.dataset = requireNonNull(dataset, "dataset is null");
            this.keyColumn = requireNonNull(keyColumn, "keyColumn is null");
        }

        public Builder versionColumn(String name)
        {
            this.versionColumn = Optional.of(name);
            return this;
        }

        public Builder required(String name, ColumnType type, String description)
        {
            columns.add(new Column(name, type, true, false, List.of(), description));
            return this;
        }

        public Builder optional(String name, ColumnType type, String description)
        {
            columns.add(new Column(name, type, false, false, List.of(), description));
            return this;
        }

        public Builder requiredEnum(String name, List<String> allowedValues, String description)
        {
            columns.add(new Column(name, ColumnType.ENUM, true, false, allowedValues, description));
            return this;
        }

        public Builder optionalEnum(String name, List<String> allowedValues, String description)
        {
            columns.add(new Column(name, ColumnType.ENUM, false, false, allowedValues, description));
            return this;
        }

        public Builder requiredIdentifier(String name, String description)
        {
            columns.add(new Column(name, ColumnType.STRING, true, true, List.of(), description));
            return this;
        }

        public Builder optionalIdentifier(String name, String description)
        {
            columns.add(new Column(name, ColumnType.STRING, false, true, List.of(), description));
            return this;
        }

        /** A timestamp column that may lie after the export (a deadline): it has no plausibility rule. */
        public Builder mayLieAhead(String column)
        {
            mayLieAhead.add(column);
            return this;
        }

        /** Adds a dataset-specific rule; the rules that follow from the columns are added by {@link #build()}. */
        public Builder rule(Rule rule)
        {
            specificRules.add(requireNonNull(rule, "rule is null"));
            return this;
        }

        /** {@code later >= earlier} whenever both are present. */
        public Builder notBefore(String later, String earlier)
        {
            return rule(new Rule.NotBefore(later, earlier));
        }

        /** A 12-digit administrative division code (GB/T 2260 plus the street and community digits). */
        public Builder divisionCodeFormat(String column)
        {
            return rule(new Rule.Pattern(column, "format", "^[0-9]{12}$", "a 12-digit administrative division code"));
        }

        public Builder range(String column, long low, long high)
        {
            return rule(new Rule.Range(column, Bound.of(low), Bound.of(high)));
        }

        public Builder nonNegative(String column)
        {
            return rule(new Rule.Range(column, Bound.of(0), new Bound.Unbounded()));
        }

        /** The column has a value whenever every clause holds. */
        public Builder requiredWhen(String column, String suffix, Condition... when)
        {
            return rule(new Rule.RequiredWhen(column, suffix, List.of(when)));
        }

        public DatasetContract build()
        {
            List<Rule> rules = new ArrayList<>();
            rules.add(new Rule.WellFormed());
            for (Column column : columns) {
                if (column.required()) {
                    rules.add(new Rule.Required(column.name()));
                }
            }
            for (Column column : columns) {
                switch (column.type()) {
                    case STRING, ENUM -> { }
                    case TIMESTAMP, DATE, BOOLEAN, INT, DECIMAL -> rules.add(new Rule.Typed(column.name(), column.type()));
                }
            }
            for (Column column : columns) {
                if (column.type() == ColumnType.TIMESTAMP && !mayLieAhead.contains(column.name())) {
                    rules.add(new Rule.PlausibleTime(column.name()));
                }
            }
            for (Column column : columns) {
                if (column.type() == ColumnType.ENUM) {
                    rules.add(new Rule.AllowedValues(column.name(), column.allowedValues()));
                }
            }
            rules.add(new Rule.UniqueInDelivery(keyColumn));
            rules.addAll(specificRules);
            return new DatasetContract(dataset, 1, keyColumn, versionColumn, versionColumn.isEmpty(), columns, rules);
        }
    }
}
