package org.isg.warehouse.contracts.tables;

/** The types of warehouse columns, engine-free; the pipeline maps them to Spark's, Trino reads them from Delta. */
public enum ValueType
{
    STRING,
    BOOLEAN,
    INT,
    LONG,
    DOUBLE,
    /** decimal(18,2) */
    DECIMAL,
    DATE,
    /** An instant, stored in UTC. */
    TIMESTAMP,
    STRING_ARRAY,
    DOUBLE_ARRAY,
    STRING_TO_LONG_MAP
}
