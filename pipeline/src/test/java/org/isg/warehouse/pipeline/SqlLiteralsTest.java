package org.isg.warehouse.pipeline;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.isg.warehouse.contracts.text.SqlLiterals;
import org.isg.warehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values a base controls (a delivery folder's name is part of a delivery id) survive Spark's SQL
 * parser unchanged, and an IN predicate over them selects exactly their rows.
 */
class SqlLiteralsTest
{
    private static final List<String> HOSTILE = List.of("it's", "its", "back\\slash", "\\'", "''", "a'' OR ''1''=''1", "line\nbreak", "百分%_", "tab\t");

    @Test
    void sparkReadsEveryLiteralAsTheValueItWasMadeFrom()
    {
        SparkSession spark = SharedSpark.session();
        for (String value : HOSTILE) {
            assertThat(spark.sql("SELECT " + SqlLiterals.spark(value)).first().getString(0)).as(value).isEqualTo(value);
        }
        // Why not the SQL standard's doubling: Spark joins adjacent literals, so 'it''s' is "its"
        assertThat(spark.sql("SELECT 'it''s'").first().getString(0)).isEqualTo("its");
    }

    @Test
    void anInPredicateSelectsExactlyTheNamedRows()
    {
        Dataset<Row> ids = SharedSpark.session().createDataset(HOSTILE, Encoders.STRING()).toDF("delivery_id");

        List<String> selected = ids.where(SqlLiterals.sparkIn("delivery_id", List.of("it's", "\\'"))).as(Encoders.STRING()).collectAsList();

        assertThat(selected).containsExactlyInAnyOrder("it's", "\\'");
    }

    @Test
    void aDateInPredicateComparesDatesNotText()
    {
        Dataset<Row> dates = SharedSpark.session().sql("SELECT explode(array(DATE'2026-11-22', DATE'2026-11-23', DATE'2026-12-01')) AS export_date");

        List<Row> selected = dates.where(SqlLiterals.sparkDateIn("export_date", List.of(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 11, 22), LocalDate.of(2026, 11, 22))))
                .orderBy("export_date").collectAsList();

        assertThat(selected).extracting(row -> row.getDate(0).toLocalDate()).containsExactly(LocalDate.of(2026, 11, 22), LocalDate.of(2026, 12, 1));
        assertThat(SqlLiterals.sparkDateIn("export_date", List.of(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 11, 22))))
                .isEqualTo("export_date IN (DATE'2026-11-22', DATE'2026-12-01')");
    }
}
