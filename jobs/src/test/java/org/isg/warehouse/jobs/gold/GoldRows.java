package org.isg.warehouse.jobs.gold;

import org.apache.spark.sql.Row;
import org.isg.warehouse.jobs.Warehouse;

/**
 * Reads the one row of a gold table that a test expects.
 */
final class GoldRows
{
    private GoldRows() {}

    static Row single(Warehouse warehouse, String table, String condition)
    {
        return warehouse.read(Warehouse.GOLD, table).where(condition).collectAsList().stream()
                .reduce((left, right) -> {
                    throw new AssertionError("more than one row of gold." + table + " where " + condition);
                })
                .orElseThrow(() -> new AssertionError("no row of gold." + table + " where " + condition));
    }
}
