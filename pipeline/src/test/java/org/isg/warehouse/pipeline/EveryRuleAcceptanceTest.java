package org.isg.warehouse.pipeline;

import org.apache.spark.sql.Row;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.generator.ExportGenerator;
import org.isg.warehouse.generator.GenerateOptions;
import org.isg.warehouse.generator.InjectedDefect;
import org.isg.warehouse.pipeline.ops.DeliveryLedger;
import org.isg.warehouse.pipeline.ops.DeliveryStatus;
import org.isg.warehouse.testing.SharedSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance of the ingest issue: a delivery with one row breaking each SPEC §2.1 rule ends with
 * each of those rows in quarantine naming exactly the rule it broke, and every other row in silver;
 * a delivery with a wrong checksum is rejected whole with that reason. The expectation is the
 * generator's sidecar, written independently of the pipeline as it broke the rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryRuleAcceptanceTest
{
    private static final LocalDate DAY = LocalDate.of(2026, 11, 20);

    @TempDir
    static Path directory;

    private Warehouse warehouse;
    private Path landing;

    @BeforeAll
    void runOneNight()
            throws Exception
    {
        landing = directory.resolve("landing");
        // C01 delivers all four datasets, divisions and its experiments' declaration; every delivery gets one broken row per rule
        new ExportGenerator(new GenerateOptions(landing, DAY, DAY, List.of("C01"), 7, 0, true, 90, 5000, GenerateOptions.Experiments.DECLARED), BaseRegistry.load(),
                line -> { }).generate();
        // CM01's grid cases arrive with a wrong checksum
        new ExportGenerator(new GenerateOptions(landing, DAY, DAY, List.of("CM01"), 7, 0, false, 40, 5000), BaseRegistry.load(), line -> { }).generate();
        Path manifest = landing.resolve("grid_cases/CM01/" + DAY + "/manifest.json");
        String text = Files.readString(manifest, StandardCharsets.UTF_8);
        String sha = text.replaceAll("(?s).*\"sha256\" : \"([0-9a-f]{64})\".*", "$1");
        Files.writeString(manifest, text.replace(sha, new StringBuilder(sha).reverse().toString()), StandardCharsets.UTF_8);

        warehouse = new Warehouse(SharedSpark.session(), directory.resolve("warehouse").toString());
        TestNights.intake(TestNights.quiet(warehouse), landing.toString(), DAY);
    }

    @Test
    void everyBrokenRowIsQuarantinedWithExactlyTheRuleItBroke()
    {
        Map<String, TreeSet<String>> expected = new TreeMap<>();
        for (InjectedDefect defect : ExportGenerator.readSidecars(landing)) {
            if (defect.kind().equals("ROW")) {
                expected.computeIfAbsent(defect.delivery() + " " + defect.file() + ":" + defect.line(), ignored -> new TreeSet<>()).add(defect.rule());
            }
        }
        Map<String, TreeSet<String>> actual = new TreeMap<>();
        for (Row row : warehouse.read(Warehouse.SILVER, "quarantine").collectAsList()) {
            String deliveryId = row.getAs("delivery_id");
            String delivery = deliveryId.substring(0, deliveryId.lastIndexOf('/'));
            actual.put(delivery + " " + row.getAs("source_file") + ":" + row.getAs("source_line"), new TreeSet<>(row.<String>getList(row.fieldIndex("broken_rules"))));
        }
        // every rule of every dataset is broken once (a duplicated key puts two rows in quarantine)
        for (org.isg.warehouse.contracts.dataset.Dataset dataset : org.isg.warehouse.contracts.dataset.Dataset.values()) {
            TreeSet<String> brokenRules = new TreeSet<>();
            expected.forEach((row, rules) -> {
                if (row.startsWith(dataset.tableName() + "/")) {
                    brokenRules.addAll(rules);
                }
            });
            assertThat(brokenRules).as(dataset.tableName()).containsExactlyInAnyOrderElementsOf(
                    dataset.contract().rules().stream().map(org.isg.warehouse.contracts.dataset.Rule::name).toList());
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void receivedRowsAreAcceptedPlusQuarantinedAndEveryAcceptedRowIsInSilver()
    {
        List<DeliveryLedger.Entry> accepted = new ArrayList<>();
        for (DeliveryLedger.Entry entry : new DeliveryLedger(warehouse).entries()) {
            if (entry.status() == DeliveryStatus.ACCEPTED) {
                accepted.add(entry);
            }
        }
        assertThat(accepted).hasSize(6 + 2); // C01: five datasets and experiment_units; CM01: divisions and three_assets_ledger
        for (DeliveryLedger.Entry entry : accepted) {
            assertThat(entry.acceptedRows() + entry.quarantinedRows()).as(entry.deliveryId()).isEqualTo(entry.receivedRows());
            long inSilver = warehouse.read(Warehouse.SILVER, entry.dataset()).where("delivery_id = '" + entry.deliveryId() + "'").count();
            assertThat(inSilver).as(entry.deliveryId()).isEqualTo(entry.acceptedRows());
            long inBronze = warehouse.read(Warehouse.BRONZE, entry.dataset()).where("delivery_id = '" + entry.deliveryId() + "'").count();
            assertThat(inBronze).as(entry.deliveryId()).isEqualTo(entry.receivedRows());
        }
    }

    @Test
    void theRegistryIsLoadedAsRefBases()
    {
        assertThat(warehouse.read(Warehouse.REF, "bases").count()).isEqualTo(92);
        Row suzhou = warehouse.read(Warehouse.REF, "bases").where("base_code = 'C01'").first();
        assertThat(suzhou.<String>getAs("region_or_unit")).isEqualTo("江苏省苏州市");
        assertThat(suzhou.<String>getAs("cohort")).isEqualTo("COMPREHENSIVE");
        assertThat(suzhou.getList(suzhou.fieldIndex("expected_datasets"))).hasSize(5);
        Row sport = warehouse.read(Warehouse.REF, "bases").where("base_code = 'SP03'").first();
        assertThat(sport.<String>getAs("cohort")).isEqualTo("SPORT");
        assertThat(sport.getList(sport.fieldIndex("expected_datasets"))).isEmpty();
    }

    @Test
    void theCatalogueIsLoadedAsRefIndicatorsWithItsHashes()
    {
        org.isg.warehouse.indicators.IndicatorCatalogue catalogue = org.isg.warehouse.indicators.IndicatorCatalogue.load();
        List<Row> rows = warehouse.read(Warehouse.REF, "indicators").collectAsList();
        assertThat(rows).hasSize(23);
        for (org.isg.warehouse.indicators.Indicator indicator : catalogue.indicators()) {
            assertThat(rows).filteredOn(row -> row.getAs("indicator_code").equals(indicator.code())).singleElement()
                    .satisfies(row -> assertThat(row.<String>getAs("definition_hash")).isEqualTo(indicator.definitionHash()));
        }
    }

    @Test
    void aDeliveryWithAWrongChecksumIsRejectedWhole()
    {
        DeliveryLedger.Entry rejected = new DeliveryLedger(warehouse).entries().stream()
                .filter(entry -> entry.deliveryId().startsWith("grid_cases/CM01/"))
                .findFirst().orElseThrow();
        assertThat(rejected.status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(rejected.reasonCode()).isEqualTo("CHECKSUM_MISMATCH");
        assertThat(rejected.reason()).startsWith("file part-0001.");
        assertThat(warehouse.read(Warehouse.BRONZE, "grid_cases").where("base_code = 'CM01'").count()).isZero();
        assertThat(warehouse.read(Warehouse.SILVER, "grid_cases").where("base_code = 'CM01'").count()).isZero();
    }
}
