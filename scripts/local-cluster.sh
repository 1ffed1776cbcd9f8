#!/usr/bin/env bash
# A Spark standalone cluster on this machine, to run sparkfit's cluster jar the way a cluster runs it: one Master
# and N Workers, each its own JVM bound to 127.0.0.1, started from a Spark distribution's jars resolved from Maven
# Central at `mvn package` (target/spark-dist). The loopback-cluster test drives this script.
#
#   scripts/local-cluster.sh start     start the Master and the Workers; wait until every Worker has registered
#   scripts/local-cluster.sh submit [SPARK-SUBMIT-OPTIONS --] SPARKFIT-ARGS
#                                      run the cluster jar through Spark's own SparkSubmit, e.g.
#                                      scripts/local-cluster.sh submit train conf/fashion-mnist-mlp.yaml
#   scripts/local-cluster.sh submit-app [SPARK-SUBMIT-OPTIONS --] APP-JAR [APP-ARGS]
#                                      run a Spark application (its main class named by --class, or by its jar's
#                                      manifest) that calls sparkfit's Spark ML API, the cluster jar given with --jars
#   scripts/local-cluster.sh status    the master URL and the Workers it knows
#   scripts/local-cluster.sh stop      stop what start started, by PID, with the executors the Workers launched
#
# Settings (environment): SPARKFIT_CLUSTER_DIR (state and logs; default target/local-cluster),
# SPARK_MASTER_PORT (7077), SPARK_MASTER_WEBUI_PORT (8080), SPARK_WORKER_INSTANCES (2), SPARK_WORKER_CORES (1),
# SPARK_WORKER_MEMORY (2g), SPARK_WORKER_WEBUI_PORT (8081; Worker i listens on it + i - 1; 0: any free port),
# SPARK_WORKER_OPTS (-D options for the Workers, e.g. GPUs: "-Dspark.worker.resource.gpu.amount=1
# -Dspark.worker.resource.gpu.discoveryScript=$PWD/scripts/gpu-discovery.sh"), SPARKFIT_DRIVER_MEMORY (the
# submitting driver's heap; 1g).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${SPARKFIT_CLUSTER_DIR:-$root/target/local-cluster}
master_port=${SPARK_MASTER_PORT:-7077}
master_ui=${SPARK_MASTER_WEBUI_PORT:-8080}
workers=${SPARK_WORKER_INSTANCES:-2}
worker_ui=${SPARK_WORKER_WEBUI_PORT:-8081}
jar=$root/target/sparkfit-0.1.0-SNAPSHOT-cluster.jar
dist=$root/target/spark-dist/classpath.txt
home=$dir/spark-home
master_url=spark://127.0.0.1:$master_port
export SPARK_HOME=$home SPARK_LOCAL_IP=127.0.0.1
# Workers pass their environment on to the executors they start.
. "$root/scripts/native-env.sh"

scala_version() {
  tr ':' '\n' < "$dist" | sed -n 's|.*/spark-core_\([0-9.]*\)-.*|\1|p'
}

die() { echo "local-cluster: $*" >&2; exit 1; }

build() {
  if [ ! -f "$jar" ] || [ ! -f "$dist" ]; then
    echo "local-cluster: building (mvn package)..." >&2
    (cd "$root" && mvn -B -q -DskipTests package) >&2
  fi
}

# A SPARK_HOME laid out as Spark's release is: jars/ holds the distribution's jars (links into ~/.m2).
# Workers build executors' classpaths from it, and need its Scala version named.
make_home() {
  rm -rf "$home/jars"
  mkdir -p "$home/jars" "$dir/pids" "$dir/logs"
  tr ':' '\n' < "$dist" | while read -r path; do ln -s "$path" "$home/jars/"; done
}

# Starts a daemon in its own process group (so stop reaches the executors a Worker forks) and records its PID.
daemon() {
  local name=$1; shift
  setsid java -Xmx512m "@$root/conf/jvm.options" -cp "$home/jars/*" "$@" \
    > "$dir/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$dir/pids/$name.pid"
}

alive_workers() {
  curl -fs "http://127.0.0.1:$master_ui/json/" 2>/dev/null | sed -n 's/.*"aliveworkers" *: *\([0-9]*\).*/\1/p'
}

start() {
  build
  [ -z "$(ls -A "$dir/pids" 2>/dev/null)" ] || die "a cluster is already running from $dir; run stop first"
  make_home
  SPARK_SCALA_VERSION=$(scala_version)
  export SPARK_SCALA_VERSION
  # No port retries: the Master must listen where this script (and the submit) will look for it.
  daemon master -Dspark.port.maxRetries=0 org.apache.spark.deploy.master.Master --host 127.0.0.1 \
    --port "$master_port" --webui-port "$master_ui"
  for i in $(seq 1 "$workers"); do
    # shellcheck disable=SC2086 # SPARK_WORKER_OPTS holds several -D options, as in Spark's spark-env.sh
    daemon "worker-$i" ${SPARK_WORKER_OPTS:-} org.apache.spark.deploy.worker.Worker --host 127.0.0.1 \
      --cores "${SPARK_WORKER_CORES:-1}" --memory "${SPARK_WORKER_MEMORY:-2g}" \
      --webui-port $((worker_ui == 0 ? 0 : worker_ui + i - 1)) --work-dir "$dir/work-$i" "$master_url"
  done
  for _ in $(seq 1 120); do
    if ! kill -0 "$(cat "$dir/pids/master.pid")" 2>/dev/null; then
      tail -n 20 "$dir/logs/master.log" >&2 || true
      stop
      die "the Master exited (ports $master_port and $master_ui free?); its log ends above"
    fi
    if [ "$(alive_workers)" = "$workers" ]; then
      echo "local-cluster: $master_url with $workers workers (UI http://127.0.0.1:$master_ui, logs $dir/logs)"
      return 0
    fi
    sleep 1
  done
  tail -n 20 "$dir"/logs/*.log >&2 || true
  stop
  die "the workers did not register with $master_url within 120 s; see the logs above"
}

# Splits "$@" ([SPARK-SUBMIT-OPTIONS --] ARGS) into the caller's arrays options and args.
split_options() {
  options=() args=("$@")
  for i in "${!args[@]}"; do
    if [ "${args[$i]}" = "--" ]; then
      options=("${args[@]:0:$i}")
      args=("${args[@]:$((i + 1))}")
      break
    fi
  done
}

# Runs Spark's own SparkSubmit against the cluster, in client mode, with "$@" after the cluster's settings.
spark_submit() {
  build
  [ -f "$dir/pids/master.pid" ] || die "no cluster is running from $dir; run start first"
  exec java "-Xmx${SPARKFIT_DRIVER_MEMORY:-1g}" "@$root/conf/jvm.options" \
    "-Dlog4j2.configurationFile=$root/conf/log4j2.properties" -cp "$home/jars/*" \
    org.apache.spark.deploy.SparkSubmit --master "$master_url" --deploy-mode client \
    --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 "$@"
}

submit() {
  local options args
  split_options "$@"
  spark_submit --class org.sparkfit.driver.cli.SparkfitCommand ${options[@]+"${options[@]}"} "$jar" \
    ${args[@]+"${args[@]}"}
}

submit_app() {
  local options args
  split_options "$@"
  spark_submit --jars "$jar" ${options[@]+"${options[@]}"} ${args[@]+"${args[@]}"}
}

status() {
  [ -f "$dir/pids/master.pid" ] || die "no cluster is running from $dir"
  echo "$master_url: $(alive_workers) alive workers"
}

stop() {
  local pid
  for file in "$dir"/pids/*.pid; do
    [ -f "$file" ] || continue
    pid=$(cat "$file")
    kill -TERM -- "-$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do
      kill -0 -- "-$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$file"
  done
}

case "${1:-}" in
  start) start ;;
  submit) shift; submit "$@" ;;
  submit-app) shift; submit_app "$@" ;;
  status) status ;;
  stop) stop ;;
  *) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
