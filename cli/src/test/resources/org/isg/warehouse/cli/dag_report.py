"""What the installed Airflow makes of a DAG folder, as JSON: import errors, tasks and their order,
the timetable, and for each probe instant the next scheduled run with the application arguments the
tasks render for it. Arguments: DAG folder, DAG id, probe instants (ISO-8601, UTC)."""
import json
import sys

import pendulum
from airflow.dag_processing.dagbag import DagBag
from airflow.serialization.decoders import decode_timetable
from airflow.serialization.encoders import encode_timetable
from airflow.timetables.base import DataInterval, TimeRestriction

VARIABLES = {"isg_application_jar": "/jar", "isg_landing": "/landing", "isg_warehouse": "/warehouse", "isg_pseudonym_key_file": "/key",
             "isg_trino_url": "jdbc:trino://trino:8443/isg?SSL=true", "isg_trino_password": "secret"}

folder, dag_id, probes = sys.argv[1], sys.argv[2], sys.argv[3:]
bag = DagBag(dag_folder=folder)
report = {"import_errors": {path: str(error) for path, error in bag.import_errors.items()}, "dag_ids": sorted(bag.dag_ids)}
dag = bag.dags.get(dag_id)
if dag is not None:
    timetable = dag.timetable
    # The scheduler's own timetable, decoded from what the DAG processor serialises
    scheduler_timetable = decode_timetable(encode_timetable(timetable))
    environment = dag.get_template_env()
    report.update({
        "task_order": [task.task_id for task in dag.topological_sort()],
        "upstream": {task.task_id: sorted(task.upstream_task_ids) for task in dag.tasks},
        "operators": {task.task_id: type(task).__name__ for task in dag.tasks},
        "java_class": {task.task_id: task._java_class for task in dag.tasks},
        "conn_id": {task.task_id: task._conn_id for task in dag.tasks},
        "application": {task.task_id: environment.from_string(task.application).render(var={"value": VARIABLES}) for task in dag.tasks},
        "retries": {task.task_id: task.retries for task in dag.tasks},
        "outlets": {task.task_id: [outlet.uri for outlet in task.outlets] for task in dag.tasks},
        "timetable": type(scheduler_timetable).__name__,
        "cron": timetable.expression,
        "timezone": str(timetable.timezone),
        "max_active_runs": dag.max_active_runs,
        "catchup": dag.catchup,
        "runs": [],
    })
    for probe in probes:
        at = pendulum.parse(probe)
        info = scheduler_timetable.next_dagrun_info(
            last_automated_data_interval=DataInterval(at, at),
            restriction=TimeRestriction(earliest=None, latest=None, catchup=True))
        context = {"data_interval_start": info.data_interval.start, "data_interval_end": info.data_interval.end,
                   "run_id": "probe_run", "var": {"value": VARIABLES}}
        report["runs"].append({
            "after": probe,
            "run_after": info.run_after.in_timezone("UTC").isoformat(),
            "arguments": {task.task_id: [environment.from_string(argument).render(**context) for argument in task.application_args] for task in dag.tasks},
            "environment": {task.task_id: {name: environment.from_string(value).render(**context) for name, value in (task.env_vars or {}).items()}
                            for task in dag.tasks},
        })
print("ISG-DAG-REPORT " + json.dumps(report))
