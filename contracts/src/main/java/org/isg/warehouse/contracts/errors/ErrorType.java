package org.isg.warehouse.contracts.errors;

/**
 * Who has to act on an error, in the manner of Trino's {@code ErrorType}.
 */
public enum ErrorType
{
    /** The person running the command: a wrong option, a missing key or setting. Fix the call and run again. */
    USER_ERROR(0x0000_0000),
    /** A base's delivery breaks the landing contract. The night goes on; the base delivers again. */
    BAD_DELIVERY(0x0001_0000),
    /** A defect of ISG Warehouse itself. Report it with the run id. */
    INTERNAL_ERROR(0x0002_0000),
    /** A system we depend on (Trino, Airflow, the file system, the cluster) failed. Retrying may help. */
    EXTERNAL(0x0003_0000);

    private final int codeBase;

    ErrorType(int codeBase)
    {
        this.codeBase = codeBase;
    }

    /** The first code of the type: codes of a type are its base plus a number within it. */
    public int codeBase()
    {
        return codeBase;
    }
}
