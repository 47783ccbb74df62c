# sheetsync — every target sets up what it needs on a fresh machine (Python 3.11+ only).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CONSTRAINTS := requirements/constraints.txt
LOCK_VENV := .lock-venv
# pytest-xdist: one worker per core (at most 4: each takes the next Redis database after
# SHEETSYNC_TEST_REDIS's, and Redis has 16). TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= auto

.DEFAULT_GOAL := help
.PHONY: help demo test lint typecheck format lock preview bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "sheetsync needs Python 3.11 or newer (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The C scanner of xlsx sheets (sheetsync/sources/_xlsx_scan*) is built by this install, in place:
# a change to its source installs again.
$(STAMP): $(BIN)/python pyproject.toml setup.py $(CONSTRAINTS) $(wildcard sheetsync/sources/_xlsx_scan*.[ch])
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP) ## Generate a sample workbook, refresh it into out/demo-shop.xlsx, print the headline
	@mkdir -p out
	$(BIN)/sheetsync sample out/demo-shop.xlsx
	$(BIN)/sheetsync refresh --workbook out/demo-shop.xlsx

test: lint ## Lint, type-check, then run the whole test suite (Python on every core, then the add-on's Node tests)
	bash scripts/services.sh
	bash scripts/libreoffice.sh
	$(BIN)/python -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --maxprocesses 4 --dist worksteal
	bash addon/run-tests.sh

lint: $(STAMP) ## Lint (ruff check, ruff format --check) and type-check (mypy)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

typecheck: $(STAMP) ## Type-check the sheetsync package only (mypy, settings in pyproject.toml)
	$(BIN)/mypy

format: $(STAMP) ## Format the code
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

lock: ## Upgrade the pinned dependencies: re-resolve pyproject.toml into requirements/constraints.txt
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/python -m pip install --quiet '.[dev,server,queue]'
	{ sed -n '/^#/p' $(CONSTRAINTS); $(LOCK_VENV)/bin/python -m pip freeze --exclude sheetsync; } \
		> $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)
	rm -rf $(LOCK_VENV) build
	@echo "Updated $(CONSTRAINTS): review 'git diff', run 'make test', then commit it."

preview: ## Render out/demo-shop.xlsx to PNG pages in out/preview/ (installs LibreOffice if missing)
	@test -f out/demo-shop.xlsx || $(MAKE) demo
	bash scripts/preview.sh out/demo-shop.xlsx out/preview

bench: $(STAMP) ## Run the benchmarks (minutes; results go in benchmarks/README.md by hand)
	$(BIN)/python benchmarks/kpis.py
	$(BIN)/python benchmarks/attribution.py
	$(BIN)/python benchmarks/refresh_xlsx.py demo
	$(BIN)/python benchmarks/refresh_google.py demo
	$(BIN)/python benchmarks/queue_throughput.py

clean: ## Remove the virtualenv and outputs
	rm -rf $(VENV) $(LOCK_VENV) out .pytest_cache .ruff_cache .mypy_cache
