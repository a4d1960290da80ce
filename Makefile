# jixiao — `make demo` and `make test` set up everything on a fresh Debian machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
REF    := examples/reference-lusong-2023.yaml

.PHONY: demo test setup setup-test system-deps lint typecheck unit docs bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

system-deps:
	@./scripts/system-deps.sh

# Byte-compile the sources as a regular (non-editable) install does, so start-up does
# not recompile them when PYTHONDONTWRITEBYTECODE is set.
setup: system-deps $(BIN)/python
	$(BIN)/pip install -q -e .
	$(BIN)/python -m compileall -q src

setup-test: system-deps $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	$(BIN)/python -m compileall -q src

# The main job on the reference report: its findings, then its score table.
# `jixiao check` exits 1 when it finds errors — that is the expected output here.
demo: setup
	@$(BIN)/jixiao check $(REF); status=$$?; [ $$status -le 1 ] || exit $$status
	@echo
	@$(BIN)/jixiao score $(REF); status=$$?; [ $$status -le 1 ] || exit $$status

lint:
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports

typecheck:
	$(BIN)/mypy

unit:
	$(BIN)/pytest -n 2

test: setup-test lint typecheck unit

docs:
	$(BIN)/jixiao rules --format markdown > docs/rules.md
	$(BIN)/jixiao schema --to docs/evaluation.schema.json
	$(BIN)/jixiao schema --output --to docs/result.schema.json

bench: setup
	$(BIN)/python bench/run.py
	$(BIN)/python bench/render.py
	$(BIN)/python bench/audit.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
