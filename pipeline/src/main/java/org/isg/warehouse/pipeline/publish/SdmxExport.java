package org.isg.warehouse.pipeline.publish;

import org.apache.spark.sql.Row;
import org.isg.warehouse.contracts.registry.Base;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.contracts.tables.Release;
import org.isg.warehouse.indicators.Indicator;
import org.isg.warehouse.indicators.IndicatorCatalogue;
import org.isg.warehouse.pipeline.gold.ConfidentialityJob;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * A release's {@code gold.indicator_values} as SDMX-CSV 2.0 (issue 16), with its structure as an
 * SDMX-ML 2.1 structure message (codelists, concepts, data structure, dataflow), so that an SDMX
 * tool such as .Stat Suite loads them without mapping. Dimensions: {@code FREQ} (M, Q, A),
 * {@code BASE}, {@code INDICATOR}, {@code TIME_PERIOD} (2026-10, 2026-Q4, 2026); measure
 * {@code OBS_VALUE}; attributes {@code OBS_STATUS} (A, P, Q, M as in gold), {@code CONF_STATUS}
 * (F free; C for a small count withheld by the primary rule of {@code gold.confidentiality} or a value
 * below the indicator's minimum n; D withheld by secondary suppression — C and D cells carry no value
 * and no interval), {@code UNIT_MEASURE},
 * {@code UNIT_MULT} (0), {@code LOWER_BOUND} and {@code UPPER_BOUND} (the 95% interval).
 * Numbers are written as Java writes a double: they read back to the same value.
 */
public final class SdmxExport
{
    public static final String AGENCY = "ISG";
    public static final String DATAFLOW = "DF_INDICATOR_VALUES";
    public static final String VERSION = "1.0";
    public static final String STRUCTURE_FILE = "structure.xml";
    static final List<String> COLUMNS = List.of("STRUCTURE", "STRUCTURE_ID", "ACTION", "FREQ", "BASE", "INDICATOR", "TIME_PERIOD", "OBS_VALUE",
            "OBS_STATUS", "CONF_STATUS", "UNIT_MEASURE", "UNIT_MULT", "LOWER_BOUND", "UPPER_BOUND");
    private static final Map<String, String> FREQUENCIES = Map.of("MONTH", "M", "QUARTER", "Q", "YEAR", "A");
    private static final Map<String, String> UNITS = Map.of("%", "PCT", "‰", "PER_MILLE", "h", "HOUR", "min", "MINUTE");

    private final Releases releases;
    private final BaseRegistry registry;
    private final IndicatorCatalogue catalogue;

    public SdmxExport(Releases releases, BaseRegistry registry, IndicatorCatalogue catalogue)
    {
        this.releases = requireNonNull(releases, "releases is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.catalogue = requireNonNull(catalogue, "catalogue is null");
    }

    /** What was written. */
    public record Result(Path data, Path structure, long observations) {}

    public static String dataFileName(Release release)
    {
        return "%s_%s_%s.csv".formatted(AGENCY, DATAFLOW, release.releaseId());
    }

    public Result write(Release release, Path directory)
            throws IOException
    {
        Files.createDirectories(directory);
        StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        long observations = 0;
        String structureId = "%s:%s(%s)".formatted(AGENCY, DATAFLOW, VERSION);
        Map<String, String> confidential = confidential(release);
        for (Row row : releases.read(release, "indicator_values")
                .select("period_type", "base_code", "indicator_code", "period", "value", "obs_status", "unit", "ci_low", "ci_high")
                .orderBy("indicator_code", "base_code", "period_type", "period")
                .collectAsList()) {
            String status = row.getString(5);
            String confidentiality = confidential.getOrDefault(String.join("|", row.getString(1), row.getString(2), row.getString(0), row.getString(3)),
                    status.equals("Q") ? "C" : "F");
            // a confidential cell's value and interval are not written: the interval would give the value away
            boolean withheld = !confidentiality.equals("F");
            csv.append(String.join(",", "dataflow", structureId, "I", FREQUENCIES.get(row.getString(0)), row.getString(1), row.getString(2), row.getString(3),
                    withheld ? "" : number(row, 4), status, confidentiality, UNITS.getOrDefault(row.getString(6), "OTHER"), "0",
                    withheld ? "" : number(row, 7), withheld ? "" : number(row, 8)))
                    .append('\n');
            observations++;
        }
        Path data = directory.resolve(dataFileName(release));
        Files.writeString(data, csv, UTF_8);
        Path structure = directory.resolve(STRUCTURE_FILE);
        Files.writeString(structure, structure(release), UTF_8);
        return new Result(data, structure, observations);
    }

    /** base|indicator|period type|period → C or D, from the release's {@code gold.confidentiality} (none before the table existed). */
    private Map<String, String> confidential(Release release)
    {
        Map<String, String> confidential = new TreeMap<>();
        if (release.version(ConfidentialityJob.TABLE).isPresent()) {
            for (Row row : releases.read(release, ConfidentialityJob.TABLE).select("base_code", "indicator_code", "period_type", "period", "conf_status").collectAsList()) {
                confidential.put(String.join("|", row.getString(0), row.getString(1), row.getString(2), row.getString(3)), row.getString(4));
            }
        }
        return confidential;
    }

    private static String number(Row row, int index)
    {
        return row.isNullAt(index) ? "" : Double.toString(row.getDouble(index));
    }

    /** The SDMX-ML 2.1 structure message: codelists, concept scheme, data structure and dataflow. */
    private String structure(Release release)
    {
        Map<String, String> bases = new TreeMap<>();
        for (Base base : registry.bases()) {
            bases.put(base.code(), base.applicantUnit() + " " + base.regionOrUnit());
        }
        Map<String, String> indicators = new TreeMap<>();
        for (Indicator indicator : catalogue.indicators()) {
            indicators.put(indicator.code(), indicator.nameZh() + " / " + indicator.nameEn());
        }
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <mes:Structure xmlns:mes="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message" \
                xmlns:str="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure" \
                xmlns:com="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common">
                <mes:Header><mes:ID>%s</mes:ID><mes:Test>false</mes:Test><mes:Prepared>%sT00:00:00</mes:Prepared><mes:Sender id="%s"/></mes:Header>
                <mes:Structures>
                <str:Codelists>
                """.formatted(escape(release.releaseId()), release.cutoffDate(), AGENCY));
        codelist(xml, "CL_FREQ", "Frequency / 频率", new TreeMap<>(Map.of("M", "Monthly / 月", "Q", "Quarterly / 季", "A", "Annual / 年")));
        codelist(xml, "CL_BASE", "Experiment bases / 实验基地", bases);
        codelist(xml, "CL_INDICATOR", "Indicators, catalogue " + catalogue.version() + " / 指标", indicators);
        codelist(xml, "CL_OBS_STATUS", "Observation status / 观测状态", new TreeMap<>(Map.of("A", "Normal (final) / 定稿", "P", "Provisional / 暂定",
                "Q", "Missing value; suppressed (below minimum n) / 抑制", "M", "Missing value; no data / 缺失")));
        codelist(xml, "CL_CONF_STATUS", "Confidentiality status / 保密状态", new TreeMap<>(Map.of("F", "Free / 公开",
                "C", "Confidential: a small count (primary suppression) or below the indicator's minimum n / 保密（小计数主抑制或样本量不足）",
                "D", "Secondary confidentiality: withheld so that a C value cannot be recovered by subtraction / 次抑制")));
        codelist(xml, "CL_UNIT", "Unit of measure / 单位", new TreeMap<>(Map.of("PCT", "Percent / %", "PER_MILLE", "Per thousand / ‰", "HOUR", "Hours / 小时",
                "MINUTE", "Minutes / 分钟", "OTHER", "Other / 其他")));
        xml.append("</str:Codelists>\n<str:Concepts><str:ConceptScheme id=\"CS_ISG\" agencyID=\"").append(AGENCY).append("\" version=\"").append(VERSION)
                .append("\"><com:Name>ISG concepts</com:Name>\n");
        for (String concept : List.of("FREQ", "BASE", "INDICATOR", "TIME_PERIOD", "OBS_VALUE", "OBS_STATUS", "CONF_STATUS", "UNIT_MEASURE", "UNIT_MULT",
                "LOWER_BOUND", "UPPER_BOUND")) {
            xml.append("<str:Concept id=\"").append(concept).append("\"><com:Name>").append(concept).append("</com:Name></str:Concept>\n");
        }
        xml.append("</str:ConceptScheme></str:Concepts>\n<str:DataStructures><str:DataStructure id=\"DSD_INDICATOR_VALUES\" agencyID=\"").append(AGENCY)
                .append("\" version=\"").append(VERSION).append("\"><com:Name>Indicator values / 指标值</com:Name><str:DataStructureComponents>\n<str:DimensionList id=\"DimensionDescriptor\">\n");
        int position = 1;
        for (String[] dimension : List.of(new String[] {"FREQ", "CL_FREQ"}, new String[] {"BASE", "CL_BASE"}, new String[] {"INDICATOR", "CL_INDICATOR"})) {
            xml.append("<str:Dimension id=\"").append(dimension[0]).append("\" position=\"").append(position++).append("\">")
                    .append(conceptIdentity(dimension[0])).append(enumeration(dimension[1])).append("</str:Dimension>\n");
        }
        xml.append("<str:TimeDimension id=\"TIME_PERIOD\" position=\"").append(position).append("\">").append(conceptIdentity("TIME_PERIOD"))
                .append("<str:LocalRepresentation><str:TextFormat textType=\"ObservationalTimePeriod\"/></str:LocalRepresentation></str:TimeDimension>\n")
                .append("</str:DimensionList>\n<str:AttributeList id=\"AttributeDescriptor\">\n");
        for (String[] attribute : List.of(new String[] {"OBS_STATUS", "CL_OBS_STATUS"}, new String[] {"CONF_STATUS", "CL_CONF_STATUS"},
                new String[] {"UNIT_MEASURE", "CL_UNIT"}, new String[] {"UNIT_MULT", null}, new String[] {"LOWER_BOUND", null}, new String[] {"UPPER_BOUND", null})) {
            xml.append("<str:Attribute id=\"").append(attribute[0]).append("\" assignmentStatus=\"Conditional\">").append(conceptIdentity(attribute[0]))
                    .append(attribute[1] == null ? "" : enumeration(attribute[1]))
                    .append("<str:AttributeRelationship><str:PrimaryMeasure><Ref id=\"OBS_VALUE\"/></str:PrimaryMeasure></str:AttributeRelationship></str:Attribute>\n");
        }
        xml.append("</str:AttributeList>\n<str:MeasureList id=\"MeasureDescriptor\"><str:PrimaryMeasure id=\"OBS_VALUE\">").append(conceptIdentity("OBS_VALUE"))
                .append("</str:PrimaryMeasure></str:MeasureList>\n</str:DataStructureComponents></str:DataStructure></str:DataStructures>\n")
                .append("<str:Dataflows><str:Dataflow id=\"").append(DATAFLOW).append("\" agencyID=\"").append(AGENCY).append("\" version=\"").append(VERSION)
                .append("\"><com:Name>Indicator values, release ").append(escape(release.releaseId())).append("</com:Name><str:Structure><Ref id=\"DSD_INDICATOR_VALUES\" agencyID=\"")
                .append(AGENCY).append("\" version=\"").append(VERSION).append("\" package=\"datastructure\" class=\"DataStructure\"/></str:Structure></str:Dataflow></str:Dataflows>\n")
                .append("</mes:Structures>\n</mes:Structure>\n");
        return xml.toString();
    }

    private static void codelist(StringBuilder xml, String id, String name, Map<String, String> codes)
    {
        xml.append("<str:Codelist id=\"").append(id).append("\" agencyID=\"").append(AGENCY).append("\" version=\"").append(VERSION).append("\"><com:Name>")
                .append(escape(name)).append("</com:Name>\n");
        codes.forEach((code, codeName) -> xml.append("<str:Code id=\"").append(escape(code)).append("\"><com:Name>").append(escape(codeName)).append("</com:Name></str:Code>\n"));
        xml.append("</str:Codelist>\n");
    }

    private static String conceptIdentity(String concept)
    {
        return "<str:ConceptIdentity><Ref id=\"%s\" maintainableParentID=\"CS_ISG\" maintainableParentVersion=\"%s\" agencyID=\"%s\" package=\"conceptscheme\" class=\"Concept\"/></str:ConceptIdentity>"
                .formatted(concept, VERSION, AGENCY);
    }

    private static String enumeration(String codelist)
    {
        return "<str:LocalRepresentation><str:Enumeration><Ref id=\"%s\" agencyID=\"%s\" version=\"%s\" package=\"codelist\" class=\"Codelist\"/></str:Enumeration></str:LocalRepresentation>"
                .formatted(codelist, AGENCY, VERSION);
    }

    private static String escape(String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
