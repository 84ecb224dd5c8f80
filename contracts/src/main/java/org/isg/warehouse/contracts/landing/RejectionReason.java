package org.isg.warehouse.contracts.landing;

/**
 * Why a delivery was rejected whole (SPEC §2). The name is the code written to
 * {@code ops.deliveries.reason_code}.
 */
public enum RejectionReason
{
    MANIFEST_MISSING,
    MANIFEST_UNPARSABLE,
    MANIFEST_INVALID,
    MANIFEST_PATH_MISMATCH,
    UNKNOWN_DATASET,
    UNKNOWN_BASE,
    DATASET_NOT_EXPECTED_FROM_BASE,
    UNSUPPORTED_SCHEMA_VERSION,
    FILE_MISSING,
    CHECKSUM_MISMATCH,
    ROW_COUNT_MISMATCH,
    HEADER_MISMATCH,
    UNREADABLE_FILE,
    NOT_LATER_THAN_ACCEPTED
}
