# Set-up and test commands; see README.md.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
export FLASK_APP := app

.PHONY: demo install install-test browser checkers lint test test-sqlite test-postgres bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e '.[postgres,server]'

install-test: $(BIN)/python
	$(BIN)/pip install -q -e '.[test,postgres,server]'

# Install, load the demo district on SQLite (demo accounts: see README) and serve it.
demo: install
	$(BIN)/flask init-db
	$(BIN)/flask seed-district
	$(BIN)/flask seed-demo
	$(BIN)/flask run --host $(HOST) --port $(PORT)

# Debian's Chromium for the browser tests; skipped (the tests then say why) without root or apt.
browser:
	@if command -v chromium >/dev/null 2>&1; then echo "chromium: $$(command -v chromium)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
	else echo "chromium is not installed and cannot be installed here: browser tests will be skipped"; fi

# The Nu HTML checker for the page crawl: npm's vnu-jar (run on Java), kept outside the repository.
# Nothing is fetched once it is there; without npm or Java the crawl's Nu check is skipped, saying why.
PEYVAND_TOOLS ?= $(HOME)/.cache/peyvand-tools
VNU_VERSION   := 26.9.27
checkers:
	@if [ -f "$(PEYVAND_TOOLS)/node_modules/vnu-jar/build/dist/vnu.jar" ] && \
	    grep -q '"version": "$(VNU_VERSION)"' "$(PEYVAND_TOOLS)/node_modules/vnu-jar/package.json"; then \
	  echo "vnu-jar $(VNU_VERSION): $(PEYVAND_TOOLS)"; \
	elif command -v npm >/dev/null 2>&1; then \
	  npm install --prefix "$(PEYVAND_TOOLS)" --no-save --ignore-scripts --no-audit --no-fund --loglevel=error \
	    "vnu-jar@$(VNU_VERSION)" >/dev/null && echo "vnu-jar $(VNU_VERSION) installed in $(PEYVAND_TOOLS)"; \
	else echo "npm is not installed: the page crawl's Nu HTML check will be skipped"; fi


# The lint rules are in pyproject.toml ([tool.ruff]).
lint: install-test
	$(BIN)/ruff check .

# Lint first, then every test on SQLite, then again on PostgreSQL when TRACKER_TEST_DATABASE_URL is set.
test: install-test browser checkers lint test-sqlite test-postgres

test-sqlite:
	@echo "=== test run on SQLite ==="
	env -u TRACKER_TEST_DATABASE_URL $(BIN)/python -m pytest -q

test-postgres:
	@if [ -n "$$TRACKER_TEST_DATABASE_URL" ]; then \
	  echo "=== test run on PostgreSQL ==="; \
	  $(BIN)/python -m pytest -q; \
	else echo "=== PostgreSQL run skipped: TRACKER_TEST_DATABASE_URL is not set ==="; fi

bench: install-test
	$(BIN)/python benchmarks/paging.py
	$(BIN)/python benchmarks/pdf_memory.py
	$(BIN)/python benchmarks/exports.py --rows 50000

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
