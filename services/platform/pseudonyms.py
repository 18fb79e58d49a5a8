"""Digests that let one service check a person against another's record without an event
naming them: HMAC-SHA256, under a key the two services share (MINSHENG_ATTENDANCE_DIGEST_KEY),
of the place they stand for (a session) and the person's id. Deputy ids are few and easy to
guess, so an unkeyed hash would name them to anyone reading the events (a subscriber, a copy of
the stream); without the key a digest says nothing. The place keeps one session's digests from
matching another's."""
import base64
import binascii
import hashlib
import hmac
import os
from typing import Mapping

KEY_ENV = "MINSHENG_ATTENDANCE_DIGEST_KEY"
MIN_KEY_BYTES = 32


def attendance_digest(key: bytes, session: str, deputy_id: str) -> str:
    return hmac.new(key, f"attendance\x00{session}\x00{deputy_id}".encode("utf-8"), hashlib.sha256).hexdigest()


def read_key(env: Mapping[str, str], problems: list[str]) -> bytes:
    """The shared key from the environment; what is wrong with it goes to `problems`."""
    try:
        key = base64.b64decode(env.get(KEY_ENV, ""), validate=True)
    except binascii.Error:
        key = b""
    if len(key) < MIN_KEY_BYTES:
        problems.append(f"{KEY_ENV}: missing or not base64 of at least {MIN_KEY_BYTES} bytes "
                        "(the same for voting and evaluation)")
    return key


def new_key() -> str:
    """A fresh key (base64), for a local stack or a test."""
    return base64.b64encode(os.urandom(MIN_KEY_BYTES)).decode("ascii")
