package org.isg.warehouse.quality;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.isg.warehouse.contracts.dataset.DatasetContract;
import org.isg.warehouse.contracts.dataset.Rule;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

/**
 * Verifies every row of a frame against the rules of a dataset contract and adds
 * {@value #BROKEN_RULES}: the names of the rules the row broke (empty for a valid row).
 * <p>
 * One select evaluates every rule: each rule's {@link SparkRulePredicates} predicate (the SQL
 * Deequ's {@code satisfies} would evaluate, and what its {@code isComplete} and {@code isContainedIn}
 * compute), and uniqueness in the delivery as a count over the record key. Deequ's own row-level
 * verification computed the dataset's metrics first (a scan and a grouping per check) only to throw
 * them away; the per-delivery compliance of every rule is kept instead in the Deequ metrics
 * repository ({@link DeliveryMetrics}), from the same pass.
 * <p>
 * The frame holds the delivered text of each column ({@code raw_<column>}), the typed value under
 * the column's own name, {@value #PARSE_ERROR_COLUMN} and {@value #UNIQUE_KEY_COLUMN} (the record key
 * qualified by its delivery; never null).
 * <p>
 * The uniqueness count's window lists the record key before {@value #UNIQUE_KEY_COLUMN}, which
 * determines it: the groups are the same, and a frame the caller already partitioned by the record
 * key alone is counted without shuffling its rows again.
 */
public final class RowRuleVerifier
{
    public static final String BROKEN_RULES = "broken_rules";
    public static final String PARSE_ERROR_COLUMN = "parse_error";
    public static final String UNIQUE_KEY_COLUMN = "unique_key_in_delivery";

    private static final Column NO_RULE = array().cast(DataTypes.createArrayType(DataTypes.StringType));

    private RowRuleVerifier() {}

    public static Dataset<Row> verify(DatasetContract contract, Dataset<Row> rows)
    {
        // A row keeps a rule when the rule's predicate holds; null counts as broken. A line that could
        // not be split into columns breaks record.well_formed only: its fields are unknown, not missing.
        List<Column> brokenNames = new ArrayList<>();
        for (Rule rule : contract.rules()) {
            Column kept = rule instanceof Rule.UniqueInDelivery
                    ? count(lit(1)).over(Window.partitionBy(col(contract.keyColumn()), col(UNIQUE_KEY_COLUMN))).equalTo(1)
                    : SparkRulePredicates.column(contract, rule).orElseThrow();
            Column broken = not(coalesce(kept, lit(false)));
            if (!(rule instanceof Rule.WellFormed)) {
                broken = broken.and(col(PARSE_ERROR_COLUMN).isNull());
            }
            brokenNames.add(when(broken, array(lit(rule.name()))).otherwise(NO_RULE));
        }
        // Arrays of one name or none, flattened: filtering nulls out of one array would take a lambda,
        // which Spark evaluates interpreted, and every rule with it, even in generated code
        return rows.withColumn(BROKEN_RULES, flatten(array(brokenNames.toArray(Column[]::new))));
    }
}
