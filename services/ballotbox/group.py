"""The ristretto255 group (RFC 9496) through libsodium, as bundled by `rbcl`.

Encodings (the same bytes libsodium's JavaScript build reads and writes):
- a Point is its 32-byte ristretto255 encoding; decoding accepts only canonical encodings
  of group elements (libsodium's `crypto_core_ristretto255_is_valid_point`; the identity,
  32 zero bytes, is a valid element);
- a Scalar is an integer modulo the group order L = 2^252 + 27742317777372353535851937790883648493,
  as 32 bytes little-endian; decoding refuses values >= L;
- in JSON both are base64url without padding (libsodium.js's default base64 variant).

Arithmetic on secret scalars goes through libsodium's constant-time scalar functions, not
Python integers. `challenge()` is the one hash-to-scalar of every Fiat-Shamir proof here:

    SHA-512( lp("minsheng-ballotbox-v1") || lp(tag) || lp(part_1) || ... || lp(part_n) )
    reduced modulo L as a 64-byte little-endian integer (libsodium's crypto_core_ristretto255_scalar_reduce)

where lp(x) is the length of x as 4 bytes big-endian followed by x, and a part is a Point
(its 32 bytes), a Scalar (its 32 bytes), bytes, a str (UTF-8) or an int (8 bytes big-endian,
for counts and indexes only)."""
import base64
import binascii
import contextlib
import hashlib
import os
import sys

import rbcl

ORDER = 2**252 + 27742317777372353535851937790883648493
DOMAIN = b"minsheng-ballotbox-v1"
_ZERO = bytes(32)


def _drop_rbcl_library_copy() -> None:
    """rbcl writes its bundled libsodium to a fresh temporary file at every import and never
    removes it (about 2.8 MB per process). Once loaded, the file is no longer needed."""
    loader = sys.modules.get("rbcl._sodium")
    with contextlib.suppress(AttributeError, OSError):
        os.unlink(loader.lib_path)


_drop_rbcl_library_copy()


class InvalidEncoding(ValueError):
    """Bytes or text that are not the canonical encoding of a group element or scalar."""


class Scalar:
    """An integer modulo ORDER. Immutable; arithmetic via libsodium."""
    __slots__ = ("_b",)

    def __init__(self, value: int) -> None:
        """From a public integer (an index, a count, a known plaintext)."""
        self._b = (value % ORDER).to_bytes(32, "little")

    @classmethod
    def _of(cls, canonical: bytes) -> "Scalar":
        s = object.__new__(cls)
        s._b = canonical
        return s

    @classmethod
    def random(cls) -> "Scalar":
        return cls._of(rbcl.crypto_core_ristretto255_scalar_random())

    @classmethod
    def from_digest(cls, digest: bytes) -> "Scalar":
        """64 bytes reduced modulo ORDER."""
        return cls._of(rbcl.crypto_core_ristretto255_scalar_reduce(digest))

    @classmethod
    def decode(cls, data: bytes) -> "Scalar":
        if not isinstance(data, bytes) or len(data) != 32 or int.from_bytes(data, "little") >= ORDER:
            raise InvalidEncoding("not a canonical scalar (32 bytes little-endian below the group order)")
        return cls._of(data)

    def __bytes__(self) -> bytes:
        return self._b

    def __int__(self) -> int:
        return int.from_bytes(self._b, "little")

    def is_zero(self) -> bool:
        return self._b == _ZERO

    def __add__(self, other: "Scalar") -> "Scalar":
        return Scalar._of(rbcl.crypto_core_ristretto255_scalar_add(self._b, other._b))

    def __sub__(self, other: "Scalar") -> "Scalar":
        return Scalar._of(rbcl.crypto_core_ristretto255_scalar_sub(self._b, other._b))

    def __mul__(self, other):
        if not isinstance(other, Scalar):
            return NotImplemented  # scalar * Point: Point.__rmul__
        return Scalar._of(rbcl.crypto_core_ristretto255_scalar_mul(self._b, other._b))

    def __neg__(self) -> "Scalar":
        return Scalar._of(rbcl.crypto_core_ristretto255_scalar_negate(self._b))

    def inverse(self) -> "Scalar":
        return Scalar._of(rbcl.crypto_core_ristretto255_scalar_invert(self._b))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Scalar) and self._b == other._b

    def __hash__(self) -> int:
        return hash(self._b)

    def __repr__(self) -> str:
        return f"Scalar({encode(self)})"


class Point:
    """An element of ristretto255. Immutable; `decode` validates, operations stay in the group."""
    __slots__ = ("_b",)

    def __init__(self, canonical: bytes) -> None:
        """Trusted bytes only (results of libsodium); use `decode` for anything received."""
        self._b = canonical

    @classmethod
    def decode(cls, data: bytes) -> "Point":
        if not isinstance(data, bytes) or len(data) != 32 or not rbcl.crypto_core_ristretto255_is_valid_point(data):
            raise InvalidEncoding("not the canonical encoding of a ristretto255 element")
        return cls(data)

    def __bytes__(self) -> bytes:
        return self._b

    def is_identity(self) -> bool:
        return self._b == _ZERO

    def __add__(self, other: "Point") -> "Point":
        return Point(rbcl.crypto_core_ristretto255_add(self._b, other._b))

    def __sub__(self, other: "Point") -> "Point":
        return Point(rbcl.crypto_core_ristretto255_sub(self._b, other._b))

    def __rmul__(self, scalar: Scalar) -> "Point":
        """scalar * point; the generator uses libsodium's fixed-base multiplication (3x faster)."""
        if scalar.is_zero() or self._b == _ZERO:
            return IDENTITY
        if self._b == _GENERATOR:
            return Point(rbcl.crypto_scalarmult_ristretto255_base(scalar._b))
        return Point(rbcl.crypto_scalarmult_ristretto255(scalar._b, self._b))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Point) and self._b == other._b

    def __hash__(self) -> int:
        return hash(self._b)

    def __repr__(self) -> str:
        return f"Point({encode(self)})"


_GENERATOR = rbcl.crypto_scalarmult_ristretto255_base(Scalar(1)._b)
G = Point(_GENERATOR)
IDENTITY = Point(_ZERO)


def _part(value) -> bytes:
    if isinstance(value, (Point, Scalar)):
        return bytes(value)
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**64:
        return value.to_bytes(8, "big")
    raise TypeError(f"cannot hash {type(value).__name__}")


def digest(tag: str, *parts) -> bytes:
    """SHA-512 of the domain, the tag and the parts, each length-prefixed (see the module doc)."""
    h = hashlib.sha512()
    for item in (DOMAIN, tag.encode("utf-8"), *map(_part, parts)):
        h.update(len(item).to_bytes(4, "big"))
        h.update(item)
    return h.digest()


def challenge(tag: str, *parts) -> Scalar:
    """Fiat-Shamir challenge: the digest reduced modulo the group order."""
    return Scalar.from_digest(digest(tag, *parts))


def encode(value: Point | Scalar | bytes) -> str:
    """base64url without padding."""
    return base64.urlsafe_b64encode(bytes(value)).rstrip(b"=").decode("ascii")


def decode_bytes(text: str, length: int | None = None) -> bytes:
    """Strict base64url without padding: one text per byte string, so a byte changed is a text changed."""
    if not isinstance(text, str):
        raise InvalidEncoding("expected base64url text")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise InvalidEncoding("not base64url") from exc
    if encode(raw) != text or (length is not None and len(raw) != length):
        raise InvalidEncoding("not canonical base64url of the expected length")
    return raw


def decode_point(text: str) -> Point:
    return Point.decode(decode_bytes(text, 32))


def decode_scalar(text: str) -> Scalar:
    return Scalar.decode(decode_bytes(text, 32))
