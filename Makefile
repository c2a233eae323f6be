# The two commands a newcomer runs: `make demo` and `make test`. Each installs what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test test-postgres lint browser-deps server-deps translations clean

demo: $(VENV)/.installed translations
	$(BIN)/haitao demo

test: $(VENV)/.installed-test browser-deps server-deps translations lint
	$(BIN)/pytest

# The suite's second pass: every test that touches the database (marked automatically, see
# tests/conftest.py), on a throwaway PostgreSQL that .ci/with-postgres starts and stops. The
# browser tests are left to the SQLite pass (they test pages, not the database), and so is the
# demo test: it starts the sample stores on their fixed ports, and .ci/run runs both passes at
# once.
PG_MARKERS ?= database and not browser and not sample_ports
test-postgres: $(VENV)/.installed-test server-deps translations
	.ci/with-postgres $(BIN)/pytest -m "$(PG_MARKERS)"

# The English/Chinese message catalogs: web/translations/*/LC_MESSAGES/messages.po → .mo
translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d web/translations

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Browser tests drive Debian's Chromium (never a downloaded browser); the CJK font makes
# Chinese and Japanese titles render as text instead of boxes; axe-core (from the npm
# registry, no CDN) checks each page's accessibility.
browser-deps:
	@command -v chromium >/dev/null && fc-list 2>/dev/null | grep -qi wenquanyi || { \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei; }
	@test -f tests/web/axe/node_modules/axe-core/axe.min.js || \
	  npm install --no-audit --no-fund --prefix tests/web/axe

# Servers the scale path is tested against: PostgreSQL (the second pass) and Redis (rate
# limits shared by several web processes), Debian's packages; neither is left running.
server-deps:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v redis-server >/dev/null || { \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server && \
	  { $(SUDO) service postgresql stop >/dev/null 2>&1; $(SUDO) service redis-server stop >/dev/null 2>&1; true; }; }

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
