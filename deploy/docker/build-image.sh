#!/usr/bin/env bash
# Builds (and with --push, pushes) the job's image. Needs Docker (or a compatible builder on PATH as DOCKER).
#
#   deploy/docker/build-image.sh --tag registry.example.com/ml/robustness:0.1.0-cpu [--push]
#   deploy/docker/build-image.sh --flavor cu128 --libtorch-zip libtorch-2.7.1+cu128.zip \
#       --tag registry.example.com/ml/robustness:0.1.0-cu128 --push
#   SPARK_IMAGE=your-registry/spark:4.1.3-java17 deploy/docker/build-image.sh --without-s3a --tag ...
#       (another Spark 4.1 base, here one that already has hadoop-aws)
set -euo pipefail

flavor=cpu
tag=
push=false
stage_args=()
while (($#)); do
  case $1 in
    --flavor) flavor=${2:?}; stage_args+=(--flavor "$2"); shift 2 ;;
    --libtorch-zip) stage_args+=(--libtorch-zip "${2:?}"); shift 2 ;;
    --tag) tag=${2:?}; shift 2 ;;
    --push) push=true; shift ;;
    --without-s3a) stage_args+=(--without-s3a); shift ;;
    *) echo "build-image.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ -n $tag ]] || { echo "build-image.sh: --tag registry/name:version is required" >&2; exit 2; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
docker=${DOCKER:-docker}
context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT

"$here/stage-context.sh" "${stage_args[@]}" "$context"
build_args=(--build-arg "PYTORCH_FLAVOR=$flavor")
if [[ -n ${SPARK_IMAGE:-} ]]; then
  build_args+=(--build-arg "SPARK_IMAGE=$SPARK_IMAGE")
fi
"$docker" build "${build_args[@]}" -t "$tag" "$context"
if [[ $push == true ]]; then
  "$docker" push "$tag"
fi
