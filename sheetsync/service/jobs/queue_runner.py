"""The queue mode's runner: web processes enqueue refreshes on RQ (Redis); workers run them.

``QueueRunner`` implements the ``Runner`` interface of runner.py, so the routes and the
scheduler do not know which mode they are in. A submit claims the sheet's key in Redis
(redis_locks.py) for a new run id (coalescing.py decides, as for the thread runner); the one
request that wins records the run (``queued``) in the database and enqueues an RQ job carrying only the run's description: spreadsheet id, run id,
trigger, who asked, and, with per-user access, the user's token sealed with ``queue_secret``
(Fernet), never in clear. Every other request for that sheet finds the key and joins the run
(or gets 409 with ``wait: false``), whichever web process it reached. Waiting polls the run's
row, since the worker that finishes it is another process.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from typing import Any

from redis import Redis
from rq import Queue
from rq.serializers import JSONSerializer
from sqlalchemy import Engine

from sheetsync.config import Config
from sheetsync.errors import ConfigError
from sheetsync.service.jobs.coalescing import claim_or_join
from sheetsync.service.jobs.lifecycle import Job, Outcome, RefreshJob, busy, perform
from sheetsync.service.jobs.redis_locks import SheetLocks
from sheetsync.service.jobs.runner import poll_run
from sheetsync.service.store import runs as store
from sheetsync.service.store.runs import Run

JOB_FUNCTION = "sheetsync.service.jobs.worker.perform"
PAYLOAD_SECONDS = 86400  # a run's job description outlives any retry


class QueueRunner:
    """Refreshes through an RQ queue; the sheet's key in Redis is its lock and coalescing point."""

    def __init__(
        self,
        engine: Engine,
        config: Config,
        *,
        queue_url: str,
        queue_name: str = "sheetsync",
        lock_seconds: float = 900,
        heartbeat_seconds: float = 30,
        retries: int = 2,
        secret: str | None = None,
        per_user: bool = False,
        poll_seconds: float = 0.1,
        coalesce_seconds: float = 0,
        **_thread_options: Any,  # `workers` sizes the thread pool of the embedded mode only
    ) -> None:
        if per_user and not secret:
            raise ConfigError(
                "Per-user access in queue mode needs a secret to seal users' tokens in jobs.",
                hint="Set SHEETSYNC_QUEUE_SECRET (32+ random characters) on web and workers.",
            )
        self.engine = engine
        self.config = config
        self.redis = Redis.from_url(queue_url, health_check_interval=30)
        self.queue = Queue(queue_name, connection=self.redis, serializer=JSONSerializer)
        # Ticks go first: a worker takes them before any waiting refresh.
        self.schedule_queue = Queue(
            f"{queue_name}-schedule", connection=self.redis, serializer=JSONSerializer
        )
        self.locks = SheetLocks(self.redis, f"sheetsync:{queue_name}")
        self.lock_seconds = lock_seconds
        self.heartbeat_seconds = heartbeat_seconds
        self.retries = retries
        self.secret = secret
        self.per_user = per_user
        self.poll_seconds = poll_seconds
        self.coalesce_seconds = coalesce_seconds

    # --- the Runner interface -----------------------------------------------------------------
    def submit(self, job: RefreshJob, *, coalesce: bool = True) -> tuple[Run, bool]:
        run, joined = claim_or_join(
            self.engine,
            job,
            lambda sheet, run_id: self.locks.claim(sheet, run_id, self.lock_seconds),
            self.locks.release,
            coalesce=coalesce,
            window_seconds=self.coalesce_seconds,
            poll_seconds=self.poll_seconds,
        )
        if not joined:  # the sheet's key names our run, recorded queued: enqueue it
            self._start(job, run["id"])
        return run, joined

    def run_now(self, job: Job) -> Outcome:
        """Run `job` here (a setup), holding the sheet's key so no worker refreshes meanwhile."""
        sheet, run_id = job.spreadsheet_id, store.new_run_id()
        holder = self.locks.claim(sheet, run_id, self.lock_seconds)
        if holder is not None:
            raise busy(holder, setup=True)
        try:
            store.create_run(self.engine, run_id, sheet, job.trigger, job.triggered_by)
            store.mark_running(self.engine, run_id)
            return perform(self.engine, self.config, job, run_id)
        finally:
            self.locks.release(sheet, run_id)

    def _start(self, job: RefreshJob, run_id: str) -> None:
        """Enqueue a recorded run whose sheet key we hold."""
        try:
            payload = {
                "run_id": run_id,
                "spreadsheet_id": job.spreadsheet_id,
                "trigger": job.trigger,
                "triggered_by": job.triggered_by,
                "token": self._sealed_token(job),
            }
            self.redis.set(
                self.payload_key(run_id), json.dumps(payload, allow_nan=False), ex=PAYLOAD_SECONDS
            )
            self.enqueue(payload, attempt=1)
        except Exception:
            self.locks.release(job.spreadsheet_id, run_id)  # an unqueued run must not hold it
            raise

    def wait(self, run_id: str, timeout: float) -> Run:
        deadline = time.monotonic() + max(timeout, 0.0)
        return poll_run(self.engine, run_id, deadline, self.poll_seconds)

    def status(self, spreadsheet_id: str) -> str | None:
        return self.locks.holder(spreadsheet_id)

    def shutdown(self, wait: bool = True) -> None:
        self.redis.close()

    # --- jobs -----------------------------------------------------------------------------------
    def payload_key(self, run_id: str) -> str:
        return f"{self.locks.prefix}:payload:{run_id}"

    def payload(self, run_id: str) -> dict[str, Any] | None:
        """The job description of a run, as submitted (for a retry)."""
        raw = self.redis.get(self.payload_key(run_id))
        return json.loads(raw) if raw else None  # type: ignore[arg-type]  # redis-py 7 types replies as Awaitable | Any

    def enqueue(self, payload: dict[str, Any], *, attempt: int | str) -> None:
        """Put one attempt of a run on the queue (a fresh RQ job id per attempt)."""
        self.queue.enqueue(
            JOB_FUNCTION,
            payload,
            job_id=f"{payload['run_id']}-{attempt}",
            job_timeout=int(self.lock_seconds),
            result_ttl=3600,
            failure_ttl=7 * 86400,
            description=f"refresh {payload['spreadsheet_id']} ({payload['trigger']})",
        )

    def _sealed_token(self, job: RefreshJob) -> str | None:
        """The calling user's access token, sealed, when refreshes run as the user."""
        if not self.per_user or not job.token:
            return None
        return seal(job.token, str(self.secret))


def _fernet(secret: str) -> Any:
    from cryptography.fernet import Fernet

    key = base64.urlsafe_b64encode(hashlib.sha256(secret.encode()).digest())
    return Fernet(key)


def seal(text: str, secret: str) -> str:
    """`text` encrypted and authenticated with a key derived from `secret`."""
    return str(_fernet(secret).encrypt(text.encode()).decode())


def unseal(sealed: str, secret: str) -> str:
    """The text `seal` sealed; raises if it was sealed with another secret or altered."""
    return str(_fernet(secret).decrypt(sealed.encode()).decode())
