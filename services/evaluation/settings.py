"""The evaluation service's own settings, read and checked at start with the platform's.
Only the api role signs the written reports, so only it holds the key.

  MINSHENG_EVALUATION_SIGNING_KEY   Ed25519 private key: base64 of the 32-byte seed
"""
import base64
import binascii
import json
import os
from dataclasses import dataclass
from typing import Mapping

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

SIGNING_ENV = "MINSHENG_EVALUATION_SIGNING_KEY"


def canonical(document: dict) -> bytes:
    """The exact bytes that are signed: sorted keys, no spaces, UTF-8."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class EvaluationSettings:
    # None in the roles that never sign.
    signing_key: Ed25519PrivateKey | None = None

    @property
    def public_key(self) -> bytes:
        return self.signing_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    def sign(self, document: dict) -> tuple[str, bytes]:
        """The canonical text and its signature."""
        data = canonical(document)
        return data.decode("utf-8"), self.signing_key.sign(data)


def read(env: Mapping[str, str], role: str, problems: list[str]) -> EvaluationSettings:
    if role != "api":
        return EvaluationSettings()
    try:
        return EvaluationSettings(Ed25519PrivateKey.from_private_bytes(
            base64.b64decode(env.get(SIGNING_ENV, ""), validate=True)))
    except (ValueError, binascii.Error):
        problems.append(f"{SIGNING_ENV}: missing or not base64 of a 32-byte Ed25519 seed")
        return EvaluationSettings()


def generate() -> dict[str, str]:
    """Fresh settings for a local stack or a test."""
    return {SIGNING_ENV: base64.b64encode(os.urandom(32)).decode("ascii")}
