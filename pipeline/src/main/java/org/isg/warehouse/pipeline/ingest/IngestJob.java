package org.isg.warehouse.pipeline.ingest;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.isg.warehouse.contracts.dataset.DatasetContract;
import org.isg.warehouse.contracts.landing.ManifestFile;
import org.isg.warehouse.contracts.landing.RejectionReason;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.pipeline.FaultInjection;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.pipeline.ops.DeliveryLedger;
import org.isg.warehouse.pipeline.ops.DeliveryStatus;
import org.isg.warehouse.pipeline.privacy.Pseudonymizer;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Stage INGEST, landing → bronze. Finds the deliveries not yet in {@code ops.deliveries}, checks
 * each against the landing contract, appends accepted ones to {@code bronze.<dataset>}, supersedes an
 * earlier accepted delivery of the same dataset, base and day when the new one was exported later,
 * and records every delivery in {@code ops.deliveries}.
 * <p>
 * Crash safety: bronze is written first with {@code replaceWhere delivery_id IN (...)}, so rows
 * left by a run that died before recording its deliveries are replaced, not doubled; the ledger is
 * written last. A delivery is done once the ledger has it.
 */
public final class IngestJob
{
    private final Warehouse warehouse;
    private final BaseRegistry registry;
    private final Pseudonymizer pseudonymizer;
    private final Consumer<String> progress;

    public IngestJob(Warehouse warehouse, BaseRegistry registry, Pseudonymizer pseudonymizer, Consumer<String> progress)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.pseudonymizer = requireNonNull(pseudonymizer, "pseudonymizer is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    public record Result(int accepted, int rejected, int superseded, long rowsLoaded, Map<String, Long> countsByReason) {}

    public Result run(String landing, LocalDate date, String runId)
    {
        Configuration configuration = warehouse.spark().sparkContext().hadoopConfiguration();
        List<LandingFolder> folders = LandingScanner.scan(landing, date, configuration);
        DeliveryLedger ledger = new DeliveryLedger(warehouse);
        List<DeliveryLedger.Entry> known = ledger.entries();
        Set<String> knownIds = known.stream().map(DeliveryLedger.Entry::deliveryId).collect(Collectors.toSet());

        List<InspectedDelivery> fresh = inspectNew(folders, knownIds, configuration);
        progress.accept("ingest: %d delivery folders up to %s, %d new".formatted(folders.size(), date, fresh.size()));

        Instant now = Instant.now();
        List<DeliveryLedger.Entry> ledgerWrites = new ArrayList<>();
        List<InspectedDelivery> accepted = new ArrayList<>();
        Map<String, Long> countsByReason = new LinkedHashMap<>();
        int superseded = 0;
        for (InspectedDelivery delivery : fresh) {
            if (delivery.accepted()) {
                Optional<DeliveryLedger.Entry> current = currentAccepted(known, delivery);
                if (current.isPresent() && !current.get().exportedAt().isBefore(delivery.manifest().orElseThrow().exportedAt().toInstant())) {
                    delivery = delivery.rejected(RejectionReason.NOT_LATER_THAN_ACCEPTED, "exported_at %s is not later than that of the accepted delivery %s"
                            .formatted(delivery.manifest().orElseThrow().exportedAt(), current.get().deliveryId()));
                }
                else if (current.isPresent()) {
                    ledgerWrites.add(current.get().superseded(delivery.deliveryId()));
                    superseded++;
                    progress.accept("ingest: %s supersedes %s".formatted(delivery.deliveryId(), current.get().deliveryId()));
                }
            }
            if (delivery.accepted()) {
                accepted.add(delivery);
            }
            else {
                countsByReason.merge(delivery.rejection().orElseThrow().name(), 1L, Long::sum);
                progress.accept("ingest: REJECTED %s: %s %s".formatted(delivery.folder().displayName(), delivery.rejection().orElseThrow(),
                        delivery.rejectionMessage().orElseThrow()));
            }
            ledgerWrites.add(toEntry(delivery, runId, now));
        }

        long rowsLoaded = 0;
        Map<DatasetContract, List<InspectedDelivery>> byDataset = new LinkedHashMap<>();
        for (InspectedDelivery delivery : accepted) {
            byDataset.computeIfAbsent(delivery.dataset().orElseThrow().contract(), ignored -> new ArrayList<>()).add(delivery);
        }
        for (Map.Entry<DatasetContract, List<InspectedDelivery>> entry : byDataset.entrySet()) {
            rowsLoaded += writeBronze(entry.getKey(), entry.getValue(), runId, Timestamp.from(now));
        }
        FaultInjection.point("ingest.after-bronze");
        ledger.upsert(ledgerWrites);
        return new Result(accepted.size(), fresh.size() - accepted.size(), superseded, rowsLoaded, countsByReason);
    }

    private List<InspectedDelivery> inspectNew(List<LandingFolder> folders, Set<String> knownIds, Configuration configuration)
    {
        DeliveryInspector inspector = new DeliveryInspector(registry, configuration);
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<Optional<InspectedDelivery>>> futures = new ArrayList<>();
            for (LandingFolder folder : folders) {
                futures.add(executor.submit(() -> inspector.inspectIfNew(folder, knownIds)));
            }
            List<InspectedDelivery> inspected = new ArrayList<>();
            for (Future<Optional<InspectedDelivery>> future : futures) {
                future.get().ifPresent(inspected::add);
            }
            return inspected;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while inspecting deliveries", e);
        }
        catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot inspect deliveries: " + e.getCause().getMessage(), e.getCause());
        }
        finally {
            executor.shutdownNow();
        }
    }

    private static Optional<DeliveryLedger.Entry> currentAccepted(List<DeliveryLedger.Entry> known, InspectedDelivery delivery)
    {
        return known.stream()
                .filter(entry -> entry.status() == DeliveryStatus.ACCEPTED)
                .filter(entry -> entry.landingPath().equals(delivery.folder().path()))
                .findFirst();
    }

    private long writeBronze(DatasetContract contract, List<InspectedDelivery> deliveries, String runId, Timestamp ingestedAt)
    {
        List<BronzeLoader.FileTask> tasks = new ArrayList<>();
        for (InspectedDelivery delivery : deliveries) {
            for (ManifestFile file : delivery.manifest().orElseThrow().files()) {
                tasks.add(new BronzeLoader.FileTask(delivery.deliveryId(), delivery.folder().baseCode(), Date.valueOf(delivery.exportDate().orElseThrow()),
                        Timestamp.from(delivery.manifest().orElseThrow().exportedAt().toInstant()), delivery.folder().path(), file.name(), file.format(),
                        file.encoding().name()));
            }
        }
        Dataset<Row> rows = BronzeLoader.load(warehouse.spark(), contract, tasks, pseudonymizer, runId, ingestedAt);
        String table = contract.dataset().tableName();
        // replaceWhere: rows a dead run left for these deliveries are replaced, not doubled
        warehouse.replaceWhere(Warehouse.BRONZE, table, rows, BronzeLoader.deliveriesPredicate(
                deliveries.stream().map(delivery -> delivery.exportDate().orElseThrow()).toList(), deliveries.stream().map(InspectedDelivery::deliveryId).toList()));
        long loaded = deliveries.stream().mapToLong(delivery -> delivery.receivedRows().orElse(0L)).sum();
        progress.accept("ingest: bronze.%s +%d rows from %d deliveries".formatted(table, loaded, deliveries.size()));
        return loaded;
    }

    private static DeliveryLedger.Entry toEntry(InspectedDelivery delivery, String runId, Instant now)
    {
        return new DeliveryLedger.Entry(
                delivery.deliveryId(),
                delivery.folder().datasetName(),
                delivery.folder().baseCode(),
                delivery.exportDate().orElse(null),
                delivery.manifest().map(manifest -> manifest.exportedAt().toInstant()).orElse(null),
                delivery.folder().path(),
                delivery.accepted() ? DeliveryStatus.ACCEPTED : DeliveryStatus.REJECTED,
                delivery.rejection().map(Enum::name).orElse(null),
                delivery.rejectionMessage().orElse(null),
                delivery.receivedRows().orElse(null),
                null,
                null,
                null,
                null,
                runId,
                now,
                null,
                null);
    }
}
