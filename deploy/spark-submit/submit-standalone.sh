#!/usr/bin/env bash
# Runs a robustness command on a Spark standalone cluster, driver on this machine (client mode), so the command's
# exit status is this script's: 0 passed, 1 failed, 2 usage, 3 regression (compare, nightly).
#
#   SPARK_MASTER=spark://master:7077 deploy/spark-submit/submit-standalone.sh nightly --conf nightly.conf --keep-days 30
#   GPUS_PER_EXECUTOR=1 LIBTORCH_DIR=/opt/libtorch/lib SPARK_MASTER=spark://master:7077 \
#     deploy/spark-submit/submit-standalone.sh --total-executor-cores 16 -- audit --conf nightly.conf
#
# Options before "--" go to spark-submit. Environment: SPARK_MASTER (required), TOTAL_CORES, and those in
# common.sh. For GPUs each worker must announce them, in its conf/spark-env.sh:
#   SPARK_WORKER_OPTS="-Dspark.worker.resource.gpu.amount=4 -Dspark.worker.resource.gpu.discoveryScript=/opt/robustness/gpu-discovery.sh"
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[[ -n ${SPARK_MASTER:-} ]] || fail "set SPARK_MASTER to the master's URL, like spark://master-host:7077"
split_args "$@"
shared_options ""
SUBMIT_OPTS+=(--master "$SPARK_MASTER" --deploy-mode client)
if [[ -n ${TOTAL_CORES:-} ]]; then
  SUBMIT_OPTS+=(--total-executor-cores "$TOTAL_CORES")
fi

exec "$SPARK_SUBMIT" "${SUBMIT_OPTS[@]}" "${SPARK_ARGS[@]}" "$ROBUSTNESS_JAR" "${COMMAND_ARGS[@]}"
