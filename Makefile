# Common Ground: `make run` serves the site, `make test` checks everything.
VENV := .venv
PYTHON := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1

WORKERS ?= 2

.PHONY: run serve test test-browser browser lighthouse stop superuser backup restore install install-test format clean

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

# As in production: DEBUG off, gunicorn, collected static files served by whitenoise.
# SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL come from the environment as in production;
# for a local run a secret key is made once in .data/secret_key.
serve: install
	@mkdir -p .data
	@test -s .data/secret_key || $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > .data/secret_key
	DJANGO_SETTINGS_MODULE=portal.settings.prod EMBEDDED_DATABASE=true \
	SECRET_KEY="$${SECRET_KEY:-$$(cat .data/secret_key)}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}" \
	SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-false}" \
	SECURE_COOKIES="$${SECURE_COOKIES:-false}" \
	sh -c '$(PYTHON) manage.py migrate --noinput --verbosity 0 && \
	  $(PYTHON) manage.py load_content && \
	  $(PYTHON) manage.py collectstatic --noinput --verbosity 0 && \
	  exec $(VENV)/bin/gunicorn portal.wsgi --bind 127.0.0.1:$(PORT) --workers $(WORKERS) \
	    --timeout 30 --graceful-timeout 10 --access-logfile -'

# pg_dump of the whole database to backups/ (FILE=... to choose the name).
backup: install
	$(PYTHON) manage.py backup $(if $(FILE),--output $(FILE),)

# Restore a backup made by `make backup`: make restore FILE=backups/....dump
restore: install
	$(PYTHON) manage.py restore $(FILE)

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
	# Two processes, each with its own test database: the suite in about two minutes.
	$(VENV)/bin/pytest --ignore=tests/browser -n 2

# Real-browser journeys, keyboard-only runs, small screens and axe-core audits.
test-browser: install-test browser
	$(VENV)/bin/pytest tests/browser

# Debian's Chromium for the browser tests (Playwright never downloads a browser here).
browser:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	  else echo "Chromium is missing: run 'sudo apt-get install chromium'"; exit 1; fi; }

# Lighthouse (mobile) on every public page type as `make serve` serves them, with Debian's
# Chromium; fails if any category scores under 98. The npm package is pinned by
# tools/lighthouse/package-lock.json and never downloads a browser.
LIGHTHOUSE_DIR := tools/lighthouse

$(LIGHTHOUSE_DIR)/node_modules/.installed: $(LIGHTHOUSE_DIR)/package-lock.json
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; \
	  else echo "npm is missing: run 'sudo apt-get install nodejs npm'"; exit 1; fi; }
	cd $(LIGHTHOUSE_DIR) && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $@

lighthouse: install browser $(LIGHTHOUSE_DIR)/node_modules/.installed
	$(PYTHON) benchmarks/lighthouse.py $(if $(PAGES),$(foreach p,$(PAGES),--only $(p)),)

format: install-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache $(LIGHTHOUSE_DIR)/node_modules
