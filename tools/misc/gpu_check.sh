#!/usr/bin/env bash
# The first time a GPU is at hand:
#
#   make gpu-check            # or: bash tools/misc/gpu_check.sh [--quick]
#   make gpu-check QUICK=1
#
# 1. installs the CUDA flavour (tools/install.sh sees the GPU and builds
#    mmcv's CUDA ops once; nvcc from PyPI when the machine has none),
# 2. python -m mmir.utils.check_env (fails if mmcv's ops are CPU-only),
# 3. the GPU parity suite, tests/test_cuda (pytest -m cuda): module parity
#    CPU vs CUDA, finite fp16 steps and, without --quick, each method's tiny
#    config trained 20 iterations on the GPU with and without --amp,
# 4. each method's benchmark on the GPU (ours vs the stock toolbox model,
#    paper-size inputs; --quick: smaller), with the peak GPU memory,
# and writes work_dirs/gpu_check/report.md (every step's status, time and
# output). Without a GPU it says so and exits 1 before doing anything.
set -uo pipefail
cd "$(dirname "$0")/../.."

quick=0
for arg in "$@"; do
    case "$arg" in
        --quick) quick=1 ;;
        *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
    esac
done
VENV=${VENV:-.venv}
PY="$VENV/bin/python"
OUT=${GPU_CHECK_DIR:-work_dirs/gpu_check}

if [ -x "$PY" ]; then
    gpus=$("$PY" -c 'import torch; print(torch.cuda.device_count() if torch.cuda.is_available() else 0)' 2>/dev/null || echo 0)
elif command -v nvidia-smi >/dev/null; then
    gpus=$(nvidia-smi -L 2>/dev/null | grep -c '^GPU' || true)
else
    gpus=0
fi
if [ "${gpus:-0}" -lt 1 ]; then
    echo "error: no GPU visible (torch.cuda.is_available() is False, no nvidia-smi GPU):" \
        "gpu-check needs a GPU machine; nothing was run" >&2
    exit 1
fi

mkdir -p "$OUT"
report="$OUT/report.md"
start_all=$(date +%s)
{
    echo "# mmir GPU check ($(date -u +%Y-%m-%dT%H:%MZ)$([ $quick = 1 ] && echo ', --quick'))"
    echo
    echo '```'
    nvidia-smi -L 2>/dev/null || echo "(no nvidia-smi)"
    echo '```'
    echo
    echo "| step | exit | time | log |"
    echo "|---|---|---|---|"
} > "$report"
details=$(mktemp)
failed=0

step() {  # step NAME COMMAND...
    local name=$1 t0 rc
    shift
    echo "[gpu-check] $name ..."
    t0=$(date +%s)
    "$@" > "$OUT/$name.log" 2>&1
    rc=$?
    [ $rc = 0 ] || failed=1
    echo "| $name | $rc | $(( $(date +%s) - t0 )) s | \`$OUT/$name.log\` |" >> "$report"
    { echo; echo "## $name (exit $rc)"; echo; echo '```'; tail -n 40 "$OUT/$name.log"; echo '```'; } >> "$details"
    echo "[gpu-check] $name: exit $rc ($(( $(date +%s) - t0 )) s)"
    return $rc
}

# a benchmark script, then the peak GPU memory it allocated
bench() {  # bench NAME SCRIPT ARGS...
    local name=$1 script=$2
    shift 2
    step "$name" "$PY" -c '
import runpy, sys, torch
script, sys.argv = sys.argv[1], sys.argv[1:]
runpy.run_path(script, run_name="__main__")
print(f"peak GPU memory: {torch.cuda.max_memory_allocated() / 2**30:.2f} GiB")
' "$script" --device cuda "$@"
}

step install bash tools/install.sh || { cat "$details" >> "$report"; echo "install failed: $report" >&2; exit 1; }
step check_env "$PY" -m mmir.utils.check_env
if [ $quick = 1 ]; then
    step parity "$PY" -m pytest -q -m 'cuda and not e2e' tests/test_cuda
else
    step parity "$PY" -m pytest -q -m cuda tests/test_cuda
fi
A=tools/analysis_tools
if [ $quick = 1 ]; then
    bench bench_bnsa $A/benchmark_bnsa.py --repeats 2
    bench bench_mrife $A/benchmark_mrife.py --depth 50 --size 256 --batch 2 --repeats 2
    bench bench_abmil $A/benchmark_abmil.py --repeats 2 --images 16
    bench bench_smote_svm $A/benchmark_smote_svm.py --num-images 300 --sizes 64 --ref-pairs 50
    bench bench_dim_target $A/benchmark_dim_target.py --repeats 2 --epoch-samples 200
else
    bench bench_bnsa $A/benchmark_bnsa.py --repeats 5
    bench bench_mrife $A/benchmark_mrife.py --depth 101 --size 512 --batch 4 --repeats 3
    bench bench_abmil $A/benchmark_abmil.py --model convnext-base --repeats 5 --batch 8
    bench bench_smote_svm $A/benchmark_smote_svm.py --num-images 2000 --sizes 256
    bench bench_dim_target $A/benchmark_dim_target.py --repeats 5
fi
{ echo; echo "Total: $(( $(date +%s) - start_all )) s"; cat "$details"; } >> "$report"
rm -f "$details"
echo "[gpu-check] report: $report"
exit $failed
