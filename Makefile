# The two commands of the README: `make demo` and `make test`. Both set everything up themselves,
# Debian's chromium and CJK fonts included (scripts/system-deps.sh: with root it installs them,
# without it says what will not work). `make demo PORT=8001 ENTERPRISES=500` changes port and size.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
PORT   ?= 8000
ENTERPRISES ?= 3000

.PHONY: demo test install system-deps lint typecheck test-sqlite coverage-analytics test-postgres clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
	$(BIN)/python -m pip install -q -e ".[test]"
	@rm -f $(VENV)/.installed-*; touch $(STAMP)

install: $(STAMP)

system-deps:
	@bash scripts/system-deps.sh

demo: install system-deps
	$(BIN)/qualitas migrate
	$(BIN)/qualitas demo-data --enterprises $(ENTERPRISES)
	$(BIN)/qualitas serve --port $(PORT)

lint: install
	@mkdir -p var
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/lint-imports
	$(BIN)/python -m django makemigrations --check --dry-run --settings=qualitas.config.settings.test

typecheck: install
	$(BIN)/mypy src/qualitas

# Unit, API and page tests on SQLite; then everything that touches the database, and the
# browser tests, on PostgreSQL (DATABASE_URL when set, else the pgserver wheel).
test-sqlite: install
	DATABASE_URL= $(BIN)/python -m pytest -q -m "not browser" -n 2 --dist loadfile

# Issues 3 and 4 promise 100 % coverage of these analytics modules; the run fails below it.
COVERED := spc capability capability_nonnormal _sigma pareto anova msa sampling reliability maturity errors
coverage-analytics: install
	DATABASE_URL= $(BIN)/python -m pytest -q -n 2 tests/analytics \
	  $(foreach m,$(COVERED),--cov=qualitas.analytics.$(m)) --cov-report=term:skip-covered --cov-fail-under=100

# one process: on two workers some transactional tests flush the rows that migrations load
# (global causes and actions, index versions) before another file of the same worker reads them
test-postgres: install system-deps
	$(BIN)/python tests/pg.py -q --ignore=tests/analytics

test: install system-deps lint typecheck test-sqlite coverage-analytics test-postgres

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
