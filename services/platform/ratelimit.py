"""A per-client token bucket: a flood of calls from one client is refused with
RESOURCE_EXHAUSTED while other clients go on. Per process: with N api replicas a
client gets at most N times the rate."""
import time

from services.platform.errors import ResourceExhausted

MAX_CLIENTS = 100_000


class RateLimiter:
    def __init__(self, per_minute: int, *, burst: int | None = None, clock=time.monotonic):
        self.rate = per_minute / 60.0
        self.burst = float(burst if burst is not None else max(per_minute, 1))
        self.clock = clock
        self.buckets: dict[str, tuple[float, float]] = {}

    def take(self, client: str) -> None:
        now = self.clock()
        tokens, last = self.buckets.get(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if tokens < 1:
            raise ResourceExhausted("too many submissions from this client; try again in a minute",
                                    reason="RATE_LIMITED")
        if len(self.buckets) >= MAX_CLIENTS and client not in self.buckets:
            self.buckets.clear()  # bounded memory: forget idle clients rather than grow without end
        self.buckets[client] = (tokens - 1, now)
