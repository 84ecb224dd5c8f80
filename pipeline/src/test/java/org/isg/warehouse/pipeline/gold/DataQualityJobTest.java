package org.isg.warehouse.pipeline.gold;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.isg.warehouse.contracts.tables.WarehouseTables;
import org.isg.warehouse.indicators.IndicatorCatalogue;
import org.isg.warehouse.pipeline.SparkSchemas;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link DataQualityJob} over a hand-made {@code gold.indicator_values}: C01's closure rate for
 * 2026-01 … 2026-08 is 50 52 48 51 49 50 53 90, so August is a robust outlier against its own
 * history (modified z 39.5 / (1.4826 · 1.5) = 17.76, ReportCardTest works it out) and nothing else is.
 */
class DataQualityJobTest
{
    private static final LocalDate CUTOFF = LocalDate.of(2026, 8, 31);

    @TempDir
    Path directory;

    @Test
    void theOutlierFlagFollowsTheValuesAndKeepsTheOtherFlags()
    {
        Warehouse warehouse = new Warehouse(SharedSpark.session(), directory.resolve("warehouse").toString());
        double[] closureRates = {50, 52, 48, 51, 49, 50, 53, 90};
        List<Row> rows = new ArrayList<>();
        for (int month = 1; month <= closureRates.length; month++) {
            List<String> flags = month == 8 ? List.of(QualityFlag.RECORDS_OUTSIDE_DIVISIONS.name()) : List.of();
            rows.add(value("C01", "2026-%02d".formatted(month), closureRates[month - 1], "A", flags));
        }
        // a missing month has no value: never assessed, never flagged
        rows.add(value("C02", "2026-08", null, "M", List.of()));
        warehouse.create(Warehouse.GOLD, IndicatorValuesJob.TABLE, warehouse.spark().createDataFrame(rows, SparkSchemas.of(WarehouseTables.INDICATOR_VALUES)));
        DataQualityJob job = new DataQualityJob(warehouse, line -> { });

        DataQualityJob.Result first = job.run(IndicatorCatalogue.load(), CUTOFF, "r1");
        assertThat(first.outlierValues()).isEqualTo(1);
        assertThat(flags(warehouse, "C01", "2026-08")).containsExactly(QualityFlag.RECORDS_OUTSIDE_DIVISIONS.name(), QualityFlag.OUTLIER.name());
        assertThat(flags(warehouse, "C01", "2026-07")).isEmpty();
        assertThat(flags(warehouse, "C02", "2026-08")).isEmpty();

        Row robust = GoldRows.single(warehouse, DataQualityJob.TABLE,
                "dimension = 'OUTLIER_ROBUST_HISTORY' AND indicator_code = 'GC_CLOSURE_RATE' AND period = '2026-08' AND base_code = 'C01'");
        assertThat(robust.<Double>getAs("figure")).isCloseTo(17.761590, within(1e-5));
        assertThat(robust.<Boolean>getAs("divergent")).isTrue();
        assertThat(robust.<Double>getAs("threshold")).isEqualTo(3.5);
        Row national = GoldRows.single(warehouse, DataQualityJob.TABLE,
                "dimension = 'OUTLIER_ROBUST_HISTORY' AND indicator_code = 'GC_CLOSURE_RATE' AND period = '2026-08' AND scope = 'NATIONAL'");
        assertThat(national.<Integer>getAs("assessed_bases")).isEqualTo(1);
        assertThat(national.getList(national.fieldIndex("divergent_base_codes"))).containsExactly("C01");
        assertThat(warehouse.read(Warehouse.REF, "dq_dimensions").where("dimension = 'COMPLETENESS'").first().<Double>getAs("threshold")).isEqualTo(90.0);

        // a rerun changes nothing: no new version of either table
        long valuesVersion = version(warehouse, IndicatorValuesJob.TABLE);
        long cardVersion = version(warehouse, DataQualityJob.TABLE);
        assertThat(job.run(IndicatorCatalogue.load(), CUTOFF, "r2").flagsChanged()).isZero();
        assertThat(version(warehouse, IndicatorValuesJob.TABLE)).isEqualTo(valuesVersion);
        assertThat(version(warehouse, DataQualityJob.TABLE)).isEqualTo(cardVersion);

        // a correction brings August to 51: the flag goes, the other flag stays
        warehouse.table(Warehouse.GOLD, IndicatorValuesJob.TABLE).updateExpr("base_code = 'C01' AND period = '2026-08'", java.util.Map.of("value", "51.0"));
        assertThat(job.run(IndicatorCatalogue.load(), CUTOFF, "r3").flagsChanged()).isEqualTo(1);
        assertThat(flags(warehouse, "C01", "2026-08")).containsExactly(QualityFlag.RECORDS_OUTSIDE_DIVISIONS.name());
    }

    private static Row value(String base, String month, Double value, String status, List<String> flags)
    {
        return RowFactory.create(base, "COMPREHENSIVE", "GC_CLOSURE_RATE", 1, "hash", "MACRO", "MONTH", month, value, value == null ? null : value * 2,
                value == null ? null : 200.0, "%", null, null, status, scala.collection.JavaConverters.asScalaBufferConverter(flags).asScala().toSeq(),
                Timestamp.valueOf("2026-09-01 00:00:00"), "r0");
    }

    private static List<String> flags(Warehouse warehouse, String base, String month)
    {
        return GoldRows.flags(GoldRows.single(warehouse, IndicatorValuesJob.TABLE, "base_code = '%s' AND period = '%s'".formatted(base, month)));
    }

    private static long version(Warehouse warehouse, String table)
    {
        return warehouse.table(Warehouse.GOLD, table).history(1).select("version").first().getLong(0);
    }
}
