# 残联通: `make run` sets everything up and serves the app with demo data; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
export DEBUG ?= 1

.PHONY: run run-public test install system-deps venv migrate demo lint messages clean browser-deps prod-check

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[dev]"
	touch $@

venv: $(VENV)/.installed

system-deps:
	@scripts/system-deps.sh

install: system-deps venv

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

# Web server and background worker together; Ctrl-C stops both.
run: demo
	@echo "Serving on http://$(HOST):$(PORT)/ (demo accounts: see README.md)"
	@trap 'kill 0' INT TERM EXIT; \
	export CDPF_PUBLIC_URL="$${CDPF_PUBLIC_URL:-http://$(HOST):$(PORT)}"; \
	$(PY) manage.py worker --interval 1 & \
	$(PY) manage.py runserver $(HOST):$(PORT) --noreload

# The public progress site (进度查询, 好差评; decision 0180) beside it, on its own port.
PUBLIC_PORT ?= 8001
run-public:
	@echo "Public progress site on http://$(HOST):$(PUBLIC_PORT)/"
	DJANGO_SETTINGS_MODULE=cdpf.settings_public $(PY) manage.py runserver $(HOST):$(PUBLIC_PORT) --noreload

browser-deps:
	@scripts/browser-deps.sh

test: install browser-deps
	DEBUG=0 $(PY) -m pytest -q

# The production path as docs/deploy.md runs it: manifest static build, check --deploy with
# .env.example's values, migrations on an empty PostgreSQL database, gunicorn with DEBUG=0 and
# a smoke test of every page as each role (scripts/prod-check.sh).
prod-check: install
	DEBUG=0 scripts/prod-check.sh

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

messages: venv
	$(PY) manage.py makemessages -l zh_Hans -l en -e html,txt,py,jinja --ignore=.venv --ignore=node_modules
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var node_modules
