package org.isg.warehouse.pipeline.refine;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;
import org.isg.warehouse.contracts.dataset.DatasetContract;
import org.isg.warehouse.contracts.tables.WarehouseTables;
import org.isg.warehouse.pipeline.FaultInjection;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.pipeline.ingest.BronzeLoader;
import org.isg.warehouse.pipeline.ops.DeliveryLedger;
import org.isg.warehouse.pipeline.ops.DeliveryStatus;
import org.isg.warehouse.quality.DeliveryMetrics;
import org.isg.warehouse.quality.RowRuleVerifier;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;
import static org.isg.warehouse.contracts.text.SqlLiterals.sparkIn;

/**
 * Stage REFINE, bronze → silver, for one dataset. Takes the accepted deliveries not yet refined,
 * types their rows, checks every row against every contract rule with Deequ, writes failing rows to
 * {@code silver.quarantine} with the names of the rules they broke, merges the rest into
 * {@code silver.<dataset>} (latest version per base and key), and returns per delivery
 * received = accepted + quarantined for {@code ops.deliveries}.
 * <p>
 * When a delivery supersedes an earlier one, the keys of the earlier delivery are recomputed from
 * every remaining accepted delivery, so a retracted or corrected record no longer feeds silver.
 * <p>
 * Crash safety: quarantine is written with {@code replaceWhere} on the batch's deliveries, the
 * silver MERGE is repeatable (a version replaces an equal or older one), and the stage writes the
 * ledger last; until then the deliveries stay in the next run's batch.
 */
public final class RefineJob
{
    public static final String QUARANTINE_TABLE = WarehouseTables.QUARANTINE.name();
    private static final String IN_BATCH = "in_batch";
    private static final int QUARANTINE_SAMPLE = 3;

    private final Warehouse warehouse;
    private final Consumer<String> progress;

    public RefineJob(Warehouse warehouse, Consumer<String> progress)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /**
     * What a refine did: deliveries, rows accepted and quarantined, warnings.
     *
     * @param refined the batch's ledger entries with their counts and refine run set; the caller
     *         writes them to {@code ops.deliveries} after silver, as the last step of the stage
     */
    public record Result(int deliveries, long accepted, long quarantined, int warnings, List<DeliveryLedger.Entry> refined) {}

    /**
     * Refines one dataset's accepted, not yet refined deliveries.
     *
     * @param entries {@code ops.deliveries} as the stage found it
     */
    public Result run(DatasetContract contract, String runId, List<DeliveryLedger.Entry> entries)
    {
        String table = contract.dataset().tableName();
        List<DeliveryLedger.Entry> batch = entries.stream()
                .filter(entry -> table.equals(entry.dataset()) && entry.status() == DeliveryStatus.ACCEPTED && entry.refineRunId() == null)
                .toList();
        if (batch.isEmpty()) {
            return new Result(0, 0, 0, 0, List.of());
        }
        Set<String> batchIds = new HashSet<>();
        batch.forEach(entry -> batchIds.add(entry.deliveryId()));
        List<String> supersededIds = entries.stream()
                .filter(entry -> entry.status() == DeliveryStatus.SUPERSEDED && batchIds.contains(entry.supersededBy()))
                .map(DeliveryLedger.Entry::deliveryId)
                .toList();

        Dataset<Row> bronze = warehouse.read(Warehouse.BRONZE, table);
        String batchPredicate = BronzeLoader.deliveriesPredicate(batch.stream().map(DeliveryLedger.Entry::exportDate).toList(), List.copyOf(batchIds));
        Dataset<Row> batchRows = bronze.where(batchPredicate).withColumn(IN_BATCH, lit(true));
        Dataset<Row> input = batchRows;
        if (!supersededIds.isEmpty() && !contract.snapshot()) {
            input = input.unionByName(replayRows(contract, bronze, entries, batchIds, supersededIds));
        }

        StepTimer timer = new StepTimer();
        // Partitioned by the record key once: the uniqueness count and silver's latest version per base and
        // key both group within that partitioning, so the rows are shuffled once, not once for each
        Dataset<Row> typed = typed(contract, input).repartition(col(contract.keyColumn()));
        Dataset<Row> verified = RowRuleVerifier.verify(contract, typed).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            // Check every row once, counting each delivery's accepted and quarantined rows as the cache
            // fills; quarantine, silver and the metrics all read the cached result
            Map<String, long[]> counts = countsByDelivery(verified.where(col(IN_BATCH)));
            long batchQuarantined = counts.values().stream().mapToLong(deliveryCounts -> deliveryCounts[1]).sum();
            timer.step("checks");
            Map<String, String> warnings = new DeliveryMetrics(warehouse.spark(), warehouse.qualityMetricsRoot()).profile(contract, verified.where(col(IN_BATCH)),
                    batch.stream().map(entry -> new DeliveryMetrics.ProfiledDelivery(entry.deliveryId(), entry.baseCode(), entry.exportDate())).toList());
            timer.step("metrics");

            if (batchQuarantined > 0 || !quarantineHoldsNothingOf(contract, batchPredicate)) {
                writeQuarantine(contract, verified.where(col(IN_BATCH)), batchPredicate, runId);
            }
            if (batchQuarantined > 0) {
                reportQuarantineSample(verified.where(col(IN_BATCH)));
            }
            timer.step("quarantine");
            FaultInjection.point("refine.after-quarantine");
            Dataset<Row> valid = verified.where(size(col(RowRuleVerifier.BROKEN_RULES)).equalTo(0));
            if (contract.snapshot()) {
                replaceSnapshots(contract, valid, batch, runId);
            }
            else {
                mergeChanges(contract, valid, supersededIds, runId);
            }
            timer.step("silver");
            FaultInjection.point("refine.after-silver");

            Instant now = Instant.now();
            List<DeliveryLedger.Entry> refined = new ArrayList<>();
            long accepted = 0;
            long quarantined = 0;
            for (DeliveryLedger.Entry entry : batch) {
                long[] deliveryCounts = counts.getOrDefault(entry.deliveryId(), new long[2]);
                accepted += deliveryCounts[0];
                quarantined += deliveryCounts[1];
                String warning = warnings.get(entry.deliveryId());
                if (warning != null) {
                    progress.accept("refine: WARNING %s: %s".formatted(entry.deliveryId(), warning));
                }
                refined.add(entry.refined(deliveryCounts[0], deliveryCounts[1], warning, runId, now));
            }
            progress.accept("refine: %s: %d deliveries, %d rows accepted, %d quarantined (%s)".formatted(table, batch.size(), accepted, quarantined, timer));
            return new Result(batch.size(), accepted, quarantined, warnings.size(), refined);
        }
        finally {
            verified.unpersist();
        }
    }

    /** Wall time of the steps of one dataset's refine, for the progress line. */
    private static final class StepTimer
    {
        private final StringBuilder steps = new StringBuilder();
        private long last = System.nanoTime();

        void step(String name)
        {
            long now = System.nanoTime();
            steps.append(steps.isEmpty() ? "" : ", ").append("%s %.1f s".formatted(name, (now - last) / 1e9));
            last = now;
        }

        @Override
        public String toString()
        {
            return steps.toString();
        }
    }

    /** Bronze rows of still-accepted, already-refined deliveries that share a key with a superseded delivery. */
    private static Dataset<Row> replayRows(DatasetContract contract, Dataset<Row> bronze, List<DeliveryLedger.Entry> entries, Set<String> batchIds, List<String> supersededIds)
    {
        List<String> activeRefined = entries.stream()
                .filter(entry -> entry.status() == DeliveryStatus.ACCEPTED && !batchIds.contains(entry.deliveryId()) && contract.dataset().tableName().equals(entry.dataset()))
                .map(DeliveryLedger.Entry::deliveryId)
                .toList();
        String key = contract.keyColumn();
        Dataset<Row> affectedKeys = bronze.where(sparkIn(BronzeLoader.DELIVERY_ID, supersededIds))
                .where(col(key).isNotNull())
                .select(col(BronzeLoader.BASE_CODE).as("affected_base"), col(key).as("affected_key"))
                .distinct();
        Dataset<Row> candidates = activeRefined.isEmpty() ? bronze.limit(0) : bronze.where(sparkIn(BronzeLoader.DELIVERY_ID, activeRefined));
        return candidates.join(affectedKeys, col(BronzeLoader.BASE_CODE).equalTo(col("affected_base")).and(col(key).equalTo(col("affected_key"))), "left_semi")
                .withColumn(IN_BATCH, lit(false));
    }

    private static Dataset<Row> typed(DatasetContract contract, Dataset<Row> bronzeRows)
    {
        List<Column> columns = new ArrayList<>();
        for (String lineage : List.of(BronzeLoader.DELIVERY_ID, BronzeLoader.BASE_CODE, BronzeLoader.EXPORT_DATE, BronzeLoader.EXPORTED_AT,
                BronzeLoader.SOURCE_FILE, BronzeLoader.SOURCE_LINE, BronzeLoader.PARSE_ERROR, IN_BATCH)) {
            columns.add(col(lineage));
        }
        for (org.isg.warehouse.contracts.dataset.Column column : contract.columns()) {
            columns.add(col(column.name()).as(column.rawName()));
        }
        Dataset<Row> raw = bronzeRows.select(columns.toArray(Column[]::new));
        List<Column> typedColumns = new ArrayList<>();
        typedColumns.add(col("*"));
        for (org.isg.warehouse.contracts.dataset.Column column : contract.columns()) {
            typedColumns.add(TypedColumns.parse(column.rawName(), column.type()).as(column.name()));
        }
        Dataset<Row> typed = raw.select(typedColumns.toArray(Column[]::new));
        // Uniqueness is per delivery; a row without a key is unique by its position
        return typed.withColumn(RowRuleVerifier.UNIQUE_KEY_COLUMN, when(col(contract.keyColumn()).isNull(),
                        concat_ws("|", col(BronzeLoader.DELIVERY_ID), lit("#"), col(BronzeLoader.SOURCE_FILE), col(BronzeLoader.SOURCE_LINE).cast("string")))
                .otherwise(concat_ws("|", col(BronzeLoader.DELIVERY_ID), col(contract.keyColumn()))));
    }

    /**
     * Whether the quarantine exists and holds no row of the batch's deliveries: then a batch without
     * a quarantined row has nothing to write or replace there. Rows of the batch are found only after
     * a run that died between this step and the ledger's, or under other rules. Replacing nothing
     * still cost Delta's search of the quarantine's files and a write job, each testing the batch
     * predicate (thousands of delivery ids in a catch-up): the quarantine steps of a year's catch-up
     * took 9.1 s, now 2.9 s.
     */
    private boolean quarantineHoldsNothingOf(DatasetContract contract, String batchPredicate)
    {
        return warehouse.exists(Warehouse.SILVER, QUARANTINE_TABLE)
                && warehouse.read(Warehouse.SILVER, QUARANTINE_TABLE).where("dataset = '%s' AND %s".formatted(contract.dataset().tableName(), batchPredicate)).isEmpty();
    }

    /** @param batchPredicate the batch's rows ({@link BronzeLoader#deliveriesPredicate}); quarantine keeps the same lineage columns */
    private void writeQuarantine(DatasetContract contract, Dataset<Row> rows, String batchPredicate, String runId)
    {
        List<Column> record = new ArrayList<>();
        for (org.isg.warehouse.contracts.dataset.Column column : contract.columns()) {
            record.add(col(column.rawName()).as(column.name()));
        }
        record.add(col(BronzeLoader.PARSE_ERROR));
        Dataset<Row> quarantine = rows.where(size(col(RowRuleVerifier.BROKEN_RULES)).gt(0)).select(
                lit(contract.dataset().tableName()).as("dataset"),
                col(BronzeLoader.BASE_CODE),
                col(BronzeLoader.EXPORT_DATE),
                col(BronzeLoader.DELIVERY_ID),
                col(BronzeLoader.SOURCE_FILE),
                col(BronzeLoader.SOURCE_LINE),
                to_json(struct(record.toArray(Column[]::new))).as("record"),
                col(RowRuleVerifier.BROKEN_RULES),
                lit(runId).as("run_id"),
                current_timestamp().as("quarantined_at"));
        warehouse.replaceWhere(Warehouse.SILVER, QUARANTINE_TABLE, quarantine, "dataset = '%s' AND %s".formatted(contract.dataset().tableName(), batchPredicate));
    }

    /** A few quarantined rows by name (delivery, file, line, rules; never values), so a person knows where to look. */
    private void reportQuarantineSample(Dataset<Row> rows)
    {
        List<Row> sample = rows.where(size(col(RowRuleVerifier.BROKEN_RULES)).gt(0))
                .select(BronzeLoader.DELIVERY_ID, BronzeLoader.SOURCE_FILE, BronzeLoader.SOURCE_LINE, RowRuleVerifier.BROKEN_RULES)
                .orderBy(BronzeLoader.DELIVERY_ID, BronzeLoader.SOURCE_FILE, BronzeLoader.SOURCE_LINE)
                .limit(QUARANTINE_SAMPLE)
                .collectAsList();
        for (Row row : sample) {
            progress.accept("refine: quarantined %s %s line %d: %s".formatted(row.getString(0), row.getString(1), row.getLong(2),
                    String.join(", ", row.<String>getList(3))));
        }
    }

    private static Dataset<Row> silverRows(DatasetContract contract, Dataset<Row> valid, String runId)
    {
        List<Column> columns = new ArrayList<>();
        columns.add(col(BronzeLoader.BASE_CODE));
        for (String name : contract.columnNames()) {
            columns.add(col(name));
        }
        columns.add(col(BronzeLoader.DELIVERY_ID));
        columns.add(col(BronzeLoader.EXPORT_DATE));
        columns.add(col(BronzeLoader.EXPORTED_AT));
        columns.add(col(BronzeLoader.SOURCE_FILE));
        columns.add(col(BronzeLoader.SOURCE_LINE));
        columns.add(lit(runId).as("run_id"));
        return valid.select(columns.toArray(Column[]::new));
    }

    private void mergeChanges(DatasetContract contract, Dataset<Row> valid, List<String> supersededIds, String runId)
    {
        String key = contract.keyColumn();
        String version = contract.versionColumn().orElseThrow();
        WindowSpec latestFirst = Window.partitionBy(col(BronzeLoader.BASE_CODE), col(key)).orderBy(col(version).desc(), col(BronzeLoader.EXPORT_DATE).desc(),
                col(BronzeLoader.EXPORTED_AT).desc(), col(BronzeLoader.SOURCE_FILE).desc(), col(BronzeLoader.SOURCE_LINE).desc());
        Dataset<Row> latest = silverRows(contract, valid, runId).withColumn("version_rank", row_number().over(latestFirst))
                .where(col("version_rank").equalTo(1)).drop("version_rank");
        String table = contract.dataset().tableName();
        latest = warehouse.conformed(Warehouse.SILVER, table, latest);
        if (!warehouse.exists(Warehouse.SILVER, table)) {
            warehouse.create(Warehouse.SILVER, table, latest);
            return;
        }
        String newerOrSame = "s.%1$s > t.%1$s OR (s.%1$s = t.%1$s AND (s.export_date > t.export_date OR (s.export_date = t.export_date AND s.exported_at >= t.exported_at)))"
                .formatted(version);
        String replaceable = supersededIds.isEmpty() ? newerOrSame : "t." + sparkIn("delivery_id", supersededIds) + " OR " + newerOrSame;
        warehouse.table(Warehouse.SILVER, table).as("t")
                .merge(latest.as("s"), "t.base_code = s.base_code AND t.%1$s = s.%1$s".formatted(key))
                .whenMatched(replaceable).updateAll()
                .whenNotMatched().insertAll()
                .execute();
        if (!supersededIds.isEmpty()) {
            // keys that only the superseded deliveries had
            warehouse.table(Warehouse.SILVER, table).delete(sparkIn("delivery_id", supersededIds));
        }
    }

    /** A snapshot dataset: the latest delivery of each base replaces that base's rows, if it is newer than what silver holds. */
    private void replaceSnapshots(DatasetContract contract, Dataset<Row> valid, List<DeliveryLedger.Entry> batch, String runId)
    {
        String table = contract.dataset().tableName();
        Map<String, DeliveryLedger.Entry> latestByBase = new HashMap<>();
        for (DeliveryLedger.Entry entry : batch) {
            latestByBase.merge(entry.baseCode(), entry, (left, right) -> isLater(right, left) ? right : left);
        }
        Map<String, Row> currentByBase = new HashMap<>();
        if (warehouse.exists(Warehouse.SILVER, table)) {
            for (Row row : warehouse.read(Warehouse.SILVER, table).groupBy(BronzeLoader.BASE_CODE)
                    .agg(org.apache.spark.sql.functions.max(struct(col(BronzeLoader.EXPORT_DATE), col(BronzeLoader.EXPORTED_AT))).as("latest")).collectAsList()) {
                currentByBase.put(row.getString(0), row.getStruct(1));
            }
        }
        List<String> replacing = new ArrayList<>();
        for (DeliveryLedger.Entry entry : latestByBase.values()) {
            Row current = currentByBase.get(entry.baseCode());
            if (current == null || isLater(entry, current.getDate(0).toLocalDate(), ((Timestamp) current.get(1)).toInstant())) {
                replacing.add(entry.deliveryId());
            }
        }
        if (replacing.isEmpty()) {
            return;
        }
        Dataset<Row> snapshot = silverRows(contract, valid.where(sparkIn(BronzeLoader.DELIVERY_ID, replacing)), runId);
        List<String> bases = batch.stream().filter(entry -> replacing.contains(entry.deliveryId())).map(DeliveryLedger.Entry::baseCode).toList();
        warehouse.replaceWhere(Warehouse.SILVER, table, snapshot, sparkIn(BronzeLoader.BASE_CODE, bases));
    }

    private static boolean isLater(DeliveryLedger.Entry candidate, DeliveryLedger.Entry other)
    {
        return isLater(candidate, other.exportDate(), other.exportedAt());
    }

    private static boolean isLater(DeliveryLedger.Entry candidate, java.time.LocalDate exportDate, Instant exportedAt)
    {
        int byDate = candidate.exportDate().compareTo(exportDate);
        return byDate > 0 || (byDate == 0 && candidate.exportedAt().isAfter(exportedAt));
    }

    private static Map<String, long[]> countsByDelivery(Dataset<Row> batchRows)
    {
        Map<String, long[]> counts = new HashMap<>();
        for (Row row : batchRows.groupBy(BronzeLoader.DELIVERY_ID)
                .agg(sum(when(size(col(RowRuleVerifier.BROKEN_RULES)).equalTo(0), 1).otherwise(0)).as("accepted"), count(lit(1)).as("received"))
                .collectAsList()) {
            long accepted = row.getLong(1);
            counts.put(row.getString(0), new long[] {accepted, row.getLong(2) - accepted});
        }
        return counts;
    }
}
