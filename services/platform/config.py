"""Settings from the environment only; a missing or bad value stops the process at start.
The platform's settings and the service's own (ServiceSpec.settings) are read together, once,
and every problem of both is reported at once."""
import base64
import binascii
import json
import os
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from services.platform.paging import MIN_KEY_BYTES


class ConfigError(Exception):
    """Raised with every problem found, so one start reports them all."""


@dataclass(frozen=True)
class Town:
    id: str
    name: str


@dataclass(frozen=True)
class Settings:
    service: str
    database_url: str
    nats_url: str
    nats_creds: str | None
    grpc_port: int
    metrics_port: int
    jwt_public_key: str | None
    jwt_issuer: str
    jwt_audience: str
    towns: tuple[Town, ...]
    otlp_endpoint: str | None
    log_level: str
    db_app_role: str
    db_relay_role: str
    public_submissions_per_minute: int
    worker_max_failures: int
    max_token_lifetime_seconds: int
    page_token_key: bytes | None
    db_pool_size: int
    trace_sample_ratio: float
    # How often the consumer role runs the service's scheduled checks (services.platform.schedule).
    check_interval_seconds: int
    # How long a consumer retries an event whose prerequisite from another stream has not
    # arrived (errors.NotYetApplicable) before it dead-letters it.
    consumer_await_seconds: int
    # The service's own settings, as its reader returned them.
    service_settings: Any = None


# A service's own settings: read(env, role, problems) returns them and adds what is wrong to problems.
ServiceSettingsReader = Callable[[Mapping[str, str], str, list[str]], Any]


def _int(env: Mapping[str, str], key: str, default: int, problems: list[str]) -> int:
    raw = env.get(key, str(default))
    try:
        value = int(raw)
    except ValueError:
        problems.append(f"{key}: not an integer: {raw!r}")
        return default
    if value < 0:
        problems.append(f"{key}: must not be negative")
    return value


def _ratio(env: Mapping[str, str], key: str, default: float, problems: list[str]) -> float:
    raw = env.get(key, str(default))
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        problems.append(f"{key}: not a number from 0 to 1: {raw!r}")
        return default
    return value


def _towns(raw: str | None, problems: list[str]) -> tuple[Town, ...]:
    if not raw:
        problems.append("MINSHENG_TOWNS: missing (JSON list of {\"id\", \"name\"})")
        return ()
    try:
        towns = tuple(Town(id=t["id"], name=t["name"]) for t in json.loads(raw))
    except (ValueError, KeyError, TypeError) as exc:
        problems.append(f"MINSHENG_TOWNS: not a JSON list of {{id, name}}: {exc}")
        return ()
    bad = [t.id for t in towns if not t.id.isascii() or not t.id.replace("-", "").isalnum()]
    if bad:
        problems.append(f"MINSHENG_TOWNS: ids must be ASCII letters, digits or '-': {bad}")
    return towns


def _public_key(env: Mapping[str, str]) -> str | None:
    if path := env.get("MINSHENG_JWT_PUBLIC_KEY_FILE"):
        with open(path, encoding="ascii") as f:
            return f.read()
    return env.get("MINSHENG_JWT_PUBLIC_KEY")


def _page_token_key(env: Mapping[str, str], role: str, problems: list[str]) -> bytes | None:
    """The key that signs page tokens: the same for every replica of an api, so a token
    from one replica reads on the next."""
    raw = env.get("MINSHENG_PAGE_TOKEN_KEY")
    if not raw:
        if role == "api":
            problems.append(f"MINSHENG_PAGE_TOKEN_KEY: missing (base64 of at least {MIN_KEY_BYTES} random bytes)")
        return None
    try:
        key = base64.b64decode(raw, validate=True)
    except binascii.Error:
        key = None
    if key is None or len(key) < MIN_KEY_BYTES:
        problems.append(f"MINSHENG_PAGE_TOKEN_KEY: not base64 of at least {MIN_KEY_BYTES} bytes")
    return key


def load_settings(service: str, role: str, env: Mapping[str, str] | None = None, *,
                  own: ServiceSettingsReader | None = None) -> Settings:
    """Reads MINSHENG_* variables, the platform's and, with `own`, the service's. The api role
    also needs the JWT public key and the page-token key."""
    env = os.environ if env is None else env
    problems: list[str] = []
    required = ["MINSHENG_DATABASE_URL"]
    if role != "migrate":
        required.append("MINSHENG_NATS_URL")
    problems += [f"{key}: missing" for key in required if not env.get(key)]
    public_key = _public_key(env)
    if role == "api" and not public_key:
        problems.append("MINSHENG_JWT_PUBLIC_KEY: missing (PEM text, or MINSHENG_JWT_PUBLIC_KEY_FILE)")
    settings = Settings(
        service=service,
        database_url=env.get("MINSHENG_DATABASE_URL", ""),
        nats_url=env.get("MINSHENG_NATS_URL", ""),
        nats_creds=env.get("MINSHENG_NATS_CREDS") or None,
        grpc_port=_int(env, "MINSHENG_GRPC_PORT", 50051, problems),
        metrics_port=_int(env, "MINSHENG_METRICS_PORT", 9464, problems),
        jwt_public_key=public_key,
        jwt_issuer=env.get("MINSHENG_JWT_ISSUER", "minsheng"),
        jwt_audience=env.get("MINSHENG_JWT_AUDIENCE", "minsheng"),
        towns=_towns(env.get("MINSHENG_TOWNS"), problems),
        otlp_endpoint=env.get("MINSHENG_OTLP_ENDPOINT") or None,
        log_level=env.get("MINSHENG_LOG_LEVEL", "INFO").upper(),
        db_app_role=env.get("MINSHENG_DB_APP_ROLE", "minsheng_app"),
        db_relay_role=env.get("MINSHENG_DB_RELAY_ROLE", "minsheng_relay"),
        public_submissions_per_minute=_int(env, "MINSHENG_PUBLIC_SUBMISSIONS_PER_MINUTE", 10, problems),
        worker_max_failures=_int(env, "MINSHENG_WORKER_MAX_FAILURES", 8, problems),
        max_token_lifetime_seconds=_int(env, "MINSHENG_MAX_TOKEN_LIFETIME_SECONDS", 12 * 3600, problems),
        page_token_key=_page_token_key(env, role, problems),
        db_pool_size=_int(env, "MINSHENG_DB_POOL_SIZE", 10, problems),
        trace_sample_ratio=_ratio(env, "MINSHENG_TRACE_SAMPLE_RATIO", 0.05, problems),
        check_interval_seconds=_int(env, "MINSHENG_CHECK_INTERVAL_SECONDS", 300, problems),
        consumer_await_seconds=_int(env, "MINSHENG_CONSUMER_AWAIT_SECONDS", 3600, problems),
        service_settings=own(env, role, problems) if own else None,
    )
    if settings.max_token_lifetime_seconds == 0:
        problems.append("MINSHENG_MAX_TOKEN_LIFETIME_SECONDS: must be positive")
    if settings.log_level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        problems.append(f"MINSHENG_LOG_LEVEL: unknown level {settings.log_level!r}")
    if settings.db_pool_size == 0:
        problems.append("MINSHENG_DB_POOL_SIZE: must be at least 1")
    if settings.worker_max_failures == 0:
        problems.append("MINSHENG_WORKER_MAX_FAILURES: must be at least 1")
    if settings.check_interval_seconds == 0:
        problems.append("MINSHENG_CHECK_INTERVAL_SECONDS: must be at least 1")
    if problems:
        raise ConfigError("bad configuration:\n  " + "\n  ".join(problems))
    return settings
