# shellcheck shell=bash
# Sourced by submit-standalone.sh and submit-yarn.sh: turns the environment into spark-submit options shared by
# both, in the array SUBMIT_OPTS, and splits the script's arguments into SPARK_ARGS (before "--") and COMMAND_ARGS.
#
# Environment (all optional):
#   SPARK_SUBMIT        the spark-submit to run (default: $SPARK_HOME/bin/spark-submit, else spark-submit on PATH)
#   ROBUSTNESS_JAR      the application jar (default: jobs/target/robustness-jobs-cluster.jar of this checkout)
#   LIBTORCH_DIR        libtorch's lib/ folder installed at this path on every node; required for GPUs (a CUDA
#                       build), optional on CPU. Unset: the CPU libtorch jar travels with --jars.
#   LIBTORCH_JAR        that CPU libtorch jar (default: jobs/target/lib/pytorch-native-cpu-*.jar)
#   PYTORCH_VERSION     the libtorch version in LIBTORCH_DIR (default: the one the jar's DJL binding was built for,
#                       read from its jnilib/pytorch.properties with unzip: 2.7.1, or 2.5.1 for -P libtorch-2.5)
#   PYTORCH_FLAVOR      the build in LIBTORCH_DIR: cpu, cu128 or cu124 (default with GPUs: the CUDA build PyTorch
#                       publishes for that version, cu128 for 2.7.1 and cu124 for 2.5.1; else cpu)
#   GPUS_PER_EXECUTOR   GPUs each executor gets (default 0: CPU only)
#   TASKS_PER_GPU       concurrent tasks sharing one GPU (default 1)
#   EXECUTOR_CORES, EXECUTOR_MEMORY   per executor (default 4 and 8g)
#   TASK_CPUS           cores per task, also PyTorch's intra-op threads (default 1)
#   THP_MEM_ALLOC_ENABLE  libtorch's huge pages for large tensors, driver and executors (default 1; 0 turns off)
#   EXECUTOR_LD_PRELOAD   a malloc to preload in executors, installed at this path on every node, e.g.
#                       /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 (default: none; docs/operations.md)

SUBMIT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SUBMIT_DIR/../.." && pwd)

fail() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

# The libtorch version the jar's DJL binding was built for ("jni_version=2.7.1-0.36.0" gives 2.7.1), or nothing.
jar_libtorch_version() {
  unzip -p "$1" jnilib/pytorch.properties 2>/dev/null | sed -nE 's/^jni_version=([0-9][0-9.]*)-.*/\1/p'
}

# The libtorch version DJL must find in LIBTORCH_DIR: PYTORCH_VERSION, else the jar's own.
libtorch_version() {
  local version=${PYTORCH_VERSION:-}
  [[ -n $version ]] || version=$(jar_libtorch_version "$ROBUSTNESS_JAR")
  [[ -n $version ]] ||
    fail "cannot read which libtorch $ROBUSTNESS_JAR was built for (jnilib/pytorch.properties, read with unzip): set PYTORCH_VERSION"
  echo "$version"
}

# PyTorch's CUDA build of a libtorch version, as DJL names its flavor.
cuda_flavor() {
  case $1 in
    2.7.*) echo cu128 ;;
    2.5.*) echo cu124 ;;
    *) fail "no CUDA flavor known for libtorch $1: set PYTORCH_FLAVOR" ;;
  esac
}

split_args() {
  SPARK_ARGS=()
  COMMAND_ARGS=()
  local seen_separator=false arg
  for arg in "$@"; do
    if [[ $arg == "--" && $seen_separator == false ]]; then
      seen_separator=true
    elif [[ $seen_separator == true ]]; then
      COMMAND_ARGS+=("$arg")
    else
      SPARK_ARGS+=("$arg")
    fi
  done
  if [[ $seen_separator == false ]]; then
    COMMAND_ARGS=("${SPARK_ARGS[@]}")
    SPARK_ARGS=()
  fi
  [[ ${#COMMAND_ARGS[@]} -gt 0 ]] || fail "no robustness command given (usage: $(basename "$0") [spark-submit options --] COMMAND [ARGS...])"
}

# Shared options; the scripts add what is particular to their cluster manager. $1 is the prefix under which the
# driver's environment is set (spark.yarn.appMasterEnv. in YARN cluster mode), or empty when the driver runs here.
shared_options() {
  local driver_env_prefix=$1
  SPARK_SUBMIT=${SPARK_SUBMIT:-${SPARK_HOME:+$SPARK_HOME/bin/}spark-submit}
  ROBUSTNESS_JAR=${ROBUSTNESS_JAR:-$REPO_ROOT/jobs/target/robustness-jobs-cluster.jar}
  GPUS_PER_EXECUTOR=${GPUS_PER_EXECUTOR:-0}
  TASKS_PER_GPU=${TASKS_PER_GPU:-1}
  [[ $GPUS_PER_EXECUTOR =~ ^[0-9]+$ ]] || fail "GPUS_PER_EXECUTOR=$GPUS_PER_EXECUTOR is not a whole number"
  [[ $TASKS_PER_GPU =~ ^[1-9][0-9]*$ ]] || fail "TASKS_PER_GPU=$TASKS_PER_GPU must be a whole number of at least 1"
  [[ -f $ROBUSTNESS_JAR ]] || fail "no application jar at $ROBUSTNESS_JAR: build it (mvn -DskipTests package) or set ROBUSTNESS_JAR"

  SUBMIT_OPTS=(--class io.robustness.jobs.cli.RobustnessCli
    --conf "spark.executor.cores=${EXECUTOR_CORES:-4}"
    --conf "spark.executor.memory=${EXECUTOR_MEMORY:-8g}"
    --conf "spark.task.cpus=${TASK_CPUS:-1}"
    --conf "spark.executorEnv.DJL_OFFLINE=true"
    --conf "spark.executorEnv.THP_MEM_ALLOC_ENABLE=${THP_MEM_ALLOC_ENABLE:-1}")
  if [[ -n $driver_env_prefix ]]; then
    SUBMIT_OPTS+=(--conf "${driver_env_prefix}THP_MEM_ALLOC_ENABLE=${THP_MEM_ALLOC_ENABLE:-1}")
  else
    export THP_MEM_ALLOC_ENABLE="${THP_MEM_ALLOC_ENABLE:-1}"
  fi
  if [[ -n ${EXECUTOR_LD_PRELOAD:-} ]]; then
    SUBMIT_OPTS+=(--conf "spark.executorEnv.LD_PRELOAD=$EXECUTOR_LD_PRELOAD")
  fi

  if [[ -n ${LIBTORCH_DIR:-} ]]; then
    local version flavor=${PYTORCH_FLAVOR:-}
    version=$(libtorch_version) || exit 2
    if [[ -z $flavor ]]; then
      if ((GPUS_PER_EXECUTOR > 0)); then flavor=$(cuda_flavor "$version") || exit 2; else flavor=cpu; fi
    fi
    # DJL loads libtorch from this folder instead of unpacking a jar; version and flavor must match the build.
    local -A libtorch_env=([PYTORCH_LIBRARY_PATH]=$LIBTORCH_DIR [PYTORCH_VERSION]=$version [PYTORCH_FLAVOR]=$flavor)
    local name value
    for name in "${!libtorch_env[@]}"; do
      value=${libtorch_env[$name]}
      SUBMIT_OPTS+=(--conf "spark.executorEnv.$name=$value")
      if [[ -n $driver_env_prefix ]]; then
        SUBMIT_OPTS+=(--conf "$driver_env_prefix$name=$value")
      else
        export "$name=$value"
      fi
    done
  else
    if ((GPUS_PER_EXECUTOR > 0)); then
      local built
      built=$(jar_libtorch_version "$ROBUSTNESS_JAR")
      fail "GPU executors need a CUDA build of libtorch${built:+ $built} installed on every node: set LIBTORCH_DIR to its lib/ folder"
    fi
    local jar=${LIBTORCH_JAR:-}
    if [[ -z $jar ]]; then
      jar=$(find "$REPO_ROOT/jobs/target/lib" -maxdepth 1 -name 'pytorch-native-cpu-*.jar' -print -quit 2>/dev/null || true)
    fi
    [[ -n $jar && -f $jar ]] || fail "no CPU libtorch jar: build the project or set LIBTORCH_JAR (or LIBTORCH_DIR)"
    SUBMIT_OPTS+=(--jars "$jar")
  fi
  export DJL_OFFLINE=true

  if ((GPUS_PER_EXECUTOR > 0)); then
    local task_amount
    task_amount=$(awk -v n="$TASKS_PER_GPU" 'BEGIN { printf "%.6g", 1 / n }')
    SUBMIT_OPTS+=(--conf "spark.executor.resource.gpu.amount=$GPUS_PER_EXECUTOR"
      --conf "spark.task.resource.gpu.amount=$task_amount")
  fi
}
