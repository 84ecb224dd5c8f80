package org.isg.warehouse.quality;

/**
 * China wall time and UTC instants in Spark SQL (the session's zone is UTC), without a time-zone
 * lookup for every row. Spark's {@code to_utc_timestamp} and {@code from_utc_timestamp} parse their
 * zone's name, with two regular expressions, once per row when a query runs interpreted (generated
 * code resolves a literal zone once): a tenth of refine's executor time at 510k rows
 * (docs/benchmarks.md, "China time without a zone lookup per row"). Asia/Shanghai has kept UTC+8
 * without daylight saving since September 1991, so from 1992 on the conversion is a shift of eight
 * hours; earlier values keep Spark's conversion with the zone's whole history.
 */
public final class ChinaTime
{
    public static final String ZONE = "Asia/Shanghai";
    /** The year from which China time is UTC+8 throughout: as the first characters of a wall time's text, and as a wall time. */
    public static final String FIXED_OFFSET_FROM_YEAR = "1992";
    /** China time minus UTC from {@link #FIXED_OFFSET_FROM_YEAR} on, as a Spark SQL interval. */
    public static final String FIXED_OFFSET = "INTERVAL 8 HOURS";
    private static final String FIXED_OFFSET_FROM = "TIMESTAMP '" + FIXED_OFFSET_FROM_YEAR + "-01-01 00:00:00'";

    private ChinaTime() {}

    /** The UTC instant of a China wall time, given as a timestamp whose UTC reading is that wall time. */
    public static String instantOfWallTime(String wallTime)
    {
        return "CASE WHEN %1$s >= %2$s THEN %1$s - %4$s ELSE to_utc_timestamp(%1$s, '%3$s') END".formatted(wallTime, FIXED_OFFSET_FROM, ZONE, FIXED_OFFSET);
    }

    /** The China wall time of a UTC instant, as a timestamp whose UTC reading is that wall time. */
    public static String wallTimeOfInstant(String instant)
    {
        // UTC+8 from 1992-01-01 00:00 China time, which is 1991-12-31 16:00 UTC
        return "CASE WHEN %1$s >= %2$s - %4$s THEN %1$s + %4$s ELSE from_utc_timestamp(%1$s, '%3$s') END".formatted(instant, FIXED_OFFSET_FROM, ZONE, FIXED_OFFSET);
    }
}
