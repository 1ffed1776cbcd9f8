"""Nightly sparkfit retraining as an Airflow DAG.

`sparkfit retrain` exits 0 when it promoted a new version, 3 when it trained one but kept the current model, 2 on
bad input and 1 on any other failure. SparkSubmitOperator fails its task on every non-zero exit, so this DAG reads
the exit code from the hook's error: 3 skips the downstream tasks (nothing new to roll out) instead of failing;
2 and 1 fail the task, and Airflow's retries apply to them (a locked registry, exit 1, is worth a retry).
"""
import re
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowException, AirflowSkipException
from airflow.operators.bash import BashOperator
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

KEPT = 3


class SparkfitRetrainOperator(SparkSubmitOperator):
    """spark-submit of `sparkfit retrain`, where exit code 3 (current model kept) skips instead of failing."""

    def execute(self, context):
        try:
            return super().execute(context)
        except AirflowException as error:
            match = re.search(r"Error code is: (\d+)", str(error))
            if match and int(match.group(1)) == KEPT:
                raise AirflowSkipException("sparkfit kept the current model (exit code 3)") from error
            raise


with DAG(
    dag_id="sparkfit_retrain_fashion_mnist",
    schedule="30 2 * * *",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=15)},
) as dag:
    retrain = SparkfitRetrainOperator(
        task_id="retrain",
        conn_id="spark_default",
        application="/opt/sparkfit/target/sparkfit-0.1.0-SNAPSHOT-cluster.jar",
        java_class="org.sparkfit.driver.cli.SparkfitCommand",
        application_args=[
            "retrain", "hdfs:///jobs/fashion-mnist-mlp.yaml",
            "--registry", "hdfs:///models/fashion-mnist",
        ],
        num_executors=4,
        executor_cores=1,
        executor_memory="4g",
    )

    announce = BashOperator(
        task_id="announce_new_model",
        bash_command="hdfs dfs -cat hdfs:///models/fashion-mnist/CURRENT",
    )

    retrain >> announce
