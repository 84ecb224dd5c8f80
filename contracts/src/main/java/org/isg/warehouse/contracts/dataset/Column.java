package org.isg.warehouse.contracts.dataset;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One column of a dataset contract.
 *
 * @param personalIdentifier a PII column: replaced by a keyed pseudonym before anything is written
 * @param allowedValues the allowed values of an {@link ColumnType#ENUM} column, empty otherwise
 */
public record Column(String name, ColumnType type, boolean required, boolean personalIdentifier, List<String> allowedValues, String description)
{
    /** Prefix of the column that keeps the delivered text beside the typed value during refine. */
    public static final String RAW_PREFIX = "raw_";

    public Column
    {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        allowedValues = List.copyOf(requireNonNull(allowedValues, "allowedValues is null"));
        requireNonNull(description, "description is null");
        if ((type == ColumnType.ENUM) == allowedValues.isEmpty()) {
            throw new IllegalArgumentException("Column " + name + ": an ENUM column, and only an ENUM column, lists allowed values");
        }
    }

    public String rawName()
    {
        return RAW_PREFIX + name;
    }
}
