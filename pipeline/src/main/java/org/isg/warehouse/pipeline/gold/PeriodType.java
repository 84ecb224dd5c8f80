package org.isg.warehouse.pipeline.gold;

import org.apache.spark.sql.Column;

import java.time.LocalDate;
import java.time.YearMonth;

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

    /** The period's name for a China calendar date, in Java (as {@link #label(Column)} in Spark). */
    public String label(LocalDate date)
    {
        return switch (this) {
            case MONTH -> YearMonth.from(date).toString();
            case QUARTER -> date.getYear() + "-Q" + ((date.getMonthValue() - 1) / 3 + 1);
            case YEAR -> Integer.toString(date.getYear());
        };
    }

    /** The first day of the period a label names ({@code 2026-10}, {@code 2026-Q4}, {@code 2026}). */
    public LocalDate firstDay(String label)
    {
        return switch (this) {
            case MONTH -> YearMonth.parse(label).atDay(1);
            case QUARTER -> LocalDate.of(Integer.parseInt(label.substring(0, 4)), (Integer.parseInt(label.substring(6)) - 1) * 3 + 1, 1);
            case YEAR -> LocalDate.of(Integer.parseInt(label), 1, 1);
        };
    }

    /** The last day of the period a label names. */
    public LocalDate lastDay(String label)
    {
        return firstDay(label).plusMonths(months).minusDays(1);
    }
}
