"""Opaque page tokens (AIP-158): the position after which the next page starts, signed
together with the filters of the request that made it (HMAC-SHA256). A token the caller
made up, altered or took from another list is refused before anything reads it, so no
token can reach a decoder's corners. Every replica of an api signs with the same key
(MINSHENG_PAGE_TOKEN_KEY), which the api role sets once at start with `configure`."""
import base64
import binascii
import hashlib
import hmac
import json
import struct

from services.platform.errors import FieldViolation, InvalidArgument

POSITION = struct.Struct(">Q")
MAC_BYTES = 16
TOKEN_CHARS = 32  # base64 of the 8-byte position and the 16-byte MAC, no padding
MIN_KEY_BYTES = 32
PURPOSE = b"minsheng page token v1\x00"


class PageTokens:
    def __init__(self, key: bytes):
        if len(key) < MIN_KEY_BYTES:
            raise ValueError(f"a page-token key needs at least {MIN_KEY_BYTES} bytes")
        self._key = key

    def _mac(self, position: bytes, filters: dict) -> bytes:
        canonical = json.dumps(filters, sort_keys=True, default=str).encode()
        return hmac.digest(self._key, PURPOSE + position + canonical, hashlib.sha256)[:MAC_BYTES]

    def encode(self, position: int, filters: dict) -> str:
        packed = POSITION.pack(position)
        return base64.urlsafe_b64encode(packed + self._mac(packed, filters)).decode("ascii")

    def decode(self, token: str, filters: dict) -> int:
        """The position in `token`, 0 for the first page (no token)."""
        if not token:
            return 0
        raw = _unpack(token)
        packed, mac = raw[:POSITION.size], raw[POSITION.size:]
        if not hmac.compare_digest(mac, self._mac(packed, filters)):
            raise _refused()
        return POSITION.unpack(packed)[0]


def _unpack(token: str) -> bytes:
    if len(token) != TOKEN_CHARS or not token.isascii():
        raise _refused()
    try:
        return base64.b64decode(token, altchars=b"-_", validate=True)
    except binascii.Error:
        raise _refused() from None


def _refused() -> InvalidArgument:
    return InvalidArgument([FieldViolation("page_token", "not a page token of this list with these filters")])


_configured: PageTokens | None = None


def configure(key: bytes) -> None:
    global _configured
    _configured = PageTokens(key)


def _tokens() -> PageTokens:
    if _configured is None:
        raise RuntimeError("page tokens need a key: paging.configure() at start")
    return _configured


def encode(position: int, filters: dict) -> str:
    return _tokens().encode(position, filters)


def decode(token: str, filters: dict) -> int:
    return _tokens().decode(token, filters)
