# toasoan — the two commands a new user needs are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: install install-test run test test-fast bench bench-rich bench-live bench-serving bench-faults bench-archive bench-editions bench-media check lint format clean prod-up prod-down prod-restart prod-status

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Runtime dependencies, pinned by requirements.lock (pip constraints).
$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install -q -c requirements.lock -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q -c requirements.lock -e ".[test]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Creates .venv, installs, migrates, loads the demo paper into an empty database (never
# over a paper that is there), prints the staff passwords and
# serves http://127.0.0.1:$(PORT) with the scheduled-publishing loop running.
run: install
	$(BIN)/toasoan migrate --noinput -v0
	$(BIN)/toasoan load-demo --if-empty
	@echo "Trang báo: http://127.0.0.1:$(PORT)/   Tòa soạn: http://127.0.0.1:$(PORT)/quan-tri/"
	$(BIN)/toasoan serve --port $(PORT)

# Production on this machine (Debian 12, no Docker): PostgreSQL, Redis, gunicorn workers,
# nginx for files and Varnish in front, from deploy/; everything under var/prod/.
prod-up: install
	$(BIN)/python scripts/prod.py up

# The production stack under load, side by side (starts it if needed; wrk from Debian).
# Load and faults on the production stack: kills, restarts, what was kept (issue 18).
bench-faults: prod-up
	$(BIN)/python bench/bench_faults.py

# Rich articles (issue 30): the e-magazine's render, cached cost and Lighthouse scores.
bench-rich: prod-up
	command -v wrk >/dev/null || apt-get install -y -qq wrk
	test -x var/bench/lighthouse/node_modules/.bin/lighthouse || (mkdir -p var/bench/lighthouse && cd var/bench/lighthouse && npm i -E --no-audit --no-fund lighthouse@12.2.3)
	$(BIN)/python bench/bench_rich.py

# Live coverage (issue 33): 5,000 readers polling a live page while a reporter posts,
# then through a Varnish restart and a gunicorn master kill (about 7 minutes).
bench-live: prod-up
	command -v wrk >/dev/null || apt-get install -y -qq wrk
	$(BIN)/python bench/bench_live.py

bench-serving: prod-up
	command -v wrk >/dev/null || apt-get install -y -qq wrk
	$(BIN)/python bench/bench_serving.py

# Reader pages and the page explorer at 10,000 and 1,000,000 articles on a throwaway
# PostgreSQL cluster (about 15 minutes on two cores).
bench-archive: install-test
	$(BIN)/python scripts/with_postgres.py $(BIN)/python bench/bench_archive.py

prod-restart: install
	$(BIN)/python scripts/prod.py restart

prod-down:
	$(PYTHON) scripts/prod.py down

prod-status:
	$(PYTHON) scripts/prod.py status

TEMPLATES_HTML = $(shell find toasoan -name '*.html' -not -path '*/static/*')

# The whole suite: static checks, Vietnamese core, site, importer, real Chromium, PostgreSQL.
test: install-test check
	$(BIN)/pytest -q
	$(BIN)/python scripts/with_postgres.py $(BIN)/pytest -q -m "not browser" tests/articles tests/ingest tests/search tests/comments tests/places tests/weather tests/newsroom tests/jobs tests/live tests/editions tests/media tests/channels tests/podcasts

# No browser and no process of its own (worker, gunicorn, Varnish, Redis, PostgreSQL).
test-fast: install-test
	$(BIN)/pytest -q -m "not browser and not server"

# Benchmarks print figures; they read ../shared and install underthesea (VLSP-2013 test set).
bench: install-test
	$(BIN)/pip install -q --no-deps underthesea==9.5.0
	$(BIN)/python bench/bench_restore.py
	$(BIN)/python bench/bench_proofread.py
	$(BIN)/python bench/bench_pages.py
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_search.py
	$(BIN)/python bench/bench_related.py
	$(BIN)/python bench/bench_sitemaps.py
	$(BIN)/python bench/bench_comments.py
	$(BIN)/python scripts/with_postgres.py $(BIN)/python bench/bench_comments.py
	$(BIN)/python bench/bench_editions.py

# The print edition: a 24-page edition's processing time, stories found and matched.
bench-editions: install-test
	$(BIN)/python bench/bench_editions.py

# Video (issue 31): transcode speed per rendition of a 60 s 1080p clip, then the video
# page and its segments on the production stack (starts it if needed).
bench-media: prod-up
	command -v wrk >/dev/null || apt-get install -y -qq wrk
	$(BIN)/python bench/bench_media.py

# What the anchors' CI runs before the tests: format, lint, template indentation, the
# one-way layers of the apps, Django's system checks (deploy checks on production
# settings) and migrations in step with the models.
check: lint
	DJANGO_SETTINGS_MODULE=toasoan.settings.test $(BIN)/toasoan check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=toasoan.settings.production SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
		ALLOWED_HOSTS=localhost DATABASE_URL=postgres://check@localhost/check \
		$(BIN)/toasoan check --deploy --fail-level WARNING
	DJANGO_SETTINGS_MODULE=toasoan.settings.test $(BIN)/toasoan makemigrations --check --dry-run -v0

lint: install-test
	$(BIN)/ruff format --check toasoan tests bench scripts
	$(BIN)/ruff check toasoan tests bench scripts
	$(BIN)/djhtml --check $(TEMPLATES_HTML)
	$(BIN)/lint-imports --no-cache

format: install-test
	$(BIN)/ruff format toasoan tests bench scripts
	$(BIN)/djhtml $(TEMPLATES_HTML)

clean:
	rm -rf $(VENV) var .pytest_cache
