package org.isg.warehouse.pipeline.ingest;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.isg.warehouse.contracts.dataset.Dataset;
import org.isg.warehouse.contracts.landing.DeliveryRejectedException;
import org.isg.warehouse.contracts.landing.LandingNames;
import org.isg.warehouse.contracts.landing.Limits;
import org.isg.warehouse.contracts.landing.Manifest;
import org.isg.warehouse.contracts.landing.ManifestFile;
import org.isg.warehouse.contracts.landing.RecordReader;
import org.isg.warehouse.contracts.landing.RejectionReason;
import org.isg.warehouse.contracts.landing.Utf8Detector;
import org.isg.warehouse.contracts.registry.BaseRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Checks one delivery folder against the landing contract (SPEC §2): the manifest is present and
 * parsable and agrees with the folder, the dataset, base and schema version are known, the base is
 * expected to deliver the dataset, and every file exists with the declared SHA-256 and row count and
 * a header that matches the contract. Each file is read once: the checksum is computed while the
 * records are counted.
 */
public final class DeliveryInspector
{
    private final BaseRegistry registry;
    private final Configuration configuration;

    public DeliveryInspector(BaseRegistry registry, Configuration configuration)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.configuration = requireNonNull(configuration, "configuration is null");
    }

    /**
     * Inspects a delivery unless the ledger knows it ({@link KnownDeliveries}): its identity needs
     * only the manifest's bytes and the folder's listing.
     */
    public Optional<InspectedDelivery> inspectIfNew(LandingFolder folder, KnownDeliveries known)
    {
        try {
            Path path = new Path(folder.path());
            FileSystem fileSystem = path.getFileSystem(configuration);
            Path manifestPath = new Path(path, Manifest.FILE_NAME);
            if (folder.linked() || LandingLinks.isLink(fileSystem, manifestPath)) {
                return Optional.ofNullable(linked(folder, known));
            }
            FileStatus[] listing = fileSystem.listStatus(path);
            Arrays.sort(listing, (left, right) -> left.getPath().getName().compareTo(right.getPath().getName()));
            String content = content(listing);
            // A folder listed as an earlier attempt saw it is not read again: the nightly scan of settled folders lists them only
            if (known.knowsListing(folder.displayName(), content)) {
                return Optional.empty();
            }
            // an oversized manifest is not read: the delivery is known by its file names and sizes
            boolean manifestTooLarge = fileSystem.exists(manifestPath) && fileSystem.getFileStatus(manifestPath).getLen() > Limits.MANIFEST_BYTES;
            byte[] manifestBytes = fileSystem.exists(manifestPath) && !manifestTooLarge ? readAll(fileSystem, manifestPath) : null;
            String deliveryId = KnownDeliveries.deliveryId(folder.displayName(), declaration(listing, manifestBytes), content);
            // what the submission on-time rate goes by, not the exported_at the base declares (SPEC §4.1)
            Optional<Instant> landedAt = Arrays.stream(listing).map(file -> Instant.ofEpochMilli(file.getModificationTime())).max(Instant::compareTo);
            if (!known.needsInspection(deliveryId)) {
                return Optional.empty();
            }
            Optional<Dataset> dataset = Dataset.fromName(folder.datasetName());
            Optional<LocalDate> exportDate = parseDate(folder.exportDateText());
            InspectedDelivery unchecked = new InspectedDelivery(deliveryId, folder, dataset, exportDate, Optional.empty(),
                    Optional.of(RejectionReason.MANIFEST_INVALID), Optional.of("not inspected"), Optional.empty(), landedAt);
            try {
                if (manifestTooLarge) {
                    throw new DeliveryRejectedException(RejectionReason.MANIFEST_TOO_LARGE, "manifest.json is larger than %,d bytes".formatted(Limits.MANIFEST_BYTES));
                }
                return Optional.of(check(fileSystem, path, folder, deliveryId, dataset, exportDate, manifestBytes, landedAt));
            }
            catch (DeliveryRejectedException e) {
                return Optional.of(unchecked.rejected(e.reason(), e.getMessage()));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot inspect delivery " + folder.displayName(), e);
        }
    }

    /**
     * A delivery behind a link, rejected without reading anything the link points to; its identity
     * is its path, so it is recorded once.
     */
    private static InspectedDelivery linked(LandingFolder folder, KnownDeliveries known)
    {
        String deliveryId = folder.displayName() + "/" + HexFormat.of().formatHex(sha256().digest(("link:" + folder.path()).getBytes(UTF_8))).substring(0, 12);
        if (!known.needsInspection(deliveryId)) {
            return null;
        }
        return new InspectedDelivery(deliveryId, folder, Dataset.fromName(folder.datasetName()), parseDate(folder.exportDateText()), Optional.empty(),
                Optional.of(RejectionReason.LINK_NOT_ALLOWED), Optional.of("the delivery folder, a folder above it or manifest.json is a link; links are not followed"),
                Optional.empty(), Optional.empty());
    }

    private InspectedDelivery check(FileSystem fileSystem, Path path, LandingFolder folder, String deliveryId, Optional<Dataset> dataset,
            Optional<LocalDate> exportDate, byte[] manifestBytes, Optional<Instant> landedAt)
            throws IOException, DeliveryRejectedException
    {
        if (dataset.isEmpty()) {
            throw new DeliveryRejectedException(RejectionReason.UNKNOWN_DATASET, "the dataset folder is not one of the contract's datasets");
        }
        if (registry.base(folder.baseCode()).isEmpty()) {
            throw new DeliveryRejectedException(RejectionReason.UNKNOWN_BASE, "the base folder is not a base code of the registry");
        }
        if (exportDate.isEmpty()) {
            throw new DeliveryRejectedException(RejectionReason.MANIFEST_PATH_MISMATCH, "the export-date folder is not a date (yyyy-MM-dd)");
        }
        if (!registry.mayDeliver(folder.baseCode(), dataset.get())) {
            throw new DeliveryRejectedException(RejectionReason.DATASET_NOT_EXPECTED_FROM_BASE,
                    "base " + folder.shownBaseCode() + " is not expected to deliver " + folder.shownDataset() + " (expected-deliveries-v1)");
        }
        if (manifestBytes == null) {
            throw new DeliveryRejectedException(RejectionReason.MANIFEST_MISSING, "manifest.json is missing");
        }
        Manifest manifest = Manifest.parse(manifestBytes);
        if (!manifest.dataset().equals(folder.datasetName()) || !manifest.baseCode().equals(folder.baseCode()) || !manifest.exportDate().equals(exportDate.get())) {
            List<String> differing = new ArrayList<>();
            if (!manifest.dataset().equals(folder.datasetName())) {
                differing.add("dataset");
            }
            if (!manifest.baseCode().equals(folder.baseCode())) {
                differing.add("base_code");
            }
            if (!manifest.exportDate().equals(exportDate.get())) {
                differing.add("export_date");
            }
            // the manifest's values are the base's text: only which fields differ is reported
            throw new DeliveryRejectedException(RejectionReason.MANIFEST_PATH_MISMATCH, "manifest.json's " + String.join(", ", differing) + " differ from the delivery's folder");
        }
        if (manifest.schemaVersion() != dataset.get().contract().schemaVersion()) {
            throw new DeliveryRejectedException(RejectionReason.UNSUPPORTED_SCHEMA_VERSION,
                    "schema_version " + manifest.schemaVersion() + " is not supported (supported: " + dataset.get().contract().schemaVersion() + ")");
        }
        long received = 0;
        for (int index = 0; index < manifest.files().size(); index++) {
            received += checkFile(fileSystem, path, dataset.get(), manifest.files().get(index), LandingNames.file(index, manifest.files().get(index).name()));
        }
        return new InspectedDelivery(deliveryId, folder, dataset, exportDate, Optional.of(manifest), Optional.empty(), Optional.empty(), Optional.of(received), landedAt);
    }

    /** @param shownName the file as messages name it ({@link LandingNames#file}) */
    private static long checkFile(FileSystem fileSystem, Path folder, Dataset dataset, ManifestFile file, String shownName)
            throws IOException, DeliveryRejectedException
    {
        Path path = new Path(folder, file.name());
        if (!fileSystem.exists(path) && !LandingLinks.isLink(fileSystem, path)) {
            throw new DeliveryRejectedException(RejectionReason.FILE_MISSING, "file " + shownName + " named in manifest.json is missing");
        }
        if (LandingLinks.isLink(fileSystem, path)) {
            throw new DeliveryRejectedException(RejectionReason.LINK_NOT_ALLOWED, "file " + shownName + " is a link; links are not followed");
        }
        if (fileSystem.getFileStatus(path).getLen() > Limits.FILE_BYTES) {
            throw new DeliveryRejectedException(RejectionReason.FILE_TOO_LARGE, "file %s is larger than %,d bytes".formatted(shownName, Limits.FILE_BYTES));
        }
        MessageDigest digest = sha256();
        long records = 0;
        DeliveryRejectedException readProblem = null;
        Utf8Detector utf8 = new Utf8Detector();
        try (InputStream input = new java.io.FilterInputStream(new DigestInputStream(fileSystem.open(path), digest))
        {
            // every byte read, by the reader or the drain below, also goes by the UTF-8 detector
            @Override
            public int read()
                    throws IOException
            {
                int value = super.read();
                if (value >= 0) {
                    utf8.write(value);
                }
                return value;
            }

            @Override
            public int read(byte[] buffer, int offset, int length)
                    throws IOException
            {
                int count = super.read(buffer, offset, length);
                if (count > 0) {
                    utf8.write(buffer, offset, count);
                }
                return count;
            }
        }) {
            try {
                // The reader must not close the stream: what it leaves unread still counts for the checksum
                InputStream notClosing = new java.io.FilterInputStream(input)
                {
                    @Override
                    public void close() {}
                };
                records = RecordReader.countRecords(shownName, file.format(), notClosing, file.encoding(), dataset.contract().columnNames());
            }
            catch (DeliveryRejectedException e) {
                readProblem = e;
            }
            input.transferTo(java.io.OutputStream.nullOutputStream());
        }
        // A wrong checksum explains any other problem with the file's content, so it is reported first
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(file.sha256())) {
            // the actual hash is not reported: it would tell a base the hash of whatever the file is
            throw new DeliveryRejectedException(RejectionReason.CHECKSUM_MISMATCH, "file %s: its SHA-256 differs from the one manifest.json declares".formatted(shownName));
        }
        if (file.encoding().equals(Manifest.GB18030) && utf8.isNonAsciiUtf8()) {
            throw new DeliveryRejectedException(RejectionReason.ENCODING_MISMATCH, "file %s is declared GB18030 but its bytes are UTF-8".formatted(shownName));
        }
        if (readProblem != null) {
            throw readProblem;
        }
        if (records != file.rows()) {
            throw new DeliveryRejectedException(RejectionReason.ROW_COUNT_MISMATCH,
                    "file %s: %d records, manifest.json declares %d".formatted(shownName, records, file.rows()));
        }
        return records;
    }

    /**
     * What the base declared: its manifest's bytes, or, without a manifest, its file names and sizes.
     * A re-delivery with any change gets a new declaration; an identical one does not.
     */
    private static String declaration(FileStatus[] listing, byte[] manifestBytes)
    {
        MessageDigest digest = sha256();
        if (manifestBytes != null) {
            digest.update(manifestBytes);
        }
        else {
            for (FileStatus file : listing) {
                digest.update((file.getPath().getName() + ":" + file.getLen() + "\n").getBytes(UTF_8));
            }
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    }

    /** What the folder holds now, without reading it: every file's name, size and modification time. */
    private static String content(FileStatus[] listing)
    {
        MessageDigest digest = sha256();
        for (FileStatus file : listing) {
            digest.update((file.getPath().getName() + ":" + file.getLen() + ":" + file.getModificationTime() + "\n").getBytes(UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 8);
    }

    private static byte[] readAll(FileSystem fileSystem, Path path)
            throws IOException
    {
        try (InputStream input = fileSystem.open(path)) {
            return input.readAllBytes();
        }
    }

    private static Optional<LocalDate> parseDate(String text)
    {
        try {
            return Optional.of(LocalDate.parse(text));
        }
        catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A fresh SHA-256 digest: the hash of the landing contract, for inspection and for the loader's re-check. */
    static MessageDigest sha256()
    {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
