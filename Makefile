# Two commands do all the set-up on a fresh Debian machine with Python 3.11 (each installs the Debian
# packages it needs, then the Python and npm dependencies):
#   make serve   build the site and serve it on http://127.0.0.1:8000
#   make test    run the whole test suite, ruff included
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= $(shell command -v python3.11 || command -v python3)

.PHONY: setup system-serve system-test serve preview build check test lint bench fuzz clean

# byte-compiled as pip does for what it installs, and again after a pull changed a module (compileall skips what is
# current): with PYTHONDONTWRITEBYTECODE set (many containers and CI machines) every process of every build would
# compile the tool's modules again (about 0.1 s each)
setup: $(VENV)/.installed node_modules/.installed
	$(PY) -m compileall -q tools/zhifa > /dev/null

system-serve:
	bash tools/system-packages.sh serve

system-test:
	bash tools/system-packages.sh test

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

build: system-serve setup
	$(VENV)/bin/zhifa build

# the site officers use (service worker and all), built into _build/html and served on 127.0.0.1:8000
serve: system-serve setup
	$(VENV)/bin/zhifa build
	$(VENV)/bin/zhifa serve --no-build

# authors' live preview: rebuilt on every save, problems shown on the page (not the published site)
preview: system-serve setup
	$(VENV)/bin/zhifa serve

lint: setup
	$(VENV)/bin/ruff check tools tests benchmarks conf.py
	$(VENV)/bin/ruff format --check tools tests benchmarks conf.py

test: system-test setup lint
	$(PY) -m pytest

bench: setup
	$(PY) benchmarks/bench.py

clean:
	rm -rf _build

# A longer fuzz run over a copy of the real content (not part of make test): every mutation check accepts must build.
fuzz: setup
	ZHIFA_FUZZ_REPO=real ZHIFA_FUZZ_EXAMPLES=$${ZHIFA_FUZZ_EXAMPLES:-60} $(PY) -m pytest tests/test_fuzz_content.py -p no:cacheprovider
