#!/usr/bin/env bash
# Training on a Slurm cluster with srun and MMEngine's `slurm` launcher (as
# in the OpenMMLab repositories).
#   [GPUS=8] [GPUS_PER_NODE=8] [CPUS_PER_TASK=5] [SRUN_ARGS="..."] \
#   bash tools/slurm_train.sh PARTITION JOB_NAME CONFIG WORK_DIR [train.py args]
# GPUS=0 runs one CPU-only task (no --gres); one task per GPU otherwise.
set -euo pipefail
TOOLS=$(dirname "$0")
exec bash "$TOOLS/misc/slurm_srun.sh" "$1" "$2" "$TOOLS/train.py" "$3" \
    --work-dir="$4" --launcher=slurm "${@:5}"
