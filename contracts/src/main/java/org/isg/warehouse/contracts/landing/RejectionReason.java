package org.isg.warehouse.contracts.landing;

import org.isg.warehouse.contracts.errors.ErrorCode;
import org.isg.warehouse.contracts.errors.ErrorCodeSupplier;
import org.isg.warehouse.contracts.errors.ErrorType;

/**
 * Why a delivery was rejected whole (SPEC §2). The name is the code written to
 * {@code ops.deliveries.reason_code}; every reason is a {@link ErrorType#BAD_DELIVERY}, numbered once and
 * for all (a new reason takes the next number).
 */
public enum RejectionReason
        implements ErrorCodeSupplier
{
    MANIFEST_MISSING(1),
    MANIFEST_UNPARSABLE(2),
    MANIFEST_INVALID(3),
    MANIFEST_PATH_MISMATCH(4),
    UNKNOWN_DATASET(5),
    UNKNOWN_BASE(6),
    DATASET_NOT_EXPECTED_FROM_BASE(7),
    UNSUPPORTED_SCHEMA_VERSION(8),
    FILE_MISSING(9),
    CHECKSUM_MISMATCH(10),
    ROW_COUNT_MISMATCH(11),
    HEADER_MISMATCH(12),
    UNREADABLE_FILE(13),
    NOT_LATER_THAN_ACCEPTED(14),
    /** The delivery folder, a folder above it, its manifest or a data file is a link: links are never followed. */
    LINK_NOT_ALLOWED(15),
    /** A file's bytes are not in the encoding the manifest declares (UTF-8 bytes declared GB18030; the reverse is UNREADABLE_FILE). */
    ENCODING_MISMATCH(16),
    /** manifest.json is larger than {@link Limits#MANIFEST_BYTES}: not read. */
    MANIFEST_TOO_LARGE(17),
    /** The manifest lists more than {@link Limits#FILES_PER_DELIVERY} files. */
    TOO_MANY_FILES(18),
    /** A data file is larger than {@link Limits#FILE_BYTES}: not read. */
    FILE_TOO_LARGE(19),
    /** A file's bytes when loaded differ from those verified: it changed after inspection (an upload still running). */
    CHANGED_AFTER_INSPECTION(20);

    private final int number;

    RejectionReason(int number)
    {
        this.number = number;
    }

    /**
     * Whether the rejection says the delivery was still arriving: its files incomplete, missing or
     * changing. Such a delivery is inspected again once its content changes; any other rejection is
     * a verdict on content that stays.
     */
    public boolean incomplete()
    {
        return switch (this) {
            case MANIFEST_MISSING, MANIFEST_UNPARSABLE, FILE_MISSING, CHECKSUM_MISMATCH, ROW_COUNT_MISMATCH, CHANGED_AFTER_INSPECTION -> true;
            case MANIFEST_INVALID, MANIFEST_PATH_MISMATCH, UNKNOWN_DATASET, UNKNOWN_BASE, DATASET_NOT_EXPECTED_FROM_BASE, UNSUPPORTED_SCHEMA_VERSION,
                    HEADER_MISMATCH, UNREADABLE_FILE, NOT_LATER_THAN_ACCEPTED, LINK_NOT_ALLOWED, ENCODING_MISMATCH, MANIFEST_TOO_LARGE, TOO_MANY_FILES,
                    FILE_TOO_LARGE -> false;
        };
    }

    @Override
    public ErrorCode toErrorCode()
    {
        return new ErrorCode(ErrorType.BAD_DELIVERY.codeBase() + number, name(), ErrorType.BAD_DELIVERY);
    }
}
