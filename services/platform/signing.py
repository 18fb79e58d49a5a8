"""Signed documents: what a service publishes for anyone to check (voting's poll results, the
evaluation report). One format for all: the document as canonical JSON (sorted keys, no
spaces, UTF-8) signed with the service's Ed25519 key; verifiers pin the public key rather
than trust the one a document carries.

The private key comes from the service's settings: PEM (PKCS8) or base64 of the 32-byte seed."""
import base64
import binascii
import json
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ALGORITHM = "Ed25519"


def canonical(document: dict) -> bytes:
    """The exact bytes that are signed: sorted keys, no spaces, UTF-8."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class Signer:
    private_key: Ed25519PrivateKey

    @property
    def public_key(self) -> bytes:
        """The raw 32-byte public key, as verifiers pin it."""
        return self.private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    def sign(self, document: dict) -> bytes:
        return self.private_key.sign(canonical(document))


def signer_from(raw: str) -> Signer:
    """From a setting's text; ValueError when it is not an Ed25519 key."""
    try:
        if raw.lstrip().startswith("-----BEGIN"):
            key = serialization.load_pem_private_key(raw.encode("ascii"), password=None)
            if not isinstance(key, Ed25519PrivateKey):
                raise ValueError("not an Ed25519 key")
            return Signer(key)
        return Signer(Ed25519PrivateKey.from_private_bytes(base64.b64decode(raw, validate=True)))
    except (TypeError, binascii.Error) as exc:
        raise ValueError("not an Ed25519 key (PEM, or base64 of the 32-byte seed)") from exc


def new_signing_key() -> str:
    """A fresh key as a setting's text, for a local stack or a test."""
    return base64.b64encode(os.urandom(32)).decode("ascii")


def verifies(document: dict, signature: bytes, public_key: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, canonical(document))
    except (InvalidSignature, ValueError):
        return False
    return True
