# The two commands of the README: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

# Links printed and built by the app point at the port actually served.
run demo: export PUBLIC_PORT := $(PORT)

.PHONY: run test install frontend translations migrate demo lint format bench clean browser openapi

run: install frontend translations migrate demo
	@echo "Serving on http://localhost:$(PORT)/ (Ctrl-C to stop)"
	@if [ -z "$$REDIS_URL" ]; then \
	  $(BIN)/python manage.py run_scheduler & sched=$$!; trap "kill $$sched 2>/dev/null" EXIT INT TERM; \
	  $(BIN)/python manage.py runserver 0.0.0.0:$(PORT); \
	else $(BIN)/python manage.py runserver 0.0.0.0:$(PORT); fi

test: install frontend translations browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

install: $(STAMP)

$(STAMP): pyproject.toml $(wildcard plugins/*/pyproject.toml)
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	for p in plugins/*/; do [ -f "$$p/pyproject.toml" ] && $(BIN)/python -m pip install --quiet -e "$$p" || true; done
	touch $(STAMP)

frontend: frontend/dist/index.html

frontend/dist/index.html: frontend/package.json frontend/package-lock.json $(shell find frontend/src frontend/index.html frontend/vite.config.ts -type f 2>/dev/null)
	cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run build

translations: install
	$(BIN)/python manage.py compile_translations

migrate: install
	$(BIN)/python manage.py fleet_migrate

demo: install
	$(BIN)/python manage.py seed_demo

# Browser tests use Debian's Chromium; install it when missing and we are allowed to.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	  echo "warning: chromium not installed; browser tests will be skipped"; }

openapi: install
	$(BIN)/python manage.py spectacular --urlconf huiyuan.urls_tenant --file docs/api/openapi-tenant.yaml
	$(BIN)/python manage.py spectacular --urlconf huiyuan.urls_public --file docs/api/openapi-public.yaml

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var frontend/node_modules frontend/dist
