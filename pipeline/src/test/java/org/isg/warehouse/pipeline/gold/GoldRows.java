package org.isg.warehouse.pipeline.gold;

import org.apache.spark.sql.Row;
import org.isg.warehouse.pipeline.Warehouse;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Reads the one row of a gold table that a test expects; checks a rate's row against hand-worked figures.
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

    /** An indicator value's {@code quality_flags}. */
    static List<String> flags(Row row)
    {
        return row.getList(row.fieldIndex("quality_flags"));
    }

    /** The base's monthly row of a percentage indicator has this numerator and denominator, and their ratio as its value. */
    static Row assertMonthlyRate(Warehouse warehouse, String base, String indicator, String month, int numerator, int denominator)
    {
        Row row = single(warehouse, "indicator_values",
                "base_code = '%s' AND indicator_code = '%s' AND period_type = 'MONTH' AND period = '%s'".formatted(base, indicator, month));
        assertThat(row.<Double>getAs("numerator")).as(indicator).isEqualTo((double) numerator);
        assertThat(row.<Double>getAs("denominator")).as(indicator).isEqualTo((double) denominator);
        assertThat(row.<Double>getAs("value")).as(indicator).isCloseTo(100.0 * numerator / denominator, within(1e-9));
        return row;
    }
}
