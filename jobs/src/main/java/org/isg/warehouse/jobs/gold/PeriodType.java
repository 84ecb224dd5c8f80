package org.isg.warehouse.jobs.gold;

import org.apache.spark.sql.Column;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.quarter;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.year;

/**
 * The periods of {@code gold.indicator_values} (SPEC §3): {@code 2026-10}, {@code 2026-Q4}, {@code 2026}.
 */
public enum PeriodType
{
    MONTH(1, "month"),
    QUARTER(3, "quarter"),
    YEAR(12, "year");

    private final int months;
    private final String truncation;

    PeriodType(int months, String truncation)
    {
        this.months = months;
        this.truncation = truncation;
    }

    /** The period's name for a China calendar date. */
    public Column label(Column date)
    {
        return switch (this) {
            case MONTH -> date_format(date, "yyyy-MM");
            case QUARTER -> concat(year(date).cast("string"), lit("-Q"), quarter(date).cast("string"));
            case YEAR -> year(date).cast("string");
        };
    }

    /** The last day of the period that contains the date. */
    public Column lastDay(Column date)
    {
        return date_sub(add_months(to_date(date_trunc(truncation, date)), months), 1);
    }
}
