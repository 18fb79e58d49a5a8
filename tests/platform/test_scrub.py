"""Exceptions reach logs and dead-letter headers without the values they carry."""
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import psycopg
from sqlalchemy import exc as sa_exc

from services.platform.scrub import describe_error, format_exception
from services.platform.telemetry import JsonFormatter

NAME, PHONE = "欧阳秘密", "13999990001"


def unique_violation() -> sa_exc.IntegrityError:
    """What SQLAlchemy raises for a duplicate key (its text as psycopg and PostgreSQL give it)."""
    driver = psycopg.errors.UniqueViolation(
        f'duplicate key value violates unique constraint "proposal_phone"\nDETAIL:  Key (proposer_phone)=({PHONE}) '
        "already exists.")
    return sa_exc.IntegrityError("INSERT INTO collection.proposals (proposer_name) VALUES (%(proposer_name)s)",
                                 {"proposer_name": NAME}, driver)


def raised_in_a_use_case() -> BaseException:
    try:
        try:
            raise unique_violation()
        except sa_exc.IntegrityError as exc:
            raise ValueError(f"cannot store {NAME!r}") from exc
    except ValueError as exc:
        return exc


def test_a_database_error_is_described_by_class_sqlstate_and_message_without_values():
    described = describe_error(unique_violation())
    assert described.startswith("IntegrityError: UniqueViolation (SQLSTATE 23505): duplicate key value violates")
    for leak in (NAME, PHONE, "DETAIL", "[SQL", "INSERT", "parameters"):
        assert leak not in described


def test_quoted_values_are_removed_even_when_they_hold_quotes():
    described = describe_error(psycopg.errors.InvalidTextRepresentation(
        'invalid input syntax for type integer: "12"34"'))
    assert described == 'InvalidTextRepresentation (SQLSTATE 22P02): invalid input syntax for type integer: "…"'
    assert describe_error(KeyError(NAME)) == 'KeyError: "…"'


def test_a_traceback_keeps_code_locations_and_describes_each_exception_of_the_chain():
    text = format_exception(raised_in_a_use_case())
    assert "in raised_in_a_use_case" in text and "direct cause" in text
    assert "UniqueViolation (SQLSTATE 23505)" in text and "ValueError: cannot store" in text
    assert NAME not in text and PHONE not in text


def test_log_lines_describe_errors_and_exceptions_without_values():
    exc = raised_in_a_use_case()
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "unexpected error", (), (type(exc), exc, None))
    record.error = exc.__cause__
    line = JsonFormatter("collection").format(record)
    entry = json.loads(line)
    assert entry["error"].startswith("IntegrityError: UniqueViolation") and "Traceback" in entry["exception"]
    assert NAME not in line and PHONE not in line


def test_an_error_given_as_text_is_cut_before_its_values_too():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), None)
    for text in (str(unique_violation()), repr(psycopg.errors.InvalidTextRepresentation(
            f'invalid input syntax for type integer: "{PHONE}"'))):
        record.error = text
        entry = json.loads(JsonFormatter("collection").format(record))
        assert "UniqueViolation" in entry["error"] or "InvalidTextRepresentation" in entry["error"]
        assert PHONE not in entry["error"] and NAME not in entry["error"]


def test_a_process_logs_an_uncaught_exception_through_the_formatter_and_quiets_sql_logging():
    root = Path(__file__).parents[2]
    # The libraries quiet their own loggers when imported; the cap must not rely on that.
    program = ("import logging; from services.platform import telemetry; from tests.platform import test_scrub; "
               "logging.getLogger('sqlalchemy').setLevel(logging.NOTSET); "
               "telemetry.setup('collection', log_level='DEBUG', otlp_endpoint=None); "
               "logging.getLogger('services.x').debug('ours'); "
               "logging.getLogger('sqlalchemy.engine.Engine').info('INSERT %s', test_scrub.NAME); "
               "raise test_scrub.raised_in_a_use_case()")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60, cwd=root,
                          env=os.environ | {"PYTHONPATH": f"{root}{os.pathsep}{root / 'services' / 'gen'}"})
    lines = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    assert done.returncode == 1 and [e["message"] for e in lines] == ["ours", "uncaught exception"]
    assert "UniqueViolation (SQLSTATE 23505)" in lines[1]["exception"]
    assert NAME not in done.stderr and PHONE not in done.stderr
