#!/usr/bin/env bash
# Install the pinned OpenMMLab stack and mmir (editable) into a virtualenv.
#
#   bash tools/install.sh            # venv at $VENV (default .venv)
#
# Every version comes from requirements/lock.txt. mmcv 2.1.0 is only on PyPI
# as a source archive: its compiled ops are built once (~20 min on 2 cores)
# into a wheelhouse in the user's cache and reused afterwards (seconds).
# Environment: VENV, PYTHON (interpreter for a new venv), MMIR_WHEELHOUSE,
# MMCV_MAX_JOBS, FORCE_CUDA=1 (build mmcv's CUDA ops; automatic when a GPU
# and nvcc are present).
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

cuda=$("$VENV/bin/python" -c 'import torch; print(int(torch.cuda.is_available()))')
if [ "${FORCE_CUDA:-}" = "1" ] || { [ "$cuda" = "1" ] && command -v nvcc >/dev/null; }; then
    flavour=cuda; export FORCE_CUDA=1
else
    flavour=cpu; export FORCE_CUDA=0
fi
torchver=$("$VENV/bin/python" -c 'import torch; print(torch.__version__.split("+")[0])')
mmcvver=$(sed -n 's/^mmcv==//p' "$LOCK")
wheeldir="$WHEELHOUSE/py$pyver-torch$torchver-$flavour"
if ! ls "$wheeldir"/mmcv-"$mmcvver"-*.whl >/dev/null 2>&1; then
    log "building mmcv $mmcvver with $flavour ops (once; 10-20 minutes on 2 cores)"
    mkdir -p "$wheeldir"
    tmp=$(mktemp -d "$wheeldir/.build-XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    MMCV_WITH_OPS=1 MAX_JOBS=${MMCV_MAX_JOBS:-$(nproc)} \
        "$VENV/bin/pip" wheel --no-deps --no-build-isolation --no-cache-dir \
        "mmcv==$mmcvver" -w "$tmp" 2>&1 | grep -v "is ignored: it is neither" | tail -n 5
    whl=$(ls "$tmp"/mmcv-*.whl)
    mv "$whl" "$wheeldir/"
    rm -rf "$tmp"; trap - EXIT
else
    log "mmcv $mmcvver: cached wheel in $wheeldir"
fi

log "OpenMMLab stack and the rest of the lock"
pip_install --find-links "$wheeldir" -r requirements/runtime.txt -r requirements/tests.txt

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
