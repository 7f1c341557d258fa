# Set-up is part of every target, so each one works on a fresh machine and again on a set-up one.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=

.PHONY: setup demo test bench clean

setup: $(VENV)/.installed
	@scripts/ensure-browser.sh $(PY)

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

demo: setup
	$(VENV)/bin/autoreport demo

# Visible-browser tests need a display: Xvfb gives one.
test: setup
	xvfb-run -a $(PY) -m pytest $(PYTEST_ARGS)

bench: setup
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info
