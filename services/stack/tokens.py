"""Bearer tokens for the local stack. Its Ed25519 signing key is kept in the stack's folder
(readable by its owner only), so the stack, the tests, the demo and a person at a shell
(`make token`) all sign with one key, and the services accept what each of them mints."""
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.platform import auth
from services.stack import StackError

KEY_FILE = "token-signing-key.pem"


def issuer_for(folder: Path) -> auth.TokenIssuer:
    """The stack's token issuer, with the key in `folder`, made on first use."""
    path = folder / KEY_FILE
    if not path.exists():
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        folder.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_bytes(pem)
    return auth.TokenIssuer(serialization.load_pem_private_key(path.read_bytes(), password=None))


def mint(folder: Path, towns: list[str], town: str | None, role: str, *, subject: str | None = None,
         ttl_seconds: int = 3600, channel: str | None = None, unit: str | None = None) -> str:
    """A token for `role` in `town` (none for the district role; for a system, the towns it
    serves, comma-separated, and its channel; the unit role names its unit), refused at once
    when the running stack would refuse it."""
    if role not in auth.ROLES:
        raise StackError(f"unknown role {role!r}: one of {', '.join(sorted(auth.ROLES))}")
    if role == auth.SYSTEM:
        return _system(folder, towns, town, subject, ttl_seconds, channel)
    if role == auth.UNIT and not unit:
        raise StackError("the unit role speaks for a unit: give UNIT=..., e.g. UNIT=镇建设办")
    if role == auth.DISTRICT:
        town = None
    elif town not in towns:
        raise StackError(f"unknown town {town!r}: one of {', '.join(towns)}")
    subject = subject or "-".join(part for part in (role, town) if part)
    return issuer_for(folder).issue(subject, town, role, ttl_seconds=ttl_seconds, unit=unit)


def _system(folder: Path, towns: list[str], served: str | None, subject: str | None, ttl_seconds: int,
            channel: str | None) -> str:
    """A machine client's token, e.g. the 12345 hotline's: TOWN=xihu,chentuan CHANNEL=HOTLINE_12345."""
    served_towns = [t for t in (served or "").split(",") if t]
    if not served_towns or not set(served_towns) <= set(towns):
        raise StackError(f"a system serves towns among {', '.join(towns)}: TOWN=town1,town2")
    if not channel:
        raise StackError("a system submits on one channel: CHANNEL=HOTLINE_12345")
    return issuer_for(folder).issue(subject or f"system-{channel.lower()}", None, auth.SYSTEM,
                                    ttl_seconds=ttl_seconds, claims={"towns": served_towns, "channel": channel})
