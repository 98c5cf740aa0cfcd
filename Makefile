# Shortcuts; everything goes through dev.py, which sets up .venv from pyproject.toml.
PY ?= python3
BIN := .venv/bin

.PHONY: install start test test-postgres lint bench clean

install:
	$(PY) dev.py setup

start:
	$(PY) dev.py start

test:
	$(PY) dev.py test

test-postgres:
	$(PY) dev.py test --postgres

lint: install
	$(BIN)/ruff check src tests bench dev.py
	$(BIN)/mypy

bench: install
	for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf .venv build dist src/*.egg-info
