"""Voting rules, roster, candidate lists, sessions, attendance, polls, poll keys, who voted,
sealed ballots, results, outbox and inbox, isolated by town.

Revision ID: 0001
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from services.platform.migrations import create_event_tables, grant_to_app, isolate_by_town, roles

revision = "0001"
down_revision = None

TOWN = ("town_id", sa.String(64))


def _table(name: str, *columns: sa.Column, schema: str) -> None:
    op.create_table(name, sa.Column(*TOWN, primary_key=True), *columns, schema=schema)


def upgrade() -> None:
    schema = roles()[0]
    _table("voting_rules", sa.Column("rules", JSONB, nullable=False), schema=schema)
    _table("deputies",
           sa.Column("term", sa.String(100), primary_key=True),
           sa.Column("deputy_id", sa.String(100), primary_key=True),
           sa.Column("display_name", sa.String(50), nullable=False),
           sa.Column("took_office", sa.Date, nullable=False),
           sa.Column("left_office", sa.Date),
           schema=schema)
    _table("candidate_lists",
           sa.Column("year", sa.Integer, primary_key=True),
           sa.Column("review", sa.String(200), nullable=False),
           sa.Column("seats", sa.Integer, nullable=False),
           sa.Column("candidates", JSONB, nullable=False),
           sa.Column("approval_record", sa.Text, nullable=False),
           schema=schema)
    _table("sessions",
           sa.Column("session_id", sa.String(36), primary_key=True),
           sa.Column("request_id", sa.String(64)),
           sa.Column("term", sa.String(100), nullable=False),
           sa.Column("title", sa.String(200), nullable=False),
           sa.Column("session_date", sa.Date, nullable=False),
           sa.Column("chief_scrutineer", sa.String(100), nullable=False),
           sa.Column("scrutineers", JSONB, nullable=False),
           sa.Column("seated", JSONB, nullable=False),
           sa.Column("version", sa.Integer, nullable=False),
           schema=schema)
    op.create_index("session_request_id", "sessions", ["town_id", "request_id"], unique=True, schema=schema,
                    postgresql_where=sa.text("request_id IS NOT NULL"))
    _table("attendance",
           sa.Column("session_id", sa.String(36), primary_key=True),
           sa.Column("deputy_id", sa.String(100), primary_key=True),
           schema=schema)
    _table("polls",
           sa.Column("session_id", sa.String(36), primary_key=True),
           sa.Column("poll_id", sa.String(36), primary_key=True),
           sa.Column("request_id", sa.String(64)),
           sa.Column("candidate_list_year", sa.Integer, nullable=False),
           sa.Column("title", sa.String(200), nullable=False),
           sa.Column("seats", sa.Integer, nullable=False),
           sa.Column("candidates", JSONB, nullable=False),
           sa.Column("method", sa.String(20), nullable=False),
           sa.Column("rules", JSONB, nullable=False),
           sa.Column("public_key", sa.LargeBinary, nullable=False),
           sa.Column("state", sa.String(20), nullable=False),
           sa.Column("runoff_of", sa.String(300), nullable=False),
           sa.Column("paper_tally", JSONB),
           sa.Column("confirmed_by", JSONB, nullable=False),
           sa.Column("version", sa.Integer, nullable=False),
           schema=schema)
    op.create_index("poll_request_id", "polls", ["town_id", "session_id", "request_id"], unique=True,
                    schema=schema, postgresql_where=sa.text("request_id IS NOT NULL"))
    # The private ballot key, sealed with the key-encryption key: apart from the ballots.
    _table("poll_keys",
           sa.Column("poll_id", sa.String(36), primary_key=True),
           sa.Column("sealed_private_key", sa.LargeBinary, nullable=False),
           schema=schema)
    # Who voted: the primary key refuses a second ballot of a deputy in one statement.
    _table("ballots_cast",
           sa.Column("poll_id", sa.String(36), primary_key=True),
           sa.Column("deputy_id", sa.String(100), primary_key=True),
           schema=schema)
    # What was voted: no deputy, no time, no sequence; the key is the random tracking code.
    _table("ballots",
           sa.Column("poll_id", sa.String(36), primary_key=True),
           sa.Column("tracking_code", sa.String(14), primary_key=True),
           sa.Column("sealed", sa.LargeBinary, nullable=False),
           schema=schema)
    _table("results",
           sa.Column("poll_id", sa.String(36), primary_key=True),
           sa.Column("document", sa.Text, nullable=False),
           sa.Column("signature", sa.LargeBinary, nullable=False),
           sa.Column("public_key", sa.LargeBinary, nullable=False),
           sa.Column("state", sa.String(20), nullable=False),
           schema=schema)
    grant_to_app("voting_rules", "deputies", "candidate_lists", "sessions", "attendance", "polls", "poll_keys",
                 "results")
    # Append-only for the application: a cast or a stored ballot is never changed.
    app_role = roles()[1]
    for table in ("ballots_cast", "ballots"):
        op.execute(f'GRANT SELECT, INSERT ON "{schema}"."{table}" TO "{app_role}"')
    for table in ("voting_rules", "deputies", "candidate_lists", "sessions", "attendance", "polls", "poll_keys",
                  "ballots_cast", "ballots", "results"):
        isolate_by_town(table)
    create_event_tables()
