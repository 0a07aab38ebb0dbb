# The two set-up commands of the README:
#   make run   create .venv, install Studio, run the example brief on the embedded default
#   make test  install everything the tests need and run the whole suite
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q
BRIEF  ?= Infographic from this earnings PDF
PDF    ?= examples/northwind-q3-fy2026-release.pdf

.PHONY: run test lint format install install-test chromium fonts examples clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.base: pyproject.toml | $(PY)
	$(PIP) install -e .
	@touch $@

# torch first, pinned: the CPU wheel on disk. A range that admits a newer torch would pull a
# multi-GB CUDA build; with 2.13.0 installed, the diffusion extra's range installs nothing more.
$(VENV)/.test: pyproject.toml | $(PY)
	$(PIP) install torch==2.13.0
	$(PIP) install -e '.[dev,diffusion,c2pa]'
	@touch $@

install: $(VENV)/.base
install-test: $(VENV)/.test chromium fonts

# Debian's chromium for the web studio tests (tests/web, Playwright with no browser download):
# installed with apt-get when it is missing and apt-get can; otherwise those tests skip
chromium:
	@test -x /usr/bin/chromium || ! command -v apt-get >/dev/null 2>&1 || \
	  { apt-get install -y -qq chromium >/dev/null 2>&1 || \
	    { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium >/dev/null 2>&1; }; } || \
	  echo "note: chromium could not be installed; the web studio tests will skip"

# Noto faces for the scripts DejaVu lacks or draws poorly (CJK, Arabic, Hebrew, Devanagari,
# Thai) for the lettering tests (tests/compose/test_lettering.py); the base install does not
# need them (Studio bundles its handwriting face). Installed with apt-get when missing and
# apt-get can; otherwise those tests skip
NOTO := fonts-noto-core fonts-noto-cjk
fonts:
	@dpkg -s $(NOTO) >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1 || \
	  { apt-get install -y -qq $(NOTO) >/dev/null 2>&1 || \
	    { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq $(NOTO) >/dev/null 2>&1; }; } || \
	  echo "note: $(NOTO) could not be installed; the lettering tests for other scripts will skip"

run: $(VENV)/.base
	$(VENV)/bin/studio run "$(BRIEF)" --pdf $(PDF)

# one example of each text-heavy layout (whiteboard, recipe card, labelled scene, blueprint) at
# every size its template offers, on the offline renderer, into examples/out/ (not committed)
examples: $(VENV)/.base fonts
	$(PY) examples/text_heavy.py --all-sizes

# the whole suite, then the CLI, service and worker tests again on PostgreSQL ledgers
# (skipped when no PostgreSQL answers at 127.0.0.1:5432), so a PostgreSQL-only failure shows
PG_TESTS := tests/test_cli.py tests/test_service.py tests/test_interrupts.py tests/workers
test: install-test
	$(PY) -m pytest -q
	STUDIO_TEST_DATABASE=postgresql $(PY) -m pytest -q $(PG_TESTS)

lint: $(VENV)/.test
	$(VENV)/bin/ruff check studio workers tests bench examples
	$(VENV)/bin/ruff format --check studio workers tests bench examples

format: $(VENV)/.test
	$(VENV)/bin/ruff format studio workers tests bench examples
	$(VENV)/bin/ruff check --fix studio workers tests bench examples

clean:
	rm -rf $(VENV) studio-output .pytest_cache
