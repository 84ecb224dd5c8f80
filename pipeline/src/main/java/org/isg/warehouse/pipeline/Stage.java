package org.isg.warehouse.pipeline;

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

    /** The stage's name on the command line and as the Airflow task id. */
    public String taskName()
    {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Stage fromTaskName(String taskName)
    {
        for (Stage stage : values()) {
            if (stage.taskName().equals(taskName)) {
                return stage;
            }
        }
        throw new IllegalArgumentException("unknown stage '%s'; stages: %s".formatted(taskName,
                String.join(", ", java.util.Arrays.stream(values()).map(Stage::taskName).toList())));
    }
}
