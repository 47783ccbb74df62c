"""The quota governor of the queue mode: the token buckets of sources/google/quota.py in Redis.

Every web process and worker of a deployment draws on the same buckets, so 4 workers on one
service account share its 60 reads a minute, and a 429 one of them gets shrinks the bucket
for all. Each decision is one Lua script (atomic in Redis): refill to now, check every bucket
a demand touches, take from all or none. Time is the caller's clock (``time.time`` by default,
injectable for tests and the capacity benchmark), passed to the script; a bucket never refills
backwards when two hosts' clocks differ a little. Keys: ``<prefix>:quota:<owner>:<api>:<kind>``
(owner = the principal, never a token, or "project"), expiring an hour after their last use.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from redis import Redis

from sheetsync.sources.google.quota import (
    CLICK_MARK_SECONDS,
    MIN_FACTOR,
    PROJECT,
    Demand,
    Metric,
    Priority,
    QuotaLimits,
)

KEY_SECONDS = 3600  # the scripts' EXPIRE

# KEYS: buckets; ARGV: now, priority, click reserve, click mark, then (size, rate, amount) each.
TAKE = """
local now = tonumber(ARGV[1])
local scheduled = ARGV[2] == 'scheduled'
local reserve = tonumber(ARGV[3])
local mark = tonumber(ARGV[4])
local wait = 0
local state = {}
for i, key in ipairs(KEYS) do
  local base = 4 + (i - 1) * 3
  local size = tonumber(ARGV[base + 1])
  local rate = tonumber(ARGV[base + 2])
  local amount = tonumber(ARGV[base + 3])
  local h = redis.call('HMGET', key, 'tokens', 'at', 'factor', 'shrunk_until', 'clicks_until')
  local factor = tonumber(h[3]) or 1
  local shrunk_until = tonumber(h[4]) or 0
  if shrunk_until <= now then factor = 1 end
  size = size * factor
  rate = rate * factor
  local tokens = tonumber(h[1]) or size
  local at = tonumber(h[2]) or now
  if now > at then tokens = math.min(size, tokens + (now - at) * rate) end
  local clicks_until = tonumber(h[5]) or 0
  local need = math.min(amount, size)
  if scheduled then
    need = math.min(need + size * reserve, size)
    wait = math.max(wait, clicks_until - now)
  end
  if need - tokens > 0.000001 then wait = math.max(wait, (need - tokens) / rate) end
  state[i] = {tokens, math.max(at, now), factor, shrunk_until, clicks_until, amount}
end
for i, key in ipairs(KEYS) do
  local s = state[i]
  local tokens, clicks = s[1], s[5]
  if wait <= 0 then tokens = tokens - s[6] end
  if wait > 0 and not scheduled then clicks = math.max(clicks, now + wait + mark) end
  redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(s[2]),
             'factor', tostring(s[3]), 'shrunk_until', tostring(s[4]), 'clicks_until', tostring(clicks))
  redis.call('EXPIRE', key, 3600)
end
return tostring(math.max(wait, 0))
"""

# KEYS[1]: the bucket; ARGV: now, size, rate, amount (refund) or -1 (a 429), backoff, min factor.
ADJUST = """
local now = tonumber(ARGV[1])
local h = redis.call('HMGET', KEYS[1], 'tokens', 'at', 'factor', 'shrunk_until')
local factor = tonumber(h[3]) or 1
local shrunk_until = tonumber(h[4]) or 0
if shrunk_until <= now then factor = 1 end
local size = tonumber(ARGV[2]) * factor
local tokens = tonumber(h[1]) or size
local at = tonumber(h[2]) or now
if now > at then tokens = math.min(size, tokens + (now - at) * tonumber(ARGV[3]) * factor) end
local amount = tonumber(ARGV[4])
if amount >= 0 then
  tokens = math.min(size, tokens + amount)
else
  if shrunk_until > now then factor = math.max(tonumber(ARGV[6]), factor * 0.5) else factor = 0.5 end
  shrunk_until = now + tonumber(ARGV[5])
  tokens = 0
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(math.max(at, now)),
           'factor', tostring(factor), 'shrunk_until', tostring(shrunk_until))
redis.call('EXPIRE', KEYS[1], 3600)
return 1
"""


class RedisGovernor:
    """Token buckets shared by every process through Redis (see the module doc)."""

    def __init__(
        self,
        redis: Redis,
        prefix: str,
        limits: QuotaLimits | None = None,
        *,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.redis = redis
        self.prefix = f"{prefix}:quota"
        self.limits = limits or QuotaLimits()
        self.clock = clock
        self.sleep = sleep
        self.calls: Counter[Metric] = Counter()
        self._take: Any = redis.register_script(TAKE)
        self._adjust: Any = redis.register_script(ADJUST)

    def key(self, owner: str, metric: Metric) -> str:
        return f"{self.prefix}:{owner}:{metric[0]}:{metric[1]}"

    def _scope(self, owner: str) -> str:
        return "project" if owner == PROJECT else "user"

    def try_acquire(self, principal: str, demand: Demand, priority: Priority) -> float:
        keys: list[str] = []
        args: list[Any] = [
            repr(self.clock()),
            str(priority),
            self.limits.click_reserve,
            CLICK_MARK_SECONDS,
        ]
        for metric, amount in demand.items():
            for owner in (principal, PROJECT):
                size, rate = self.limits.bucket(metric, self._scope(owner))
                keys.append(self.key(owner, metric))
                args += [size, rate, amount]
        return float(self._take(keys=keys, args=args))

    def refund(self, principal: str, demand: Demand) -> None:
        for metric, amount in demand.items():
            for owner in (principal, PROJECT):
                self._adjust_bucket(owner, metric, amount)

    def penalize(self, principal: str, metric: Metric, scope: str) -> None:
        self._adjust_bucket(PROJECT if scope == "project" else principal, metric, -1)

    def _adjust_bucket(self, owner: str, metric: Metric, amount: float) -> None:
        size, rate = self.limits.bucket(metric, self._scope(owner))
        args = [repr(self.clock()), size, rate, amount, self.limits.backoff_seconds, MIN_FACTOR]
        self._adjust(keys=[self.key(owner, metric)], args=args)

    def record_call(self, metric: Metric) -> None:
        self.calls[metric] += 1
