package org.isg.warehouse.pipeline.ingest;

import org.apache.hadoop.conf.Configuration;
import org.isg.warehouse.contracts.dataset.DatasetContract;
import org.isg.warehouse.contracts.landing.LandingNames;
import org.isg.warehouse.contracts.landing.ManifestFile;
import org.isg.warehouse.contracts.landing.RejectionReason;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.pipeline.FaultInjection;
import org.isg.warehouse.pipeline.QueryExecution;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.pipeline.ops.DeliveryLedger;
import org.isg.warehouse.pipeline.ops.DeliveryStatus;
import org.isg.warehouse.pipeline.privacy.Pseudonymizer;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

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
    private final Runnable afterInspection;

    public IngestJob(Warehouse warehouse, BaseRegistry registry, Pseudonymizer pseudonymizer, Consumer<String> progress)
    {
        this(warehouse, registry, pseudonymizer, progress, () -> {});
    }

    /** @param afterInspection runs between inspection and load: where a test changes a file as a running upload would */
    IngestJob(Warehouse warehouse, BaseRegistry registry, Pseudonymizer pseudonymizer, Consumer<String> progress, Runnable afterInspection)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.pseudonymizer = requireNonNull(pseudonymizer, "pseudonymizer is null");
        this.progress = requireNonNull(progress, "progress is null");
        this.afterInspection = requireNonNull(afterInspection, "afterInspection is null");
    }

    public record Result(int accepted, int rejected, int superseded, long rowsLoaded, Map<String, Long> countsByReason) {}

    public Result run(String landing, LocalDate date, String runId)
    {
        Configuration configuration = warehouse.spark().sparkContext().hadoopConfiguration();
        List<LandingFolder> folders = LandingScanner.scan(landing, date, configuration);
        DeliveryLedger ledger = new DeliveryLedger(warehouse);
        List<DeliveryLedger.Entry> known = ledger.entries();

        List<InspectedDelivery> fresh = inspectNew(folders, KnownDeliveries.of(known), configuration);
        progress.accept("ingest: %d delivery folders up to %s, %d new".formatted(folders.size(), date, fresh.size()));

        // Which accepted delivery each new one supersedes; a re-delivery not exported later is rejected
        Map<Slot, DeliveryLedger.Entry> acceptedBySlot = acceptedBySlot(known);
        List<InspectedDelivery> decided = new ArrayList<>();
        Map<String, DeliveryLedger.Entry> supersedes = new LinkedHashMap<>();
        for (InspectedDelivery delivery : fresh) {
            if (delivery.accepted()) {
                Optional<DeliveryLedger.Entry> current = Optional.ofNullable(acceptedBySlot.get(
                        new Slot(delivery.folder().datasetName(), delivery.folder().baseCode(), delivery.exportDate().orElseThrow())));
                if (current.isPresent() && !current.get().exportedAt().isBefore(delivery.manifest().orElseThrow().exportedAt().toInstant())) {
                    delivery = delivery.rejected(RejectionReason.NOT_LATER_THAN_ACCEPTED, "exported_at %s is not later than that of the accepted delivery %s"
                            .formatted(delivery.manifest().orElseThrow().exportedAt(), current.get().deliveryId()));
                }
                else if (current.isPresent()) {
                    supersedes.put(delivery.deliveryId(), current.get());
                }
            }
            decided.add(delivery);
        }

        Map<DatasetContract, List<InspectedDelivery>> byDataset = new LinkedHashMap<>();
        long rowsToLoad = 0;
        for (InspectedDelivery delivery : decided) {
            if (delivery.accepted()) {
                byDataset.computeIfAbsent(delivery.dataset().orElseThrow().contract(), ignored -> new ArrayList<>()).add(delivery);
                rowsToLoad += delivery.receivedRows().orElse(0L);
            }
        }
        QueryExecution.apply(warehouse.spark(), "ingest", rowsToLoad, progress);
        afterInspection.run();
        Instant now = Instant.now();
        Set<String> changed = new TreeSet<>();
        for (Map.Entry<DatasetContract, List<InspectedDelivery>> entry : byDataset.entrySet()) {
            changed.addAll(writeBronze(entry.getKey(), entry.getValue(), runId, Timestamp.from(now)));
        }
        FaultInjection.point("ingest.after-bronze");

        List<DeliveryLedger.Entry> ledgerWrites = new ArrayList<>();
        Map<String, Long> countsByReason = new LinkedHashMap<>();
        int accepted = 0;
        int superseded = 0;
        long rowsLoaded = 0;
        for (InspectedDelivery delivery : decided) {
            if (changed.contains(delivery.deliveryId())) {
                delivery = delivery.rejected(RejectionReason.CHANGED_AFTER_INSPECTION,
                        "a file's bytes when loaded differ from those verified (still uploading?); inspected again once the folder changes");
            }
            if (delivery.accepted()) {
                accepted++;
                rowsLoaded += delivery.receivedRows().orElse(0L);
                DeliveryLedger.Entry current = supersedes.get(delivery.deliveryId());
                if (current != null) {
                    ledgerWrites.add(current.superseded(delivery.deliveryId()));
                    superseded++;
                    progress.accept("ingest: %s supersedes %s".formatted(delivery.deliveryId(), current.deliveryId()));
                }
            }
            else {
                countsByReason.merge(delivery.rejection().orElseThrow().name(), 1L, Long::sum);
                progress.accept("ingest: REJECTED %s: %s %s".formatted(delivery.folder().displayName(), delivery.rejection().orElseThrow(),
                        delivery.rejectionMessage().orElseThrow()));
            }
            ledgerWrites.add(toEntry(delivery, runId, now));
        }
        ledger.upsert(ledgerWrites);
        return new Result(accepted, fresh.size() - accepted, superseded, rowsLoaded, countsByReason);
    }

    private List<InspectedDelivery> inspectNew(List<LandingFolder> folders, KnownDeliveries known, Configuration configuration)
    {
        DeliveryInspector inspector = new DeliveryInspector(registry, configuration);
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<Optional<InspectedDelivery>>> futures = new ArrayList<>();
            for (LandingFolder folder : folders) {
                futures.add(executor.submit(() -> inspector.inspectIfNew(folder, known)));
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

    /** What a base delivers once a night: a dataset's export of one date. */
    private record Slot(String dataset, String baseCode, LocalDate exportDate)
    {
        Slot
        {
            requireNonNull(dataset, "dataset is null");
            requireNonNull(baseCode, "baseCode is null");
            requireNonNull(exportDate, "exportDate is null");
        }
    }

    /**
     * The accepted delivery of each slot, the ledger read once: comparing every new delivery with
     * the whole ledger was quadratic in a catch-up onto a warehouse with history (39,000 new
     * deliveries against 39,000 recorded, a year onto a year).
     */
    private static Map<Slot, DeliveryLedger.Entry> acceptedBySlot(List<DeliveryLedger.Entry> known)
    {
        Map<Slot, DeliveryLedger.Entry> accepted = new HashMap<>();
        for (DeliveryLedger.Entry entry : known) {
            if (entry.status() == DeliveryStatus.ACCEPTED) {
                // the first in the ledger, as a search of it would find
                accepted.putIfAbsent(new Slot(entry.dataset(), entry.baseCode(), entry.exportDate()), entry);
            }
        }
        return accepted;
    }

    /**
     * Appends the deliveries' rows to bronze and returns the deliveries whose files changed after
     * inspection; their rows are deleted again, so bronze holds exactly the bytes that were verified.
     */
    private Set<String> writeBronze(DatasetContract contract, List<InspectedDelivery> deliveries, String runId, Timestamp ingestedAt)
    {
        List<BronzeLoader.FileTask> tasks = new ArrayList<>();
        for (InspectedDelivery delivery : deliveries) {
            List<ManifestFile> files = delivery.manifest().orElseThrow().files();
            for (int index = 0; index < files.size(); index++) {
                ManifestFile file = files.get(index);
                tasks.add(new BronzeLoader.FileTask(delivery.deliveryId(), delivery.folder().baseCode(), Date.valueOf(delivery.exportDate().orElseThrow()),
                        Timestamp.from(delivery.manifest().orElseThrow().exportedAt().toInstant()), delivery.folder().path(), file.name(),
                        LandingNames.file(index, file.name()), file.format(), file.encoding().name(), file.sha256()));
            }
        }
        BronzeLoader.Loaded loaded = BronzeLoader.load(warehouse.spark(), contract, tasks, pseudonymizer, runId, ingestedAt);
        String table = contract.dataset().tableName();
        // replaceWhere: rows a dead run left for these deliveries are replaced, not doubled
        warehouse.replaceWhere(Warehouse.BRONZE, table, loaded.rows(), BronzeLoader.deliveriesPredicate(
                deliveries.stream().map(delivery -> delivery.exportDate().orElseThrow()).toList(), deliveries.stream().map(InspectedDelivery::deliveryId).toList()));
        Set<String> changed = loaded.changed();
        if (!changed.isEmpty()) {
            List<InspectedDelivery> changedDeliveries = deliveries.stream().filter(delivery -> changed.contains(delivery.deliveryId())).toList();
            warehouse.table(Warehouse.BRONZE, table).delete(BronzeLoader.deliveriesPredicate(
                    changedDeliveries.stream().map(delivery -> delivery.exportDate().orElseThrow()).toList(), List.copyOf(changed)));
        }
        long rows = deliveries.stream().filter(delivery -> !changed.contains(delivery.deliveryId())).mapToLong(delivery -> delivery.receivedRows().orElse(0L)).sum();
        progress.accept("ingest: bronze.%s +%d rows from %d deliveries".formatted(table, rows, deliveries.size() - changed.size()));
        return changed;
    }

    private static DeliveryLedger.Entry toEntry(InspectedDelivery delivery, String runId, Instant now)
    {
        return new DeliveryLedger.Entry(
                delivery.deliveryId(),
                delivery.folder().shownDataset(),
                delivery.folder().shownBaseCode(),
                delivery.exportDate().orElse(null),
                delivery.manifest().map(manifest -> manifest.exportedAt().toInstant()).orElse(null),
                delivery.landedAt().orElse(null),
                delivery.folder().shownPath(),
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
