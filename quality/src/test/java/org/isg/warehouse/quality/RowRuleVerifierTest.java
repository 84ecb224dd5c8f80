package org.isg.warehouse.quality;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.isg.warehouse.contracts.dataset.Dataset;
import org.isg.warehouse.contracts.dataset.DatasetContract;
import org.isg.warehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rule of a contract in one select, on literal divisions rows whose broken rules are
 * worked out by hand.
 */
class RowRuleVerifierTest
{
    private final SparkSession spark = SharedSpark.session();

    @Test
    void namesEveryRuleEachRowBreaks()
    {
        DatasetContract contract = Dataset.DIVISIONS.contract();
        StructType schema = new StructType()
                .add("line", DataTypes.IntegerType)
                .add(RowRuleVerifier.PARSE_ERROR_COLUMN, DataTypes.StringType)
                .add(RowRuleVerifier.UNIQUE_KEY_COLUMN, DataTypes.StringType)
                .add("raw_division_code", DataTypes.StringType).add("division_code", DataTypes.StringType)
                .add("raw_name", DataTypes.StringType).add("name", DataTypes.StringType)
                .add("raw_level", DataTypes.StringType).add("level", DataTypes.StringType)
                .add("raw_population", DataTypes.StringType).add("population", DataTypes.IntegerType)
                .add("raw_population_60plus", DataTypes.StringType).add("population_60plus", DataTypes.IntegerType)
                .add("raw_population_adult", DataTypes.StringType).add("population_adult", DataTypes.IntegerType);
        List<Row> rows = List.of(
                // 1: valid
                row(1, null, "d|110100001001", "110100001001", "东方社区", "COMMUNITY", "1000", 1000, "200", 200, "800", 800),
                // 2: bad code format, unknown level, 60+ above population: three rules
                row(2, null, "d|1101", "1101", "西区", "CITY", "1000", 1000, "1200", 1200, "800", 800),
                // 3 and 4: the same key twice: both rows break uniqueness; row 4 also lacks its name
                row(3, null, "d|110100001003", "110100001003", "南区", "COMMUNITY", "10", 10, "1", 1, "8", 8),
                row(4, null, "d|110100001003", "110100001003", null, "COMMUNITY", "10", 10, "1", 1, "8", 8),
                // 5: population does not parse (the typed value is null): the type rule only
                row(5, null, "d|110100001005", "110100001005", "北区", "VILLAGE", "12x", null, "1", 1, "8", 8),
                // 6: a malformed line: record.well_formed only, although every field is null
                row(6, "expected 6 fields, found 5", "d|#|6", null, null, null, null, null, null, null, null, null));
        Map<Integer, List<String>> broken = new TreeMap<>();
        for (Row row : RowRuleVerifier.verify(contract, spark.createDataFrame(rows, schema)).collectAsList()) {
            broken.put(row.getInt(row.fieldIndex("line")), row.getList(row.fieldIndex(RowRuleVerifier.BROKEN_RULES)));
        }
        assertThat(broken).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                1, List.of(),
                2, List.of("level.allowed_values", "division_code.format", "population_60plus.within_population"),
                3, List.of("division_code.unique_in_delivery"),
                4, List.of("name.required", "division_code.unique_in_delivery"),
                5, List.of("population.type"),
                6, List.of("record.well_formed"))));
    }

    private static Row row(int line, String parseError, String uniqueKey, String code, String name, String level, String rawPopulation, Integer population,
            String rawOld, Integer old, String rawAdult, Integer adult)
    {
        return RowFactory.create(line, parseError, uniqueKey, code, code, name, name, level, level, rawPopulation, population, rawOld, old, rawAdult, adult);
    }
}
