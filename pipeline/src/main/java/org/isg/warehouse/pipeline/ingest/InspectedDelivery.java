package org.isg.warehouse.pipeline.ingest;

import org.isg.warehouse.contracts.dataset.Dataset;
import org.isg.warehouse.contracts.landing.Manifest;
import org.isg.warehouse.contracts.landing.RejectionReason;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A delivery after its landing-contract checks: accepted (with its manifest) or rejected (with the
 * reason).
 *
 * @param deliveryId {@code <dataset>/<base>/<export_date>/<first 12 hex of the manifest's SHA-256>}
 * @param receivedRows records found in the files, when they could be read
 * @param landedAt when its files reached the landing: the latest last-modified time among them
 */
public record InspectedDelivery(
        String deliveryId,
        LandingFolder folder,
        Optional<Dataset> dataset,
        Optional<LocalDate> exportDate,
        Optional<Manifest> manifest,
        Optional<RejectionReason> rejection,
        Optional<String> rejectionMessage,
        Optional<Long> receivedRows,
        Optional<Instant> landedAt)
{
    public InspectedDelivery
    {
        requireNonNull(deliveryId, "deliveryId is null");
        requireNonNull(folder, "folder is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(exportDate, "exportDate is null");
        requireNonNull(manifest, "manifest is null");
        requireNonNull(rejection, "rejection is null");
        requireNonNull(rejectionMessage, "rejectionMessage is null");
        requireNonNull(receivedRows, "receivedRows is null");
        requireNonNull(landedAt, "landedAt is null");
        if (rejection.isEmpty() && (manifest.isEmpty() || dataset.isEmpty())) {
            throw new IllegalArgumentException("an accepted delivery has a manifest and a known dataset");
        }
    }

    public boolean accepted()
    {
        return rejection.isEmpty();
    }

    public InspectedDelivery rejected(RejectionReason reason, String message)
    {
        return new InspectedDelivery(deliveryId, folder, dataset, exportDate, manifest, Optional.of(reason), Optional.of(message), receivedRows, landedAt);
    }
}
