# make site: set up .venv, validate content/ and build the site into site/
# make test: set up .venv and run the whole test suite (what CI runs), on every core: each test file (the
#   files that share a built site together) goes whole to one process, longest first (tests/conftest.py)
# make check: the fast inner loop, every test but the slow ones (a whole built site in a browser,
#   10,000 synthetic records, the end-to-end bench); stops at the first failure
# make install-runtime: only what the site and the bots need, exactly as locked (for the workflows)
# make lock: update requirements/runtime.lock after a change of runtime dependencies in pyproject.toml
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

LOCK := requirements/runtime.lock
LOCK_FLAGS := --quiet --all-build-deps --generate-hashes --allow-unsafe --strip-extras --no-emit-options

.PHONY: install install-runtime lock lock-upgrade site serve test check generate validate fmt schema bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "需要 Python 3.11 或更高版本")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The runtime dependencies and setuptools (to build this project), every file checked against its
# hash in the lock; nothing else is downloaded. Resolved for Linux and Python 3.11 (the workflows').
# The one source-only package (jieba) is built with the setuptools that Python's own venv brings.
install-runtime:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "requirements/runtime.lock 是为 Python 3.11 生成的")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps --no-build-isolation -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --no-index .
	$(BIN)/python -m pip check

# Keeps every pin that still fits pyproject.toml and adds what is new; lock-upgrade moves all to the newest.
lock: install
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile $(LOCK_FLAGS) --output-file $(LOCK) pyproject.toml

lock-upgrade: install
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile $(LOCK_FLAGS) --upgrade --output-file $(LOCK) pyproject.toml

validate: install
	$(BIN)/yizheng validate

site: install
	$(BIN)/yizheng build --site-dir site

# The local preview: only what an edited record feeds is generated again (yizheng serve --help)
serve: install
	$(BIN)/yizheng serve

# The pages and build/mkdocs.generated.yml, without building: any engine that reads mkdocs.yml builds them
generate: install
	$(BIN)/yizheng generate

test: install
	$(BIN)/python -m pytest -n auto

check: install
	$(BIN)/python -m pytest -q -x -m "not slow" -n auto

bench: install
	$(BIN)/yizheng bench --suggestions 1000 --suggestions 10000 --suggestions 30000 --preview yizheng --json bench-results/bench.json

fmt: install
	$(BIN)/yizheng fmt

schema: install
	$(BIN)/yizheng schema

clean:
	rm -rf site build $(VENV)
