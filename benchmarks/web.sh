#!/usr/bin/env bash
# Page weight and Lighthouse on the site served with production settings (WhiteNoise's
# compressed, fingerprinted static files) on 127.0.0.1:8012, from the current database
# (`make run` fills it). Prints the two tables of docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT=${PORT:-8012}
export DJANGO_SETTINGS_MODULE=cds.settings.production SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0
export SECRET_KEY="bench-only-$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')"
export STATIC_ROOT="${STATIC_ROOT:-$PWD/.ci-tmp/static-bench}"
$PY manage.py collectstatic --no-input -v0
$PY manage.py runserver "127.0.0.1:$PORT" --noreload >/dev/null 2>&1 &
server=$!
trap 'kill $server' EXIT
for _ in $(seq 1 30); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 1; done
$PY benchmarks/page_weight.py "http://127.0.0.1:$PORT"
echo
$PY benchmarks/lighthouse.py "http://127.0.0.1:$PORT" 2>/dev/null
