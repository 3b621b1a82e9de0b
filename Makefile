# The two commands: `make demo` and `make test`. Both create the virtual
# environment on first use, so a fresh clone needs only Python 3.11+.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DATA_DIR ?= data
PORT ?= 8080

.PHONY: demo test lint typecheck unit bench clean

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-extras: $(BIN)/activate
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

demo: $(BIN)/activate
	$(BIN)/switchboard demo --data-dir $(DATA_DIR) --port $(PORT)

test: $(VENV)/.test-extras lint typecheck unit

lint: $(VENV)/.test-extras
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.test-extras
	$(BIN)/mypy crm_core agent_ui pbx mail portal workflows

unit: $(VENV)/.test-extras
	$(BIN)/python -m pytest -q

bench: $(VENV)/.test-extras
	$(BIN)/python -m bench.records
	$(BIN)/python -m bench.caller_lookup
	$(BIN)/python -m bench.list_access
	$(BIN)/python -m bench.ami_ingest
	$(BIN)/python -m bench.screen_pop
	$(BIN)/python -m bench.mail_ingest
	$(BIN)/python -m bench.console_pages
	$(BIN)/python -m bench.live_fanout
	$(BIN)/python -m bench.workflows

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
