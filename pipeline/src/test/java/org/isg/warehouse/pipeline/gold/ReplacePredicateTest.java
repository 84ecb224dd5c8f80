package org.isg.warehouse.pipeline.gold;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.isg.warehouse.indicators.Indicator;
import org.isg.warehouse.indicators.IndicatorCatalogue;
import org.isg.warehouse.pipeline.QueryExecution;
import org.isg.warehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rows an incremental night replaces in {@code gold.indicator_values} ({@link RefreshPlan#replacePredicate}):
 * exactly those of its scopes and of removed indicators, through a Delta {@code replaceWhere} whose
 * queries all compile. The scopes are those of the year benchmark's night a year in (every indicator
 * refreshed in the periods of its changed records, some also in a month not yet final, four in every
 * stored period as they read the cut-off): with a term per indicator, Delta's file filter for that
 * predicate exceeded the JVM's 64 KB method limit and Spark fell back to interpreting it (issue 14,
 * item 3: no interpreted fallback). Here a failed compilation fails the write instead.
 */
class ReplacePredicateTest
{
    private static final String REMOVED_INDICATOR = "retired_indicator";
    private static final List<String> MONTHS_OF_2026 = List.of("2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09",
            "2026-10", "2026-11");
    private static final List<String> QUARTERS = List.of("2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4");
    private static final List<String> YEARS = List.of("2025", "2026");
    /** The catalogue's indicators whose values depend on the cut-off itself (censored durations, follow-up windows). */
    private static final Set<String> READ_THE_CUTOFF = Set.of("GC_ONTIME_CLOSURE_RATE", "GC_DISPOSAL_HOURS_P50", "EC_RESPONSE_MINUTES_P90", "HS_ABNORMAL_FOLLOWUP_30D_RATE");

    @Test
    void aNightOfEveryIndicatorReplacesExactlyItsRowsWithCompiledQueries(@TempDir Path directory)
    {
        SparkSession spark = SharedSpark.session();
        List<Indicator> indicators = IndicatorCatalogue.load().indicators();
        List<String> codes = indicators.stream().map(Indicator::code).toList();
        assertThat(codes).hasSize(23);
        assertThat(indicators.stream().filter(RefreshPlan::readsCutoff).map(Indicator::code)).containsExactlyInAnyOrderElementsOf(READ_THE_CUTOFF);
        // 20 periods: the months from November 2025 to November 2026, their five quarters, two years
        List<RefreshPlan.Period> periods = new ArrayList<>();
        periods.add(new RefreshPlan.Period(PeriodType.MONTH, "2025-11"));
        periods.add(new RefreshPlan.Period(PeriodType.MONTH, "2025-12"));
        MONTHS_OF_2026.forEach(month -> periods.add(new RefreshPlan.Period(PeriodType.MONTH, month)));
        QUARTERS.forEach(quarter -> periods.add(new RefreshPlan.Period(PeriodType.QUARTER, quarter)));
        YEARS.forEach(year -> periods.add(new RefreshPlan.Period(PeriodType.YEAR, year)));

        // The scopes of that night, in the catalogue's order as its plan had them: the 4 indicators that read the cut-off in all 20 periods; the others in
        // their changed records' month, quarter and year, those of health screenings and the ledger also
        // in the previous month, not yet final at the last cut-off
        Set<RefreshPlan.Period> changedRecords = Set.of(new RefreshPlan.Period(PeriodType.MONTH, "2026-11"), new RefreshPlan.Period(PeriodType.QUARTER, "2026-Q4"),
                new RefreshPlan.Period(PeriodType.YEAR, "2026"));
        Set<RefreshPlan.Period> notYetFinal = new TreeSet<>(changedRecords);
        notYetFinal.add(new RefreshPlan.Period(PeriodType.MONTH, "2026-10"));
        Map<String, RefreshPlan.Scope> scopes = new LinkedHashMap<>();
        for (Indicator indicator : indicators) {
            Set<RefreshPlan.Period> scope;
            if (READ_THE_CUTOFF.contains(indicator.code())) {
                scope = Set.copyOf(periods);
            }
            else {
                scope = List.of("health_screenings", "three_assets_ledger").contains(indicator.dataset().tableName()) ? notYetFinal : changedRecords;
            }
            scopes.put(indicator.code(), RefreshPlan.Scope.none().plus(scope, "records changed"));
        }

        String table = directory.resolve("indicator_values").toString();
        List<String> storedCodes = new ArrayList<>(codes);
        storedCodes.add(REMOVED_INDICATOR);
        spark.createDataFrame(rows(storedCodes, periods, 0.0), schema()).write().format("delta").save(table);
        List<Row> replacements = new ArrayList<>();
        scopes.forEach((code, scope) -> replacements.addAll(rows(List.of(code), List.copyOf(scope.periods()), 1.0)));
        assertThat(replacements).hasSize(4 * 20 + 11 * 3 + 8 * 4);

        // compiled, as a night over 1,000,000 silver rows runs its gold stage, and without Spark's fallback to interpreting
        QueryExecution.COMPILED.applyTo(spark);
        spark.conf().set("spark.sql.codegen.fallback", "false");
        try {
            spark.createDataFrame(replacements, schema()).write().format("delta").mode("overwrite")
                    .option("replaceWhere", RefreshPlan.replacePredicate(scopes, Set.of(REMOVED_INDICATOR)))
                    .save(table);
        }
        finally {
            spark.conf().unset("spark.sql.codegen.fallback");
            QueryExecution.INTERPRETED.applyTo(spark);
        }

        Map<String, Double> values = new TreeMap<>();
        for (Row row : spark.read().format("delta").load(table).collectAsList()) {
            values.put(row.getString(0) + "|" + row.getString(1) + "|" + row.getString(2), row.getDouble(3));
        }
        // every indicator's 20 rows kept or replaced, the removed indicator's gone
        assertThat(values).hasSize(23 * 20);
        assertThat(values.values().stream().filter(value -> value == 1.0)).hasSize(4 * 20 + 11 * 3 + 8 * 4);
        String everyPeriod = "GC_DISPOSAL_HOURS_P50";
        String threePeriods = "GC_CLOSURE_RATE";
        String fourPeriods = "TA_DISCLOSURE_RATE";
        assertThat(values).containsEntry(everyPeriod + "|MONTH|2025-11", 1.0)
                .containsEntry(everyPeriod + "|YEAR|2025", 1.0)
                .containsEntry(threePeriods + "|MONTH|2026-11", 1.0)
                .containsEntry(threePeriods + "|QUARTER|2026-Q4", 1.0)
                .containsEntry(threePeriods + "|YEAR|2026", 1.0)
                .containsEntry(threePeriods + "|MONTH|2026-10", 0.0)
                .containsEntry(threePeriods + "|QUARTER|2026-Q3", 0.0)
                .containsEntry(threePeriods + "|YEAR|2025", 0.0)
                .containsEntry(fourPeriods + "|MONTH|2026-10", 1.0)
                .containsEntry(fourPeriods + "|MONTH|2026-09", 0.0)
                .containsEntry(fourPeriods + "|QUARTER|2025-Q4", 0.0);
        assertThat(values.keySet()).noneMatch(key -> key.startsWith(REMOVED_INDICATOR + "|"));
    }

    private static List<Row> rows(List<String> codes, List<RefreshPlan.Period> periods, double value)
    {
        List<Row> rows = new ArrayList<>();
        for (String code : codes) {
            for (RefreshPlan.Period period : periods) {
                rows.add(RowFactory.create(code, period.type().name(), period.label(), value));
            }
        }
        return rows;
    }

    private static StructType schema()
    {
        return new StructType().add("indicator_code", DataTypes.StringType).add("period_type", DataTypes.StringType).add("period", DataTypes.StringType)
                .add("value", DataTypes.DoubleType);
    }
}
