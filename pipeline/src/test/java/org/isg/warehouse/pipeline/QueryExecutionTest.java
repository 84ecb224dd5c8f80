package org.isg.warehouse.pipeline;

import org.apache.spark.sql.SparkSession;
import org.isg.warehouse.testing.SharedSpark;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryExecutionTest
{
    private final SparkSession spark = SharedSpark.session();

    @AfterEach
    void unforce()
    {
        spark.conf().unset(QueryExecution.SETTING);
        // as the shared test session starts (SharedSpark), for the next test class of this JVM
        QueryExecution.INTERPRETED.applyTo(spark);
    }

    @Test
    void inputsBelowAMillionRowsRunInterpretedFromAMillionCompiled()
    {
        List<String> lines = new ArrayList<>();
        assertThat(QueryExecution.apply(spark, "refine", 999_999, lines::add)).isEqualTo(QueryExecution.INTERPRETED);
        assertThat(spark.conf().get("spark.sql.codegen.wholeStage")).isEqualTo("false");
        assertThat(spark.conf().get("spark.sql.codegen.factoryMode")).isEqualTo("NO_CODEGEN");
        assertThat(spark.conf().get("spark.sql.adaptive.enabled")).isEqualTo("false");
        assertThat(QueryExecution.apply(spark, "refine", 1_000_000, lines::add)).isEqualTo(QueryExecution.COMPILED);
        assertThat(spark.conf().get("spark.sql.codegen.wholeStage")).isEqualTo("true");
        assertThat(spark.conf().get("spark.sql.codegen.factoryMode")).isEqualTo("FALLBACK");
        assertThat(spark.conf().get("spark.sql.adaptive.enabled")).isEqualTo("true");
        assertThat(lines).containsExactly("refine: queries interpreted (999,999 input rows; compiled from 1,000,000)",
                "refine: queries compiled (1,000,000 input rows; compiled from 1,000,000)");
    }

    @Test
    void theSettingForcesAMode()
    {
        spark.conf().set(QueryExecution.SETTING, "compiled");
        assertThat(QueryExecution.forRows(spark, 10)).isEqualTo(QueryExecution.COMPILED);
        spark.conf().set(QueryExecution.SETTING, " Interpreted ");
        assertThat(QueryExecution.forRows(spark, 10_000_000)).isEqualTo(QueryExecution.INTERPRETED);
        spark.conf().set(QueryExecution.SETTING, "fast");
        assertThatThrownBy(() -> QueryExecution.forRows(spark, 10)).hasMessage("spark.isg.execution must be compiled or interpreted");
    }
}
