package org.isg.warehouse.contracts.tables;

import java.util.Locale;

/** The warehouse's schemas (dbt-style layers), each a folder {@code <warehouse>/<schema>} and a Trino schema. */
public enum Layer
{
    BRONZE,
    SILVER,
    GOLD,
    OPS,
    REF;

    public String schemaName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Layer fromSchemaName(String schemaName)
    {
        return valueOf(schemaName.toUpperCase(Locale.ROOT));
    }
}
