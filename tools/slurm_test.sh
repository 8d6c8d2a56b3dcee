#!/usr/bin/env bash
# Testing on a Slurm cluster with srun and MMEngine's `slurm` launcher.
#   [GPUS=8] [GPUS_PER_NODE=8] [CPUS_PER_TASK=5] [SRUN_ARGS="..."] \
#   bash tools/slurm_test.sh PARTITION JOB_NAME CONFIG CHECKPOINT [test.py args]
# GPUS=0 runs one CPU-only task (no --gres).
set -euo pipefail
PARTITION=$1
JOB_NAME=$2
CONFIG=$3
CHECKPOINT=$4
GPUS=${GPUS:-8}
GPUS_PER_NODE=${GPUS_PER_NODE:-$(( GPUS < 8 ? (GPUS > 0 ? GPUS : 1) : 8 ))}
CPUS_PER_TASK=${CPUS_PER_TASK:-5}
SRUN_ARGS=${SRUN_ARGS:-""}
PYTHON=${PYTHON:-python}
GRES=()
if [ "$GPUS" -gt 0 ]; then
    GRES=(--gres="gpu:${GPUS_PER_NODE}")
fi
NTASKS=$(( GPUS > 0 ? GPUS : 1 ))
# shellcheck disable=SC2086  # SRUN_ARGS is a list of options
exec srun -p "$PARTITION" \
    --job-name="$JOB_NAME" \
    "${GRES[@]}" \
    --ntasks="$NTASKS" \
    --ntasks-per-node="$(( NTASKS < GPUS_PER_NODE ? NTASKS : GPUS_PER_NODE ))" \
    --cpus-per-task="$CPUS_PER_TASK" \
    --kill-on-bad-exit=1 \
    ${SRUN_ARGS} \
    "$PYTHON" -u "$(dirname "$0")/test.py" "$CONFIG" "$CHECKPOINT" \
    --launcher=slurm "${@:5}"
