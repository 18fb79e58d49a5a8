"""Rules of event subscriptions. Pure: no gRPC, SQL or NATS here.

A subscription belongs to the district, not to a town: one system (the finance bureau, the
government portal) subscribes to the events of several towns, and district staff manage it."""
import base64
import hashlib
import hmac
import ipaddress
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from services.platform.errors import FieldViolation, InvalidArgument, Violations

SYSTEM = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
MAX_EVENT_TYPES = 100
MAX_ENDPOINT = 500
LOOPBACK_NAMES = {"localhost"}


@dataclass(frozen=True)
class Subscription:
    id: str
    system: str
    towns: tuple[str, ...]
    event_types: tuple[str, ...]
    endpoint: str
    creator: str
    created_at: datetime

    @property
    def name(self) -> str:
        return f"subscriptions/{self.id}"

    def wants(self, town: str, event_type: str) -> bool:
        return town in self.towns and event_type in self.event_types


def subscription_id(field: str, name: str) -> str:
    """The id in `subscriptions/{id}`; INVALID_ARGUMENT naming `field` for another shape."""
    prefix, _, sid = name.partition("/")
    if prefix != "subscriptions" or not sid or not sid.isalnum() or len(sid) > 36:
        raise InvalidArgument([FieldViolation(field, "must look like subscriptions/{subscription}")])
    return sid


def subscription_secret(key: bytes, subscription_id: str) -> str:
    """The secret that signs a subscription's deliveries, derived from the gateway's key and the
    subscription's id rather than stored: a copy of the database yields no secret to forge
    deliveries with, and every replica derives the same one."""
    mac = hmac.new(key, b"minsheng-subscription-secret-v1\x00" + subscription_id.encode("ascii"), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode("ascii")


def endpoint_problem(url: str, *, allow_loopback_http: bool) -> str | None:
    """Why `url` cannot receive events, or None. HTTPS only; plain HTTP to the loopback only
    where allowed (development and tests)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # a bad port raises
    except ValueError:
        return "not a URL"
    if not host or parts.username or parts.password or parts.fragment:
        return "an absolute URL with a host, without credentials or a fragment"
    if parts.scheme == "https":
        return None
    if parts.scheme == "http" and allow_loopback_http and _loopback(host):
        return None
    return "must be an https:// URL"


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host in LOOPBACK_NAMES


def validate(v: Violations, *, system: str, towns: list[str], event_types: list[str], endpoint: str,
             known_towns, known_types: set[str], allow_loopback_http: bool) -> None:
    v.check(bool(SYSTEM.match(system)), "subscription.system",
            "2 to 40 lowercase letters, digits or '-', starting with a letter")
    v.check(bool(towns), "subscription.towns", "name at least one town")
    for i, town in enumerate(towns):
        v.check(town in known_towns, f"subscription.towns[{i}]", f"unknown town {town!r}")
    v.check(len(set(towns)) == len(towns), "subscription.towns", "names a town twice")
    v.check(0 < len(event_types) <= MAX_EVENT_TYPES, "subscription.event_types",
            f"name 1 to {MAX_EVENT_TYPES} event types")
    for i, event_type in enumerate(event_types):
        v.check(event_type in known_types, f"subscription.event_types[{i}]",
                "not an event on offer (see /asyncapi.json)")
    v.check(len(set(event_types)) == len(event_types), "subscription.event_types", "names an event type twice")
    if len(endpoint) > MAX_ENDPOINT:
        v.add("subscription.endpoint", f"longer than {MAX_ENDPOINT} characters")
    elif problem := endpoint_problem(endpoint, allow_loopback_http=allow_loopback_http):
        v.add("subscription.endpoint", problem)
