"""The public submission limit, shared by every gateway replica: a token bucket per caller kept
in NATS JetStream's key-value store, changed with optimistic concurrency (an update names the
revision it read, so two replicas taking from one bucket at once cannot both spend the same
token: the later one reads again). N replicas give a caller the rate once, not N times.

While the store cannot be reached the gateway lets calls through: the collection api's own
limit, per replica, still holds them back (a backstop, not the limit)."""
import hashlib
import json
import logging
import time

import nats.errors
from nats.js import JetStreamContext
from nats.js.api import KeyValueConfig
from nats.js.errors import KeyDeletedError, KeyNotFoundError, KeyWrongLastSequenceError
from nats.js.kv import KeyValue

from services.platform.errors import ResourceExhausted

log = logging.getLogger(__name__)

BUCKET = "minsheng-rate-limits"
# A bucket refills completely within a minute, so one idle longer can be forgotten.
KEY_TTL_SECONDS = 300
# Two replicas racing for one caller's bucket retry; a caller who keeps them racing is flooding.
MAX_RACES = 8


class RateLimited(ResourceExhausted):
    def __init__(self, retry_after: float):
        super().__init__("too many submissions from this client; try again later", reason="RATE_LIMITED")
        self.retry_after = retry_after


async def open_bucket(js: JetStreamContext) -> KeyValue:
    """The shared bucket, created by the first replica (idempotent: the same configuration)."""
    return await js.create_key_value(KeyValueConfig(bucket=BUCKET, history=1, ttl=KEY_TTL_SECONDS))


class SharedRateLimiter:
    def __init__(self, per_minute: int, *, clock=time.time):
        self.rate = per_minute / 60.0
        self.burst = float(max(per_minute, 1))
        self.clock = clock
        self.kv: KeyValue | None = None  # set once NATS answers
        self._warned = False

    async def take(self, client: str) -> None:
        """Spends one of `client`'s tokens; RateLimited if none is left."""
        if self.kv is None:
            return self._unavailable("NATS not connected yet")
        key = "public." + hashlib.sha256(client.encode()).hexdigest()[:40]
        try:
            for _ in range(MAX_RACES):
                if await self._try(key):
                    self._warned = False
                    return
        except (nats.errors.Error, OSError) as exc:
            return self._unavailable(exc)
        raise RateLimited(retry_after=60 / max(self.rate * 60, 1))

    async def _try(self, key: str) -> bool:
        """True once a token is spent; False if another replica changed the bucket meanwhile."""
        try:
            entry = await self.kv.get(key)
            state, revision = json.loads(entry.value), entry.revision
        except (KeyNotFoundError, KeyDeletedError):
            state, revision = None, None
        now = self.clock()
        tokens = self.burst if state is None else min(self.burst, state["tokens"] + (now - state["at"]) * self.rate)
        if tokens < 1:
            raise RateLimited(retry_after=(1 - tokens) / self.rate)
        value = json.dumps({"tokens": tokens - 1, "at": now}).encode()
        try:
            if revision is None:
                await self.kv.create(key, value)
            else:
                await self.kv.update(key, value, last=revision)
        except KeyWrongLastSequenceError:
            return False
        return True

    def _unavailable(self, why) -> None:
        if not self._warned:
            log.warning("shared rate limit unavailable, the api's own limit applies", extra={"error": why})
            self._warned = True
