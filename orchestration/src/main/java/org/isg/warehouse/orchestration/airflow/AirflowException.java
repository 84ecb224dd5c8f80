package org.isg.warehouse.orchestration.airflow;

import org.isg.warehouse.contracts.errors.ErrorCode;
import org.isg.warehouse.contracts.errors.ErrorCodeSupplier;
import org.isg.warehouse.contracts.errors.ErrorType;
import org.isg.warehouse.contracts.errors.IsgException;

import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * A call to Airflow that did not succeed, with a code that says what kind of failure it is and,
 * when the server answered, its HTTP status and the detail it gave.
 */
public final class AirflowException
        extends IsgException
{
    public enum Code
            implements ErrorCodeSupplier
    {
        /** No usable credentials, the login was refused, or the server refused the token (401). */
        AUTHENTICATION_FAILED(ErrorType.USER_ERROR, 0x100),
        /** The user may not do this (403). */
        PERMISSION_DENIED(ErrorType.USER_ERROR, 0x101),
        /** The DAG, run or asset does not exist (404). */
        NOT_FOUND(ErrorType.USER_ERROR, 0x102),
        /** The server refused the request as invalid (400, 409 that cannot be resolved, 422, other 4xx). */
        REQUEST_REJECTED(ErrorType.EXTERNAL, 0x100),
        /** The server kept failing (5xx) or could not be reached, after every retry. */
        SERVER_UNAVAILABLE(ErrorType.EXTERNAL, 0x101),
        /** A run did not finish within the time given to wait. */
        WAIT_TIMED_OUT(ErrorType.EXTERNAL, 0x102),
        /** The server answered something this client does not understand. */
        UNEXPECTED_RESPONSE(ErrorType.EXTERNAL, 0x103);

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
            return new ErrorCode(type.codeBase() + number, "AIRFLOW_" + name(), type);
        }
    }

    private final Code code;
    private final OptionalInt httpStatus;

    public AirflowException(Code code, OptionalInt httpStatus, String message, Throwable cause)
    {
        super(code, message, cause);
        this.code = code;
        this.httpStatus = requireNonNull(httpStatus, "httpStatus is null");
    }

    public AirflowException(Code code, String message)
    {
        this(code, OptionalInt.empty(), message, null);
    }

    public Code code()
    {
        return code;
    }

    public OptionalInt httpStatus()
    {
        return httpStatus;
    }
}
