"""Nightly FGSM robustness audit of a production image model, as an Airflow DAG.

    audit  ->  compare (the gate)  ->  report
       \\->  retain

* audit:   scores every image at every epsilon and writes the run, named after the schedule date ({{ ds }}), so a
           rerun of a night replaces that night's run. It also writes the run's own report.
* compare: the gate. Exit status 3 when accuracy at some epsilon dropped more than MAX_DROP against the previous
           succeeded run: the task, and so the DAG run, fails. Runs in client mode so that spark-submit returns
           the command's own status.
* report:  after a passed gate, the night's report at a stable address (REPORT_URI) for dashboards.
* retain:  deletes runs older than KEEP_DAYS days, whatever the gate said (the newest two are always kept).

Needs apache-airflow-providers-apache-spark, the application jar and gpu-discovery.sh on the Airflow workers, and
two Spark connections: SPARK_CONN, the cluster in cluster deploy mode (YARN: {"deploy-mode": "cluster"} in its
extras), which ships the settings file to the driver with --files; and SPARK_CLIENT_CONN, the same master in
client mode, for the short steps that read tables. On Kubernetes prefer deploy/kubernetes. Settings, URIs and sizes are the constants below; change them or set the Airflow
Variables of the same names.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow import DAG
from airflow.models import Variable
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator


def setting(name: str, default: str) -> str:
    """An Airflow Variable if set, else the default; read when the DAG file is parsed."""
    return Variable.get(name, default_var=default)


APPLICATION = setting("ROBUSTNESS_JAR", "/opt/robustness/robustness-jobs-cluster.jar")
MAIN_CLASS = "io.robustness.jobs.cli.RobustnessCli"
AUDIT_CONF = setting("ROBUSTNESS_CONF", "/opt/airflow/robustness/nightly.conf")
OUTPUT = setting("ROBUSTNESS_OUTPUT", "s3a://ml-robustness/fashion-mnist")
REPORT_URI = setting("ROBUSTNESS_REPORT_URI", OUTPUT + "/reports/latest.html")
MAX_DROP = setting("ROBUSTNESS_MAX_DROP", "0.02")
KEEP_DAYS = setting("ROBUSTNESS_KEEP_DAYS", "30")
SPARK_CONN = setting("ROBUSTNESS_SPARK_CONN", "spark_default")
SPARK_CLIENT_CONN = setting("ROBUSTNESS_SPARK_CLIENT_CONN", "spark_client")
LIBTORCH_DIR = setting("ROBUSTNESS_LIBTORCH_DIR", "/opt/libtorch/lib")

RUN_ID = "{{ ds }}"

# GPU executors: one GPU each, one task at a time on it; libtorch (a CUDA build) installed on every node.
GPU_CONF = {
    "spark.executor.resource.gpu.amount": "1",
    "spark.task.resource.gpu.amount": "1",
    "spark.executor.resource.gpu.discoveryScript": "./gpu-discovery.sh",
    "spark.task.cpus": "1",
    "spark.executorEnv.PYTORCH_LIBRARY_PATH": LIBTORCH_DIR,
    "spark.executorEnv.PYTORCH_VERSION": "2.7.1",
    "spark.executorEnv.PYTORCH_FLAVOR": "cu128",
    "spark.yarn.appMasterEnv.PYTORCH_LIBRARY_PATH": LIBTORCH_DIR,
    "spark.yarn.appMasterEnv.PYTORCH_VERSION": "2.7.1",
    "spark.yarn.appMasterEnv.PYTORCH_FLAVOR": "cu128",
}

# Steps that only read and write tables: the driver runs here, executors are few and CPU-only.
TABLE_CONF = {"spark.executor.instances": "1", "spark.ui.showConsoleProgress": "false"}


def robustness_task(task_id: str, conn_id: str, args: list[str], **spark_submit) -> SparkSubmitOperator:
    """One robustness command through spark-submit; the Spark application is named after the task and the night."""
    return SparkSubmitOperator(
        task_id=task_id,
        conn_id=conn_id,
        application=APPLICATION,
        java_class=MAIN_CLASS,
        name="robustness-" + task_id + "-" + RUN_ID,
        application_args=args,
        **spark_submit,
    )


with DAG(
    dag_id="robustness_nightly",
    description="FGSM robustness audit, regression gate, report and retention",
    schedule="0 2 * * *",
    start_date=pendulum.datetime(2026, 11, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=8),
    default_args={"retries": 0, "owner": "ml-platform"},
    tags=["robustness", "spark"],
) as dag:
    audit = robustness_task(
        "audit",
        SPARK_CONN,
        ["audit", "--conf", AUDIT_CONF.rsplit("/", 1)[-1], "--set", "robustness.run.id=" + RUN_ID],
        files=AUDIT_CONF + ",/opt/robustness/gpu-discovery.sh",
        conf=GPU_CONF,
        num_executors=4,
        executor_cores=4,
        executor_memory="12g",
        driver_memory="4g",
        execution_timeout=timedelta(hours=6),
    )
    gate = robustness_task(
        "compare",
        SPARK_CLIENT_CONN,
        ["compare", "--output", OUTPUT, "--baseline", "previous", "--candidate", RUN_ID, "--max-drop", MAX_DROP],
        conf=TABLE_CONF,
    )
    report = robustness_task(
        "report",
        SPARK_CLIENT_CONN,
        ["report", "--output", OUTPUT, "--run", RUN_ID, "--out", REPORT_URI],
        conf=TABLE_CONF,
    )
    retain = robustness_task(
        "retain",
        SPARK_CLIENT_CONN,
        ["retain", "--output", OUTPUT, "--keep-days", KEEP_DAYS, "--keep-last", "2"],
        conf=TABLE_CONF,
    )

    audit >> gate >> report
    audit >> retain
