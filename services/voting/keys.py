"""The voting service's keys and what it does with them.

- Per poll: an X25519 key pair (PyNaCl sealed boxes). Ballots are sealed to its public part;
  its private part is stored encrypted with the key-encryption key (KEK) from configuration,
  in a table apart from the ballots, opened only to count after the poll closes, and then
  destroyed.
- The service's Ed25519 signing key signs result documents.

Both keys come from the service's settings (services.voting.settings)."""
import json
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox


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
