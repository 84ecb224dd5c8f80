package org.isg.warehouse.contracts.dataset;

/**
 * Logical column types of the landing contract (SPEC §2). Every value arrives as text; refine
 * parses it into the warehouse type.
 */
public enum ColumnType
{
    /** Free text, kept as delivered (trimmed). */
    STRING,
    /** Text restricted to the column's allowed values. */
    ENUM,
    /** {@code yyyy-MM-dd HH:mm:ss} China local time, or ISO-8601 with an offset (seconds optional); stored as an instant. */
    TIMESTAMP,
    /** {@code yyyy-MM-dd}. */
    DATE,
    /** {@code true/false}, {@code 1/0}, {@code 是/否}. */
    BOOLEAN,
    INT,
    /** decimal(18,2). */
    DECIMAL
}
