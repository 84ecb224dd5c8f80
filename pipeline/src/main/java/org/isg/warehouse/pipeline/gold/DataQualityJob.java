package org.isg.warehouse.pipeline.gold;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.isg.warehouse.contracts.tables.WarehouseTables;
import org.isg.warehouse.indicators.Indicator;
import org.isg.warehouse.indicators.IndicatorCatalogue;
import org.isg.warehouse.indicators.quality.ReportCard;
import org.isg.warehouse.pipeline.ScalaCollections;
import org.isg.warehouse.pipeline.SparkSchemas;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.pipeline.ref.ReferenceTables;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;

/**
 * The data-quality review of the published values (issue 16, {@link ReportCard}):
 * {@code gold.dq_report_card} with its thresholds in {@code ref.dq_dimensions}, and the OUTLIER
 * flag of {@code gold.indicator_values}. Run after the values, scores and submission quality of
 * the night.
 * <p>
 * The flag depends on a value's neighbours (its base's earlier periods, its cohort's same period),
 * which a night's incremental refresh does not all recompute. So the flags are derived again from
 * the whole table every night and only the rows whose flag changed are rewritten, in one MERGE:
 * a crash between the values' commit and this one is mended by the next night, and a night that
 * changes no flag writes nothing.
 */
public final class DataQualityJob
{
    public static final String TABLE = WarehouseTables.DQ_REPORT_CARD.name();

    public static final StructType SCHEMA = SparkSchemas.of(WarehouseTables.DQ_REPORT_CARD);

    /** The indicator pairs whose ratio the card compares with the national ratio: the first over the second. */
    public static final List<ReportCard.RelatedIndicators> RELATED_INDICATORS = List.of(
            // on-time closures are a part of closures: their share of closures should be alike everywhere
            new ReportCard.RelatedIndicators("GC_ONTIME_CLOSURE_RATE", "GC_CLOSURE_RATE"),
            // large transactions through the platform are a part of those decided democratically
            new ReportCard.RelatedIndicators("TA_LARGE_VIA_PLATFORM_RATE", "TA_LARGE_APPROVED_RATE"));

    private static final List<String> PUBLISHED_STATUSES = List.of(ObservationStatus.A.name(), ObservationStatus.P.name());

    private final Warehouse warehouse;
    private final Consumer<String> progress;

    public DataQualityJob(Warehouse warehouse, Consumer<String> progress)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    public record Result(long cardRows, long outlierValues, long flagsChanged) {}

    public Result run(IndicatorCatalogue catalogue, LocalDate cutoffDate, String runId)
    {
        new ReferenceTables(warehouse).writeDataQualityDimensions();
        if (!warehouse.exists(Warehouse.GOLD, IndicatorValuesJob.TABLE)) {
            return new Result(0, 0, 0);
        }
        List<ReportCard.Value> values = new ArrayList<>();
        // key → the stored flags, of every row
        Map<ReportCard.Key, List<String>> storedFlags = new HashMap<>();
        for (Row row : warehouse.read(Warehouse.GOLD, IndicatorValuesJob.TABLE)
                .select("base_code", "cohort", "indicator_code", "period_type", "period", "value", "obs_status", "quality_flags").collectAsList()) {
            ReportCard.Key key = new ReportCard.Key(row.getString(0), row.getString(2), row.getString(3), row.getString(4));
            storedFlags.put(key, row.isNullAt(7) ? List.of() : row.getList(7));
            if (!row.isNullAt(5) && PUBLISHED_STATUSES.contains(row.getString(6))) {
                values.add(new ReportCard.Value(row.getString(0), row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getDouble(5)));
            }
        }
        List<ReportCard.Row> card = ReportCard.compute(subjects(catalogue), RELATED_INDICATORS, values, completeness(), populations(), YearMonth.from(cutoffDate));
        Timestamp asOf = IndicatorValuesJob.cutoff(cutoffDate);
        List<Row> rows = new ArrayList<>();
        for (ReportCard.Row row : card) {
            rows.add(RowFactory.create(row.dimension().name(), row.indicatorCode(), row.relatedIndicatorCode().orElse(null), row.periodType(), row.period(),
                    row.scope().name(), row.baseCode().orElse(null), row.cohort().orElse(null), boxed(row.figure()), boxed(row.figureLow()), boxed(row.figureHigh()),
                    row.threshold(), row.divergent().orElse(null), row.assessedBases(), row.divergentBases(), boxed(row.divergentShare()),
                    ScalaCollections.seq(row.divergentBaseCodes()), asOf, runId));
        }
        warehouse.overwriteIfChanged(Warehouse.GOLD, TABLE, warehouse.spark().createDataFrame(rows, SCHEMA), Set.of("run_id"));
        Set<ReportCard.Key> outliers = ReportCard.outliers(values);
        long changed = reflag(storedFlags, outliers);
        progress.accept("indicators: gold.%s %d rows, %d values flagged OUTLIER (%d flags changed)".formatted(TABLE, rows.size(), outliers.size(), changed));
        return new Result(rows.size(), outliers.size(), changed);
    }

    private static List<ReportCard.Subject> subjects(IndicatorCatalogue catalogue)
    {
        List<ReportCard.Subject> subjects = new ArrayList<>();
        for (Indicator indicator : catalogue.indicators()) {
            subjects.add(new ReportCard.Subject(indicator.code(), indicator.dataset().tableName(), indicator.perCapita()));
        }
        return subjects;
    }

    private List<ReportCard.Completeness> completeness()
    {
        List<ReportCard.Completeness> completeness = new ArrayList<>();
        if (warehouse.exists(Warehouse.GOLD, SubmissionQualityJob.TABLE)) {
            for (Row row : warehouse.read(Warehouse.GOLD, SubmissionQualityJob.TABLE)
                    .select("base_code", "cohort", "dataset", "month", "days_reported", "days_in_period").collectAsList()) {
                completeness.add(new ReportCard.Completeness(row.getString(0), row.getString(1), row.getString(2), row.getString(3), row.getInt(4), row.getInt(5)));
            }
        }
        return completeness;
    }

    /**
     * Per base and population column, the streets that list communities or villages under them: the
     * population the streets report, and the sum over the divisions listed under them.
     */
    private List<ReportCard.PopulationSources> populations()
    {
        List<ReportCard.PopulationSources> populations = new ArrayList<>();
        if (!warehouse.exists(Warehouse.SILVER, IndicatorValuesJob.DIVISIONS) || !warehouse.exists(Warehouse.REF, ReferenceTables.BASES)) {
            return populations;
        }
        List<String> columns = List.of("population", "population_60plus", "population_adult");
        Dataset<Row> divisions = warehouse.read(Warehouse.SILVER, IndicatorValuesJob.DIVISIONS);
        Dataset<Row> streets = divisions.where(not(col("level").isin(IndicatorValuesJob.FINEST_DIVISION_LEVELS.toArray())))
                .withColumn("covered_prefix", expr(IndicatorValuesJob.COVERED_PREFIX));
        Dataset<Row> under = divisions.where(col("level").isin(IndicatorValuesJob.FINEST_DIVISION_LEVELS.toArray()));
        List<org.apache.spark.sql.Column> sums = new ArrayList<>();
        for (String column : columns) {
            sums.add(sum(col("under." + column).cast(DataTypes.LongType)).as("under_" + column));
        }
        Dataset<Row> perStreet = streets.as("street").join(under.as("under"), col("street.base_code").equalTo(col("under.base_code"))
                        .and(col("under.division_code").startsWith(col("street.covered_prefix"))))
                .groupBy(col("street.base_code").as("base_code"), col("street.division_code").as("division_code"))
                .agg(sums.get(0), sums.subList(1, sums.size()).toArray(org.apache.spark.sql.Column[]::new));
        List<org.apache.spark.sql.Column> totals = new ArrayList<>();
        for (String column : columns) {
            totals.add(sum(col("street." + column).cast(DataTypes.LongType)).as("reported_" + column));
            totals.add(sum(col("per_street.under_" + column)).as("under_" + column));
        }
        Dataset<Row> cohorts = warehouse.read(Warehouse.REF, ReferenceTables.BASES).select("base_code", "cohort");
        Dataset<Row> perBase = streets.as("street").join(perStreet.as("per_street"), col("street.base_code").equalTo(col("per_street.base_code"))
                        .and(col("street.division_code").equalTo(col("per_street.division_code"))))
                .groupBy(col("street.base_code").as("base_code"))
                .agg(totals.get(0), totals.subList(1, totals.size()).toArray(org.apache.spark.sql.Column[]::new))
                .join(broadcast(cohorts), "base_code");
        for (Row row : perBase.collectAsList()) {
            for (String column : columns) {
                Long reported = row.getAs("reported_" + column);
                Long underStreets = row.getAs("under_" + column);
                if (reported != null && underStreets != null) {
                    populations.add(new ReportCard.PopulationSources(row.getAs("base_code"), row.getAs("cohort"), column, reported, underStreets));
                }
            }
        }
        return populations;
    }

    /** Adds OUTLIER where it belongs and takes it away where it no longer does, in one MERGE of the changed rows; returns their number. */
    private long reflag(Map<ReportCard.Key, List<String>> storedFlags, Set<ReportCard.Key> outliers)
    {
        String outlier = QualityFlag.OUTLIER.name();
        List<Row> changes = new ArrayList<>();
        storedFlags.forEach((key, flags) -> {
            boolean flagged = flags.contains(outlier);
            if (flagged != outliers.contains(key)) {
                List<String> updated = new ArrayList<>(flags);
                if (flagged) {
                    updated.remove(outlier);
                }
                else {
                    updated.add(outlier);
                }
                changes.add(RowFactory.create(key.baseCode(), key.indicatorCode(), key.periodType(), key.period(),
                        ScalaCollections.seq(updated)));
            }
        });
        if (changes.isEmpty()) {
            return 0;
        }
        Dataset<Row> updates = warehouse.spark().createDataFrame(changes, new StructType().add("base_code", DataTypes.StringType).add("indicator_code", DataTypes.StringType)
                .add("period_type", DataTypes.StringType).add("period", DataTypes.StringType).add("quality_flags", DataTypes.createArrayType(DataTypes.StringType)));
        warehouse.table(Warehouse.GOLD, IndicatorValuesJob.TABLE).as("t")
                .merge(updates.as("s"), "t.base_code = s.base_code AND t.indicator_code = s.indicator_code AND t.period_type = s.period_type AND t.period = s.period")
                .whenMatched().updateExpr(Map.of("quality_flags", "s.quality_flags"))
                .execute();
        return changes.size();
    }

    private static Double boxed(java.util.OptionalDouble value)
    {
        return value.isPresent() ? value.getAsDouble() : null;
    }
}
