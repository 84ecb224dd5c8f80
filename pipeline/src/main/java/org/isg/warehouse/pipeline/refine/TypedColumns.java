package org.isg.warehouse.pipeline.refine;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;
import org.isg.warehouse.contracts.dataset.ColumnType;
import org.isg.warehouse.quality.ChinaTime;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_utc_timestamp;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

/**
 * Parses delivered text into warehouse types (SPEC §2) with Spark's built-in functions. A value that
 * does not parse becomes null, which the contract's {@code <column>.type} rule catches. The session
 * time zone is UTC, so instants are stored as UTC.
 */
final class TypedColumns
{
    private static final String LOCAL_TIMESTAMP = "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$";
    private static final String OFFSET_TIMESTAMP = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2})$";
    private static final String OFFSET_TIMESTAMP_WITHOUT_SECONDS = "^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2})(?=Z|[+-])";
    private static final String DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
    private static final String INTEGER = "^[+-]?[0-9]{1,9}$";
    private static final String DECIMAL = "^[+-]?[0-9]{1,16}(\\.[0-9]{1,2})?$";

    private TypedColumns() {}

    static Column parse(String rawColumn, ColumnType type)
    {
        Column text = trim(col(rawColumn));
        return switch (type) {
            case STRING, ENUM -> when(text.notEqual(lit("")), text);
            // China local time without a zone, or ISO-8601 with an offset
            // (ChinaTime: from 1992 on a shift of eight hours, without Spark's zone lookup for every row)
            // A cast, not to_timestamp with a pattern: the same instants and the same nulls for text of
            // these forms (TypedColumnsTest), without java.time's formatter for every value
            case TIMESTAMP -> when(text.rlike(LOCAL_TIMESTAMP), when(text.geq(lit(ChinaTime.FIXED_OFFSET_FROM_YEAR)), localTimestamp(text).minus(expr(ChinaTime.FIXED_OFFSET)))
                            .otherwise(to_utc_timestamp(localTimestamp(text), ChinaTime.ZONE)))
                    // Spark's cast needs the seconds that ISO-8601 lets an offset time leave out
                    .when(text.rlike(OFFSET_TIMESTAMP), regexp_replace(text, OFFSET_TIMESTAMP_WITHOUT_SECONDS, "$1:00").cast(DataTypes.TimestampType));
            case DATE -> when(text.rlike(DATE), to_date(text, "yyyy-MM-dd"));
            case BOOLEAN -> when(lower(text).isin("true", "1", "是"), lit(true)).when(lower(text).isin("false", "0", "否"), lit(false));
            case INT -> when(text.rlike(INTEGER), text.cast(DataTypes.IntegerType));
            case DECIMAL -> when(text.rlike(DECIMAL), text.cast(DataTypes.createDecimalType(18, 2)));
        };
    }

    private static Column localTimestamp(Column text)
    {
        return text.cast(DataTypes.TimestampType);
    }
}
