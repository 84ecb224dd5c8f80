package org.isg.warehouse.contracts.errors;

import java.util.Optional;

/**
 * How a failure is reported: its code and a message safe to store and print. A failure that is not
 * an {@link IsgException} (Spark's, the JDK's) is {@link StandardErrorCode#GENERIC_INTERNAL_ERROR};
 * its message is not ours and might quote data, so only its class is reported. Nothing keeps the
 * rest unless asked: {@code ISG_DEBUG=1} makes the command line print the stack trace, and the
 * message says so (it had said a stage's log held the details, which no log did).
 */
public final class Failures
{
    private Failures() {}

    /** The first {@link IsgException} in the cause chain. */
    public static Optional<IsgException> coded(Throwable failure)
    {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IsgException coded) {
                return Optional.of(coded);
            }
        }
        return Optional.empty();
    }

    public static ErrorCode errorCode(Throwable failure)
    {
        return coded(failure).map(IsgException::errorCode).orElse(StandardErrorCode.GENERIC_INTERNAL_ERROR.toErrorCode());
    }

    /** The message to store and print: the coded failure's first line, or the class of an uncoded one. */
    public static String safeMessage(Throwable failure)
    {
        return coded(failure)
                .map(coded -> coded.getMessage().lines().findFirst().orElse(""))
                .orElseGet(() -> "unexpected " + failure.getClass().getName() + "; run the stage again with ISG_DEBUG=1 to print its stack trace");
    }

    /** One line for a person: {@code [CODE] message}. */
    public static String oneLine(Throwable failure)
    {
        return "[" + errorCode(failure).name() + "] " + safeMessage(failure);
    }
}
