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
         ttl_seconds: int = 3600, unit: str | None = None) -> str:
    """A token for `role` in `town` (none for the district role; the unit role names its
    unit), refused at once when the running stack would refuse it."""
    if role not in auth.ROLES:
        raise StackError(f"unknown role {role!r}: one of {', '.join(sorted(auth.ROLES))}")
    if role == auth.UNIT and not unit:
        raise StackError("the unit role speaks for a unit: give UNIT=..., e.g. UNIT=镇建设办")
    if role == auth.DISTRICT:
        town = None
    elif town not in towns:
        raise StackError(f"unknown town {town!r}: one of {', '.join(towns)}")
    subject = subject or "-".join(part for part in (role, town) if part)
    return issuer_for(folder).issue(subject, town, role, ttl_seconds=ttl_seconds, unit=unit)
