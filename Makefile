# Every target creates .venv and installs on a fresh machine; nothing global is touched.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

export MOTO_EC2_LOAD_DEFAULT_AMIS ?= false

.PHONY: install demo test lint run bench clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

demo: install
	$(PY) -m bot demo

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/cfn-lint infra/*.yaml

test: lint
	$(PY) -m pytest -n auto

run: install
	$(PY) -m bot

bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) *.egg-info
