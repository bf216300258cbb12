# make site: set up .venv, validate content/ and build the site into site/
# make test: set up .venv and run the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install site serve test validate fmt schema bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "需要 Python 3.11 或更高版本")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

validate: install
	$(BIN)/yizheng validate

site: install
	$(BIN)/yizheng build --site-dir site

serve: install
	$(BIN)/mkdocs serve

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/yizheng bench --suggestions 1000 --suggestions 10000 --json bench-results/bench.json

fmt: install
	$(BIN)/yizheng fmt

schema: install
	$(BIN)/yizheng schema

clean:
	rm -rf site build $(VENV)
