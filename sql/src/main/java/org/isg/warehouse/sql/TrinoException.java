package org.isg.warehouse.sql;

import static java.util.Objects.requireNonNull;

/** A serving failure, with a code saying which kind; the message is one line a person can act on. */
public final class TrinoException
        extends RuntimeException
{
    public enum Code
    {
        NO_JDK,
        NO_DISTRIBUTION,
        SERVER_DID_NOT_START,
        SERVER_NOT_RUNNING,
        PUBLISH_FAILED,
    }

    private final Code code;

    public TrinoException(Code code, String message)
    {
        this(code, message, null);
    }

    public TrinoException(Code code, String message, Throwable cause)
    {
        super(message, cause);
        this.code = requireNonNull(code, "code is null");
    }

    public Code code()
    {
        return code;
    }
}
