package org.isg.warehouse.orchestration.airflow;

import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * A call to Airflow that did not succeed, with a code that says what kind of failure it is and,
 * when the server answered, its HTTP status and the detail it gave.
 */
public final class AirflowException
        extends RuntimeException
{
    public enum ErrorCode
    {
        /** No usable credentials, the login was refused, or the server refused the token (401). */
        AUTHENTICATION_FAILED,
        /** The user may not do this (403). */
        PERMISSION_DENIED,
        /** The DAG, run or asset does not exist (404). */
        NOT_FOUND,
        /** The server refused the request as invalid (400, 409 that cannot be resolved, 422, other 4xx). */
        REQUEST_REJECTED,
        /** The server kept failing (5xx) or could not be reached, after every retry. */
        SERVER_UNAVAILABLE,
        /** A run did not finish within the time given to wait. */
        WAIT_TIMED_OUT,
        /** The server answered something this client does not understand. */
        UNEXPECTED_RESPONSE,
    }

    private final ErrorCode errorCode;
    private final OptionalInt httpStatus;

    public AirflowException(ErrorCode errorCode, OptionalInt httpStatus, String message, Throwable cause)
    {
        super(requireNonNull(message, "message is null"), cause);
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
        this.httpStatus = requireNonNull(httpStatus, "httpStatus is null");
    }

    public AirflowException(ErrorCode errorCode, String message)
    {
        this(errorCode, OptionalInt.empty(), message, null);
    }

    public ErrorCode errorCode()
    {
        return errorCode;
    }

    public OptionalInt httpStatus()
    {
        return httpStatus;
    }
}
