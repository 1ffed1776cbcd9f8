#!/usr/bin/env bash
# A real spark-submit of sparkfit's cluster jar (Spark and Hadoop come from the cluster). Build it with
# `mvn -DskipTests package`; it lands in target/sparkfit-0.1.0-SNAPSHOT-cluster.jar. sparkfit sizes
# spark.executor.memoryOverhead from the model and sets one OpenMP thread per task; docs/CLUSTER.md has the
# YARN, Kubernetes, standalone and GPU variants.
#   MASTER=spark://host:7077 | yarn | k8s://https://host:443    JOB=hdfs:///jobs/fashion-mnist-mlp.yaml
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MASTER="${MASTER:-yarn}"
JOB="${JOB:-$root/conf/fashion-mnist-mlp.yaml}"
exec spark-submit \
  --master "$MASTER" --deploy-mode client \
  --class org.sparkfit.driver.cli.SparkfitCommand \
  --num-executors 2 --executor-cores 1 --executor-memory 4g \
  "$root/target/sparkfit-0.1.0-SNAPSHOT-cluster.jar" \
  train "$JOB" --overwrite
