"""Shared by the ballot box tests: keys, and changing one byte of something encoded."""
from services.ballotbox.group import G, InvalidEncoding, Point, Scalar


def keypair() -> tuple[Scalar, Point]:
    secret = Scalar.random()
    return secret, secret * G


def flipped(data: bytes, index: int, mask: int) -> bytes:
    """data with byte index % len xor-ed with a non-zero mask."""
    i = index % len(data)
    return data[:i] + bytes([data[i] ^ (mask or 1)]) + data[i + 1:]


def chunks(data: bytes, decode) -> tuple | None:
    """32-byte values decoded again; None when one is no longer a valid encoding (a refusal)."""
    try:
        return tuple(decode(data[i:i + 32]) for i in range(0, len(data), 32))
    except InvalidEncoding:
        return None
