#!/usr/bin/env bash
# What tools/slurm_train.sh and slurm_test.sh share: one srun of
#   SCRIPT ARGS...  as GPUS tasks (GPUS=0: one CPU-only task, no --gres).
#   [GPUS=8] [GPUS_PER_NODE=8] [CPUS_PER_TASK=5] [SRUN_ARGS="..."] \
#   bash tools/misc/slurm_srun.sh PARTITION JOB_NAME SCRIPT [ARGS...]
set -euo pipefail
PARTITION=$1
JOB_NAME=$2
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
    "$PYTHON" -u "${@:3}"
