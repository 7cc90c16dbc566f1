# Temperatur: the verbs a newcomer needs. `make run` and `make test` set everything up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Local commands run with DEBUG on; production sets its own environment (see README), and
# `make serve`, which is production, turns it off whatever is set here or in the shell.
export DJANGO_DEBUG ?= 1

.PHONY: run test test-fast browser-deps lint format migrations-check check seed editor clean help setup messages redis

help:
	@echo "make run    – set up, migrate, seed and serve http://127.0.0.1:$(PORT)"
	@echo "make test   – set up and run the whole test suite"
	@echo "make test-fast – the suite without the browser and property tests"
	@echo "make browser-deps – install Debian's chromium for the browser tests (as root)"
	@echo "make lint   – ruff, the import contracts, migrations check and Django's system checks"
	@echo "make messages – update the translation catalogues after changing interface text"

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The interface's translations: locale/*/LC_MESSAGES/django.po in git, compiled here with
# GNU gettext's msgfmt (installed from Debian's packages if missing).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
GETTEXT = command -v msgfmt >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq gettext; }
CATALOGUES := $(wildcard locale/*/LC_MESSAGES/django.po)
I18N_IGNORE := --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=tests --ignore=bench-results

%.mo: %.po
	@$(GETTEXT)
	msgfmt --check-format -o $@ $<

setup: $(BIN)/.installed node_modules/.installed $(CATALOGUES:.po=.mo)

# After changing interface text: update the catalogues, then translate what is new (README).
messages: $(BIN)/.installed
	@$(GETTEXT)
	$(BIN)/python manage.py makemessages --locale en --no-obsolete $(I18N_IGNORE)

run: setup
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed
	@# Only on the local db.sqlite3: with DATABASE_URL set elsewhere it refuses, and the
	@# site is served all the same (make ignores that one failure).
	-$(BIN)/python manage.py create_local_editor --local-default-database
	@echo "Serving http://127.0.0.1:$(PORT)/ – admin on http://127.0.0.1:$(PORT)/admin/"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The browser tests (tests/browser) drive Debian's chromium, never a downloaded browser.
# Without it they are skipped, loudly; REQUIRE_BROWSER_TESTS=1 (CI) makes that a failure.
CHROMIUM := $(shell command -v chromium 2>/dev/null)
BROWSER_SKIPPED := echo "*** BROWSER TESTS SKIPPED: chromium not installed — apt-get install chromium (make browser-deps) ***"

# The tests that need a real Redis use database 14 of the one on 127.0.0.1:6379
# (tests/conftest.py): installed from Debian's packages and started when missing. Where
# that is not possible they are skipped, loudly; REQUIRE_REDIS_TESTS=1 (CI) makes that a
# failure.
REDIS_UP = redis-cli -p 6379 ping >/dev/null 2>&1
redis:
	@$(REDIS_UP) || { \
	  command -v redis-server >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq redis-server; }; \
	  redis-server --daemonize yes --port 6379 --save "" >/dev/null; \
	  for _ in 1 2 3 4 5 6 7 8 9 10; do $(REDIS_UP) && break; sleep 0.5; done; \
	} || true
	@$(REDIS_UP) || echo "*** REDIS TESTS WILL BE SKIPPED: no Redis on 127.0.0.1:6379 (apt-get install redis-server) ***"

# The suite runs on every core (pytest-xdist): each worker has a test database of its own,
# every test its own cache and Redis prefix. TEST_WORKERS=0 runs it in one process. Each
# worker takes a contiguous share of the modules (so rows built once per module are built
# once) and takes over tests from another's share when its own is done (worksteal), so no
# worker idles while the other finishes a long tail.
TEST_WORKERS ?= auto
PYTEST = $(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal
# Compiled modules are written even where the environment says not to
# (PYTHONDONTWRITEBYTECODE): each worker, each subprocess a test starts and the next run
# reuse them instead of compiling the project and rewriting the test modules again.
test test-fast: export PYTHONDONTWRITEBYTECODE =

test: setup redis
ifeq ($(CHROMIUM),)
	@$(BROWSER_SKIPPED)
	$(PYTEST)
	@$(BROWSER_SKIPPED)
else
	$(PYTEST)
endif

# The fast lane: everything but the browser tests and the property tests (markers).
test-fast: setup redis
	$(PYTEST) -m "not browser and not fuzz"

# Debian's chromium and a font for the browser tests (as root; .ci/run installs the same).
browser-deps:
	command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium chromium-driver fonts-dejavu-core; }

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(MAKE) migrations-check check

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: setup
	$(BIN)/python manage.py makemigrations --check --dry-run

check: setup
	$(BIN)/python manage.py check --fail-level WARNING

seed: setup
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 demo.sqlite3 bench.sqlite3 .cache
	rm -f locale/*/LC_MESSAGES/*.mo

# Synthetic demo data (marked as such on every page) over the seeded reference data.
DEMO_PROJECTS ?= 1000
# The benchmark: builds its own database (bench.sqlite3, or <name>_bench on PostgreSQL),
# serves it with gunicorn on a free loopback port and measures with wrk (temperatur/tools/bench.py),
# at the real content's size and with 10,000 synthetic projects.
BENCH_SIZES ?= real,10000
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: demo bench serve

# Synthetic data never enters the real database: the demo has a database file of its own.
DEMO_DATABASE_URL ?= sqlite:///demo.sqlite3

demo: setup
	DATABASE_URL=$(DEMO_DATABASE_URL) $(BIN)/python manage.py migrate --no-input
	DATABASE_URL=$(DEMO_DATABASE_URL) $(BIN)/python manage.py seed
	DATABASE_URL=$(DEMO_DATABASE_URL) $(BIN)/python manage.py generate_demo_data --projects $(DEMO_PROJECTS) --clear
	@echo "Serving the demo (synthetic data) on http://127.0.0.1:$(PORT)/"
	DATABASE_URL=$(DEMO_DATABASE_URL) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

bench: setup
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk; }
	$(BIN)/python -m temperatur.tools.bench --sizes $(BENCH_SIZES)

# The production server on this machine; settings come from the environment as in
# production, with debug off whatever the shell says. Without a DJANGO_SECRET_KEY of at
# least 50 characters the settings refuse to load, and nothing starts.
serve: override DJANGO_DEBUG = 0
serve: setup
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/gunicorn temperatur.wsgi:application --bind 127.0.0.1:$(PORT) --workers $(WORKERS)
