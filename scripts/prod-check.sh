#!/usr/bin/env bash
# `make prod-check`: build and start what the deployment docs say an operator runs, with
# .env.example's values (secrets replaced), and smoke-test it:
#   1. collectstatic with the manifest storage (the Dockerfile's step),
#   2. check --deploy --fail-level WARNING,
#   3. migrations on an empty PostgreSQL database,
#   4. gunicorn (gunicorn.conf.py) with DEBUG=0 and no testing switch, plus the worker,
#   5. scripts/prod_smoke.py: every role signs in and opens every page of the URL sweep,
#      static files have far-future cache headers, /healthz answers,
#   then stops what it started.
# PRODCHECK_DATABASE_URL: the throwaway database (dropped and created again), default
# postgres://postgres@127.0.0.1:5432/cdpf_prodcheck. PRODCHECK_PORT: default 8101.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
PORT=${PRODCHECK_PORT:-8101}
DB_URL=${PRODCHECK_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cdpf_prodcheck}
WORK=$(mktemp -d /tmp/cdpf-prodcheck.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# The operator's environment: .env.example as written, then only the secrets and the places
# that belong to this machine replaced. No CDPF_TESTING, no CDPF_ALLOW_INSECURE_KEY.
unset CDPF_TESTING CDPF_ALLOW_INSECURE_KEY CDPF_HTTPS DJANGO_SETTINGS_MODULE DATABASE_URL \
      STATIC_ROOT PRIVATE_STORAGE_DIR CDPF_VAR_DIR
while IFS= read -r line; do
  case "$line" in ''|'#'*) continue ;; esac
  export "${line%%=*}=${line#*=}"
done < .env.example
export SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')"
export CDPF_DATA_KEYS="1:$($PY -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')"
export CDPF_BLIND_INDEX_KEY="$($PY -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')"
export POSTGRES_PASSWORD="$($PY -c 'import secrets; print(secrets.token_hex(16))')"
export DATABASE_URL="$DB_URL"
export CDPF_VAR_DIR="$WORK/var" STATIC_ROOT="$WORK/static" PRIVATE_STORAGE_DIR="$WORK/private"
# This script is the TLS proxy: it connects from loopback and sends X-Forwarded-Proto.
export TRUSTED_PROXIES=127.0.0.1
export DJANGO_SETTINGS_MODULE=cdpf.settings
HOST=${ALLOWED_HOSTS%%,*}

echo "== prod-check: collectstatic (manifest storage)"
$PY manage.py collectstatic --noinput --verbosity 0
test -s "$STATIC_ROOT/staticfiles.json"

echo "== prod-check: the document signing key (an operator installs the federation's; docs/deploy.md)"
$PY manage.py make_signing_certificate

echo "== prod-check: check --deploy"
$PY manage.py check --deploy --fail-level WARNING

echo "== prod-check: migrate an empty PostgreSQL database"
$PY - "$DB_URL" <<'PYEOF'
import sys, dj_database_url, psycopg
db = dj_database_url.parse(sys.argv[1])
admin = dict(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"] or None,
             dbname="postgres", autocommit=True)
with psycopg.connect(**admin) as conn:
    conn.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}" WITH (FORCE)')
    conn.execute(f'CREATE DATABASE "{db["NAME"]}"')
PYEOF
$PY manage.py migrate --noinput --verbosity 0
$PY manage.py check --deploy --fail-level WARNING --database default

echo "== prod-check: gunicorn on 127.0.0.1:$PORT and the worker"
GUNICORN_BIND="127.0.0.1:$PORT" WEB_CONCURRENCY=2 .venv/bin/gunicorn -c gunicorn.conf.py \
  cdpf.wsgi:application >"$WORK/gunicorn.log" 2>&1 &
pids+=($!)
$PY manage.py db_worker --no-reload >"$WORK/worker.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do
  if $PY - "$PORT" "$HOST" <<'PYEOF' 2>/dev/null
import http.client, sys
conn = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=2)
conn.request("GET", "/login/", headers={"Host": sys.argv[2], "X-Forwarded-Proto": "https"})
sys.exit(0 if conn.getresponse().status == 200 else 1)
PYEOF
  then break; fi
  sleep 1
done

echo "== prod-check: smoke test"
status=0
$PY scripts/prod_smoke.py --base "http://127.0.0.1:$PORT" --host "$HOST" || status=$?
# the access log is the app's request line (decision 0310): one JSON line per request
if ! grep -q '"logger": "cdpf.request".*"client": "' "$WORK/gunicorn.log"; then
  echo "prod-check: no request line with its client in the log"; status=1
fi
if [ "$status" -ne 0 ]; then
  echo "---- gunicorn log (last 40 lines)"; tail -n 40 "$WORK/gunicorn.log"
  echo "---- worker log (last 20 lines)"; tail -n 20 "$WORK/worker.log"
fi
exit "$status"
