#!/usr/bin/env bash
# Spark's GPU discovery script for sparkfit: prints this node's NVIDIA GPUs as Spark's resource JSON, e.g.
#   {"name": "gpu", "addresses": ["0", "1"]}
# The addresses are CUDA device indexes, which sparkfit binds each task's ND4J thread to. Point
# spark.executor.resource.gpu.discoveryScript (YARN, Kubernetes) or spark.worker.resource.gpu.discoveryScript
# (standalone Workers) at this file; docs/CLUSTER.md has the full spark-submit lines.
set -euo pipefail
command -v nvidia-smi > /dev/null || { echo "gpu-discovery.sh: nvidia-smi not found on $(hostname)" >&2; exit 1; }
addresses=$(nvidia-smi --query-gpu=index --format=csv,noheader | sed 's/[[:space:]]//g; /^$/d; s/.*/"&"/' |
  paste -sd, - | sed 's/,/, /g')
echo "{\"name\": \"gpu\", \"addresses\": [$addresses]}"
