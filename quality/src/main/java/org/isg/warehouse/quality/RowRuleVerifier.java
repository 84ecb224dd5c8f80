package org.isg.warehouse.quality;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationRunBuilder;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.constraints.Constraint;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.isg.warehouse.contracts.dataset.DatasetContract;
import org.isg.warehouse.contracts.dataset.Rule;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

/**
 * Verifies every row of a frame against the rules of a dataset contract with Deequ, one check per
 * rule, and adds {@value #BROKEN_RULES}: the names of the rules the row broke (empty for a valid row).
 * <p>
 * The frame holds the delivered text of each column ({@code raw_<column>}), the typed value under
 * the column's own name, {@value #PARSE_ERROR_COLUMN} and {@value #UNIQUE_KEY_COLUMN} (the record key
 * qualified by its delivery; never null).
 */
public final class RowRuleVerifier
{
    public static final String BROKEN_RULES = "broken_rules";
    public static final String PARSE_ERROR_COLUMN = "parse_error";
    public static final String UNIQUE_KEY_COLUMN = "unique_key_in_delivery";

    private final SparkSession spark;

    public RowRuleVerifier(SparkSession spark)
    {
        this.spark = requireNonNull(spark, "spark is null");
    }

    public Dataset<Row> verify(DatasetContract contract, Dataset<Row> rows)
    {
        List<Check> checks = new ArrayList<>();
        for (Rule rule : contract.rules()) {
            checks.add(check(contract, rule));
        }
        VerificationRunBuilder run = new VerificationSuite().onData(rows);
        for (Check check : checks) {
            run = run.addCheck(check);
        }
        VerificationResult result = run.run();
        Dataset<Row> withChecks = VerificationResult.rowLevelResultsAsDataFrame(spark, result, rows);

        // One boolean column per check, named by the check's description (the rule name).
        // A null outcome counts as broken. A line that could not be split into columns breaks
        // record.well_formed only: its fields are unknown, not missing.
        List<Column> brokenNames = new ArrayList<>();
        for (Rule rule : contract.rules()) {
            Column broken = not(coalesce(col(quoted(rule.name())), lit(false)));
            if (!(rule instanceof Rule.WellFormed)) {
                broken = broken.and(col(PARSE_ERROR_COLUMN).isNull());
            }
            brokenNames.add(when(broken, lit(rule.name())));
        }
        Dataset<Row> verified = withChecks.withColumn(BROKEN_RULES,
                filter(array(brokenNames.toArray(Column[]::new)), name -> name.isNotNull()));
        return verified.drop(contract.rules().stream().map(Rule::name).toArray(String[]::new));
    }

    /**
     * The Deequ form of a rule: Deequ's own constraint where one exists (completeness, containment,
     * uniqueness), otherwise {@code satisfies} with the rule's Spark predicate.
     */
    private static Check check(DatasetContract contract, Rule rule)
    {
        Check check = new Check(CheckLevel.Error(), rule.name(), Scala.<Constraint>seq(List.of()));
        return rule.accept(new Rule.Visitor<>()
        {
            @Override
            public Check visitWellFormed(Rule.WellFormed wellFormed)
            {
                return satisfies(check, contract, rule);
            }

            @Override
            public Check visitRequired(Rule.Required required)
            {
                return check.isComplete(org.isg.warehouse.contracts.dataset.Column.RAW_PREFIX + required.column(), Scala.none(), Scala.none());
            }

            @Override
            public Check visitTyped(Rule.Typed typed)
            {
                return satisfies(check, contract, rule);
            }

            @Override
            public Check visitAllowedValues(Rule.AllowedValues allowedValues)
            {
                return check.isContainedIn(allowedValues.column(), allowedValues.values().toArray(String[]::new));
            }

            @Override
            public Check visitUniqueInDelivery(Rule.UniqueInDelivery unique)
            {
                return check.isUnique(UNIQUE_KEY_COLUMN, Scala.none(), Scala.none());
            }

            @Override
            public Check visitPlausibleTime(Rule.PlausibleTime plausibleTime)
            {
                return satisfies(check, contract, rule);
            }

            @Override
            public Check visitPattern(Rule.Pattern pattern)
            {
                return satisfies(check, contract, rule);
            }

            @Override
            public Check visitRange(Rule.Range range)
            {
                return satisfies(check, contract, rule);
            }

            @Override
            public Check visitNotBefore(Rule.NotBefore notBefore)
            {
                return satisfies(check, contract, rule);
            }

            @Override
            public Check visitLessThan(Rule.LessThan lessThan)
            {
                return satisfies(check, contract, rule);
            }

            @Override
            public Check visitAtMost(Rule.AtMost atMost)
            {
                return satisfies(check, contract, rule);
            }

            @Override
            public Check visitRequiredWhen(Rule.RequiredWhen requiredWhen)
            {
                return satisfies(check, contract, rule);
            }
        });
    }

    private static Check satisfies(Check check, DatasetContract contract, Rule rule)
    {
        String predicate = SparkRulePredicates.sql(contract, rule).orElseThrow();
        return check.satisfies(predicate, rule.name(), Check.IsOne(), Scala.none(), Scala.list(List.of()), Scala.none());
    }

    private static String quoted(String name)
    {
        return "`" + name + "`";
    }
}
