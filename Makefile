# The verbs a newcomer expects. `make run` and `make test` need nothing but Python 3.11.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup test lint format check bench bench-web clean-db messages translations gettext browser backup restore bench-load

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Reinstall only when a requirements file changed.
$(VENV)/.runtime: requirements.txt | $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# GNU gettext compiles the interface catalogues (Debian's package, installed when missing).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
gettext:
	@command -v msgfmt >/dev/null || { echo "Installing gettext (apt)"; \
		$(SUDO) apt-get install -y -q gettext || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q gettext; }; }

## translations: compile the interface catalogues of locale/ whose .po changed
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
translations: $(CATALOGUES)

# As Django's compilemessages does it; written aside then moved, so a running server or test
# never reads half a catalogue.
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | gettext
	msgfmt --check-format -o $@.tmp $< && mv $@.tmp $@

## messages: extract the interface strings into locale/*/django.po, to translate them
messages: gettext $(VENV)/.runtime
	$(MANAGE) makemessages -l fr -l ar -l en -l zgh --add-location=file --no-obsolete \
		-i .venv -i tests -i benchmarks -i static_collected -i media -i node_modules

## setup: database, site skeleton, the whole country's territories, demo content (idempotent)
setup: $(VENV)/.runtime translations
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) setup_site
	$(MANAGE) import_territories
	$(MANAGE) seed_demo
	$(MANAGE) seed_community_demo
	$(MANAGE) seed_learning_demo
	$(MANAGE) collectstatic --no-input -v0

## run: set everything up on SQLite and serve on http://127.0.0.1:8000
run: setup
	@echo ""
	@echo "CDS is served at http://$(HOST):$(PORT)/ — administration at http://$(HOST):$(PORT)/admin/"
	@echo "Log in with one of the demo accounts printed above (admin/admin for everything)."
	@echo ""
	@# The mail worker runs beside the server and stops with it (Ctrl-C stops both).
	@$(MANAGE) db_worker --backend mail --queue-name mail --interval 2 --no-reload & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) runserver $(HOST):$(PORT)

## backup: the database and the uploaded files into backups/<date-time>/ (BACKUP_TO=folder to choose)
backup: $(VENV)/.runtime
	$(MANAGE) backup $(if $(BACKUP_TO),--to $(BACKUP_TO))

## restore: replace the database and the uploaded files with a backup's (BACKUP=backups/<date-time>)
restore: $(VENV)/.runtime
	@[ -n "$(BACKUP)" ] || { echo "Which backup? make restore BACKUP=backups/<date-time>"; exit 2; }
	$(MANAGE) restore $(BACKUP)

## browser: what the browser tests need: Debian's Chromium, and axe-core from npm
browser:
	@command -v chromium >/dev/null || { echo "Installing Chromium (apt)"; \
		$(SUDO) apt-get install -y -q chromium || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }; }
	@command -v npm >/dev/null || { echo "Installing npm (apt)"; \
		$(SUDO) apt-get install -y -q npm || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q npm; }; }
	@[ -f tests/browser/node_modules/axe-core/axe.min.js ] || (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)

## test: install the test requirements and run the suite (SQLite unless DATABASE_URL is set)
test: $(VENV)/.dev translations browser
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## check: Django's checks, migrations in step with the models, complete fr/ar/en catalogues
check: $(VENV)/.dev gettext
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check_translations

## bench: the benchmarks of docs/benchmarks.md: territory import, then server time per page at
## scale (PostgreSQL, gunicorn, wrk; installs Debian's wrk when missing)
bench: $(VENV)/.dev
	@command -v wrk >/dev/null || { $(SUDO) apt-get install -y -q wrk || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q wrk; }; }
	$(PY) benchmarks/import_territories.py
	$(PY) benchmarks/page_speed.py --reuse

## bench-load: issue #35's load test (gunicorn, PostgreSQL, its own Redis and SMTP; locust)
bench-load: $(VENV)/.dev
	@command -v redis-server >/dev/null || { $(SUDO) apt-get install -y -q redis-server || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q redis-server; }; }
	$(PY) benchmarks/load_test.py $(LOAD_ARGS)

## bench-web: page weight and Lighthouse (mobile) on the demo site (run `make setup` first)
bench-web: $(VENV)/.dev browser
	benchmarks/web.sh

clean-db:
	rm -f db.sqlite3 db.sqlite3-wal db.sqlite3-shm
