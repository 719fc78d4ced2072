# Two commands do all the set-up on a fresh Debian machine with Python 3.11 and Node 20:
#   make serve   build the site and serve it on http://127.0.0.1:8000
#   make test    run the whole test suite (browser tests need Debian's chromium)
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= $(shell command -v python3.11 || command -v python3)

.PHONY: setup serve build check test bench clean

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -e ".[test]"
	touch $@

# Mermaid CLI for build-time flowcharts; it drives the system Chromium, so no browser is downloaded.
node_modules/.installed: package.json package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund
	touch $@

check: setup
	$(VENV)/bin/zhifa check

build: setup
	$(VENV)/bin/zhifa build

serve: setup
	$(VENV)/bin/zhifa serve

test: setup
	$(PY) -m pytest

bench: setup
	$(PY) benchmarks/bench.py

clean:
	rm -rf _build
