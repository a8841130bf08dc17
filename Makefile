# LAUNCH! cohort LMS. Two commands matter: `make run` (the demo) and `make test` (everything).
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
# A Python 3.12 or newer: the first of these that is new enough.
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)
PYTEST := $(BIN)/pytest
# Parallel test workers (pytest-xdist) for the embedded and scale-out suites: one per core, at
# most 4. Each has its own database, media folders and (scale-out) Redis server.
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); [ "$$n" -gt 4 ] && n=4; echo $$n)
XDIST = -n $(TEST_WORKERS) --dist loadgroup
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help run install test test-fast test-embedded test-scaleout test-e2e faults lint check-deploy \
	bench load backup system-deps e2e-deps credential-verifier-deps clean

help:
	@echo "make run     serve the demo site (embedded profile) on 127.0.0.1:$(PORT)"
	@echo "make test    the whole suite: both profiles, browser tests, lint, layers, deploy check"
	@echo "make bench   the benchmarks (results in bench/results/)"
	@echo "make faults  the fault suite (real workers killed, broker stopped; part of make test)"
	@echo "make load    load test of the scale-out profile (results in bench/results/)"
	@echo "make backup  back up the database and uploaded files into LAUNCH_BACKUP_DIR"

$(BIN)/python:
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.12 or newer is needed (e.g. apt-get install python3.12, or pyenv install 3.12)." >&2; exit 1; fi
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

# The demo's settings: links in emails and badges, and the WebSocket origin check, use the
# address it is really served on. uvicorn does not rewrite the client's address from
# X-Forwarded-For (the site believes it only from TRUSTED_PROXIES; none here).
RUN_ENV = DJANGO_SETTINGS_MODULE=config.settings.dev \
	WAGTAILADMIN_BASE_URL=$(or $(WAGTAILADMIN_BASE_URL),http://127.0.0.1:$(PORT))

run: install
	@mkdir -p var
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  LAUNCH! is running at http://127.0.0.1:$(PORT)/   (admin: http://127.0.0.1:$(PORT)/admin/)"
	@echo ""
	$(RUN_ENV) $(BIN)/uvicorn config.asgi:application \
		--host 127.0.0.1 --port $(PORT) --lifespan off --no-proxy-headers

# System services the suite needs (Redis, PostgreSQL, Chromium), installed with apt if missing.
system-deps:
	$(BIN)/python tools/testenv.py ensure

tests/e2e/node_modules/.installed: tests/e2e/package.json tests/e2e/package-lock.json
	cd tests/e2e && npm ci --no-audit --no-fund --silent
	@touch $@

e2e-deps: tests/e2e/node_modules/.installed

# The independent Open Badges verifier (Digital Bazaar's VC libraries) run by the test suite.
tests/evidence/credentials/verifier/node_modules/.installed: \
		tests/evidence/credentials/verifier/package.json \
		tests/evidence/credentials/verifier/package-lock.json
	cd tests/evidence/credentials/verifier && npm ci --no-audit --no-fund --silent
	@touch $@

credential-verifier-deps: tests/evidence/credentials/verifier/node_modules/.installed

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy config launch lms evidence coaching forums launch_demo

check-deploy: install
	DJANGO_SETTINGS_MODULE=config.settings.production \
	DJANGO_SECRET_KEY=check-deploy-$$(head -c 48 /dev/urandom | base64 | tr -dc A-Za-z0-9) \
	ALLOWED_HOSTS=launch.example.org \
	LAUNCH_ISSUER_KEY=$$($(BIN)/python -c 'from evidence.credentials import generate_signing_key as g; print(g().secret_multibase())') \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

# The production install of docs/deploy.md performed end to end on this machine, in a temporary
# directory with throwaway PostgreSQL and Redis: the release with a fresh venv and the wheel,
# the env file, migrate, the issuer key, collectstatic, check --deploy, the units, /healthz.
.PHONY: deploy-check
deploy-check: install
	$(BIN)/python tools/deploy_check.py

# Embedded profile: SQLite, in-memory channel layer, eager Celery.
test-embedded: install credential-verifier-deps
	env -u DATABASE_URL -u REDIS_URL $(PYTEST) $(XDIST) -m "not e2e and not scaleout" -q \
		--durations=15

# Scale-out profile: PostgreSQL and Redis started on free loopback ports by the harness (one
# Redis server per worker: the fault tests stop and restart their worker's own).
test-scaleout: install system-deps credential-verifier-deps
	$(BIN)/python tools/testenv.py run --redis-servers $(TEST_WORKERS) -- \
		$(PYTEST) $(XDIST) -m "not e2e and not embedded" -q --durations=15

# The fault suite alone (also part of test-scaleout): real Celery workers, uvicorn workers,
# PostgreSQL and Redis; workers killed, Redis stopped and restarted, clients gone mid-request.
faults: install system-deps
	$(BIN)/python tools/testenv.py run --redis-servers $(TEST_WORKERS) -- \
		$(PYTEST) $(XDIST) -m scaleout -q --durations=15 tests/faults \
		tests/coaching/test_faults_redis.py

# Browser tests in headless Chromium, in their own pytest process (Playwright's event loop).
test-e2e: install system-deps e2e-deps
	env -u DATABASE_URL -u REDIS_URL $(PYTEST) -m e2e -q --durations=15 tests/e2e

test: lint check-deploy deploy-check test-embedded test-scaleout test-e2e
	@echo "make test: all suites passed"

test-fast: install credential-verifier-deps
	env -u DATABASE_URL -u REDIS_URL $(PYTEST) $(XDIST) -m "not e2e and not scaleout" -q -x

bench: install
	$(BIN)/python -m bench

# Load test of the scale-out profile (Locust; PostgreSQL and Redis started by tools/testenv.py),
# results in bench/results/. Not part of `make test`.
$(VENV)/.installed-load: pyproject.toml | $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[dev,load]"
	@touch $@

load: install system-deps $(VENV)/.installed-load
	$(BIN)/python -m bench.load

# A private backup of the database and the uploaded files into LAUNCH_BACKUP_DIR (see
# docs/deploy.md for restoring it). Uses the site's settings (DJANGO_SETTINGS_MODULE, ...).
backup: install
	$(BIN)/python manage.py backup_site

clean:
	rm -rf var/test*.sqlite3* var/test-media* var/test-private* var/test-backups* \
		var/test-celerybeat-schedule*
