package org.isg.warehouse.generator;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.isg.warehouse.contracts.dataset.ColumnType;
import org.isg.warehouse.contracts.dataset.ContractsDocument;
import org.isg.warehouse.contracts.dataset.Dataset;
import org.isg.warehouse.contracts.dataset.DatasetContract;
import org.isg.warehouse.contracts.dataset.Rule;
import org.isg.warehouse.quality.RowRuleVerifier;
import org.isg.warehouse.quality.SparkRulePredicates;
import org.isg.warehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rule is declared in one place: moving a range bound there moves the Spark check, the quarantine
 * check, the generator's defect and the documented rule together.
 */
class RuleDeclarationTest
{
    private static final LocalDate EXPORT_DATE = LocalDate.of(2026, 11, 23);

    private final SparkSession spark = SharedSpark.session();

    @Test
    void aRangeBoundDeclaredOnceMovesEveryFormOfTheRule()
    {
        DatasetContract oneToFive = contract(1);
        DatasetContract twoToFive = contract(2);

        // Spark: a satisfaction of 1 keeps 1..5 and breaks 2..5
        assertThat(keepsRange(oneToFive, 1)).isTrue();
        assertThat(keepsRange(twoToFive, 1)).isFalse();
        assertThat(keepsRange(twoToFive, 2)).isTrue();

        // The verifier: the same row is quarantined under 2..5 only
        assertThat(brokenRules(oneToFive, 1)).isEmpty();
        assertThat(brokenRules(twoToFive, 1)).containsExactly("satisfaction.range");

        // The generator breaks the rule just below the low bound
        assertThat(injectedRangeValue(oneToFive)).isEqualTo("0");
        assertThat(injectedRangeValue(twoToFive)).isEqualTo("1");

        // The document states the bound
        assertThat(ContractsDocument.dataset(oneToFive)).contains("| `satisfaction.range` | `satisfaction` is below 1 or is above 5 |");
        assertThat(ContractsDocument.dataset(twoToFive)).contains("| `satisfaction.range` | `satisfaction` is below 2 or is above 5 |");
    }

    @Test
    void theGeneratorBreaksEachRuleOfEveryContractWithoutBreakingAnother()
    {
        for (Dataset dataset : Dataset.values()) {
            DatasetContract contract = dataset.contract();
            RowChecks checks = new RowChecks(contract, EXPORT_DATE);
            List<DefectInjector.OutputRow> rows = DefectInjector.inject(contract, EXPORT_DATE, sampleRecords(dataset), true, 0, new SplittableRandom(7));
            List<String> broken = new ArrayList<>();
            for (DefectInjector.OutputRow row : rows) {
                if (row.brokenRule == null) {
                    assertThat(checks.broken(row.values)).as(dataset + " untouched row").isEmpty();
                    continue;
                }
                broken.add(row.brokenRule);
                Rule rule = contract.rule(row.brokenRule).orElseThrow();
                if (!(rule instanceof Rule.WellFormed) && !(rule instanceof Rule.UniqueInDelivery)) {
                    assertThat(checks.broken(row.values)).as(row.brokenRule).containsExactly(row.brokenRule);
                }
            }
            assertThat(broken).as(dataset.tableName()).containsAll(contract.rules().stream().map(Rule::name).toList());
        }
    }

    /** A few days of one base's records: more rows than the contract has rules. */
    private static List<Map<String, String>> sampleRecords(Dataset dataset)
    {
        SampleRecords records = new SampleRecords(42, 40);
        BaseProfile profile = BaseProfile.of(42, "C01", 0);
        List<Map<String, String>> sample = new ArrayList<>();
        for (LocalDate day = EXPORT_DATE; sample.size() < 2 * dataset.contract().rules().size(); day = day.minusDays(1)) {
            sample.addAll(switch (dataset) {
                case GRID_CASES -> records.gridCases(profile, day);
                case ELDERCARE_SERVICE_LOGS -> records.eldercareLogs(profile, day);
                case HEALTH_SCREENINGS -> records.healthScreenings(profile, day);
                case THREE_ASSETS_LEDGER -> records.ledgerEntries(profile, day);
                case DIVISIONS -> records.divisions(profile);
                case EXPERIMENT_UNITS -> PlantedExperiment.of("C01", 0, day).stream().flatMap(experiment -> experiment.declaration().stream()).toList();
            });
        }
        return sample;
    }

    private static DatasetContract contract(long low)
    {
        return DatasetContract.builder(Dataset.GRID_CASES, "case_id")
                .versionColumn("updated_at")
                .required("case_id", ColumnType.STRING, "case id")
                .required("updated_at", ColumnType.TIMESTAMP, "version")
                .optional("satisfaction", ColumnType.INT, "satisfaction")
                .range("satisfaction", low, 5)
                .build();
    }

    private boolean keepsRange(DatasetContract contract, int satisfaction)
    {
        Rule range = contract.rule("satisfaction.range").orElseThrow();
        return frame(satisfaction).select(SparkRulePredicates.column(contract, range).orElseThrow()).first().getBoolean(0);
    }

    private List<String> brokenRules(DatasetContract contract, int satisfaction)
    {
        Row verified = RowRuleVerifier.verify(contract, frame(satisfaction)).first();
        return verified.getList(verified.fieldIndex(RowRuleVerifier.BROKEN_RULES));
    }

    private org.apache.spark.sql.Dataset<Row> frame(int satisfaction)
    {
        StructType schema = new StructType()
                .add(RowRuleVerifier.PARSE_ERROR_COLUMN, DataTypes.StringType)
                .add(RowRuleVerifier.UNIQUE_KEY_COLUMN, DataTypes.StringType)
                .add("export_date", DataTypes.DateType)
                .add("raw_case_id", DataTypes.StringType).add("case_id", DataTypes.StringType)
                .add("raw_updated_at", DataTypes.StringType).add("updated_at", DataTypes.TimestampType)
                .add("raw_satisfaction", DataTypes.StringType).add("satisfaction", DataTypes.IntegerType);
        Row row = RowFactory.create(null, "d|c1", java.sql.Date.valueOf(EXPORT_DATE), "c1", "c1", "2026-11-23 08:00:00", java.sql.Timestamp.valueOf("2026-11-23 00:00:00"),
                Integer.toString(satisfaction), satisfaction);
        return spark.createDataFrame(List.of(row), schema);
    }

    private static String injectedRangeValue(DatasetContract contract)
    {
        List<Map<String, String>> records = new ArrayList<>();
        for (int index = 0; index < 10; index++) {
            records.add(Map.of("case_id", "c" + index, "updated_at", "2026-11-23 08:00:00", "satisfaction", "3"));
        }
        return DefectInjector.inject(contract, EXPORT_DATE, records, true, 0, new SplittableRandom(1)).stream()
                .filter(row -> "satisfaction.range".equals(row.brokenRule))
                .map(row -> row.values.get("satisfaction"))
                .findFirst().orElseThrow();
    }
}
