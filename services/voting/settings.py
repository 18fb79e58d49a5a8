"""The voting service's own settings, read and checked at start with the platform's
(services.platform.config), every problem reported together. Only the api role signs
results; the relay and the consumer never see the key. The service holds no key that
decrypts a ballot: the scrutineers do (services.voting.trustee).

  MINSHENG_VOTING_SIGNING_KEY   Ed25519 private key: PEM (PKCS8) or base64 of the 32-byte seed
"""
from dataclasses import dataclass
from typing import Mapping

from services.platform.signing import Signer, new_signing_key, signer_from

SIGNING_ENV = "MINSHENG_VOTING_SIGNING_KEY"


@dataclass(frozen=True)
class VotingSettings:
    # The result signing key; None in the roles that never sign.
    keys: Signer | None


def read(env: Mapping[str, str], role: str, problems: list[str]) -> VotingSettings:
    """The settings of `role`, adding what is missing or bad to `problems`."""
    if role != "api":
        return VotingSettings(keys=None)
    try:
        return VotingSettings(keys=signer_from(env.get(SIGNING_ENV, "")))
    except ValueError:
        problems.append(f"{SIGNING_ENV}: missing or not an Ed25519 key (PEM, or base64 of the 32-byte seed)")
        return VotingSettings(keys=None)


def generate() -> dict[str, str]:
    """Fresh settings for a local stack or a test."""
    return {SIGNING_ENV: new_signing_key()}
