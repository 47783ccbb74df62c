#!/bin/sh
# The image's entry point: `web` (the default), `worker [options]`, `healthcheck`, a sheetsync
# command (`refresh ...`, `sample ...`, `serve ...`), or any program on the PATH (`sh`).
set -eu

[ $# -gt 0 ] || set -- web
case "$1" in
web)
    shift
    # Cloud Run and most platforms give the port in $PORT; SHEETSYNC_BIND wins when set.
    export SHEETSYNC_BIND="${SHEETSYNC_BIND:-0.0.0.0:${PORT:-8080}}"
    exec gunicorn -c /app/gunicorn.conf.py --chdir /app "$@" server:app
    ;;
healthcheck)
    # Only the web answers HTTP; a worker's container has nothing to probe (compose disables it).
    exec python3 -c 'import os, sys, urllib.request
bind = os.environ.get("SHEETSYNC_BIND") or "0.0.0.0:" + os.environ.get("PORT", "8080")
port = bind.rpartition(":")[2]
with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=4) as answer:
    sys.exit(0 if answer.status == 200 else 1)'
    ;;
sheetsync)
    shift
    exec sheetsync "$@"
    ;;
*)
    if command -v "$1" >/dev/null 2>&1; then
        exec "$@"
    fi
    exec sheetsync "$@"   # worker, refresh, kpis, sample, serve...
    ;;
esac
