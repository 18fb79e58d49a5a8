"""The district service's own settings, read and checked at start with the platform's.
Only the consumer role verifies filings, so only it needs the towns' pinned keys.

  MINSHENG_DISTRICT_TOWN_KEYS  JSON object: town id -> base64 of the town's Ed25519 result
                               signing public key (voting's GetResultSigningKey), 32 bytes
"""
import base64
import binascii
import json
from dataclasses import dataclass, field
from typing import Mapping

TOWN_KEYS_ENV = "MINSHENG_DISTRICT_TOWN_KEYS"


@dataclass(frozen=True)
class DistrictSettings:
    town_keys: dict[str, bytes] = field(default_factory=dict)

    def pinned_key(self, town_id: str) -> bytes | None:
        return self.town_keys.get(town_id)


def parse_town_keys(raw: str) -> dict[str, bytes]:
    """Raises ValueError naming what is wrong."""
    found = json.loads(raw)
    if not isinstance(found, dict):
        raise ValueError("not a JSON object")
    keys = {}
    for town, key in found.items():
        try:
            keys[town] = base64.b64decode(key, validate=True)
        except (binascii.Error, TypeError):
            raise ValueError(f"the key of {town!r} is not base64") from None
        if len(keys[town]) != 32:
            raise ValueError(f"the key of {town!r} is not 32 bytes")
    return keys


def read(env: Mapping[str, str], role: str, problems: list[str]) -> DistrictSettings:
    if role != "consumer":
        return DistrictSettings()
    try:
        return DistrictSettings(parse_town_keys(env.get(TOWN_KEYS_ENV, "")))
    except ValueError as exc:
        problems.append(f"{TOWN_KEYS_ENV}: missing or bad ({exc})")
        return DistrictSettings()


def settings_for(public_key: bytes, towns: list[str]) -> dict[str, str]:
    """Every town pinned to one key: a local stack, whose single voting service signs for all."""
    encoded = base64.b64encode(public_key).decode("ascii")
    return {TOWN_KEYS_ENV: json.dumps({town: encoded for town in towns})}
