"""The district service's own settings, read and checked at start with the platform's.
Only the consumer role verifies filings, so only it needs the towns' pinned keys.

  MINSHENG_DISTRICT_TOWN_KEYS  JSON object: town id -> {service: base64 of that service's
                               Ed25519 signing public key, 32 bytes}, for the services whose
                               filings the district verifies: "voting" (GetResultSigningKey)
                               and "evaluation" (its written reports' key), e.g.
                               {"xihu": {"voting": "...", "evaluation": "..."}}
                               Town "*" pins keys for every town without its own entry (a
                               district whose towns share one voting and one evaluation
                               deployment, as the local stack does).
"""
import base64
import binascii
import json
from dataclasses import dataclass, field
from typing import Mapping

TOWN_KEYS_ENV = "MINSHENG_DISTRICT_TOWN_KEYS"
# The services whose signed documents a town files with the district.
FILING_SERVICES = ("voting", "evaluation")
# The entry for every town without its own.
EVERY_TOWN = "*"


@dataclass(frozen=True)
class DistrictSettings:
    # (town id, service) -> public key
    town_keys: dict[tuple[str, str], bytes] = field(default_factory=dict)

    def pinned_key(self, town_id: str, service: str) -> bytes | None:
        return self.town_keys.get((town_id, service)) or self.town_keys.get((EVERY_TOWN, service))


def _key(town: str, service: str, key) -> bytes:
    where = f"the {service} key of {town!r}"
    try:
        decoded = base64.b64decode(key, validate=True)
    except (binascii.Error, TypeError, ValueError):
        raise ValueError(f"{where} is not base64") from None
    if len(decoded) != 32:
        raise ValueError(f"{where} is not 32 bytes")
    return decoded


def parse_town_keys(raw: str) -> dict[tuple[str, str], bytes]:
    """Raises ValueError naming what is wrong."""
    found = json.loads(raw)
    if not isinstance(found, dict):
        raise ValueError("not a JSON object")
    keys = {}
    for town, services in found.items():
        if not isinstance(services, dict):
            raise ValueError(f"the keys of {town!r} are not an object of service -> key "
                             f"(services: {', '.join(FILING_SERVICES)})")
        for service, key in services.items():
            if service not in FILING_SERVICES:
                raise ValueError(f"{town!r} names {service!r}, not one of {', '.join(FILING_SERVICES)}")
            keys[(town, service)] = _key(town, service, key)
    return keys


def read(env: Mapping[str, str], role: str, problems: list[str]) -> DistrictSettings:
    if role != "consumer":
        return DistrictSettings()
    try:
        return DistrictSettings(parse_town_keys(env.get(TOWN_KEYS_ENV, "")))
    except ValueError as exc:
        problems.append(f"{TOWN_KEYS_ENV}: missing or bad ({exc})")
        return DistrictSettings()


def settings_for(public_keys: dict[str, bytes]) -> dict[str, str]:
    """Every town pinned to the same key per service: a local stack, whose single voting and
    evaluation services sign for all towns (one entry, "*": a test stack has thousands of
    towns, and one environment variable may hold at most 128 kB)."""
    encoded = {service: base64.b64encode(key).decode("ascii") for service, key in public_keys.items()}
    return {TOWN_KEYS_ENV: json.dumps({EVERY_TOWN: encoded})}
