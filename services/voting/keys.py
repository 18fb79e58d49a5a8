"""The voting service's keys and what it does with them.

- Per poll: an X25519 key pair (PyNaCl sealed boxes). Ballots are sealed to its public part;
  its private part is stored encrypted with the key-encryption key (KEK) from configuration,
  in a table apart from the ballots, opened only to count after the poll closes, and then
  destroyed.
- The service's Ed25519 signing key signs result documents.

Configuration (environment, read by the api role at start):
  MINSHENG_VOTING_BALLOT_KEY_ENCRYPTION_KEY  base64 of 32 random bytes
  MINSHENG_VOTING_SIGNING_KEY                Ed25519 private key: PEM (PKCS8) or base64 of the 32-byte seed
"""
import base64
import binascii
import json
import os
from dataclasses import dataclass
from typing import Mapping

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox

from services.platform.config import ConfigError

KEK_ENV = "MINSHENG_VOTING_BALLOT_KEY_ENCRYPTION_KEY"
SIGNING_ENV = "MINSHENG_VOTING_SIGNING_KEY"


def canonical(document: dict) -> bytes:
    """The exact bytes that are signed: sorted keys, no spaces, UTF-8."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def raw_public_key(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


@dataclass(frozen=True)
class VotingKeys:
    key_encryption_key: bytes
    signing_key: Ed25519PrivateKey

    @property
    def public_key(self) -> bytes:
        return raw_public_key(self.signing_key.public_key())

    def new_poll_key(self) -> tuple[bytes, bytes]:
        """A fresh ballot key pair: (public key, private key sealed with the KEK)."""
        private = PrivateKey.generate()
        sealed = SecretBox(self.key_encryption_key).encrypt(bytes(private))
        return bytes(private.public_key), bytes(sealed)

    def open_poll_key(self, sealed_private_key: bytes) -> PrivateKey:
        return PrivateKey(SecretBox(self.key_encryption_key).decrypt(sealed_private_key))

    def sign(self, document: dict) -> bytes:
        return self.signing_key.sign(canonical(document))


def seal_ballot(public_key: bytes, marks: str) -> bytes:
    """Sealed boxes use a fresh ephemeral key each time: identical ballots differ as ciphertext."""
    return SealedBox(PublicKey(public_key)).encrypt(marks.encode("ascii"))


def open_ballot(private_key: PrivateKey, sealed: bytes) -> str:
    return SealedBox(private_key).decrypt(sealed).decode("ascii")


def _signing_key(raw: str) -> Ed25519PrivateKey:
    if raw.lstrip().startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(raw.encode("ascii"), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("not an Ed25519 key")
        return key
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(raw, validate=True))


def load_keys(env: Mapping[str, str] | None = None) -> VotingKeys:
    """Fails fast, naming every missing or bad setting."""
    env = os.environ if env is None else env
    problems: list[str] = []
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
    if problems:
        raise ConfigError("bad configuration:\n  " + "\n  ".join(problems))
    return VotingKeys(kek, signing)


def generate_settings() -> dict[str, str]:
    """Fresh settings for a local stack or a test."""
    return {KEK_ENV: base64.b64encode(os.urandom(SecretBox.KEY_SIZE)).decode("ascii"),
            SIGNING_ENV: base64.b64encode(os.urandom(32)).decode("ascii")}
