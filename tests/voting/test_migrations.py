"""Revision 0006 (the sums at the close) down and up again, on a database of its own: the
downgrade refuses while an electronic poll is open with ballots, changing nothing, and
otherwise gives every electronic poll its empty sum parts back, row-level security forced
again on every table it read."""
import json
import uuid

import psycopg
import pytest

from services.platform import migrations
from services.voting.service import SPEC

pytestmark = pytest.mark.integration
POLL = ("town_id, session_id, poll_id, candidate_list_year, title, seats, candidates, method, rules, state, "
        "runoff_of, confirmed_by, version")


@pytest.fixture
def database(stack):
    """A fresh database owned by the migrating role: (run SQL as the superuser, migrate)."""
    name = "migrations_" + uuid.uuid4().hex[:8]
    with psycopg.connect(stack.pg.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" OWNER "{stack.roles.owner}"')

    def sql(query: str, params: tuple = ()) -> list[tuple]:
        with psycopg.connect(stack.pg.url(database=name)) as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def migrate(revision: str, *, up: bool | None = None) -> None:
        """Up to `revision` (head by default), or down to it."""
        where = dict(schema="voting", migrations_dir=SPEC.migrations_dir, revision=revision,
                     database_url=stack.pg.url(user=stack.roles.owner, database=name),
                     app_role=stack.roles.app, relay_role=stack.roles.relay)
        (migrations.upgrade if (revision == "head" if up is None else up) else migrations.downgrade)(**where)
    yield sql, migrate
    with psycopg.connect(stack.pg.url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def add_poll(sql, town: str, poll_id: str, state: str, ballots: int) -> None:
    sql(f"INSERT INTO voting.polls ({POLL}) VALUES (%s, 's', %s, 2024, 'poll', 1, '[]', 'ELECTRONIC', '{{}}', %s, "
        "'', '[]', 1)", (town, poll_id, state))
    sql("INSERT INTO voting.ballot_boxes (town_id, poll_id, box) VALUES (%s, %s, '{}')", (town, poll_id))
    for i in range(ballots):
        sql("INSERT INTO voting.ballots (town_id, poll_id, ballot_id, entry) VALUES (%s, %s, %s, %s)",
            (town, poll_id, f"b{i}", json.dumps({"selections": []})))


def state(sql) -> tuple:
    revision = sql("SELECT version_num FROM voting.alembic_version")[0][0]
    forced = sql("SELECT relname, relforcerowsecurity FROM pg_class JOIN pg_namespace n ON n.oid = relnamespace "
                 "WHERE nspname = 'voting' AND relname IN ('polls', 'ballots', 'ballot_boxes', 'ballot_sums')")
    return revision, dict(forced)


def test_the_downgrade_refuses_an_open_poll_with_ballots_and_restores_empty_parts(database):
    sql, migrate = database
    migrate("head")
    add_poll(sql, "xihu", "open-with-ballots", "OPEN", 2)
    add_poll(sql, "nanhu", "counting", "COUNTING", 3)
    add_poll(sql, "nanhu", "open-no-ballot", "OPEN", 0)
    before = state(sql)
    assert before == ("0006", {"polls": True, "ballots": True, "ballot_boxes": True})
    with pytest.raises(RuntimeError, match="1 electronic poll"):
        migrate("0005")
    assert state(sql) == before
    sql("UPDATE voting.polls SET state = 'COUNTING' WHERE poll_id = 'open-with-ballots'")
    migrate("0005")
    assert state(sql) == ("0005", {"polls": True, "ballots": True, "ballot_boxes": True, "ballot_sums": True})
    parts = sql("SELECT poll_id, count(*), count(sums), sum(voters) FROM voting.ballot_sums GROUP BY poll_id")
    assert sorted(parts) == [("counting", 16, 0, 0), ("open-no-ballot", 16, 0, 0), ("open-with-ballots", 16, 0, 0)]
    migrate("head")
    assert state(sql) == before


def test_revision_0003_gives_the_lists_and_sessions_already_there_their_decision_and_closed_check_in(database):
    """Its UPDATEs run as the tables' owner, on which row-level security is forced: they must
    reach every town's rows (services.platform.migrations.across_towns)."""
    sql, migrate = database
    migrate("0002", up=True)
    for town in ("xihu", "nanhu"):
        sql("INSERT INTO voting.candidate_lists (town_id, year, review, seats, candidates, approval_record) "
            "VALUES (%s, 2023, 'r', 2, %s, '')", (town, json.dumps([{"candidate_id": "b", "rank": 2},
                                                                     {"candidate_id": "a", "rank": 1}])))
        for session in ("held", "not-yet"):
            sql("INSERT INTO voting.sessions (town_id, session_id, term, title, session_date, chief_scrutineer, "
                "scrutineers, seated) VALUES (%s, %s, 't', 's', '2023-03-01', 'd1', '[]', '[]')",
                (town, session))
        sql("INSERT INTO voting.polls (town_id, session_id, poll_id, candidate_list_year, title, seats, "
            "candidates, method, rules, public_key, state, runoff_of, confirmed_by, version) VALUES "
            "(%s, 'held', 'p', 2023, 'poll', 2, '[]', 'PAPER', '{}', '', 'CLOSED', '', '[]', 1)", (town,))
    migrate("0003", up=True)
    decisions = sql("SELECT town_id, decision ->> 'state', decision -> 'candidate_ids' FROM voting.candidate_lists "
                    "ORDER BY town_id")
    assert decisions == [("nanhu", "AWAITING_POLL", ["a", "b"]), ("xihu", "AWAITING_POLL", ["a", "b"])]
    closed = sql("SELECT town_id, session_id FROM voting.sessions WHERE check_in_closed_at IS NOT NULL ORDER BY 1")
    assert closed == [("nanhu", "held"), ("xihu", "held")]
    forced = sql("SELECT relname FROM pg_class JOIN pg_namespace n ON n.oid = relnamespace WHERE nspname = 'voting' "
                 "AND relname IN ('candidate_lists', 'sessions', 'polls') AND relforcerowsecurity ORDER BY 1")
    assert forced == [("candidate_lists",), ("polls",), ("sessions",)]
