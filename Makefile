# The kata's commands. Each is a thin wrapper over `python -m tests.coach ...`,
# so the same commands work without make (see README.md). `make help` lists them.

TARGET ?= kata
STEP ?=
DEVICE ?=
LEVEL ?=

# Which Python runs the kata: PYTHON=... when given; else an active virtualenv or
# conda environment that already has torch; else .venv, made here from
# requirements.txt with VENV_PYTHON (python3 unless told otherwise).
VENV_PYTHON ?= python3
VENV := .venv
ACTIVE_ENV_HAS_TORCH := $(if $(VIRTUAL_ENV)$(CONDA_PREFIX),$(shell python -c "import importlib.util as u; print(u.find_spec('torch') is not None)" 2>/dev/null))
ifneq ($(strip $(PYTHON)),)
  PY := $(PYTHON)
else ifeq ($(ACTIVE_ENV_HAS_TORCH),True)
  PY := python
else
  PY := $(VENV)/bin/python
endif

COACH := $(PY) -m tests.coach
TEST_OPTIONS := --target $(TARGET) $(if $(STEP),--step $(STEP)) $(if $(DEVICE),--device $(DEVICE))

.DEFAULT_GOAL := help
.PHONY: help test hint progress watch run catchup reset backups grade preflight explain explanation plot bench thresholds gpu-check verify lint lock clean

help: ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'
	@echo "  Variables: TARGET=kata|solutions|PATH  STEP=k  DEVICE=cpu|cuda|mps  LEVEL=n  PYTHON=path"

test: env ## run the steps against kata/ (TARGET=, STEP=, DEVICE=) and coach
	@$(COACH) test $(TEST_OPTIONS)

hint: env ## a hint for the step you are on (LEVEL=n for more)
	@$(COACH) hint $(if $(LEVEL),--level $(LEVEL))

progress: env ## one line a step: passed, failing or not reached, and the share done
	@$(COACH) progress

watch: env ## re-run the step you are on each time kata/regression.py is saved
	@$(COACH) watch

run: env ## run the forum's experiment from kata/regression.py
	@$(PY) -m kata.regression

catchup: env ## replace kata/regression.py by the worked step STEP=k (your file is backed up first)
	@$(if $(STEP),$(COACH) catchup $(STEP),echo "Say which step to catch up to: make catchup STEP=k"; exit 2)

reset: env ## back to the forum's script (your file is backed up first)
	@$(COACH) reset

backups: env ## list the backups that catchup and reset made
	@$(COACH) backups

grade: env ## run the shipped tests (checksummed) and write a receipt for the instructor
	@$(COACH) grade

preflight: env ## for workshops: sets up, runs the reference answer, and says "ready" (or why not)
	@$(COACH) preflight

explain: env ## spoilers: the mystery shown with real numbers, computed from the forum's code
	@$(PY) -m solutions.explain

explanation: env ## copy `make explain`'s output into solutions/EXPLANATION.md
	@$(PY) -m solutions.explain --write

plot: env ## spoilers: docs/loss_curves.png, the three loss curves (installs matplotlib on first use)
	@$(PY) -c "import matplotlib" 2>/dev/null || $(PY) -m pip install --quiet --disable-pip-version-check -r requirements-plot.txt
	@$(PY) -m solutions.plot_losses

bench: env ## measure make test, make verify and training against the floor; writes docs/bench.md
	@$(PY) -m tests.bench

thresholds: env ## the seed-by-seed distributions the step tests' thresholds come from
	@$(PY) -m tests.thresholds

gpu-check: ## on a CUDA machine: every step, staircase and corpus on cuda, and the bench; writes docs/gpu_report.md
	@$(or $(PYTHON),python3) -m tests.gpu_check

verify: env ## the repository's own check: lint, staircase, pinned forum symptoms
	@$(COACH) verify

lint: env ## ruff over the repository (kata/ is the exercise, so it is left out)
	@$(PY) -m ruff check .

lock: env ## record the checksums of the shipped tests (after changing tests/)
	@$(COACH) lock

clean: ## remove .venv and caches (your work in kata/ and .kata/ stays)
	rm -rf $(VENV) .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# Setting up the environment -------------------------------------------------
.PHONY: env
ifeq ($(PY),$(VENV)/bin/python)
env: $(VENV)/.installed
$(VENV)/.installed: requirements.txt
	@$(VENV_PYTHON) tests/env_check.py
	@echo "Setting up $(VENV) with the pinned requirements (once; torch is the big one)..."
	@test -x $(VENV)/bin/python || $(VENV_PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@
else
env:
	@$(PY) tests/env_check.py --ready
endif
