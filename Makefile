# The two commands a newcomer runs: `make demo` and `make test`. Each installs what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test lint browser-deps translations clean

demo: $(VENV)/.installed translations
	$(BIN)/haitao demo

test: $(VENV)/.installed-test browser-deps translations lint
	$(BIN)/pytest

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

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
