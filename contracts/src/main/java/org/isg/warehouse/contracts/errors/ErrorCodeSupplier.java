package org.isg.warehouse.contracts.errors;

/** An enum of error codes: each module declares its own, numbered within their {@link ErrorType}. */
public interface ErrorCodeSupplier
{
    ErrorCode toErrorCode();
}
