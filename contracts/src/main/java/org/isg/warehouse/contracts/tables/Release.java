package org.isg.warehouse.contracts.tables;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One release ({@code ops.releases}): its id, its cut-off and the Delta version of every gold table
 * it consists of, keyed {@code gold.<table>}. The pipeline records releases; the assessment report
 * reads them back through Trino.
 */
public record Release(String releaseId, LocalDate cutoffDate, Map<String, Long> tableVersions)
{
    public Release
    {
        requireNonNull(releaseId, "releaseId is null");
        requireNonNull(cutoffDate, "cutoffDate is null");
        tableVersions = Map.copyOf(tableVersions);
    }

    /** The release's version of {@code gold.<goldTable>}; empty when the release has no such table. */
    public Optional<Long> version(String goldTable)
    {
        return Optional.ofNullable(tableVersions.get(tableKey(goldTable)));
    }

    /** A gold table's key in {@link #tableVersions}: {@code gold.<table>}. */
    public static String tableKey(String goldTable)
    {
        return Layer.GOLD.schemaName() + "." + goldTable;
    }
}
