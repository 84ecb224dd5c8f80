package org.isg.warehouse.contracts.errors;

import static java.util.Objects.requireNonNull;

/**
 * A failure with an {@link ErrorCode}. Its message is ours: it names runs, deliveries, files, lines,
 * columns, rules and counts, and never repeats delivered content, so it may be stored in
 * {@code ops.runs} and printed.
 */
public class IsgException
        extends RuntimeException
{
    private final ErrorCode errorCode;

    public IsgException(ErrorCodeSupplier errorCode, String message)
    {
        this(errorCode, message, null);
    }

    public IsgException(ErrorCodeSupplier errorCode, String message, Throwable cause)
    {
        super(requireNonNull(message, "message is null"), cause);
        this.errorCode = requireNonNull(errorCode, "errorCode is null").toErrorCode();
    }

    public ErrorCode errorCode()
    {
        return errorCode;
    }
}
