"""The voting service's own settings, read and checked at start with the platform's
(services.platform.config), every problem reported together. Only the api role holds the
keys: it seals ballots, opens them to count and signs results; the relay and the consumer
never see them.

  MINSHENG_VOTING_BALLOT_KEY_ENCRYPTION_KEY  base64 of 32 random bytes
  MINSHENG_VOTING_SIGNING_KEY                Ed25519 private key: PEM (PKCS8) or base64 of the 32-byte seed
"""
import base64
import binascii
import os
from dataclasses import dataclass
from typing import Mapping

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from nacl.secret import SecretBox

from services.voting.keys import VotingKeys

KEK_ENV = "MINSHENG_VOTING_BALLOT_KEY_ENCRYPTION_KEY"
SIGNING_ENV = "MINSHENG_VOTING_SIGNING_KEY"


@dataclass(frozen=True)
class VotingSettings:
    # None in the roles that never count or sign.
    keys: VotingKeys | None


def _signing_key(raw: str) -> Ed25519PrivateKey:
    if raw.lstrip().startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(raw.encode("ascii"), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("not an Ed25519 key")
        return key
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(raw, validate=True))


def read(env: Mapping[str, str], role: str, problems: list[str]) -> VotingSettings:
    """The settings of `role`, adding what is missing or bad to `problems`."""
    if role != "api":
        return VotingSettings(keys=None)
    found = len(problems)
    kek = b""
    try:
        kek = base64.b64decode(env.get(KEK_ENV, ""), validate=True)
    except binascii.Error:
        pass
    if len(kek) != SecretBox.KEY_SIZE:
        problems.append(f"{KEK_ENV}: missing or not base64 of {SecretBox.KEY_SIZE} bytes")
    signing = None
    try:
        signing = _signing_key(env.get(SIGNING_ENV, ""))
    except (ValueError, TypeError, binascii.Error):
        problems.append(f"{SIGNING_ENV}: missing or not an Ed25519 key (PEM, or base64 of the 32-byte seed)")
    return VotingSettings(keys=VotingKeys(kek, signing) if len(problems) == found else None)


def generate() -> dict[str, str]:
    """Fresh settings for a local stack or a test."""
    return {KEK_ENV: base64.b64encode(os.urandom(SecretBox.KEY_SIZE)).decode("ascii"),
            SIGNING_ENV: base64.b64encode(os.urandom(32)).decode("ascii")}
