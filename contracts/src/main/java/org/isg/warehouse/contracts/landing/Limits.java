package org.isg.warehouse.contracts.landing;

/**
 * The sizes a delivery may not exceed (SPEC §2.2), so that reading one base's delivery takes bounded
 * memory whatever it holds. Over a delivery-level limit the delivery is rejected with its own
 * reason; a line or field over its limit makes the record malformed ({@code record.well_formed}).
 */
public final class Limits
{
    public static final long MANIFEST_BYTES = 1L << 20;
    public static final int FILES_PER_DELIVERY = 64;
    public static final long FILE_BYTES = 4L << 30;
    /** Characters of one physical line. */
    public static final int LINE_CHARACTERS = 1 << 20;
    /** Characters of one field. */
    public static final int FIELD_CHARACTERS = 64 << 10;

    private Limits() {}
}
