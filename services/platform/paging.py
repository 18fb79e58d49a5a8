"""Opaque page tokens (AIP-158): the position after which the next page starts, bound
to the filters of the request that made it."""
import base64
import hashlib
import json

from services.platform.errors import InvalidArgument, FieldViolation


def _fingerprint(filters: dict) -> str:
    return hashlib.sha256(json.dumps(filters, sort_keys=True, default=str).encode()).hexdigest()[:16]


def encode(position: int, filters: dict) -> str:
    raw = json.dumps({"after": position, "filters": _fingerprint(filters)})
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode(token: str, filters: dict) -> int:
    if not token:
        return 0
    try:
        data = json.loads(base64.urlsafe_b64decode(token.encode()))
        position, fingerprint = int(data["after"]), data["filters"]
    except (ValueError, KeyError, TypeError):
        raise InvalidArgument([FieldViolation("page_token", "not a token from this API")])
    if fingerprint != _fingerprint(filters):
        raise InvalidArgument([FieldViolation("page_token", "was made for other filters")])
    return position
