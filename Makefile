# ImmunoPrep: `make run` serves the site, `make test` runs every check. Both set up what
# they need on a fresh machine (a .venv/ here, and a few Debian packages when missing).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
APT := DEBIAN_FRONTEND=noninteractive apt-get

.PHONY: run dev prepare messages test test-postgres loadtest lint unit browser bench check-content clean-guides system-deps browser-deps

$(VENV)/.runtime: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

# WeasyPrint needs Pango, and HarfBuzz's subsetter to embed fonts (without it WeasyPrint warns
# and falls back to a slower path); PDFs fall back to DejaVu for characters our font lacks.
# gettext's msgfmt compiles the translations (locale/*/LC_MESSAGES/django.po -> .mo).
system-deps:
	@if ! ldconfig -p | grep -q libpango-1.0.so.0 || ! ldconfig -p | grep -q libharfbuzz-subset.so.0 \
		|| ! fc-list | grep -qi dejavu || ! command -v msgfmt >/dev/null; then \
		$(APT) update -q && $(APT) install -y -q libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext; \
	fi

# The interface translations, compiled from the committed .po files.
messages: system-deps $(VENV)/.runtime
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0

# Browser tests drive Debian's Chromium (never a downloaded browser); PDF tests read
# pages with poppler's pdftoppm and QR codes with zbarimg.
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || ! command -v pdftoppm >/dev/null || ! command -v zbarimg >/dev/null; then \
		$(APT) update -q && $(APT) install -y -q chromium poppler-utils zbar-tools; \
	fi

# The real site on its embedded defaults: DEBUG off, a secret key kept in var/, SQLite,
# gunicorn (no access log: URLs hold private tokens) and the task worker. Printed links
# point at SITE_URL.
SITE_URL ?= http://127.0.0.1:$(PORT)
WORKERS ?= 2

prepare: system-deps $(VENV)/.runtime messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py check_content --quiet
	$(PY) manage.py load_demo
	$(PY) manage.py schedule_housekeeping

# Web and task worker from the Procfile, through honcho (the web server gets $(PORT)).
run: prepare
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" SITE_URL=$(SITE_URL) WORKERS=$(WORKERS) \
		$(VENV)/bin/honcho start -f Procfile -p $(PORT)

# Development: Django's runserver with DEBUG on (tracebacks, autoreload).
dev: prepare
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

test: system-deps browser-deps lint messages
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) -m pytest

# The same suite on PostgreSQL and Redis (installed from Debian when missing, throwaway
# instances on loopback ports).
test-postgres: system-deps browser-deps $(VENV)/.dev messages
	$(PY) manage.py collectstatic --noinput --verbosity 0
	bash scripts/test-postgres.sh

unit: $(VENV)/.dev messages
	$(PY) -m pytest --ignore=tests/browser

browser: $(VENV)/.dev browser-deps messages
	$(PY) -m pytest tests/browser

check-content: $(VENV)/.runtime
	$(PY) manage.py check_content
	$(PY) -m immunoprep.knowledge safety > immunoprep/knowledge/SAFETY-COVERAGE.md

# wrk against the site as `make run` starts it, on loopback, about 10 s per URL.
loadtest: system-deps $(VENV)/.runtime
	$(PY) manage.py collectstatic --noinput --verbosity 0
	bash scripts/loadtest.sh

bench: system-deps $(VENV)/.dev
	$(PY) -m benchmarks

clean-guides: $(VENV)/.runtime
	$(PY) manage.py delete_idle_guides
	$(PY) manage.py clearsessions
