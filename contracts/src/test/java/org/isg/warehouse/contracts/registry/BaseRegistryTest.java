package org.isg.warehouse.contracts.registry;

import org.isg.warehouse.contracts.dataset.Dataset;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class BaseRegistryTest
{
    private final BaseRegistry registry = BaseRegistry.load();

    @Test
    void countsPerCohortMatchTheOfficialList()
    {
        Map<String, Long> perCohort = registry.bases().stream().collect(Collectors.groupingBy(Base::cohort, TreeMap::new, Collectors.counting()));
        assertThat(perCohort).containsExactlyInAnyOrderEntriesOf(Map.of(
                "COMPREHENSIVE", 10L,
                "CITY_MANAGEMENT", 10L,
                "EDUCATION", 19L,
                "ELDERCARE", 10L,
                "COMMUNITY_GOVERNANCE", 10L,
                "ENVIRONMENT", 10L,
                "HEALTH", 15L,
                "SPORT", 8L));
        assertThat(registry.bases()).hasSize(92);
    }

    @Test
    void sampleOfNamesAsWrittenInTheSeed()
    {
        // Read off seeds/001 by hand
        assertThat(registry.base("C01").orElseThrow().regionOrUnit()).isEqualTo("江苏省苏州市");
        assertThat(registry.base("C09").orElseThrow().applicantUnit()).isEqualTo("区管委会");
        assertThat(registry.base("CM07").orElseThrow().regionOrUnit()).isEqualTo("山西省阳泉市平定县");
        assertThat(registry.base("ED15").orElseThrow().applicantUnit()).isEqualTo("成都信息工程大学、四川省委网信办、成都双流区人民政府");
        assertThat(registry.base("EC04").orElseThrow().regionOrUnit()).isEqualTo("中南财经政法大学");
        assertThat(registry.base("CG02").orElseThrow().applicantUnit()).isEqualTo("市人民政府、湖南农业大学");
        assertThat(registry.base("EN10").orElseThrow().regionOrUnit()).isEqualTo("内蒙古自治区");
        assertThat(registry.base("HE14").orElseThrow().regionOrUnit()).isEqualTo("江西省人民医院");
        assertThat(registry.base("SP08").orElseThrow().regionOrUnit()).isEqualTo("安徽省芜湖市");
        assertThat(registry.base("SP08").orElseThrow().officialRank()).isEqualTo(8);
    }

    @Test
    void everyEntryOfTheSeedListIsInTheRegistry()
            throws IOException
    {
        // The official notice (中网办秘字〔2021〕1488号) as the shared seed gives it, kept beside this test
        List<String> notice;
        try (InputStream input = BaseRegistryTest.class.getResourceAsStream("official-base-list-2021.txt")) {
            notice = new String(input.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        // Independent reading of the seed: every "rank<TAB>region<TAB>unit" line, in order
        long matched = 0;
        for (String line : notice) {
            String[] fields = line.split("\t", -1);
            if (fields.length == 3 && fields[0].matches("[0-9]+")) {
                String region = fields[1];
                String unit = fields[2];
                assertThat(registry.bases()).anySatisfy(base -> {
                    assertThat(base.regionOrUnit()).isEqualTo(region);
                    assertThat(base.applicantUnit()).isEqualTo(unit);
                    assertThat(base.officialRank()).isEqualTo(Integer.parseInt(fields[0]));
                });
                matched++;
            }
        }
        assertThat(matched).isEqualTo(92);
    }

    @Test
    void expectedDeliveriesFollowSpecSectionOne()
    {
        assertThat(registry.expectedDatasets(registry.base("C03").orElseThrow())).containsExactlyInAnyOrder(
                Dataset.GRID_CASES, Dataset.ELDERCARE_SERVICE_LOGS, Dataset.HEALTH_SCREENINGS, Dataset.THREE_ASSETS_LEDGER, Dataset.DIVISIONS);
        // experiments are declared when they change, by any delivering base, and owed by none
        assertThat(registry.mayDeliver("HE15", Dataset.EXPERIMENT_UNITS)).isTrue();
        assertThat(registry.mayDeliver("ED01", Dataset.EXPERIMENT_UNITS)).isFalse();
        assertThat(registry.mayDeliver("HE15", Dataset.GRID_CASES)).isFalse();
        assertThat(registry.expectedDatasets(registry.base("CM01").orElseThrow())).containsExactlyInAnyOrder(Dataset.GRID_CASES, Dataset.THREE_ASSETS_LEDGER, Dataset.DIVISIONS);
        assertThat(registry.expectedDatasets(registry.base("CG10").orElseThrow())).containsExactlyInAnyOrder(Dataset.GRID_CASES, Dataset.THREE_ASSETS_LEDGER, Dataset.DIVISIONS);
        assertThat(registry.expectedDatasets(registry.base("EC05").orElseThrow())).containsExactlyInAnyOrder(Dataset.ELDERCARE_SERVICE_LOGS, Dataset.DIVISIONS);
        assertThat(registry.expectedDatasets(registry.base("HE15").orElseThrow())).containsExactlyInAnyOrder(Dataset.HEALTH_SCREENINGS, Dataset.DIVISIONS);
        assertThat(registry.expectedDatasets(registry.base("ED01").orElseThrow())).isEmpty();
        // 10 comprehensive + 10 CM + 10 CG + 10 EC + 15 HE
        assertThat(registry.deliveringBases()).hasSize(55);
    }
}
