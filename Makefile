# mmir: `make demo` and `make test` install whatever is missing first.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.mmir-installed
DATA ?= data/synthetic
PYTEST_ARGS ?= --durations=30
# Two pytest-xdist workers, one torch thread each, a test file on one worker,
# the files in the order tests/conftest.py gives them (the long ones first);
# PYTEST_WORKERS=0: one process.
PYTEST_WORKERS ?= 2
PYTEST := $(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder

.PHONY: install cuda-wheel gpu-check data demo demo-quick test test-all lint format lock clean-data

install: $(STAMP)

$(STAMP): $(wildcard requirements/*.txt) pyproject.toml tools/install.sh
	VENV=$(VENV) bash tools/install.sh
	touch $@

# mmcv with CUDA ops, for the visible GPUs or TORCH_CUDA_ARCH_LIST (needed
# without a GPU, e.g. `make cuda-wheel TORCH_CUDA_ARCH_LIST=9.0`), built into
# the wheel cache and checked for device code; the venv is left unchanged.
cuda-wheel: $(STAMP)
	FORCE_CUDA=1 TORCH_CUDA_ARCH_LIST="$(TORCH_CUDA_ARCH_LIST)" MMIR_WHEEL_ONLY=1 \
		VENV=$(VENV) bash tools/install.sh

# On a GPU machine: install the CUDA flavour, check it, run the GPU parity
# suite and the benchmarks; report in work_dirs/gpu_check/ (QUICK=1: shorter).
gpu-check:
	VENV=$(VENV) bash tools/misc/gpu_check.sh $(if $(QUICK),--quick)

data: $(STAMP)
	$(PY) tools/make_synthetic.py --out-root $(DATA)
	$(PY) tools/dataset_converters/legbreaker.py $(DATA)/landmine
	$(PY) tools/dataset_converters/inpaint_boxes.py $(DATA)/landmine --ann-file mmir_ann/all.txt
	$(PY) tools/dataset_converters/masati.py $(DATA)/masati
	$(PY) tools/dataset_converters/inpaint_boxes.py $(DATA)/masati --boxes mmir_ann/boxes.json --img-prefix '' --margin 5
	$(PY) tools/dataset_converters/smote_ssim.py $(DATA)/multiband --ann-file train.csv

# the demo models on demo-sized synthetic sets (generated under data/demo),
# about 15 minutes on 2 CPU cores; report in work_dirs/demo/report.html
demo: $(STAMP)
	$(PY) tools/demo.py

# each method's 20-iteration smoke config on the default synthetic sets
demo-quick: data
	$(PY) tools/demo.py --quick --data-root $(DATA) --work-dir work_dirs/demo_quick

# what CI runs: every test but those marked slow
test: $(STAMP)
	$(PYTEST) -m "not slow" $(PYTEST_ARGS) tests

# everything, the slow tests included
test-all: $(STAMP)
	$(PYTEST) $(PYTEST_ARGS) tests

# ruff: lint, import order and format (configured in pyproject.toml)
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean-data:
	rm -rf $(DATA)

# Re-pin requirements/lock.txt from the current venv.
lock: $(STAMP)
	{ echo "# Exact versions of everything tools/install.sh installs (Python 3.11)."; \
	  echo "# Regenerate with \`make lock\` after changing requirements/*.txt."; \
	  echo "# torch uses === so that pip takes PyPI's build, not a local torch-2.13.0+cpu wheel."; \
	  $(VENV)/bin/pip freeze --all --exclude-editable | grep -v -E "^(pip|mmir)==" \
	    | sed -e 's/^torch==/torch===/' -e 's|^mmcv @ file:.*/mmcv-\([0-9.]*\)-.*|mmcv==\1|'; \
	} > requirements/lock.txt.tmp && mv requirements/lock.txt.tmp requirements/lock.txt
