"""Who is calling: a bearer JWT (subject, town, roles) verified with the configured
public key, and the rules of which town a caller may read or change."""
import contextvars
import time
from dataclasses import dataclass, field

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.platform.errors import PermissionDenied, Unauthenticated

PUBLIC = "public"
DEPUTY = "deputy"
STAFF = "staff"
DISTRICT = "district"
# An implementing unit (责任单位) of a town: its token's `unit` claim names the unit, and it
# acts only on what that unit is responsible for.
UNIT = "unit"
ROLES = frozenset({PUBLIC, DEPUTY, STAFF, DISTRICT, UNIT})
ALGORITHM = "EdDSA"
# Subjects are stored (who entered, who voted): they must fit the columns.
MAX_SUBJECT = 100


@dataclass(frozen=True)
class Caller:
    subject: str
    town: str | None
    roles: frozenset[str] = field(default_factory=frozenset)
    # The implementing unit a `unit` caller speaks for; None for every other caller.
    unit: str | None = None

    def has(self, role: str) -> bool:
        return role in self.roles

    def require(self, town: str, *roles: str) -> None:
        """Refuses unless the caller holds one of `roles` for `town`. District
        callers hold their role for every town of the district."""
        if DISTRICT in roles and self.has(DISTRICT):
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
    def __init__(self, public_key_pem: str, *, issuer: str, audience: str):
        self._key = serialization.load_pem_public_key(public_key_pem.encode("ascii"))
        self._issuer = issuer
        self._audience = audience

    def verify(self, token: str) -> Caller:
        try:
            claims = jwt.decode(token, self._key, algorithms=[ALGORITHM], issuer=self._issuer,
                                audience=self._audience, options={"require": ["sub", "exp", "roles"]})
        except jwt.PyJWTError as exc:
            raise Unauthenticated(f"invalid token: {exc}") from exc
        if not isinstance(claims["sub"], str) or not 0 < len(claims["sub"]) <= MAX_SUBJECT:
            raise Unauthenticated(f"invalid token: the subject must be 1 to {MAX_SUBJECT} characters")
        roles = claims["roles"]
        if not isinstance(roles, list) or not set(roles) <= ROLES:
            raise Unauthenticated("invalid token: unknown roles")
        town = claims.get("town")
        if DISTRICT not in roles and not town:
            raise Unauthenticated("invalid token: a town role needs a town claim")
        unit = claims.get("unit") if UNIT in roles else None
        if UNIT in roles and (not isinstance(unit, str) or not 0 < len(unit) <= MAX_SUBJECT):
            raise Unauthenticated(f"invalid token: the unit role needs a unit claim of 1 to {MAX_SUBJECT} characters")
        return Caller(subject=claims["sub"], town=town, roles=frozenset(roles), unit=unit)


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
              unit: str | None = None) -> str:
        now = int(time.time())
        claims = {"sub": subject, "roles": list(roles), "iss": self._issuer, "aud": self._audience,
                  "iat": now, "exp": now + ttl_seconds}
        if town:
            claims["town"] = town
        if unit:
            claims["unit"] = unit
        return jwt.encode(claims, self._key, algorithm=ALGORITHM)

    def metadata(self, subject: str, town: str | None, *roles: str,
                 unit: str | None = None) -> tuple[tuple[str, str], ...]:
        return (("authorization", "Bearer " + self.issue(subject, town, *roles, unit=unit)),)
