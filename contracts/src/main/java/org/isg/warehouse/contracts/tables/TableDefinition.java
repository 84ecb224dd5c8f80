package org.isg.warehouse.contracts.tables;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A warehouse table, declared once: its layer and name, columns (type, nullability, comment), table
 * comment and Delta properties. The pipeline creates and checks every write against it, and the
 * comments reach Trino from it.
 */
public record TableDefinition(Layer layer, String name, Comment comment, List<TableColumn> columns, Map<String, String> properties)
{
    public TableDefinition
    {
        requireNonNull(layer, "layer is null");
        requireNonNull(name, "name is null");
        requireNonNull(comment, "comment is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
        Set<String> names = new HashSet<>();
        for (TableColumn column : columns) {
            if (!names.add(column.name())) {
                throw new IllegalArgumentException(qualifiedName(layer, name) + ": duplicate column " + column.name());
            }
        }
    }

    public String qualifiedName()
    {
        return qualifiedName(layer, name);
    }

    public List<String> columnNames()
    {
        return columns.stream().map(TableColumn::name).toList();
    }

    public Optional<TableColumn> column(String name)
    {
        return columns.stream().filter(column -> column.name().equals(name)).findFirst();
    }

    private static String qualifiedName(Layer layer, String name)
    {
        return layer.schemaName() + "." + name;
    }

    public static Builder builder(Layer layer, String name, String chinese, String english)
    {
        return new Builder(layer, name, new Comment(chinese, english));
    }

    public static final class Builder
    {
        private final Layer layer;
        private final String name;
        private final Comment comment;
        private final List<TableColumn> columns = new ArrayList<>();
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder(Layer layer, String name, Comment comment)
        {
            this.layer = requireNonNull(layer, "layer is null");
            this.name = requireNonNull(name, "name is null");
            this.comment = requireNonNull(comment, "comment is null");
        }

        /** A column that is never null. */
        public Builder required(String column, ValueType type)
        {
            return add(new TableColumn(column, type, false, Optional.empty()));
        }

        public Builder required(String column, ValueType type, String chinese, String english)
        {
            return add(new TableColumn(column, type, false, Optional.of(new Comment(chinese, english))));
        }

        public Builder optional(String column, ValueType type)
        {
            return add(new TableColumn(column, type, true, Optional.empty()));
        }

        public Builder optional(String column, ValueType type, String chinese, String english)
        {
            return add(new TableColumn(column, type, true, Optional.of(new Comment(chinese, english))));
        }

        public Builder add(TableColumn column)
        {
            columns.add(requireNonNull(column, "column is null"));
            return this;
        }

        public Builder property(String key, String value)
        {
            properties.put(key, value);
            return this;
        }

        public TableDefinition build()
        {
            return new TableDefinition(layer, name, comment, columns, properties);
        }
    }
}
