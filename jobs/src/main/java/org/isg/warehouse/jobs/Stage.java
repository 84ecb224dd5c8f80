package org.isg.warehouse.jobs;

/**
 * The stages of a nightly run, in order. The Airflow DAG has one task per stage.
 */
public enum Stage
{
    /** landing → bronze: check each delivery against the landing contract, load accepted ones. */
    INGEST,
    /** bronze → silver: type, check every row with Deequ, quarantine failing rows, merge the rest. */
    REFINE,
    /** silver → gold: every catalogue indicator per base, month, quarter and year; performance scores; submission quality. */
    INDICATORS,
    /** Trino: schemas, every Delta table registered in catalog isg, the evaluator views (when a server runs for the warehouse). */
    PUBLISH;

    public String taskName()
    {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
