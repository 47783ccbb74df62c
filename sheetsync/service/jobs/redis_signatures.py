"""The queue mode's replay guard: HMAC signatures already accepted, as Redis keys with an expiry.

``<prefix>:hmac:<signature>`` exists while its signature is inside the window; ``SET NX`` makes
the check atomic across every web process of the deployment.
"""

from __future__ import annotations

import math

from redis import Redis


class RedisSignatures:
    """The accepted signatures of one deployment (``prefix`` keeps deployments apart)."""

    def __init__(self, redis: Redis, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix

    def first_use(self, signature: str, seconds: float) -> bool:
        """Record `signature` for `seconds`; False when it was already recorded (a replay)."""
        key = f"{self.prefix}:hmac:{signature}"
        return bool(self.redis.set(key, "1", nx=True, ex=max(1, math.ceil(seconds))))
