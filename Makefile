# Two commands for a newcomer: `make demo` (the daily briefing on bundled offline sources) and `make test`;
# `make test-fast` is the inner loop while working.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: demo test test-fast test-sqlite test-postgres lint bench bench-quick fuzz clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	$(PY) -m flows.prefect_template
	touch $@

demo: $(VENV)/.installed
	$(VENV)/bin/signaldesk demo

test: lint test-sqlite test-postgres

# The house rules: ruff's lint and its formatting (configured in pyproject.toml).
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The inner loop: everything but the tests marked slow (crawl processes, Prefect servers and databases,
# commands run as processes, fault injection), the PostgreSQL store tests and the browser tests.
test-fast: $(VENV)/.installed
	$(PY) -m pytest -m "not slow and not postgres and not browser" -q

test-sqlite: $(VENV)/.installed
	$(PY) -m pytest -m "not postgres" -q

# The store tests again, on the PostgreSQL server at 127.0.0.1:5432 (skipped with a reason when absent,
# required when SIGNALDESK_REQUIRE_POSTGRES=1).
test-postgres: $(VENV)/.installed
	$(PY) -m pytest -m postgres -q

bench: $(VENV)/.installed
	$(VENV)/bin/signaldesk bench

bench-quick: $(VENV)/.installed
	$(VENV)/bin/signaldesk bench --quick

fuzz: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[test,fuzz]"
	$(PY) bench/fuzz.py

clean:
	rm -rf $(VENV) var .pytest_cache
