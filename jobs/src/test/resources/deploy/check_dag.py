"""Imports an Airflow DAG file with stand-ins for the few Airflow classes it uses and prints the DAG as JSON: its
settings and, for each task, the operator's arguments and upstream task ids. Lets a test check the DAG's shape on
machines without Airflow.  Usage: python3 check_dag.py DAG_FILE"""

import importlib.util
import json
import sys
import types

tasks = {}
dags = []


class DAG:
    def __init__(self, dag_id, **kwargs):
        self.dag_id = dag_id
        self.kwargs = kwargs
        dags.append(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class Variable:
    @staticmethod
    def get(name, default_var=None):
        return default_var


class SparkSubmitOperator:
    def __init__(self, task_id, **kwargs):
        if task_id in tasks:
            raise ValueError("task id used twice: " + task_id)
        self.task_id = task_id
        self.kwargs = kwargs
        self.upstream = []
        tasks[task_id] = self

    def __rshift__(self, other):
        other.upstream.append(self.task_id)
        return other


def module(name, **attributes):
    m = types.ModuleType(name)
    m.__dict__.update(attributes)
    sys.modules[name] = m
    return m


module("airflow", DAG=DAG)
module("airflow.models", Variable=Variable)
for package in ["airflow.providers", "airflow.providers.apache", "airflow.providers.apache.spark",
                "airflow.providers.apache.spark.operators"]:
    module(package)
module("airflow.providers.apache.spark.operators.spark_submit", SparkSubmitOperator=SparkSubmitOperator)
try:
    import pendulum  # noqa: F401
except ImportError:
    module("pendulum", datetime=lambda *args, **kwargs: {"args": args, "tz": kwargs.get("tz")})

spec = importlib.util.spec_from_file_location("dag_under_test", sys.argv[1])
spec.loader.exec_module(importlib.util.module_from_spec(spec))


def plain(value):
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return str(value)


print(json.dumps({
    "dags": [{"dag_id": d.dag_id, **{k: plain(v) for k, v in d.kwargs.items()}} for d in dags],
    "tasks": [{"task_id": t.task_id, "upstream": t.upstream, **{k: plain(v) for k, v in t.kwargs.items()}}
              for t in tasks.values()],
}))
