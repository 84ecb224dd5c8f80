package org.isg.warehouse.sql;

import org.isg.warehouse.contracts.errors.ErrorCode;
import org.isg.warehouse.contracts.errors.ErrorCodeSupplier;
import org.isg.warehouse.contracts.errors.ErrorType;
import org.isg.warehouse.contracts.errors.IsgException;

/** A serving failure, with a code saying which kind; the message is one line a person can act on. */
public final class TrinoException
        extends IsgException
{
    public enum Code
            implements ErrorCodeSupplier
    {
        /** No JDK 24 or later to run Trino 476, and none could be installed. */
        NO_JDK(ErrorType.USER_ERROR, 0x200),
        /** The Trino distribution could not be found or installed. */
        NO_DISTRIBUTION(ErrorType.EXTERNAL, 0x200),
        SERVER_DID_NOT_START(ErrorType.EXTERNAL, 0x201),
        /** No server runs for the warehouse: start it first. */
        SERVER_NOT_RUNNING(ErrorType.USER_ERROR, 0x201),
        PUBLISH_FAILED(ErrorType.EXTERNAL, 0x202),
        /** The release asked for is not in ops.releases, or none is recorded yet. */
        NO_SUCH_RELEASE(ErrorType.USER_ERROR, 0x202),
        /** A query of the assessment report failed. */
        REPORT_FAILED(ErrorType.EXTERNAL, 0x203),
        /** The port is held by another process, perhaps another warehouse's server: stop it or pick another port. */
        PORT_IN_USE(ErrorType.USER_ERROR, 0x203);

        private final ErrorType type;
        private final int number;

        Code(ErrorType type, int number)
        {
            this.type = type;
            this.number = number;
        }

        @Override
        public ErrorCode toErrorCode()
        {
            return new ErrorCode(type.codeBase() + number, "TRINO_" + name(), type);
        }
    }

    private final Code code;

    public TrinoException(Code code, String message)
    {
        this(code, message, null);
    }

    public TrinoException(Code code, String message, Throwable cause)
    {
        super(code, message, cause);
        this.code = code;
    }

    public Code code()
    {
        return code;
    }
}
