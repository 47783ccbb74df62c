"""gunicorn's threaded worker with a read timeout, so a slow or silent client cannot hold a thread.

gunicorn's ``gthread`` worker hands a thread to each new connection; it gives a silent one back
after 5 s, but once a client has sent part of a request, the thread blocks reading the rest
for as long as the client keeps the connection open: 80 such connections stop the service.
This worker gives every connection's socket a timeout of ``READ_TIMEOUT_SECONDS`` whenever a
thread starts on it, so a request that does not arrive in full within that time (per read) is
dropped and the thread is free again. Named by ``worker_class`` in gunicorn.conf.py; no
monkeypatching, the app stays plain threaded WSGI. Imported only by gunicorn.
"""

from __future__ import annotations

from typing import Any

from gunicorn.workers.gthread import ThreadWorker  # type: ignore[import-untyped]

READ_TIMEOUT_SECONDS = 5.0  # as long as gthread waits for a silent client's first bytes


class ReadTimeoutWorker(ThreadWorker):  # type: ignore[misc]  # gunicorn ships no type hints
    """``gthread`` whose threads wait at most READ_TIMEOUT_SECONDS for a client's next bytes."""

    def enqueue_req(self, conn: Any) -> None:
        if not getattr(conn, "read_timeout_set", False):
            start = conn.init  # called by the thread on every request, after it made the
            # socket blocking (no timeout): the timeout goes on right after

            def init_with_timeout() -> None:
                start()
                conn.sock.settimeout(READ_TIMEOUT_SECONDS)

            conn.init = init_with_timeout
            conn.read_timeout_set = True
        super().enqueue_req(conn)
