#!/usr/bin/env bash
# Spark GPU discovery script (spark.executor.resource.gpu.discoveryScript): prints the CUDA device ordinals this
# executor may use as {"name": "gpu", "addresses": ["0", "1"]}. The robustness job turns the address Spark assigns
# to a task into DJL's Device.gpu(ordinal), so addresses must be ordinals, not UUIDs.
set -euo pipefail
ordinals=$(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null | tr -d ' ' | paste -sd, - || true)
if [[ -z "$ordinals" ]]; then
  echo '{"name": "gpu", "addresses": []}'
else
  echo "{\"name\": \"gpu\", \"addresses\": [\"${ordinals//,/\", \"}\"]}"
fi
