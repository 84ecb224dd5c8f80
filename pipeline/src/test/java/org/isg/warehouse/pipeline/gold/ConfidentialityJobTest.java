package org.isg.warehouse.pipeline.gold;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.contracts.tables.Release;
import org.isg.warehouse.contracts.tables.WarehouseTables;
import org.isg.warehouse.indicators.IndicatorCatalogue;
import org.isg.warehouse.indicators.disclosure.DisclosurePolicy;
import org.isg.warehouse.pipeline.SparkSchemas;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.pipeline.publish.Releases;
import org.isg.warehouse.pipeline.publish.SdmxExport;
import org.isg.warehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Small-cell confidentiality end to end on a hand-made {@code gold.indicator_values}: C01's
 * abnormal results followed up within 30 days in Q4 2026 — October 3 of 40 (a small count),
 * November 40 of 60, December 50 of 70, the quarter 93 of 170.
 */
class ConfidentialityJobTest
{
    private static final String INDICATOR = "HS_ABNORMAL_FOLLOWUP_30D_RATE";

    @TempDir
    Path directory;

    @Test
    void aSmallCountIsWithheldWithTheMonthThatWouldGiveItAwayInTheTableAndTheExport()
            throws Exception
    {
        Warehouse warehouse = new Warehouse(SharedSpark.session(), directory.resolve("warehouse").toString());
        List<Row> rows = new ArrayList<>();
        rows.add(value("MONTH", "2026-10", 3, 40));
        rows.add(value("MONTH", "2026-11", 40, 60));
        rows.add(value("MONTH", "2026-12", 50, 70));
        rows.add(value("QUARTER", "2026-Q4", 93, 170));
        // the same counts for a grid indicator, which the policy does not cover
        rows.add(RowFactory.create("C01", "COMPREHENSIVE", "GC_CLOSURE_RATE", 1, "hash", "MACRO", "MONTH", "2026-10", 7.5, 3.0, 40.0, "%", null, null, "A",
                scala.collection.JavaConverters.asScalaBufferConverter(List.<String>of()).asScala().toSeq(), Timestamp.valueOf("2027-01-01 00:00:00"), "r0"));
        warehouse.create(Warehouse.GOLD, IndicatorValuesJob.TABLE, warehouse.spark().createDataFrame(rows, SparkSchemas.of(WarehouseTables.INDICATOR_VALUES)));

        long suppressed = new ConfidentialityJob(warehouse).run(IndicatorCatalogue.load(), DisclosurePolicy.load(), LocalDate.of(2026, 12, 31), "r1");

        // October by the primary rule (3 < 5); November, the smaller of the two other months, so that Q4 − Nov − Dec gives nothing
        assertThat(suppressed).isEqualTo(2);
        Map<String, String> statuses = new TreeMap<>();
        for (Row row : warehouse.read(Warehouse.GOLD, ConfidentialityJob.TABLE).collectAsList()) {
            statuses.put(row.getAs("indicator_code") + " " + row.getAs("period"), row.getAs("conf_status"));
        }
        assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of(INDICATOR + " 2026-10", "C", INDICATOR + " 2026-11", "D"));

        // The export of a release carries neither value, with their CONF_STATUS
        Releases releases = new Releases(warehouse, Releases.DEFAULT_RETENTION_DAYS, line -> { });
        Release release = releases.publish(LocalDate.of(2026, 12, 31), "r1");
        SdmxExport.Result export = new SdmxExport(releases, BaseRegistry.load(), IndicatorCatalogue.load()).write(release, directory.resolve("sdmx"));
        List<String> lines = Files.readAllLines(export.data(), UTF_8);
        String prefix = "dataflow,ISG:DF_INDICATOR_VALUES(1.0),I,M,C01," + INDICATOR + ",";
        assertThat(lines).contains(prefix + "2026-10,,A,C,PCT,0,,", prefix + "2026-11,,A,D,PCT,0,,");
        assertThat(lines).anyMatch(line -> line.startsWith(prefix + "2026-12," + 100.0 * 50 / 70 + ",A,F,"));
        assertThat(lines).anyMatch(line -> line.startsWith("dataflow,ISG:DF_INDICATOR_VALUES(1.0),I,M,C01,GC_CLOSURE_RATE,2026-10,7.5,A,F,"));
    }

    private static Row value(String periodType, String period, double numerator, double denominator)
    {
        return RowFactory.create("C01", "COMPREHENSIVE", INDICATOR, 1, "hash", "MACRO", periodType, period, 100 * numerator / denominator, numerator, denominator, "%",
                null, null, "A", scala.collection.JavaConverters.asScalaBufferConverter(List.<String>of()).asScala().toSeq(), Timestamp.valueOf("2027-01-01 00:00:00"), "r0");
    }
}
