"""The voting service's own settings, read and checked at start with the platform's
(services.platform.config), every problem reported together. Only the api role signs
results; the relay and the consumer never see the key. The service holds no key that
decrypts a ballot: the scrutineers do (services.voting.trustee).

  MINSHENG_VOTING_SIGNING_KEY      Ed25519 private key: PEM (PKCS8) or base64 of the 32-byte seed
  MINSHENG_ATTENDANCE_DIGEST_KEY   base64 of 32 random bytes, the evaluation service's too: keys the
                                   digests of who is present in attendance events
"""
from dataclasses import dataclass
from typing import Mapping

from services.platform import pseudonyms
from services.platform.signing import Signer, new_signing_key, signer_from

SIGNING_ENV = "MINSHENG_VOTING_SIGNING_KEY"


@dataclass(frozen=True)
class VotingSettings:
    # The result signing key; None in the roles that never sign.
    keys: Signer | None
    attendance_digest_key: bytes = b""


def read(env: Mapping[str, str], role: str, problems: list[str]) -> VotingSettings:
    """The settings of `role`, adding what is missing or bad to `problems`."""
    if role != "api":
        return VotingSettings(keys=None)
    digest_key = pseudonyms.read_key(env, problems)
    try:
        return VotingSettings(keys=signer_from(env.get(SIGNING_ENV, "")), attendance_digest_key=digest_key)
    except ValueError:
        problems.append(f"{SIGNING_ENV}: missing or not an Ed25519 key (PEM, or base64 of the 32-byte seed)")
        return VotingSettings(keys=None)


def generate() -> dict[str, str]:
    """Fresh settings for a local stack or a test (the attendance digest key is the stack's, shared
    with evaluation)."""
    return {SIGNING_ENV: new_signing_key()}
