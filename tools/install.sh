#!/usr/bin/env bash
# Install the pinned OpenMMLab stack and mmir (editable) into a virtualenv.
#
#   bash tools/install.sh            # venv at $VENV (default .venv)
#
# Every version comes from requirements/lock.txt. mmcv 2.1.0 is only on PyPI
# as a source archive: its compiled ops are built once (~20 min on 2 cores)
# into a wheelhouse in the user's cache and reused afterwards (seconds).
# Environment: VENV, PYTHON (interpreter for a new venv), MMIR_WHEELHOUSE,
# MMCV_MAX_JOBS; FORCE_CUDA=1/0 (mmcv's CUDA ops; automatic when a GPU is
# visible), TORCH_CUDA_ARCH_LIST (default: the visible GPUs'), MMIR_NVCC=
# auto|pip|system (a matching system toolkit, else NVIDIA's compiler wheels
# from PyPI); MMIR_WHEEL_ONLY=1 builds the mmcv wheel and stops.
# The rules: tools/misc/cuda_plan.py (--explain says what it would do).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3.11}
LOCK=requirements/lock.txt
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/mmir
WHEELHOUSE=${MMIR_WHEELHOUSE:-$CACHE/wheelhouse}

log() { printf '\n[mmir install] %s\n' "$*"; }
# pip warns once per missing page of a machine's extra local indexes.
pip_install() {
    local out rc
    out=$(mktemp)
    set +e
    "$VENV/bin/pip" install --disable-pip-version-check -c "$LOCK" "$@" >"$out" 2>&1
    rc=$?
    set -e
    grep -v "is ignored: it is neither a file nor a directory" "$out" | grep -v "^Requirement already satisfied" || true
    rm -f "$out"
    return $rc
}

start=$(date +%s)
if [ ! -x "$VENV/bin/python" ]; then
    command -v "$PYTHON" >/dev/null || { echo "error: $PYTHON not found; set PYTHON=/path/to/python3.11" >&2; exit 1; }
    log "creating virtualenv $VENV with $PYTHON"
    "$PYTHON" -m venv "$VENV"
fi
pyver=$("$VENV/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
[ "$pyver" = "3.11" ] || echo "warning: $LOCK was resolved for Python 3.11, $VENV has $pyver" >&2

log "build tools (setuptools 77-80.8: torch needs >=77; mmcv and mmengine need pkg_resources, which 80.9 warns about on every import and 82 removes)"
pip_install setuptools wheel ninja psutil

# torch===2.13.0 (arbitrary equality, in the lock) selects PyPI's build, not a
# local torch-2.13.0+cpu wheel that torchvision 0.28.0 cannot load.
log "torch and torchvision"
pip_install torch torchvision

# CPU or CUDA ops, which nvcc, which GPU architectures: tools/misc/cuda_plan.py
plan=$("$VENV/bin/python" tools/misc/cuda_plan.py) || exit 2
eval "$plan"
torchver=$("$VENV/bin/python" -c 'import torch; print(torch.__version__.split("+")[0])')
mmcvver=$(sed -n 's/^mmcv==//p' "$LOCK")
wheeldir="$WHEELHOUSE/py$pyver-torch$torchver-$plan_wheel_tag"
log "mmcv ops: $plan_flavour ($plan_reason)${plan_arch_list:+, GPU architectures $plan_arch_list}"
if [ "$plan_flavour" = cuda ]; then
    export FORCE_CUDA=1 TORCH_CUDA_ARCH_LIST="$plan_arch_list"
else
    export FORCE_CUDA=0
fi

# NVIDIA's compiler wheels, pinned to torch's CUDA release, assembled into a
# CUDA_HOME in the cache (torch's own nvidia-* wheels hold the rest).
pip_toolkit() {
    local major=${plan_cuda_release%%.*} key dir tmp site
    key=$(printf '%s' "$plan_pip_pins" | sha1sum | cut -c1-12)
    dir="$CACHE/cuda/cu$plan_cuda_release-$key"
    if [ ! -x "$dir/nvidia/cu$major/bin/nvcc" ]; then
        log "CUDA compiler from PyPI: $plan_pip_pins"
        mkdir -p "$CACHE/cuda"
        tmp=$(mktemp -d "$CACHE/cuda/.download-XXXXXX")
        # shellcheck disable=SC2086  # the pins are separate words
        "$VENV/bin/pip" install --disable-pip-version-check --no-deps --target "$tmp" $plan_pip_pins 2>&1 \
            | grep -v "is ignored: it is neither" | tail -n 2
        rm -rf "$dir"; mv "$tmp" "$dir"
    fi
    export CUDA_HOME="$dir/nvidia/cu$major"
    [ -e "$CUDA_HOME/lib64" ] || ln -s lib "$CUDA_HOME/lib64"
    [ -e "$CUDA_HOME/lib/libcudart.so" ] || ln -s "libcudart.so.$major" "$CUDA_HOME/lib/libcudart.so"
    # cuBLAS/cuSPARSE/... headers that torch's headers include
    site=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    export CPATH="$site/nvidia/cu$major/include${CPATH:+:$CPATH}"
}

if ! ls "$wheeldir"/mmcv-"$mmcvver"-*.whl >/dev/null 2>&1; then
    if [ "$plan_flavour" = cuda ]; then
        if [ "$plan_nvcc" = pip ]; then pip_toolkit; else export CUDA_HOME="$plan_cuda_home"; fi
        export PATH="$CUDA_HOME/bin:$PATH"
        log "nvcc: $("$CUDA_HOME/bin/nvcc" --version | tail -n 1) ($CUDA_HOME)"
    fi
    log "building mmcv $mmcvver with $plan_flavour ops (once; 10-20 minutes on 2 cores, about twice that with CUDA ops)"
    mkdir -p "$wheeldir"
    tmp=$(mktemp -d "$wheeldir/.build-XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    build_start=$(date +%s)
    MMCV_WITH_OPS=1 MAX_JOBS=${MMCV_MAX_JOBS:-$(nproc)} \
        "$VENV/bin/pip" wheel --no-deps --no-build-isolation --no-cache-dir \
        "mmcv==$mmcvver" -w "$tmp" 2>&1 | grep -v "is ignored: it is neither" | tail -n 5
    whl=$(ls "$tmp"/mmcv-*.whl)
    if [ "$plan_flavour" = cuda ]; then
        # shellcheck disable=SC2086  # one architecture per word
        "$VENV/bin/python" tools/misc/inspect_mmcv_wheel.py "$whl" --expect-arch ${plan_arch_list//;/ } \
            || { echo "error: the mmcv build has no CUDA ops for $plan_arch_list" >&2; exit 1; }
    fi
    mv "$whl" "$wheeldir/"
    rm -rf "$tmp"; trap - EXIT
    log "mmcv wheel built in $(( $(date +%s) - build_start )) s: $(ls "$wheeldir"/mmcv-"$mmcvver"-*.whl)"
else
    log "mmcv $mmcvver: cached wheel in $wheeldir"
fi
if [ "${MMIR_WHEEL_ONLY:-}" = 1 ]; then
    log "MMIR_WHEEL_ONLY=1: the wheel is in $wheeldir; $VENV is unchanged"
    exit 0
fi

log "OpenMMLab stack and the rest of the lock"
pip_install --find-links "$wheeldir" -r requirements/runtime.txt -r requirements/tests.txt

# the venv's mmcv must be this flavour's build (same version, other ops)
if [ "$(cat "$VENV/.mmir-mmcv-build" 2>/dev/null)" != "$plan_wheel_tag" ]; then
    log "mmcv: installing the $plan_wheel_tag build"
    pip_install --no-deps --force-reinstall "$wheeldir"/mmcv-"$mmcvver"-*.whl
    echo "$plan_wheel_tag" > "$VENV/.mmir-mmcv-build"
fi

# openmim's own dependencies pull openxlab, which downgrades setuptools to
# 60.2 (no longer enough for torch); `mim train` needs none of that.
log "openmim (without openxlab)"
pip_install --no-deps openmim

# grad-cam declares opencv-python-headless, a second copy of cv2 beside
# mmcv's opencv-python; its other dependencies are in runtime.txt.
log "grad-cam (without a second OpenCV)"
pip_install --no-deps grad-cam

log "mmir (editable)"
pip_install --no-deps --no-build-isolation -e .

log "checking the installation"
"$VENV/bin/python" -m mmir.utils.check_env
log "done in $(( $(date +%s) - start )) s"
