"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py server:app`.

Every value can be overridden by an environment variable (SHEETSYNC_BIND, SHEETSYNC_WEB_WORKERS,
SHEETSYNC_WEB_THREADS, SHEETSYNC_WEB_TIMEOUT). See docs/service.md, Deploying.
"""

import os
import sys

from sheetsync.errors import ConfigError
from sheetsync.service.environment import check_environment

# Every SHEETSYNC_* variable is checked before gunicorn forks: a missing or malformed one stops
# the start here with a message naming it, not with a traceback in each worker.
try:
    env = check_environment()
except ConfigError as exc:
    print(exc, file=sys.stderr)
    raise SystemExit(2) from None

bind = env["bind"]
# The app checks auth = none against the address it is bound to.
os.environ.setdefault("SHEETSYNC_HOST", bind.rpartition(":")[0].strip("[]") or "0.0.0.0")

# Threads, not processes, carry concurrency: a POST refresh may wait up to
# refresh_wait_seconds (25) for its run, and coalesced requests wait together. The worker is
# gunicorn's gthread with a read timeout (sheetsync/service/http/gunicorn_worker.py): a client
# that opens a connection and sends a request slowly, or half of one, loses it after 5 s
# instead of holding a thread; a silent one is set aside after 5 s and closed after keepalive.
# Still, on the internet, serve behind a buffering proxy (compose.yaml: nginx), which reads whole
# requests before gunicorn sees them (docs/deploy.md, "Slow clients").
worker_class = "sheetsync.service.http.gunicorn_worker.ReadTimeoutWorker"
workers = env["web_workers"]
threads = env["web_threads"]
# Longer than refresh_wait_seconds, shorter than the add-on's 60-second URL fetch limit.
timeout = env["web_timeout"]
graceful_timeout = 30
keepalive = 5

# The app writes its own JSON request log (with request ids and no credentials).
accesslog = None
errorlog = "-"
loglevel = "warning"
# Each worker has its own runner and scheduler; the database's locks and slot claims keep them
# from running a sheet twice. Loading the app after fork keeps their threads per process.
preload_app = False
