# The two commands a newcomer needs: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test venv dev-deps migrate demo lint format browser check clean bench serve-check bench-deps load-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.deps: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.deps

venv: $(VENV)/.deps
dev-deps: $(VENV)/.dev-deps

migrate: venv
	$(BIN)/python manage.py migrate --noinput

# Loads the bundled demo archive (the seed page and the Wikinews set) into an empty database only.
demo: migrate
	$(BIN)/python manage.py load_demo

# The web server and, beside it, the worker that runs admin imports (manage.py db_worker); stopping the
# server (Ctrl-C) stops the worker too. The worker does not reload on code changes: restart `make run`.
run: demo
	@$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Browser tests need Chromium; they skip with a reason when it is absent (CI sets REQUIRE_BROWSER=1).
test: dev-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: dev-deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Installs Debian's Chromium for the browser tests (needs root and apt).
browser:
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

check: dev-deps
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

# bin/start (migrate, gunicorn) as in production, with DEBUG off, on a fresh PostgreSQL database:
# asks for the home page, a search, a hashed static file and /healthz. CI runs it.
serve-check: dev-deps
	bash .ci/serve-check

# Benchmark tools (Datasette, locust) in their own environment, so neither the app nor its tests need them.
BENCH_VENV ?= bench/.venv
$(BENCH_VENV)/.deps: requirements-bench.txt
	$(PYTHON) -m venv $(BENCH_VENV) || python3 -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/pip install --quiet -r requirements-bench.txt
	touch $@
bench-deps: $(BENCH_VENV)/.deps

# 50 users for 60 s against bin/start on PostgreSQL (see bench/README.md, "Load test"); not part of CI.
load-test: dev-deps bench-deps
	$(BIN)/python bench/load.py $(LOAD_ARGS)

# The scale benchmark at a moderate size on PostgreSQL (bench/run.py --help; results in docs/benchmarks.md).
# Its Datasette comparison needs `make bench-deps` first, and is skipped with a note without it.
BENCH_SCALE ?= 100000
BENCH_DB ?= postgres
bench: venv
	$(BIN)/python bench/run.py --scale $(BENCH_SCALE) --db $(BENCH_DB)

clean:
	rm -rf $(VENV) $(BENCH_VENV) staticfiles test-artifacts .pytest_cache .ruff_cache
