package org.isg.warehouse.pipeline.ops;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.isg.warehouse.contracts.tables.WarehouseTables;
import org.isg.warehouse.pipeline.SparkSchemas;
import org.isg.warehouse.pipeline.Warehouse;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * {@code ops.deliveries}: one row per delivery seen in the landing area, with its status, the reason
 * of a rejection and the row counts (received = accepted + quarantined once refined). Every write is
 * a MERGE on {@code delivery_id}, so repeating it changes nothing.
 */
public final class DeliveryLedger
{
    public static final String TABLE = WarehouseTables.DELIVERIES.name();

    public static final StructType SCHEMA = SparkSchemas.of(WarehouseTables.DELIVERIES);

    /** The entries last read, by ledger path: one warehouse per night, a few in a test JVM. */
    private static final Map<String, ReadAt> LAST_READ = new ConcurrentHashMap<>();

    private final Warehouse warehouse;

    public DeliveryLedger(Warehouse warehouse)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
    }

    /** One delivery as the ledger holds it. */
    public record Entry(
            String deliveryId,
            String dataset,
            String baseCode,
            LocalDate exportDate,
            Instant exportedAt,
            Instant landedAt,
            String landingPath,
            DeliveryStatus status,
            String reasonCode,
            String reason,
            Long receivedRows,
            Long acceptedRows,
            Long quarantinedRows,
            String warning,
            String supersededBy,
            String ingestRunId,
            Instant ingestedAt,
            String refineRunId,
            Instant refinedAt)
    {
        public Entry
        {
            requireNonNull(deliveryId, "deliveryId is null");
            requireNonNull(landingPath, "landingPath is null");
            requireNonNull(status, "status is null");
            requireNonNull(ingestRunId, "ingestRunId is null");
            requireNonNull(ingestedAt, "ingestedAt is null");
        }

        public Entry superseded(String byDeliveryId)
        {
            return new Entry(deliveryId, dataset, baseCode, exportDate, exportedAt, landedAt, landingPath, DeliveryStatus.SUPERSEDED, reasonCode, reason,
                    receivedRows, acceptedRows, quarantinedRows, warning, byDeliveryId, ingestRunId, ingestedAt, refineRunId, refinedAt);
        }

        public Entry refined(long accepted, long quarantined, String warningText, String runId, Instant at)
        {
            return new Entry(deliveryId, dataset, baseCode, exportDate, exportedAt, landedAt, landingPath, status, reasonCode, reason,
                    receivedRows, accepted, quarantined, warningText, supersededBy, ingestRunId, ingestedAt, runId, at);
        }

        Row toRow()
        {
            return RowFactory.create(deliveryId, dataset, baseCode, exportDate == null ? null : Date.valueOf(exportDate),
                    exportedAt == null ? null : Timestamp.from(exportedAt), landedAt == null ? null : Timestamp.from(landedAt), landingPath, status.name(), reasonCode, reason,
                    receivedRows, acceptedRows, quarantinedRows, warning, supersededBy, ingestRunId, Timestamp.from(ingestedAt),
                    refineRunId, refinedAt == null ? null : Timestamp.from(refinedAt));
        }

        static Entry fromRow(Row row)
        {
            Date exportDate = row.getAs("export_date");
            Timestamp exportedAt = row.getAs("exported_at");
            Timestamp landedAt = row.getAs("landed_at");
            Timestamp refinedAt = row.getAs("refined_at");
            return new Entry(row.getAs("delivery_id"), row.getAs("dataset"), row.getAs("base_code"),
                    exportDate == null ? null : exportDate.toLocalDate(), exportedAt == null ? null : exportedAt.toInstant(),
                    landedAt == null ? null : landedAt.toInstant(), row.getAs("landing_path"), DeliveryStatus.valueOf(row.getAs("status")), row.getAs("reason_code"), row.getAs("reason"),
                    row.getAs("received_rows"), row.getAs("accepted_rows"), row.getAs("quarantined_rows"), row.getAs("warning"),
                    row.getAs("superseded_by"), row.getAs("ingest_run_id"), ((Timestamp) row.getAs("ingested_at")).toInstant(),
                    row.getAs("refine_run_id"), refinedAt == null ? null : refinedAt.toInstant());
        }
    }

    /**
     * Every entry. A night reads the ledger in each stage (ingest, refine, gold, the summary); the
     * rows of the commit last read are kept, so a stage after which nothing was written reads no
     * table.
     */
    public List<Entry> entries()
    {
        if (!warehouse.exists(Warehouse.OPS, TABLE)) {
            return List.of();
        }
        String path = warehouse.tablePath(Warehouse.OPS, TABLE);
        Warehouse.Commit commit = warehouse.commit(Warehouse.OPS, TABLE);
        ReadAt last = LAST_READ.get(path);
        if (last != null && last.commit().equals(commit)) {
            return last.entries();
        }
        List<Entry> entries = new ArrayList<>();
        for (Row row : warehouse.read(Warehouse.OPS, TABLE, commit.version()).collectAsList()) {
            entries.add(Entry.fromRow(row));
        }
        LAST_READ.put(path, new ReadAt(commit, List.copyOf(entries)));
        return List.copyOf(entries);
    }

    /** The entries as of one commit of the ledger. */
    private record ReadAt(Warehouse.Commit commit, List<Entry> entries) {}

    public void upsert(List<Entry> entries)
    {
        if (entries.isEmpty()) {
            return;
        }
        List<Row> rows = entries.stream().map(Entry::toRow).toList();
        warehouse.upsert(Warehouse.OPS, TABLE, warehouse.spark().createDataFrame(rows, SCHEMA), "t.delivery_id = s.delivery_id");
    }

    public static Map<String, Entry> byId(List<Entry> entries)
    {
        Map<String, Entry> byId = new java.util.LinkedHashMap<>();
        for (Entry entry : entries) {
            byId.put(entry.deliveryId(), entry);
        }
        return byId;
    }
}
