package org.isg.warehouse.contracts.landing;

import static java.util.Objects.requireNonNull;

/**
 * A delivery breaks the landing contract and is rejected whole. The message names the file and,
 * where there is one, the line; it never quotes field values, which may be personal identifiers.
 */
public class DeliveryRejectedException
        extends Exception
{
    private final RejectionReason reason;

    public DeliveryRejectedException(RejectionReason reason, String message)
    {
        super(requireNonNull(message, "message is null"));
        this.reason = requireNonNull(reason, "reason is null");
    }

    public RejectionReason reason()
    {
        return reason;
    }
}
