package org.isg.warehouse.pipeline.gold;

import org.apache.spark.sql.Row;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.contracts.tables.Release;
import org.isg.warehouse.indicators.IndicatorCatalogue;
import org.isg.warehouse.pipeline.TestNights;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.pipeline.publish.Releases;
import org.isg.warehouse.pipeline.publish.SdmxExport;
import org.isg.warehouse.testing.SharedSpark;
import org.isg.warehouse.testing.TestDeliveries;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Releases and revisions (issue 16): C01 delivers 40 cases registered on 10 August and 40 on 10
 * October, 30 of each closed (closure rate 75%). Ten days later it delivers ten more August cases,
 * all closed (a late delivery: 40 / 50 = 80%), and corrects case O1 to not closed (29 / 40 = 72.5%).
 * Each night's publish records a release; the second release's revisions are worked out here by hand.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReleasesTest
{
    private static final LocalDate FIRST_NIGHT = LocalDate.of(2026, 11, 10);
    private static final LocalDate SECOND_NIGHT = LocalDate.of(2026, 11, 20);
    private static final LocalDateTime AUGUST = LocalDateTime.of(2026, 8, 10, 10, 0);
    private static final LocalDateTime OCTOBER = LocalDateTime.of(2026, 10, 10, 10, 0);

    @TempDir
    static Path directory;

    private Warehouse warehouse;

    @BeforeAll
    void runTwoNights()
            throws Exception
    {
        Path landing = directory.resolve("landing");
        TestDeliveries.writeCsv(landing, "grid_cases", "C01", "2026-08-31", "2026-09-01T01:00:00+08:00", GridCaseRows.HEADER);
        TestDeliveries.writeCsv(landing, "grid_cases", "C01", FIRST_NIGHT.toString(), "2026-11-11T01:00:00+08:00", GridCaseRows.HEADER
                + GridCaseRows.cases("A", AUGUST, 40, 30)
                + GridCaseRows.cases("O", OCTOBER, 40, 30));
        warehouse = new Warehouse(SharedSpark.session(), directory.resolve("warehouse").toString());
        TestNights.quiet(warehouse).run(landing.toString(), FIRST_NIGHT);
        TestDeliveries.writeCsv(landing, "grid_cases", "C01", SECOND_NIGHT.toString(), "2026-11-21T01:00:00+08:00", GridCaseRows.HEADER
                + GridCaseRows.cases("L", AUGUST.plusDays(2), 10, 10)
                + GridCaseRows.oneCase("O1", OCTOBER, 1, false, "2026-11-20 09:00:00"));
        TestNights.quiet(warehouse).run(landing.toString(), SECOND_NIGHT);
    }

    @Test
    @Order(1)
    void eachNightsPublishRecordsAReleaseOfEveryGoldTable()
    {
        List<Release> releases = releases().releases();
        assertThat(releases).extracting(Release::releaseId).containsExactly("R2026-11-10.1", "R2026-11-20.1");
        assertThat(releases.get(1).tableVersions()).containsOnlyKeys("gold.indicator_values", "gold.base_scores", "gold.submission_quality", "gold.dq_report_card",
                "gold.confidentiality");
        assertThat(releases.get(1).version("indicator_values")).isNotEqualTo(releases.get(0).version("indicator_values"));
    }

    @Test
    @Order(2)
    void theRevisionsAreTheValuesThatChangedWithTheirReason()
    {
        Map<String, String> revisions = new TreeMap<>();
        for (Row row : warehouse.read(Warehouse.GOLD, Releases.REVISIONS).where("base_code = 'C01' AND indicator_code = 'GC_CLOSURE_RATE'").collectAsList()) {
            assertThat(row.<String>getAs("from_release")).isEqualTo("R2026-11-10.1");
            assertThat(row.<String>getAs("to_release")).isEqualTo("R2026-11-20.1");
            assertThat(row.<Double>getAs("revision")).isCloseTo(row.<Double>getAs("new_value") - row.<Double>getAs("old_value"), within(1e-12));
            revisions.put(row.getAs("period_type") + " " + row.getAs("period"),
                    "%.4f -> %.4f %s".formatted(row.<Double>getAs("old_value"), row.<Double>getAs("new_value"), row.getAs("reason")));
        }
        // August 30/40 → 40/50 (ten more records: late); October 30/40 → 29/40 (the same records: a correction), and so
        // Q4 (November has no case). Q3 and the year stay M in both releases: September, expected since August, has no data
        assertThat(revisions).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "MONTH 2026-08", "75.0000 -> 80.0000 LATE_DELIVERY",
                "MONTH 2026-10", "75.0000 -> 72.5000 CORRECTION",
                "QUARTER 2026-Q4", "75.0000 -> 72.5000 CORRECTION")));
    }

    @Test
    @Order(3)
    void aReleaseExportsAsSdmxCsvThatReadsBackEqualToGold()
            throws Exception
    {
        Releases releases = releases();
        Release release = releases.release("R2026-11-20.1").orElseThrow();
        SdmxExport.Result result = new SdmxExport(releases, BaseRegistry.load(), IndicatorCatalogue.load()).write(release, directory.resolve("sdmx"));

        List<String> lines = Files.readAllLines(result.data(), StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("STRUCTURE,STRUCTURE_ID,ACTION,FREQ,BASE,INDICATOR,TIME_PERIOD,OBS_VALUE,OBS_STATUS,CONF_STATUS,UNIT_MEASURE,UNIT_MULT,"
                + "LOWER_BOUND,UPPER_BOUND");
        // August's closure rate as the release published it: 40 / 50, final (August ended more than 15 days before the cut-off)
        assertThat(lines).anyMatch(line -> line.startsWith("dataflow,ISG:DF_INDICATOR_VALUES(1.0),I,M,C01,GC_CLOSURE_RATE,2026-08,80.0,A,F,PCT,0,"));
        Map<String, List<String>> exported = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> fields = List.of(line.split(",", -1));
            assertThat(fields).hasSize(14);
            assertThat(exported.put(String.join(" ", fields.subList(3, 7)), fields.subList(7, 14))).as(line).isNull();
        }
        Map<String, String> frequencies = Map.of("MONTH", "M", "QUARTER", "Q", "YEAR", "A");
        List<Row> gold = releases.read(release, "indicator_values").collectAsList();
        assertThat(exported).hasSize(gold.size()).hasSize((int) result.observations());
        // the cells the release's small-cell control withholds (C, D) carry no value and no interval
        Map<String, String> confidential = new TreeMap<>();
        for (Row row : releases.read(release, "confidentiality").collectAsList()) {
            confidential.put(String.join(" ", frequencies.get(row.<String>getAs("period_type")), row.getAs("base_code"), row.getAs("indicator_code"), row.getAs("period")),
                    row.getAs("conf_status"));
        }
        long suppressed = 0;
        for (Row row : gold) {
            String key = String.join(" ", frequencies.get(row.<String>getAs("period_type")), row.getAs("base_code"), row.getAs("indicator_code"), row.getAs("period"));
            List<String> fields = exported.get(key);
            assertThat(fields).as(key).isNotNull();
            boolean withheld = confidential.containsKey(key);
            assertThat(fields.get(0).isEmpty() ? null : Double.valueOf(fields.get(0))).as(key).isEqualTo(withheld ? null : row.<Double>getAs("value"));
            assertThat(fields.get(1)).as(key).isEqualTo(row.getAs("obs_status"));
            assertThat(fields.get(2)).as(key).isEqualTo(withheld ? confidential.get(key) : row.getAs("obs_status").equals("Q") ? "C" : "F");
            assertThat(fields.get(5).isEmpty() ? null : Double.valueOf(fields.get(5))).as(key).isEqualTo(withheld ? null : row.<Double>getAs("ci_low"));
            suppressed += row.getAs("obs_status").equals("Q") ? 1 : 0;
        }
        assertThat(suppressed).as("suppressed cells exported with CONF_STATUS C").isPositive();

        // Every coded value is a code of its codelist in the structure message
        Document structure = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder().parse(result.structure().toFile());
        Map<String, java.util.Set<String>> codelists = new TreeMap<>();
        NodeList codes = structure.getElementsByTagNameNS("http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure", "Code");
        for (int index = 0; index < codes.getLength(); index++) {
            Element code = (Element) codes.item(index);
            codelists.computeIfAbsent(((Element) code.getParentNode()).getAttribute("id"), ignored -> new java.util.TreeSet<>()).add(code.getAttribute("id"));
        }
        for (Map.Entry<String, List<String>> observation : exported.entrySet()) {
            String[] dimensions = observation.getKey().split(" ", -1);
            assertThat(codelists.get("CL_FREQ")).contains(dimensions[0]);
            assertThat(codelists.get("CL_BASE")).contains(dimensions[1]);
            assertThat(codelists.get("CL_INDICATOR")).contains(dimensions[2]);
            assertThat(codelists.get("CL_OBS_STATUS")).contains(observation.getValue().get(1));
            assertThat(codelists.get("CL_CONF_STATUS")).contains(observation.getValue().get(2));
            assertThat(codelists.get("CL_UNIT")).contains(observation.getValue().get(3));
        }
        assertThat(codelists.get("CL_BASE")).hasSize(92);
    }

    @Test
    @Order(4)
    void anOldReleaseReadsBackExactlyEvenAfterVacuum()
    {
        Releases releases = releases();
        Release first = releases.release("R2026-11-10.1").orElseThrow();
        assertThat(augustClosure(releases, first)).isEqualTo(75.0);
        String path = warehouse.tablePath(Warehouse.GOLD, "indicator_values");
        Row detail = warehouse.table(Warehouse.GOLD, "indicator_values").detail().first();
        assertThat(detail.<String, String>getJavaMap(detail.fieldIndex("properties")))
                .containsEntry("delta.logRetentionDuration", "interval 400 days")
                .containsEntry("delta.deletedFileRetentionDuration", "interval 400 days");

        // VACUUM with the table's own retention keeps every file a release reads
        SharedSpark.session().sql("VACUUM delta.`%s`".formatted(path));
        assertThat(augustClosure(releases, first)).isEqualTo(75.0);

        // Control: a VACUUM that keeps nothing makes the old release unreadable, so the read above depended on the retention
        SharedSpark.session().conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "false");
        try {
            SharedSpark.session().sql("VACUUM delta.`%s` RETAIN 0 HOURS".formatted(path));
        }
        finally {
            SharedSpark.session().conf().unset("spark.databricks.delta.retentionDurationCheck.enabled");
        }
        assertThatThrownBy(() -> augustClosure(releases, first)).hasStackTraceContaining("does not exist");
    }

    @Test
    @Order(5)
    void publishingAgainRecordsNoNewRelease()
    {
        // the night's publish again, after the VACUUMs above: maintenance commits change no row and make no release
        Release again = releases().publish(SECOND_NIGHT, "rerun");
        assertThat(again.releaseId()).isEqualTo("R2026-11-20.1");
        assertThat(releases().releases()).hasSize(2);
        assertThat(warehouse.read(Warehouse.GOLD, Releases.REVISIONS).where("to_release = 'R2026-11-20.2'").count()).isZero();
    }

    private Releases releases()
    {
        return new Releases(warehouse, Releases.DEFAULT_RETENTION_DAYS, line -> { });
    }

    private static Double augustClosure(Releases releases, Release release)
    {
        return releases.read(release, "indicator_values")
                .where("base_code = 'C01' AND indicator_code = 'GC_CLOSURE_RATE' AND period_type = 'MONTH' AND period = '2026-08'")
                .first().getAs("value");
    }
}
