# Two commands set everything up: `make demo` and `make test`. The rest are for developers.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
BIN       := $(VENV)/bin
TOOLS     := var/tools
UV        := $(shell command -v uv 2>/dev/null || echo $(TOOLS)/bin/uv)
PG_URL    ?= postgres://postgres@127.0.0.1:5432/test
HOST      ?= 127.0.0.1
PORT      ?= 8000
SEED      ?= 2026
DEMO_APPLICATIONS ?= 3000

.PHONY: help install pdf-deps install-eval demo serve test test-sqlite test-postgres lint fuzz bench eval browser-deps messages

help:
	@echo "make demo   install, migrate, load demo data, serve on http://$(HOST):$(PORT)/"
	@echo "make test   install what tests need, run the whole suite (SQLite, then PostgreSQL)"
	@echo "make lint | fuzz | bench | eval | messages"

$(UV):
	@mkdir -p $(TOOLS)
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv

# The lock file pins every package; --frozen refuses to run with a stale lock.
$(BIN)/vetting: pyproject.toml uv.lock | $(UV)
	@py="$$(scripts/find-python)"; \
	if [ -z "$$py" ]; then echo "No Python >= 3.12 found; asking uv for one"; $(UV) python install 3.12; py=3.12; fi; \
	$(UV) sync --frozen --python "$$py"
	@touch $@

install: $(BIN)/vetting pdf-deps

# Papers are printed with WeasyPrint, which lays text out with Pango (a system library).
pdf-deps:
	@if ! ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; \
	  else echo "Pango is missing: run 'sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core'"; exit 1; fi; \
	fi

# Tests also need the evaluation baselines and Spark (for the distributed dedupe path);
# the benchmarks need the load generator (locust).
install-eval: install
	$(UV) sync --frozen --group eval --group spark --group bench --quiet
	@touch $(BIN)/vetting

demo: install
	$(BIN)/vetting migrate --no-input -v 0
	$(BIN)/vetting generate-demo --seed $(SEED) --applications $(DEMO_APPLICATIONS) --if-empty
	@echo
	@echo "Applicant portal: http://$(HOST):$(PORT)/uk/   (also /ru/ and /en/)"
	@echo "Staff sign-in:    http://$(HOST):$(PORT)/uk/staff/login/"
	@echo "Sign-in code for a demo account: $(BIN)/vetting totp USERNAME"
	@echo
	VETTING_INPROCESS_WORKER=1 $(BIN)/vetting runserver $(HOST):$(PORT) --noreload

# Debian's chromium drives the browser tests; browsers cannot be downloaded here.
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core fonts-liberation >/dev/null; \
	  else echo "chromium is missing: run 'sudo apt-get install -y chromium'"; exit 1; fi; \
	fi

test: install-eval browser-deps
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory test-sqlite
	@if $(BIN)/python scripts/pg-reachable "$(PG_URL)"; then \
	  $(MAKE) --no-print-directory test-postgres; \
	else echo "== PostgreSQL at $(PG_URL) is not reachable: the PostgreSQL run was SKIPPED =="; fi

test-sqlite:
	@echo "== Test suite on SQLite =="
	VETTING_VAR_DIR=$(CURDIR)/var/test-sqlite $(BIN)/pytest -q --durations=10

# The pure-Python libraries (matching, synthetic data, evaluation, Spark) use no database:
# they run once, in the SQLite pass.
test-postgres:
	@echo "== Test suite on PostgreSQL ($(PG_URL)); database-free libraries ran in the SQLite pass =="
	VETTING_VAR_DIR=$(CURDIR)/var/test-postgres VETTING_DATABASE_URL=$(PG_URL) $(BIN)/pytest -q --durations=10 \
	  --ignore=vetting/matching --ignore=vetting/synthetic --ignore=vetting/distributed --ignore=evaluation

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy vetting

# Property tests with newly drawn examples, ROUNDS times on each database (make test repeats
# the same examples on every run).
ROUNDS ?= 5
PROPERTIES = $$(grep -rl --include='test_*.py' '^from hypothesis' vetting tests)
fuzz: install
	@for i in $$(seq $(ROUNDS)); do \
	  HYPOTHESIS_PROFILE=fuzz VETTING_VAR_DIR=$(CURDIR)/var/fuzz $(BIN)/pytest -q -p no:cacheprovider $(PROPERTIES) || exit 1; \
	  if $(BIN)/python scripts/pg-reachable "$(PG_URL)"; then \
	    HYPOTHESIS_PROFILE=fuzz VETTING_VAR_DIR=$(CURDIR)/var/fuzz VETTING_DATABASE_URL=$(PG_URL) \
	      $(BIN)/pytest -q -p no:cacheprovider $(PROPERTIES) || exit 1; fi; \
	done

bench: install-eval
	$(BIN)/python benchmarks/run.py

eval: install-eval
	$(BIN)/python -m evaluation

messages: install
	cd vetting && ../$(BIN)/vetting makemessages -l uk -l ru --no-obsolete --no-location
	cd vetting && ../$(BIN)/vetting compilemessages
