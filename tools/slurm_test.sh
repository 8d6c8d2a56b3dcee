#!/usr/bin/env bash
# Testing on a Slurm cluster with srun and MMEngine's `slurm` launcher.
#   [GPUS=8] [GPUS_PER_NODE=8] [CPUS_PER_TASK=5] [SRUN_ARGS="..."] \
#   bash tools/slurm_test.sh PARTITION JOB_NAME CONFIG CHECKPOINT [test.py args]
# GPUS=0 runs one CPU-only task (no --gres).
set -euo pipefail
TOOLS=$(dirname "$0")
exec bash "$TOOLS/misc/slurm_srun.sh" "$1" "$2" "$TOOLS/test.py" "$3" "$4" \
    --launcher=slurm "${@:5}"
