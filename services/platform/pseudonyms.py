"""Digests that let one service check a person against another's record without an event
naming them: SHA-256 of the place they stand for (a session) and the person's id. The
place keeps one session's digests from matching another's."""
import hashlib


def attendance_digest(session: str, deputy_id: str) -> str:
    return hashlib.sha256(f"attendance\x00{session}\x00{deputy_id}".encode("utf-8")).hexdigest()
