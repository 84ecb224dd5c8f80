package org.isg.warehouse.sql;

import org.isg.warehouse.contracts.dataset.Column;
import org.isg.warehouse.contracts.dataset.Dataset;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Chinese and English comments of the warehouse's tables and columns ({@code comments.tsv};
 * bronze and silver dataset columns default to their contract's description). Written into the
 * Delta metadata, where Trino's connector, JDBC metadata calls and BI tools read them.
 */
public final class TableComments
{
    private static final String TABLE = "*";

    private final Map<String, String> tables;
    private final Map<String, Map<String, String>> columns;

    private TableComments(Map<String, String> tables, Map<String, Map<String, String>> columns)
    {
        this.tables = Collections.unmodifiableMap(tables);
        this.columns = Collections.unmodifiableMap(columns);
    }

    public static TableComments load()
    {
        Map<String, String> tables = new TreeMap<>();
        Map<String, Map<String, String>> columns = new TreeMap<>();
        for (Dataset dataset : Dataset.values()) {
            for (String schema : new String[] {"bronze", "silver"}) {
                Map<String, String> described = columns.computeIfAbsent(schema + "." + dataset.tableName(), ignored -> new LinkedHashMap<>());
                for (Column column : dataset.contract().columns()) {
                    described.put(column.name(), column.description());
                }
            }
        }
        int lineNumber = 0;
        for (String line : TrinoServer.resource("comments.tsv").lines().toList()) {
            lineNumber++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t");
            if (fields.length != 4) {
                throw new IllegalStateException("comments.tsv line %d: expected 4 tab-separated fields, found %d".formatted(lineNumber, fields.length));
            }
            String comment = fields[2].strip() + " / " + fields[3].strip();
            if (fields[1].equals(TABLE)) {
                tables.put(fields[0], comment);
            }
            else {
                columns.computeIfAbsent(fields[0], ignored -> new LinkedHashMap<>()).put(fields[1], comment);
            }
        }
        return new TableComments(tables, columns);
    }

    public Optional<String> table(String schema, String table)
    {
        return Optional.ofNullable(tables.get(schema + "." + table));
    }

    /** Column name → comment, for the columns that have one. */
    public Map<String, String> columns(String schema, String table)
    {
        return columns.getOrDefault(schema + "." + table, Map.of());
    }
}
