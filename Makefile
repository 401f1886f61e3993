# Warta: `make run` serves the app with its worker; `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: setup run serve test test-fast test-slow test-pg lint bench fuzz load messages lock clean

$(STAMP): requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

setup: $(STAMP) messages

messages: $(STAMP)
	$(PY) bin/compile_messages.py

# Development server: SQLite, the in-database task queue, the timers; mail lands in var/mail/.
run: setup
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py import_standard warta/standards/data/standar-publikasi-konten-media-sosial.txt
	$(PY) manage.py load_demo
	WARTA_DEBUG=1 bin/serve $(HOST) $(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy warta
	$(PY) manage.py makemigrations --check --dry-run -v1

test: setup lint
	$(BIN)/pytest -m "not slow" -n 2 $(PYTEST_ARGS)

test-fast: setup
	$(BIN)/pytest -m "not slow and not browser" -n 2 $(PYTEST_ARGS)

# Tests that start real worker processes (timers): run by .ci/run after `make test`.
test-slow: setup
	$(BIN)/pytest -m slow $(PYTEST_ARGS)

# Schemathesis against the API's OpenAPI schema, for each role's token: no 5xx, no undocumented status.
fuzz: setup
	bin/fuzz

bench: setup
	@for f in bench/*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

# The office under load (PostgreSQL, Redis, gunicorn with 4 workers, 200 people for 5 minutes): a
# separate target, not part of `make test`. LOAD_USERS and LOAD_TIME shorten it.
load: setup
	bin/load

lock:
	rm -rf /tmp/warta-lock && $(PYTHON) -m venv /tmp/warta-lock
	/tmp/warta-lock/bin/pip install --quiet -r requirements.in
	(echo "# Pinned tree, tested on Python 3.11. Regenerate: make lock (pip freeze of a venv built from requirements.in)."; /tmp/warta-lock/bin/pip freeze) > requirements.txt

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache .mypy_cache .ruff_cache
