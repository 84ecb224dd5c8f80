package org.isg.warehouse.pipeline.ingest;

import org.isg.warehouse.contracts.landing.RejectionReason;
import org.isg.warehouse.pipeline.ops.DeliveryLedger;
import org.isg.warehouse.pipeline.ops.DeliveryStatus;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What {@code ops.deliveries} already knows, to decide whether a delivery folder is inspected.
 * <p>
 * A delivery id is {@code <dataset>/<base>/<export_date>/<declaration>.<content>}: the declaration
 * is the first 12 hex digits of the manifest's SHA-256 (what the base declared), the content 8 hex
 * digits of the folder's listing (every file's name, size and modification time). A declaration is
 * <em>settled</em> once one of its attempts was accepted or rejected for what its content is; a
 * delivery whose every attempt was rejected as incomplete ({@link RejectionReason#incomplete()}: a
 * file missing, short, still changing) is inspected again as soon as its content changes, so an
 * upload that was caught half-way is loaded once it completes. Every attempt keeps its ledger row.
 */
public record KnownDeliveries(Set<String> ids, Set<String> settledDeclarations, Set<String> listings)
{
    private static final char CONTENT_SEPARATOR = '.';

    /**
     * @param listings every recorded attempt's folder and content part ({@link #listing}): a folder
     *         whose listing is one of these holds what an attempt was decided on, and is not read again
     */
    public KnownDeliveries
    {
        ids = Set.copyOf(requireNonNull(ids, "ids is null"));
        settledDeclarations = Set.copyOf(requireNonNull(settledDeclarations, "settledDeclarations is null"));
        listings = Set.copyOf(requireNonNull(listings, "listings is null"));
    }

    public static KnownDeliveries of(List<DeliveryLedger.Entry> entries)
    {
        Set<String> ids = new HashSet<>();
        Set<String> settled = new HashSet<>();
        Set<String> listings = new HashSet<>();
        for (DeliveryLedger.Entry entry : entries) {
            ids.add(entry.deliveryId());
            int separator = contentSeparator(entry.deliveryId());
            if (separator >= 0) {
                listings.add(listing(entry.deliveryId().substring(0, entry.deliveryId().lastIndexOf('/')), entry.deliveryId().substring(separator + 1)));
            }
            boolean incomplete = entry.status() == DeliveryStatus.REJECTED && entry.reasonCode() != null && RejectionReason.valueOf(entry.reasonCode()).incomplete();
            if (!incomplete) {
                settled.add(declaration(entry.deliveryId()));
            }
        }
        return new KnownDeliveries(ids, settled, listings);
    }

    public static String deliveryId(String displayName, String declaration, String content)
    {
        return displayName + "/" + declaration + CONTENT_SEPARATOR + content;
    }

    /** The id without its content part: the same for every attempt at one manifest. */
    public static String declaration(String deliveryId)
    {
        int separator = contentSeparator(deliveryId);
        return separator < 0 ? deliveryId : deliveryId.substring(0, separator);
    }

    /** Where the content part of an id starts (after the last folder), or -1: a linked folder's id has none. */
    private static int contentSeparator(String deliveryId)
    {
        return deliveryId.indexOf(CONTENT_SEPARATOR, deliveryId.lastIndexOf('/') + 1);
    }

    /** A folder's listing as the ledger knows it: its display name and the content part of an id. */
    public static String listing(String displayName, String content)
    {
        return displayName + "/" + content;
    }

    /**
     * Whether an attempt was recorded for this folder with exactly this listing (every file's name,
     * size and modification time): its manifest need not be read to know the delivery is not new.
     */
    public boolean knowsListing(String displayName, String content)
    {
        return listings.contains(listing(displayName, content));
    }

    public boolean needsInspection(String deliveryId)
    {
        return !ids.contains(deliveryId) && !settledDeclarations.contains(declaration(deliveryId));
    }
}
