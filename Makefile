# sheetsync — every target sets up what it needs on a fresh machine (Python 3.11+ only).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help demo test lint format preview bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "sheetsync needs Python 3.11 or newer (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP) ## Generate a sample workbook, refresh it into out/demo-shop.xlsx, print the headline
	@mkdir -p out
	$(BIN)/sheetsync sample out/demo-shop.xlsx
	$(BIN)/sheetsync refresh --workbook out/demo-shop.xlsx

test: $(STAMP) ## Lint (ruff) and run the whole test suite (Python, then the add-on's Node tests)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	bash scripts/services.sh
	bash scripts/libreoffice.sh
	$(BIN)/python -m pytest -q -p no:cacheprovider
	bash addon/run-tests.sh

lint: $(STAMP) ## Lint only
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## Format the code
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

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
	rm -rf $(VENV) out .pytest_cache .ruff_cache
