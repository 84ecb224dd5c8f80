package org.isg.warehouse.contracts.errors;

import static org.isg.warehouse.contracts.errors.ErrorType.EXTERNAL;
import static org.isg.warehouse.contracts.errors.ErrorType.INTERNAL_ERROR;
import static org.isg.warehouse.contracts.errors.ErrorType.USER_ERROR;

/**
 * The error codes of the pipeline and the command line. Codes are stable: add new ones at the end
 * of their type, never renumber. (Delivery rejections are {@code RejectionReason}, Trino's and
 * Airflow's failures {@code TrinoException.Code} and {@code AirflowException.ErrorCode}.)
 */
public enum StandardErrorCode
        implements ErrorCodeSupplier
{
    /** An option or argument is not acceptable. */
    INVALID_ARGUMENT(USER_ERROR, 1),
    /** No usable pseudonym key: personal identifiers are never written without one. */
    PSEUDONYM_KEY_MISSING(USER_ERROR, 2),
    /** The indicator catalogue cannot be used. */
    INVALID_CATALOGUE(USER_ERROR, 3),
    /** Another run holds the warehouse: runs of one warehouse never overlap. */
    RUN_IN_PROGRESS(USER_ERROR, 4),

    /** An unexpected failure: a defect of ours. */
    GENERIC_INTERNAL_ERROR(INTERNAL_ERROR, 1),
    /** A test's fault-injection point fired (only under test). */
    FAULT_INJECTED(INTERNAL_ERROR, 2),
    /** The rows a job was about to write differ from their table's declaration. */
    TABLE_DECLARATION_MISMATCH(INTERNAL_ERROR, 3),

    /** A delivered file changed between its check and its load. */
    DELIVERY_CHANGED_DURING_RUN(EXTERNAL, 1),
    /** Reading or writing the landing area or the warehouse failed. */
    STORAGE_FAILED(EXTERNAL, 2),
    /** Spark failed the job. */
    SPARK_JOB_FAILED(EXTERNAL, 3);

    private final ErrorType type;
    private final int number;

    StandardErrorCode(ErrorType type, int number)
    {
        this.type = type;
        this.number = number;
    }

    @Override
    public ErrorCode toErrorCode()
    {
        return new ErrorCode(type.codeBase() + number, name(), type);
    }
}
