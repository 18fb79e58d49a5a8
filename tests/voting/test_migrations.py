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

    def migrate(revision: str) -> None:
        where = dict(schema="voting", migrations_dir=SPEC.migrations_dir, revision=revision,
                     database_url=stack.pg.url(user=stack.roles.owner, database=name),
                     app_role=stack.roles.app, relay_role=stack.roles.relay)
        (migrations.upgrade if revision == "head" else migrations.downgrade)(**where)
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
