package org.isg.warehouse.contracts.text;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

/**
 * SQL string literals for the two SQL dialects the warehouse writes, in one place. Values can come
 * from a base (a delivery folder's name is part of a delivery id), so nothing is ever concatenated
 * into SQL without passing through here. The dialects differ: Spark's parser reads backslash
 * escapes and joins adjacent literals ({@code 'it''s'} is {@code its} in Spark), Trino follows the
 * SQL standard ({@code 'it''s'} is {@code it's}, a backslash is an ordinary character).
 */
public final class SqlLiterals
{
    private SqlLiterals() {}

    /** A Spark SQL string literal (with Spark's default {@code spark.sql.parser.escapedStringLiterals=false}). */
    public static String spark(String value)
    {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** A Trino (standard SQL) string literal. */
    public static String trino(String value)
    {
        return "'" + value.replace("'", "''") + "'";
    }

    /** {@code column IN ('a', 'b')} in Spark SQL; the column is ours, never delivered content. */
    public static String sparkIn(String column, List<String> values)
    {
        return in(column, values.stream().map(SqlLiterals::spark).toList());
    }

    /** {@code column IN (DATE'2026-11-23', …)} in Spark SQL. */
    public static String sparkDateIn(String column, Collection<LocalDate> dates)
    {
        return in(column, dates.stream().distinct().sorted().map(date -> "DATE'" + date + "'").toList());
    }

    private static String in(String column, List<String> literals)
    {
        if (literals.isEmpty()) {
            throw new IllegalArgumentException("an IN list needs at least one value");
        }
        return column + " IN (" + String.join(", ", literals) + ")";
    }
}
