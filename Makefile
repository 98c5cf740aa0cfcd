# One venv per checkout; every target installs what it needs from pyproject.toml.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SEED := ../shared/corpus/seed/xiangtan-gaoxin-2020.txt

.PHONY: install demo test lint bench clean

$(BIN)/gongkai: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(BIN)/gongkai

install: $(BIN)/gongkai

demo: install
	$(BIN)/gongkai check $(SEED)

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests bench

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build dist src/*.egg-info
