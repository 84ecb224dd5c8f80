package org.isg.warehouse.contracts.landing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One record of a delivered file, as text, in the order of the dataset contract's columns.
 *
 * @param line the physical line (1-based, header included) where the record starts
 * @param values one entry per contract column; {@code null} for an empty or absent field
 * @param parseError why the line could not be split into the contract's columns; the values are then all null
 */
public record DeliveredRecord(long line, List<String> values, Optional<String> parseError)
{
    public DeliveredRecord
    {
        values = Collections.unmodifiableList(new ArrayList<>(requireNonNull(values, "values is null")));
        requireNonNull(parseError, "parseError is null");
    }

    static DeliveredRecord malformed(long line, int columnCount, String error)
    {
        return new DeliveredRecord(line, Collections.nCopies(columnCount, null), Optional.of(error));
    }
}
