package org.isg.warehouse.contracts.dataset;

public enum RuleKind
{
    /** The delivered line could be parsed into the dataset's columns. */
    WELL_FORMED,
    /** A required column has a value. */
    REQUIRED,
    /** A value that is present parses as the column's type. */
    TYPE,
    /** An enum value is one of the allowed values. */
    ALLOWED_VALUES,
    /** The key is unique within a delivery. */
    UNIQUE,
    /** A row-level SQL predicate over the typed (and raw) columns. */
    PREDICATE
}
