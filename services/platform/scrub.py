"""Exceptions as logs, headers and events may show them: without the values they carry.

A database error's text holds the values of the statement that failed: SQLAlchemy appends
the statement and its parameters, and PostgreSQL quotes values in its messages and adds a
DETAIL with the key or the whole failing row (a proposer's name and phone, a deputy's id).
Only the error's class, SQLSTATE, its message up to those sections with quoted text removed,
and the names of the constraint, table and column involved are kept."""
import re
import traceback

import nats.errors

# Where the sections that repeat values begin: PostgreSQL's DETAIL, HINT and CONTEXT,
# SQLAlchemy's statement, parameters and link. Everything from the first one is dropped.
SECTIONS = re.compile(r"DETAIL:|HINT:|CONTEXT:|\[SQL:|\[parameters:|\(Background on this error")
# From the first quote to the last: a value may hold quotes itself, so no pair is trusted.
QUOTED = re.compile(r"[\"'].*[\"']", re.DOTALL)
# PostgreSQL's names of what an error concerns: identifiers of the schema, never values.
NAMES = ("schema_name", "table_name", "column_name", "constraint_name", "datatype_name")
MAX_LENGTH = 500


def scrub_text(text: str) -> str:
    """Text that may quote an exception, cut before the first section that repeats values."""
    if found := SECTIONS.search(text):
        text = text[:found.start()]
    return text.strip()[:MAX_LENGTH]


def one_line(text: str) -> str:
    return " ".join(text.split())


def describe_error(exc: BaseException) -> str:
    """E.g. `IntegrityError: CheckViolation (SQLSTATE 23514): new row for relation "…"
    (schema_name: collection, table_name: proposals, constraint_name: proposals_phone_check)`."""
    kinds = [type(exc).__name__]
    cause = getattr(exc, "orig", None)  # SQLAlchemy keeps the driver's exception here
    if isinstance(cause, BaseException):
        if type(cause).__name__ != kinds[0]:
            kinds.append(type(cause).__name__)
        exc = cause
    if sqlstate := getattr(exc, "sqlstate", None):
        kinds[-1] += f" (SQLSTATE {sqlstate})"
    diag = getattr(exc, "diag", None)
    message = one_line(scrub_text(getattr(diag, "message_primary", None) or str(exc)))
    if not isinstance(exc, nats.errors.Error):  # NATS errors come from NATS, never hold our data
        message = QUOTED.sub('"…"', message)
    names = ", ".join(f"{n}: {v}" for n in NAMES if (v := getattr(diag, n, None)))
    text = ": ".join(kinds + ([message] if message else []))
    return (text + (f" ({names})" if names else ""))[:MAX_LENGTH]


def error_field(error: object) -> str:
    """The `error` field of a log line: an exception described, or a text built from one
    (perhaps its repr) cut and without quoted text, like an exception's message."""
    if isinstance(error, BaseException):
        return describe_error(error)
    return QUOTED.sub('"…"', one_line(scrub_text(str(error))))


def format_exception(exc: BaseException) -> str:
    """A traceback (code locations only) of the exception and those that led to it,
    each described by describe_error."""
    parts: list[str] = []
    seen: list[BaseException] = []
    while exc is not None and all(exc is not e for e in seen):
        seen.append(exc)
        parts[:0] = ["Traceback (most recent call last):\n", *traceback.format_tb(exc.__traceback__),
                     describe_error(exc)]
        cause = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
        if cause is not None:
            parts.insert(0, "\n\nThe above exception was the direct cause of the following exception:\n\n"
                         if exc.__cause__ else
                         "\n\nDuring handling of the above exception, another exception occurred:\n\n")
        exc = cause
    return "".join(parts)
