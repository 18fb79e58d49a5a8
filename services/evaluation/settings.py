"""The evaluation service's own settings, read and checked at start with the platform's.
Only the api role signs the written reports, so only it holds the key.

  MINSHENG_EVALUATION_SIGNING_KEY   Ed25519 private key: PEM (PKCS8) or base64 of the 32-byte seed
  MINSHENG_ATTENDANCE_DIGEST_KEY    the voting service's: checks a deputy against its attendance digests
"""
from dataclasses import dataclass
from typing import Mapping

from services.platform import pseudonyms, signing

SIGNING_ENV = "MINSHENG_EVALUATION_SIGNING_KEY"


@dataclass(frozen=True)
class EvaluationSettings:
    # None in the roles that never sign.
    signer: signing.Signer | None = None
    attendance_digest_key: bytes = b""


def read(env: Mapping[str, str], role: str, problems: list[str]) -> EvaluationSettings:
    if role != "api":
        return EvaluationSettings()
    digest_key = pseudonyms.read_key(env, problems)
    try:
        return EvaluationSettings(signing.signer_from(env.get(SIGNING_ENV, "")), digest_key)
    except ValueError as exc:
        problems.append(f"{SIGNING_ENV}: missing or bad ({exc})")
        return EvaluationSettings()


def generate() -> dict[str, str]:
    """Fresh settings for a local stack or a test."""
    return {SIGNING_ENV: signing.new_signing_key()}
