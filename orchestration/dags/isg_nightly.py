"""ISG Warehouse nightly run (Airflow 3).

Runs at 02:00 Asia/Shanghai and processes the *previous* China day explicitly: in Airflow 3 a cron
run's logical date is its trigger time, so the night is derived from the data interval's end, not
taken from ``ds``. One task per stage of the Java pipeline, in the pipeline's order; the stage list
must equal ``org.isg.warehouse.pipeline.Stage`` (a Java test loads this file in the pinned Airflow and
fails when they disagree). Each task is one ``spark-submit`` of the thin application jar,
idempotent per date: rerunning a task or the whole night for the same date changes nothing that is
already done.

Connections and variables (docs/operations.md):
- ``spark_default`` (Spark connection): master URL of the cluster (``spark://…``, ``yarn``,
  ``k8s://…``) and deploy mode; extra ``{"spark-binary": "spark-submit"}``.
- Variables ``isg_application_jar``, ``isg_landing``, ``isg_warehouse`` and
  ``isg_pseudonym_key_file`` (a file readable by the Spark driver, never the key itself); optional
  ``isg_trino_*`` for the publish stage (below).
- Environment: ``ISG_AIRFLOW_TASK_RETRIES`` (default 2) where the DAG is parsed and run.
"""
from __future__ import annotations

import os

import pendulum
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.sdk import DAG, Asset

CHINA = pendulum.timezone("Asia/Shanghai")

# The pipeline's stages, in order: org.isg.warehouse.pipeline.Stage (the test keeps them in step)
STAGES = ["ingest", "refine", "indicators", "publish"]

# Tables each stage updates, as Airflow assets (outlets): consumers can schedule on gold updates
GOLD_ASSETS = [
    Asset(uri="isg://warehouse/gold/indicator_values", name="isg_gold_indicator_values"),
    Asset(uri="isg://warehouse/gold/base_scores", name="isg_gold_base_scores"),
    Asset(uri="isg://warehouse/gold/submission_quality", name="isg_gold_submission_quality"),
]

# The China day before the run: the data interval ends at the trigger time (02:00 China time)
NIGHT = "{{ data_interval_end.in_timezone('Asia/Shanghai').subtract(days=1).strftime('%Y-%m-%d') }}"
RUN_ID = "{{ run_id }}"

# Where the publish stage publishes (docs/operations.md): the optional variables isg_trino_url
# (jdbc:trino://host:port/isg?SSL=true), isg_trino_user, isg_trino_password, isg_trino_truststore and
# isg_trino_truststore_password, passed as environment variables of the spark-submit (never on its
# command line). Unset, the stage publishes only to a Trino running beside the Spark driver.
TRINO_ENVIRONMENT = {
    "ISG_TRINO_URL": "{{ var.value.get('isg_trino_url', '') }}",
    "ISG_TRINO_USER": "{{ var.value.get('isg_trino_user', '') }}",
    "ISG_TRINO_PASSWORD": "{{ var.value.get('isg_trino_password', '') }}",
    "ISG_TRINO_TRUSTSTORE": "{{ var.value.get('isg_trino_truststore', '') }}",
    "ISG_TRINO_TRUSTSTORE_PASSWORD": "{{ var.value.get('isg_trino_truststore_password', '') }}",
}

# Retries of a failed stage. A local Airflow (./isg airflow local, the tests) sets 0 so that a failure
# shows at once instead of after 10 + 20 minutes of retry delays.
RETRIES = int(os.environ.get("ISG_AIRFLOW_TASK_RETRIES", "2"))

with DAG(
    dag_id="isg_nightly",
    description="ISG Warehouse: ingest, refine, indicators, publish for the previous China day",
    schedule="0 2 * * *",
    start_date=pendulum.datetime(2026, 11, 1, tz=CHINA),
    catchup=False,
    max_active_runs=1,
    default_args={
        "retries": RETRIES,
        "retry_delay": pendulum.duration(minutes=10),
        "retry_exponential_backoff": True,
    },
    tags=["isg", "warehouse"],
) as dag:
    previous = None
    for stage in STAGES:
        task = SparkSubmitOperator(
            task_id=stage,
            conn_id="spark_default",
            application="{{ var.value.isg_application_jar }}",
            java_class="org.isg.warehouse.pipeline.PipelineCommand",
            application_args=[
                "stage", stage,
                "--landing", "{{ var.value.isg_landing }}",
                "--warehouse", "{{ var.value.isg_warehouse }}",
                "--date", NIGHT,
                "--run-id", RUN_ID,
                "--key-file", "{{ var.value.isg_pseudonym_key_file }}",
            ],
            env_vars=TRINO_ENVIRONMENT if stage == "publish" else None,
            name=f"isg-{stage}",
            outlets=GOLD_ASSETS if stage == "indicators" else [],
        )
        if previous is not None:
            previous >> task
        previous = task
