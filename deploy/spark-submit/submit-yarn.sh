#!/usr/bin/env bash
# Runs a robustness command on YARN. The settings file named by --conf is shipped with the job (--files) and
# passed to the driver by its base name, so local paths work in cluster mode.
#
#   deploy/spark-submit/submit-yarn.sh nightly --conf nightly.conf --keep-days 30
#   GPUS_PER_EXECUTOR=1 LIBTORCH_DIR=/opt/libtorch/lib NUM_EXECUTORS=8 deploy/spark-submit/submit-yarn.sh audit --conf nightly.conf
#
# Environment: DEPLOY_MODE (cluster, the default, or client), NUM_EXECUTORS (default 4), QUEUE, and those in
# common.sh. GPUs: YARN must schedule yarn.io/gpu (resource-types.xml, the NodeManagers' GPU plugin); Spark maps
# spark.executor.resource.gpu.amount onto it, and executors find their GPUs with gpu-discovery.sh, shipped here.
# Exit status: in client mode the command's own (3 for a regression); in cluster mode spark-submit reports any
# failed driver, a regression included, as 1. Gate on client mode where the exact status matters.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DEPLOY_MODE=${DEPLOY_MODE:-cluster}
[[ $DEPLOY_MODE == cluster || $DEPLOY_MODE == client ]] || fail "DEPLOY_MODE=$DEPLOY_MODE must be cluster or client"
split_args "$@"
if [[ $DEPLOY_MODE == cluster ]]; then
  shared_options "spark.yarn.appMasterEnv."
else
  shared_options ""
fi
SUBMIT_OPTS+=(--master yarn --deploy-mode "$DEPLOY_MODE" --num-executors "${NUM_EXECUTORS:-4}")
if [[ -n ${QUEUE:-} ]]; then
  SUBMIT_OPTS+=(--queue "$QUEUE")
fi

files=()
if ((GPUS_PER_EXECUTOR > 0)); then
  files+=("$SUBMIT_DIR/gpu-discovery.sh")
  SUBMIT_OPTS+=(--conf spark.executor.resource.gpu.discoveryScript=./gpu-discovery.sh)
fi
if [[ $DEPLOY_MODE == cluster ]]; then
  for i in "${!COMMAND_ARGS[@]}"; do
    if [[ ${COMMAND_ARGS[$i]} == --conf && -n ${COMMAND_ARGS[$((i + 1))]:-} ]]; then
      conf_file=${COMMAND_ARGS[$((i + 1))]}
      [[ -f $conf_file ]] || fail "no settings file $conf_file"
      files+=("$conf_file")
      COMMAND_ARGS[i + 1]=$(basename "$conf_file")
    fi
  done
fi
if ((${#files[@]} > 0)); then
  SUBMIT_OPTS+=(--files "$(
    IFS=,
    echo "${files[*]}"
  )")
fi

exec "$SPARK_SUBMIT" "${SUBMIT_OPTS[@]}" "${SPARK_ARGS[@]}" "$ROBUSTNESS_JAR" "${COMMAND_ARGS[@]}"
