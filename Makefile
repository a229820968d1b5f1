# Common Ground: `make run` serves the site, `make test` checks everything.
VENV := .venv
PYTHON := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run test stop superuser install install-test lint format clean

$(VENV)/.run-installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml $(VENV)/.run-installed
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $@

install: $(VENV)/.run-installed

install-test: $(VENV)/.test-installed

run: install
	$(PYTHON) manage.py migrate --noinput --verbosity 0
	$(PYTHON) manage.py load_content
	@echo ""
	@echo "  Common Ground is starting at http://$(HOST):$(PORT)/"
	@echo "  Admin: http://$(HOST):$(PORT)/admin/  (first create an account: make superuser)"
	@echo "  Stop with Ctrl-C. If a database server is ever left running: make stop"
	@echo ""
	$(PYTHON) manage.py runserver $(HOST):$(PORT)

superuser: install
	$(PYTHON) manage.py migrate --noinput --verbosity 0
	$(PYTHON) manage.py createsuperuser

stop: install
	$(PYTHON) -m portal.embedded_db stop

test: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PYTHON) manage.py check
	$(PYTHON) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

format: install-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
