# Two entry points: `make demo` and `make test`.  Both build .venv from scratch if needed,
# installing exactly the versions in constraints.txt (what CI was tested with).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench clean lock

$(STAMP): pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,spark]'
	touch $(STAMP)

demo: $(STAMP)
	rm -f demo.duckdb demo.duckdb.wal
	$(BIN)/swaylens --db demo.duckdb demo

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	bash scripts/ensure-java.sh
	$(BIN)/python -m pytest -q

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Refresh the constraints from a clean resolve (run by hand, then commit constraints.txt).
lock:
	rm -rf /tmp/swaylens-lock && $(PY) -m venv /tmp/swaylens-lock
	/tmp/swaylens-lock/bin/pip install --quiet -e '.[test,spark]'
	/tmp/swaylens-lock/bin/pip freeze --exclude-editable | grep -v '^-e' > constraints.txt

clean:
	rm -rf $(VENV) demo.duckdb demo.duckdb.wal
