package org.isg.warehouse.indicators;

import org.isg.warehouse.contracts.dataset.Dataset;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndicatorCatalogueTest
{
    private final IndicatorCatalogue catalogue = IndicatorCatalogue.load();

    @Test
    void holdsTheTwentyThreeIndicatorsOfSpecSectionFour()
    {
        // Transcribed by hand from SPEC §4: code, 中文, level, unit, direction, min n
        List<String> expected = List.of(
                "GC_CLOSURE_RATE 结案率 MACRO % UP 30",
                "GC_ONTIME_CLOSURE_RATE 按期结案率 MACRO % UP 30",
                "GC_REGISTRATION_RATE 立案率 MESO % UP 30",
                "GC_DISPOSAL_HOURS_P50 处置时长中位数 MACRO h DOWN 30",
                "GC_REWORK_RATE 返工率 MESO % DOWN 30",
                "GC_SATISFACTION_RATE 回访满意率 MICRO % UP 30",
                "GC_CITIZEN_REPORT_SHARE 公众参与上报占比 MICRO % UP 30",
                "GC_AI_DISCOVERY_SHARE 智能发现占比 MESO % UP 30",
                "EC_SOS_ARRIVAL_10MIN_RATE 紧急呼叫10分钟到达率 MACRO % UP 20",
                "EC_RESPONSE_MINUTES_P90 首次响应时长P90 MESO min DOWN 20",
                "EC_DEVICE_ONLINE_RATE 智能设备在线率 MESO % UP 30",
                "EC_FALSE_ALARM_RATE 误报率 MICRO % DOWN 30",
                "EC_SATISFACTION_RATE 服务满意率 MICRO % UP 30",
                "EC_SERVICE_REACH_PER_1000 服务覆盖千人率 MACRO ‰ UP 1",
                "HS_AI_ASSISTED_SHARE AI辅助筛查占比 MESO % UP 30",
                "HS_ABNORMAL_FOLLOWUP_30D_RATE 异常结果30天随访率 MESO % UP 20",
                "HS_BP_CONTROL_RATE 血压控制率 MICRO % UP 30",
                "HS_SCREENING_REACH_PER_1000 筛查覆盖千人率 MACRO ‰ UP 1",
                "TA_TIMELY_BOOKING_RATE 按期记账率 MESO % UP 30",
                "TA_LARGE_VIA_PLATFORM_RATE 大额交易进场率 MESO % UP 10",
                "TA_LARGE_APPROVED_RATE 大额事项民主决策率 MACRO % UP 10",
                "TA_DISCLOSURE_RATE 公开率 MACRO % UP 30",
                "TA_DEFICIT_VILLAGE_SHARE 赤字村占比 MACRO % DOWN 10");
        assertThat(catalogue.indicators()).extracting(indicator -> "%s %s %s %s %s %d".formatted(indicator.code(), indicator.nameZh(), indicator.level(),
                indicator.unit(), indicator.direction(), indicator.minimumN())).containsExactlyElementsOf(expected);
        Map<Dataset, Long> perDataset = catalogue.indicators().stream().collect(Collectors.groupingBy(Indicator::dataset, Collectors.counting()));
        assertThat(perDataset).containsExactlyInAnyOrderEntriesOf(Map.of(
                Dataset.GRID_CASES, 8L, Dataset.ELDERCARE_SERVICE_LOGS, 6L, Dataset.HEALTH_SCREENINGS, 4L, Dataset.THREE_ASSETS_LEDGER, 5L));
    }

    @Test
    void problemsNameTheEntryAndTheField()
            throws IOException
    {
        String catalogueText = resource();
        assertRejected(catalogueText.replace("\"numerator\": \"status = 'CLOSED'\"", "\"numerator\": \"state = 'CLOSED'\""),
                "indicator GC_CLOSURE_RATE: numerator names columns that grid_cases does not have: [state]");
        assertRejected(catalogueText.replace("\"numerator\": \"rework_count > 0\"", "\"numerator\": \"rework_count >\""),
                "indicator GC_REWORK_RATE: numerator is not a valid Spark SQL expression");
        assertRejected(catalogueText.replace("\"name_zh\": \"公开率\",", ""),
                "indicator TA_DISCLOSURE_RATE: name_zh is missing or not a non-empty string");
        assertRejected(catalogueText.replace("\"code\": \"GC_REWORK_RATE\"", "\"code\": \"GC_CLOSURE_RATE\""),
                "indicator GC_CLOSURE_RATE: duplicate code");
        assertRejected(catalogueText.replace("\"period_by\": \"voucher_date\",\n      \"kind\": \"LATEST_PER_ENTITY_RATIO\"", "\"period_by\": \"village_code\",\n      \"kind\": \"LATEST_PER_ENTITY_RATIO\""),
                "indicator TA_DEFICIT_VILLAGE_SHARE: period_by 'village_code' is not a timestamp or date column");
        assertRejected(catalogueText.replace("\"percentile\": 0.9", "\"percentile\": 0.9, \"numerator\": \"true\""),
                "indicator EC_RESPONSE_MINUTES_P90: numerator is not a field of a PERCENTILE indicator");
        assertRejected(catalogueText.replace("\"score_0\": 20,\n        \"score_100\": 0", "\"score_0\": 0,\n        \"score_100\": 20"),
                "indicator GC_REWORK_RATE: goalposts score_100 must be lower than score_0 for direction DOWN");
        assertRejected(catalogueText.replace("${cutoff}))", "${today}))"),
                "indicator GC_ONTIME_CLOSURE_RATE: population uses a placeholder other than ${cutoff}");
    }

    @Test
    void theDefinitionHashFollowsTheDefinitionNotItsLayout()
            throws IOException
    {
        String catalogueText = resource();
        IndicatorCatalogue changed = IndicatorCatalogue.parse(catalogueText.replace("\"numerator\": \"rework_count > 0\"", "\"numerator\": \"rework_count > 1\""));
        for (Indicator indicator : catalogue.indicators()) {
            String changedHash = changed.indicator(indicator.code()).orElseThrow().definitionHash();
            if (indicator.code().equals("GC_REWORK_RATE")) {
                assertThat(changedHash).isNotEqualTo(indicator.definitionHash());
            }
            else {
                assertThat(changedHash).as(indicator.code()).isEqualTo(indicator.definitionHash());
            }
        }
        IndicatorCatalogue reformatted = IndicatorCatalogue.parse(catalogueText.replace("\n", " ").replace("  ", " "));
        assertThat(reformatted.indicators()).extracting(Indicator::definitionHash)
                .containsExactlyElementsOf(catalogue.indicators().stream().map(Indicator::definitionHash).toList());
        assertThat(catalogue.indicators()).extracting(Indicator::definitionHash).doesNotHaveDuplicates().allMatch(hash -> hash.matches("[0-9a-f]{16}"));
    }

    @Test
    void theCheckedInHandbookIsCurrent()
            throws IOException
    {
        java.nio.file.Path root = java.nio.file.Path.of(System.getProperty("isg.repository.root", ".."));
        String checkedIn = java.nio.file.Files.readString(root.resolve(IndicatorHandbook.PATH), UTF_8);
        assertThat(checkedIn).as("docs/indicator-handbook.md is stale: regenerate it with ./isg docs").isEqualTo(IndicatorHandbook.render(catalogue));
    }

    private static void assertRejected(String catalogueText, String messageStart)
    {
        assertThatThrownBy(() -> IndicatorCatalogue.parse(catalogueText)).isInstanceOf(CatalogueException.class).hasMessageStartingWith(messageStart);
    }

    private static String resource()
            throws IOException
    {
        try (InputStream stream = IndicatorCatalogue.class.getResourceAsStream(IndicatorCatalogue.RESOURCE)) {
            return new String(stream.readAllBytes(), UTF_8);
        }
    }
}
