# Decoupled: `make run` serves the app, `make test` runs every check CI runs.
# Both create the virtual environment and install what they need on first use.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
CHROMIUM ?= /usr/bin/chromium

# The local profile: plain HTTP, no secure-only cookies, a secret kept in var/.
LOCAL_ENV = DEBUG=0 SECURE=0 SECRET_KEY="$$(cat var/secret_key)" \
	ALLOWED_HOSTS="$$(scripts/allowed_hosts.sh $(HOST))"

.PHONY: run setup test lint postgres redis chromium bench bench-live clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $@

var/secret_key:
	mkdir -p var
	python3 -c "import secrets; print(secrets.token_urlsafe(64))" > $@

setup: $(VENV)/.installed var/secret_key
	@$(LOCAL_ENV) $(PY) manage.py migrate --noinput -v0
	@$(LOCAL_ENV) $(PY) manage.py collectstatic --noinput -v0
	@$(LOCAL_ENV) $(PY) manage.py loadcontent

run: setup
	@scripts/announce.sh $(HOST) $(PORT)
	$(LOCAL_ENV) $(VENV)/bin/uvicorn studyapp.asgi:application --host $(HOST) --port $(PORT) \
		--no-access-log --lifespan off --timeout-graceful-shutdown 2

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { \
		echo "PostgreSQL is down: starting it"; \
		pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; }
	@pg_isready -h 127.0.0.1 -p 5432 || { echo "PostgreSQL at 127.0.0.1:5432 is not reachable; the PostgreSQL run cannot happen." >&2; exit 1; }

redis:
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || { \
		echo "Redis is down: starting it"; \
		redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
			--dir /var/lib/redis --logfile /var/log/redis/ci.log; sleep 1; }
	@redis-cli -h 127.0.0.1 -p 6379 ping || { echo "Redis at 127.0.0.1:6379 is not reachable." >&2; exit 1; }

chromium:
	@scripts/ensure_chromium.sh $(CHROMIUM)

test: $(VENV)/.installed-test var/secret_key chromium postgres redis
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(LOCAL_ENV) $(PY) manage.py checkcontent
	@echo "== pytest on SQLite (browser tests included)"
	CI=$${CI:-true} CHROMIUM=$(CHROMIUM) $(VENV)/bin/pytest -p no:cacheprovider
	@echo "== pytest on PostgreSQL (browser tests excepted)"
	CI=$${CI:-true} DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -p no:cacheprovider -m "not browser"

bench: $(VENV)/.installed-test var/secret_key
	mkdir -p bench/results
	@for script in bench/[!_]*.py; do echo "== $$script"; $(PY) $$script || exit 1; done
	@echo "figures written to bench/results/"

# The live benchmark (not part of `make test`): production layout on loopback, then `make run`'s.
# Its settings: plain HTTP on loopback; every simulated phone comes from 127.0.0.1 through
# nginx, the one trusted proxy, so the per-address join limit is raised for that address.
BENCH_PG ?= postgres://postgres@127.0.0.1:5432/decoupled_bench
BENCH_PLAYERS ?= 2000
BENCH_LOCAL_PLAYERS ?= 200
BENCH_LIVE_ENV = DEBUG=0 SECURE=0 SECRET_KEY="$$(cat var/secret_key)" ALLOWED_HOSTS=127.0.0.1,localhost \
	TRUSTED_PROXIES=127.0.0.1 LIVE_JOIN_RATE=100000 BENCH_DATABASE_URL=$(BENCH_PG)

bench-live: $(VENV)/.installed-test var/secret_key postgres
	@bench/live/ensure_nginx.sh
	env -u REDIS_URL $(BENCH_LIVE_ENV) $(PY) bench/live/run.py production --players $(BENCH_PLAYERS)
	env -u REDIS_URL $(BENCH_LIVE_ENV) $(PY) bench/live/run.py local --players $(BENCH_LOCAL_PLAYERS)

clean:
	rm -rf $(VENV) var/staticfiles
