# Set-up is part of every target, so each one works on a fresh machine and again on a set-up one.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=
# Parallel test workers: the browser tests mostly wait (on the browser, the mock, their deadlines),
# so more workers than cores still pays. `make test TEST_WORKERS=0` runs in one process.
TEST_WORKERS ?= 4

.PHONY: setup demo test bench soak clean

# The package's bytecode is written once here: where the environment tells Python not to write it
# (PYTHONDONTWRITEBYTECODE), every process of the tool would compile the package again (70 ms each).
setup: $(VENV)/.installed
	@scripts/ensure-browser.sh $(PY)
	@$(PY) -m compileall -q src/autoreport

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

demo: setup
	$(VENV)/bin/autoreport demo

# Visible-browser tests need a display: the suite starts one Xvfb when none is set (tests/conftest.py).
# worksteal: a worker that runs out of tests takes some from a busy one, so a long test does not
# leave the others idle at the end.
test: setup
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

bench: setup
	$(PY) bench/run.py

# Not part of `make test`: rounds of runs stopped at random moments under the mock's faults, then run
# again, checked for duplicates, losses and leftovers. SOAK_SEED replays the choices of an earlier soak.
SOAK_ROUNDS ?= 40
SOAK_SEED ?=
soak: setup
	$(PY) bench/soak.py --rounds $(SOAK_ROUNDS) $(if $(SOAK_SEED),--seed $(SOAK_SEED))

clean:
	rm -rf $(VENV) build dist src/*.egg-info
