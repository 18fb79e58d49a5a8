"""The gateway's own settings, read and checked at start with the platform's
(services.platform.config), every problem reported together.

  MINSHENG_HTTP_PORT                          api: the HTTP/JSON port (default 8080)
  MINSHENG_GATEWAY_TARGETS                    api: JSON {"service": "host:port"}, the gRPC api of each
                                              service it serves (registered services only)
  MINSHENG_GATEWAY_MAX_BODY_BYTES             api: larger request bodies get 400 (default 1 MiB)
  MINSHENG_GATEWAY_CALL_TIMEOUT_SECONDS       api: a call's deadline; past it 504 (default 15)
  MINSHENG_GATEWAY_ALLOW_LOOPBACK_HTTP        true in development and tests only: subscriptions may
                                              then name http:// endpoints on the loopback (default false)
  MINSHENG_GATEWAY_DELIVERY_ATTEMPTS          consumer: attempts before a delivery is dead-lettered (8)
  MINSHENG_GATEWAY_RETRY_SECONDS              consumer: waits after each failed attempt, the last
                                              repeated (default 5,30,120,600,1800,3600)
  MINSHENG_GATEWAY_DELIVERY_TIMEOUT_SECONDS   consumer: how long an endpoint may take to answer (10)
  MINSHENG_GATEWAY_REFRESH_SECONDS            consumer: how often it looks for new and ended
                                              subscriptions (default 5)
  MINSHENG_GATEWAY_SUBSCRIPTION_KEY           api and consumer: base64 of at least 32 random bytes,
                                              the same for both; each subscription's secret is
                                              derived from it (never stored), so changing it
                                              changes every subscriber's secret
"""
import base64
import binascii
import json
from dataclasses import dataclass, field
from typing import Mapping

from services import registry

PORT = "MINSHENG_HTTP_PORT"
TARGETS = "MINSHENG_GATEWAY_TARGETS"
MAX_BODY = "MINSHENG_GATEWAY_MAX_BODY_BYTES"
CALL_TIMEOUT = "MINSHENG_GATEWAY_CALL_TIMEOUT_SECONDS"
LOOPBACK = "MINSHENG_GATEWAY_ALLOW_LOOPBACK_HTTP"
ATTEMPTS = "MINSHENG_GATEWAY_DELIVERY_ATTEMPTS"
RETRY = "MINSHENG_GATEWAY_RETRY_SECONDS"
DELIVERY_TIMEOUT = "MINSHENG_GATEWAY_DELIVERY_TIMEOUT_SECONDS"
REFRESH = "MINSHENG_GATEWAY_REFRESH_SECONDS"
SUBSCRIPTION_KEY = "MINSHENG_GATEWAY_SUBSCRIPTION_KEY"
MIN_KEY_BYTES = 32


@dataclass(frozen=True)
class GatewaySettings:
    http_port: int = 8080
    # Service name -> host:port of its gRPC api (api role).
    targets: dict[str, str] = field(default_factory=dict)
    max_body_bytes: int = 1 << 20
    call_timeout_seconds: float = 15.0
    allow_loopback_http: bool = False
    delivery_attempts: int = 8
    retry_seconds: tuple[float, ...] = (5, 30, 120, 600, 1800, 3600)
    delivery_timeout_seconds: float = 10.0
    refresh_seconds: float = 5.0
    subscription_key: bytes = b""


def _number(env: Mapping[str, str], key: str, default: float, problems: list[str], *, whole: bool = False):
    raw = env.get(key)
    if raw is None:
        return default
    try:
        value = int(raw) if whole else float(raw)
    except ValueError:
        problems.append(f"{key}: not a{' whole' if whole else ''} number: {raw!r}")
        return default
    if value <= 0:
        problems.append(f"{key}: must be positive")
    return value


def _targets(raw: str | None, problems: list[str]) -> dict[str, str]:
    try:
        targets = json.loads(raw or "")
    except ValueError:
        targets = None
    if not isinstance(targets, dict) or not targets or not all(
            isinstance(v, str) and v.rpartition(":")[2].isdigit() for v in targets.values()):
        problems.append(f'{TARGETS}: missing or not a JSON object of "service": "host:port"')
        return {}
    if unknown := sorted(set(targets) - set(registry.SERVICES)):
        problems.append(f"{TARGETS}: not registered services: {unknown}")
    return targets


def _seconds(raw: str | None, problems: list[str]) -> tuple[float, ...]:
    if raw is None:
        return GatewaySettings.retry_seconds
    try:
        waits = tuple(float(part) for part in raw.split(","))
    except ValueError:
        waits = ()
    if not waits or min(waits) <= 0:
        problems.append(f"{RETRY}: not a comma-separated list of positive seconds: {raw!r}")
        return GatewaySettings.retry_seconds
    return waits


def _subscription_key(raw: str | None, role: str, problems: list[str]) -> bytes:
    if role not in ("api", "consumer"):
        return b""
    try:
        key = base64.b64decode(raw or "", validate=True)
    except binascii.Error:
        key = b""
    if len(key) < MIN_KEY_BYTES:
        problems.append(f"{SUBSCRIPTION_KEY}: missing or not base64 of at least {MIN_KEY_BYTES} bytes")
    return key


def read(env: Mapping[str, str], role: str, problems: list[str]) -> GatewaySettings:
    """The settings of `role`, adding what is missing or bad to `problems`."""
    loopback = env.get(LOOPBACK, "false").lower()
    if loopback not in ("true", "false"):
        problems.append(f"{LOOPBACK}: true or false, not {loopback!r}")
    return GatewaySettings(
        http_port=_number(env, PORT, 8080, problems, whole=True),
        targets=_targets(env.get(TARGETS), problems) if role == "api" else {},
        max_body_bytes=_number(env, MAX_BODY, 1 << 20, problems, whole=True),
        call_timeout_seconds=_number(env, CALL_TIMEOUT, 15.0, problems),
        allow_loopback_http=loopback == "true",
        delivery_attempts=_number(env, ATTEMPTS, 8, problems, whole=True),
        retry_seconds=_seconds(env.get(RETRY), problems),
        delivery_timeout_seconds=_number(env, DELIVERY_TIMEOUT, 10.0, problems),
        refresh_seconds=_number(env, REFRESH, 5.0, problems),
        subscription_key=_subscription_key(env.get(SUBSCRIPTION_KEY), role, problems),
    )
