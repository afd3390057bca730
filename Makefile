# The two commands: `make run` starts the trainer, `make test` runs the tests.
# Both set everything up on a fresh Debian/Ubuntu machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint system-deps clean

run: $(STAMP)
	$(BIN)/deescalate

test: $(STAMP)
	$(BIN)/ruff check simulator ui tests tools
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check simulator ui tests tools

system-deps:
	@bash tools/system-deps.sh

$(STAMP): pyproject.toml tools/system-deps.sh
	@bash tools/system-deps.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

clean:
	rm -rf $(VENV) build *.egg-info
