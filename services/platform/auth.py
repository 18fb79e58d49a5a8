"""Who is calling: a bearer JWT (subject, town, roles) verified with the configured
public key, and the rules of which town a caller may read or change.

People hold roles for one town (district staff for all). Another government system holds the
role `system` alone, with the towns it serves (claim `towns`) and the one channel it speaks for
(claim `channel`, e.g. the 12345 hotline's HOTLINE_12345), which the services it calls check."""
import contextvars
import time
from collections import OrderedDict
from dataclasses import dataclass, field

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.platform.errors import PermissionDenied, Unauthenticated
from services.platform.validation import SINGLE_LINE_FORBIDDEN

PUBLIC = "public"
DEPUTY = "deputy"
STAFF = "staff"
DISTRICT = "district"
SYSTEM = "system"
# An implementing unit (责任单位) of a town: its token's `unit` claim names the unit, and it
# acts only on what that unit is responsible for.
UNIT = "unit"
ROLES = frozenset({PUBLIC, DEPUTY, STAFF, DISTRICT, SYSTEM, UNIT})
ALGORITHM = "EdDSA"
# Subjects are stored (who entered, who voted): they must fit the columns.
MAX_SUBJECT = 100


@dataclass(frozen=True)
class Caller:
    subject: str
    town: str | None
    roles: frozenset[str] = field(default_factory=frozenset)
    # A system's towns and channel; empty for people.
    towns: frozenset[str] = field(default_factory=frozenset)
    channel: str = ""
    # The implementing unit a `unit` caller speaks for; None for every other caller.
    unit: str | None = None

    def has(self, role: str) -> bool:
        return role in self.roles

    def require(self, town: str, *roles: str) -> None:
        """Refuses unless the caller holds one of `roles` for `town`. District
        callers hold their role for every town of the district, systems for the towns they serve."""
        if DISTRICT in roles and self.has(DISTRICT):
            return
        if SYSTEM in roles and self.has(SYSTEM):
            if town not in self.towns:
                raise PermissionDenied("this system does not serve that town")
            return
        if not self.roles.intersection(roles):
            raise PermissionDenied(f"this needs one of the roles {sorted(roles)}")
        if self.town != town:
            raise PermissionDenied("the caller belongs to another town")


current_caller: contextvars.ContextVar[Caller | None] = contextvars.ContextVar("caller", default=None)


def caller() -> Caller:
    found = current_caller.get()
    if found is None:
        raise Unauthenticated("no caller in this context")
    return found


class TokenVerifier:
    """Accepts a token only while it is valid and if it was issued to live at most
    `max_lifetime_seconds`: a token that never expires is a key that cannot be taken back.

    A client sends the same token with each call until it expires: a token verified once is
    remembered (the last `cache_size` ones) with its expiry, and accepted again without
    checking its signature only until then. A token that failed is not remembered: it is
    checked again each time (one not yet valid may become valid; none becomes valid again)."""

    def __init__(self, public_key_pem: str, *, issuer: str, audience: str, max_lifetime_seconds: int,
                 cache_size: int = 4096):
        self._key = serialization.load_pem_public_key(public_key_pem.encode("ascii"))
        self._issuer = issuer
        self._audience = audience
        self._max_lifetime = max_lifetime_seconds
        self._cache_size = cache_size
        self._verified: OrderedDict[str, tuple[Caller, int]] = OrderedDict()

    def verify(self, token: str) -> Caller:
        if (found := self._verified.get(token)) is not None:
            caller, expires = found
            if time.time() < expires:  # as PyJWT: expired once exp <= now
                self._verified.move_to_end(token)
                return caller
            del self._verified[token]
        caller, expires = self._check(token)
        self._verified[token] = (caller, expires)
        if len(self._verified) > self._cache_size:
            self._verified.popitem(last=False)
        return caller

    def _check(self, token: str) -> tuple[Caller, int]:
        try:
            claims = jwt.decode(token, self._key, algorithms=[ALGORITHM], issuer=self._issuer,
                                audience=self._audience, options={"require": ["sub", "exp", "iat", "roles"]})
        except jwt.PyJWTError as exc:
            raise Unauthenticated(f"invalid token: {exc}") from exc
        exp, iat = int(claims["exp"]), int(claims["iat"])  # PyJWT checked that they convert
        if max(exp - iat, exp - time.time()) > self._max_lifetime:
            raise Unauthenticated(f"invalid token: it lives longer than {self._max_lifetime} seconds")
        subject, roles, town = claims["sub"], claims["roles"], claims.get("town")
        if (not isinstance(subject, str) or not 0 < len(subject) <= MAX_SUBJECT
                or SINGLE_LINE_FORBIDDEN.search(subject)):
            raise Unauthenticated(f"invalid token: the subject must be 1 to {MAX_SUBJECT} characters, "
                                  "no control characters")
        if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles) or not set(roles) <= ROLES:
            raise Unauthenticated("invalid token: unknown roles")
        if not isinstance(town, str | None):
            raise Unauthenticated("invalid token: the town claim must be a string")
        if SYSTEM in roles:
            return _system(subject, roles, claims), exp
        if DISTRICT not in roles and not town:
            raise Unauthenticated("invalid token: a town role needs a town claim")
        unit = claims.get("unit") if UNIT in roles else None
        if UNIT in roles and (not isinstance(unit, str) or not 0 < len(unit) <= MAX_SUBJECT):
            raise Unauthenticated(f"invalid token: the unit role needs a unit claim of 1 to {MAX_SUBJECT} characters")
        return Caller(subject=subject, town=town, roles=frozenset(roles), unit=unit), exp


def _system(subject: str, roles: list[str], claims: dict) -> Caller:
    """A system's token: the role `system` alone, the towns it serves and its channel."""
    towns, channel = claims.get("towns"), claims.get("channel")
    if roles != [SYSTEM]:
        raise Unauthenticated("invalid token: the role system goes alone")
    if not isinstance(towns, list) or not towns or not all(isinstance(t, str) and t for t in towns):
        raise Unauthenticated("invalid token: a system needs a towns claim (a list of town ids)")
    if not isinstance(channel, str) or not channel:
        raise Unauthenticated("invalid token: a system needs a channel claim")
    return Caller(subject=subject, town=None, roles=frozenset(roles), towns=frozenset(towns), channel=channel)


class TokenIssuer:
    """Signs tokens with a local key: for the demo, tests and benchmarks only.
    Production tokens come from the identity provider; services only verify."""

    def __init__(self, private_key: Ed25519PrivateKey, *, issuer: str = "minsheng",
                 audience: str = "minsheng"):
        self._key = private_key
        self._issuer = issuer
        self._audience = audience

    @classmethod
    def generate(cls) -> "TokenIssuer":
        return cls(Ed25519PrivateKey.generate())

    def public_key_pem(self) -> str:
        return self._key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")

    def issue(self, subject: str, town: str | None, *roles: str, ttl_seconds: int = 3600,
              claims: dict | None = None, unit: str | None = None) -> str:
        """`claims` adds to the standard ones, e.g. a system's towns and channel."""
        now = int(time.time())
        claims = {**(claims or {}), "sub": subject, "roles": list(roles), "iss": self._issuer,
                  "aud": self._audience, "iat": now, "exp": now + ttl_seconds}
        if town:
            claims["town"] = town
        if unit:
            claims["unit"] = unit
        return jwt.encode(claims, self._key, algorithm=ALGORITHM)

    def metadata(self, subject: str, town: str | None, *roles: str,
                 unit: str | None = None) -> tuple[tuple[str, str], ...]:
        return (("authorization", "Bearer " + self.issue(subject, town, *roles, unit=unit)),)
