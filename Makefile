# jixiao — `make demo` and `make test` set up everything on a fresh Debian machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test setup setup-test system-deps system-deps-test lint typecheck unit fuzz docs bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

system-deps:
	@./scripts/system-deps.sh

system-deps-test:
	@./scripts/system-deps.sh --test

# Byte-compile the sources as a regular (non-editable) install does, so start-up does
# not recompile them when PYTHONDONTWRITEBYTECODE is set.
setup: system-deps $(BIN)/python
	$(BIN)/pip install -q -e .
	$(BIN)/python -m compileall -q src

setup-test: system-deps-test $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	$(BIN)/python -m compileall -q src

# The web application on a fresh demonstration database (SQLite, rebuilt each time):
# organisations, a user for every role (printed with the password), several years, the
# reference report in 草稿. Serves on 127.0.0.1:8000 until Ctrl-C. Needs no browser.
DEMO_DB := out/demo/jixiao-demo.db
demo: setup
	@mkdir -p $(dir $(DEMO_DB)) && rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@$(BIN)/jixiao db demo --database sqlite:///$(DEMO_DB)
	@echo
	@echo "打开 http://127.0.0.1:8000/ 用上面的账号登录（例如 filler 填报，head 送审，bureau-reviewer 审核与公开）；Ctrl-C 停止。"
	@$(BIN)/jixiao serve --database sqlite:///$(DEMO_DB) --host 127.0.0.1 --port 8000

lint:
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports

typecheck:
	$(BIN)/mypy

unit:
	$(BIN)/pytest -n 2

# The fuzz suite with many more examples than `unit` runs (docs/robustness.md).
fuzz:
	JIXIAO_FUZZ_EXAMPLES=$${JIXIAO_FUZZ_EXAMPLES:-1000} $(BIN)/pytest -n 2 tests/test_fuzz.py

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
