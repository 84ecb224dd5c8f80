package org.isg.warehouse.sql;

import org.isg.warehouse.contracts.tables.Comment;
import org.isg.warehouse.contracts.tables.Layer;
import org.isg.warehouse.contracts.tables.TableColumn;
import org.isg.warehouse.contracts.tables.TableDefinition;
import org.isg.warehouse.contracts.tables.WarehouseTables;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Chinese and English comments of the warehouse's tables and columns, from their declarations
 * ({@link WarehouseTables}). Written into the Delta metadata, where Trino's connector, JDBC
 * metadata calls and BI tools read them.
 */
public final class TableComments
{
    private TableComments() {}

    public static Optional<String> table(String schema, String table)
    {
        return WarehouseTables.find(Layer.fromSchemaName(schema), table).map(definition -> definition.comment().text());
    }

    /** Column name → comment, for the columns that have one. */
    public static Map<String, String> columns(String schema, String table)
    {
        Map<String, String> comments = new LinkedHashMap<>();
        List<TableColumn> columns = WarehouseTables.find(Layer.fromSchemaName(schema), table)
                .map(TableDefinition::columns).orElse(List.of());
        columns.forEach(column -> column.comment().map(Comment::text).ifPresent(text -> comments.put(column.name(), text)));
        return comments;
    }
}
