package org.isg.warehouse.orchestration.airflow;

import java.util.Locale;

/** Airflow's {@code DagRunState}. */
public enum DagRunState
{
    QUEUED,
    RUNNING,
    SUCCESS,
    FAILED;

    public boolean isFinished()
    {
        return switch (this) {
            case QUEUED, RUNNING -> false;
            case SUCCESS, FAILED -> true;
        };
    }

    public String apiName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DagRunState fromApiName(String name)
    {
        for (DagRunState state : values()) {
            if (state.apiName().equals(name)) {
                return state;
            }
        }
        throw new AirflowException(AirflowException.Code.UNEXPECTED_RESPONSE, "unknown DAG run state: " + name);
    }
}
