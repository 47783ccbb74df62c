"""Per-sheet locks in Redis for the queue mode: one key per sheet names the run that owns it.

``<prefix>:sheet:<spreadsheet id>`` holds the id of the sheet's run from the moment a web
process creates it until a worker finishes it, so it is at once the coalescing point (a second
request finds the key and joins that run) and the lock (a worker only refreshes a sheet whose
key names its run). Every key has an expiry: ``lock_seconds`` while the run waits in the queue,
then ``heartbeat_seconds``, renewed every third of that by the worker running it. A worker that
dies (SIGKILL, lost machine) stops renewing, and the key disappears within ``heartbeat_seconds``:
a dead worker never blocks a sheet for ever. Changes that depend on the current holder are
Lua scripts, so they are atomic in Redis.
"""

from __future__ import annotations

from typing import Any

from redis import Redis

# Renew (or, when `ARGV[3]` is "1" and the key is free, take) the key only if it names our run.
_CONFIRM = """
local held = redis.call('GET', KEYS[1])
if held == ARGV[1] or (not held and ARGV[3] == '1') then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class SheetLocks:
    """The sheet keys of one deployment (``prefix`` keeps tests and deployments apart)."""

    def __init__(self, redis: Redis, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix
        self._confirm: Any = redis.register_script(_CONFIRM)
        self._release: Any = redis.register_script(_RELEASE)

    def key(self, spreadsheet_id: str) -> str:
        return f"{self.prefix}:sheet:{spreadsheet_id}"

    def claim(self, spreadsheet_id: str, run_id: str, seconds: float) -> str | None:
        """Take the sheet for `run_id`: None when taken, else the run id that holds it ("" if it
        was released in between and is still contended)."""
        for _ in range(3):
            if self.redis.set(self.key(spreadsheet_id), run_id, nx=True, px=_ms(seconds)):
                return None
            holder = self.holder(spreadsheet_id)
            if holder:
                return holder
        return ""

    def holder(self, spreadsheet_id: str) -> str | None:
        """The run id that holds the sheet, or None."""
        value = self.redis.get(self.key(spreadsheet_id))
        return value.decode() if isinstance(value, bytes) else value  # type: ignore[return-value]  # redis-py 7 types replies as Awaitable | Any

    def confirm(self, spreadsheet_id: str, run_id: str, seconds: float, *, take: bool) -> bool:
        """Extend our hold for `seconds`; with `take`, also take the sheet if nobody holds it."""
        args = [run_id, _ms(seconds), "1" if take else "0"]
        return bool(self._confirm(keys=[self.key(spreadsheet_id)], args=args))

    def release(self, spreadsheet_id: str, run_id: str) -> bool:
        """Free the sheet if `run_id` still holds it."""
        return bool(self._release(keys=[self.key(spreadsheet_id)], args=[run_id]))

    def attempt(self, run_id: str) -> int:
        """Count one more start of `run_id` (the counter lives a day): 1 for the first."""
        key = f"{self.prefix}:attempts:{run_id}"
        with self.redis.pipeline() as pipe:
            pipe.incr(key)
            pipe.expire(key, 86400)
            count, _ = pipe.execute()
        return int(count)

    def attempts(self, run_id: str) -> int:
        """How many times `run_id` was started."""
        return int(self.redis.get(f"{self.prefix}:attempts:{run_id}") or 0)  # type: ignore[arg-type]  # redis-py 7 types replies as Awaitable | Any

    def try_singleton(self, name: str, owner: str, seconds: float) -> bool:
        """A short lock that lets one process of the cluster do a periodic chore."""
        return bool(self.redis.set(f"{self.prefix}:{name}", owner, nx=True, px=_ms(seconds)))


def _ms(seconds: float) -> int:
    return max(1, round(seconds * 1000))
