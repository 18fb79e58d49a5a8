"""The read models of supervision's projects and voting's sessions, evaluations, their written
reports, assessments with their ballots and, apart, who cast; the event tables and aggregate
sequences, isolated by town.

Revision ID: 0001
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from services.platform.migrations import (create_aggregate_sequences, create_event_tables, grant_to_app,
                                          isolate_by_town, roles)

revision = "0001"
down_revision = None
TABLES = ("projects", "sessions", "evaluations", "reports", "assessments")
# Cast ballots and who cast: the application only adds to them.
CAST = ("ballots", "voters")


def _town_and_year() -> list[sa.Column]:
    return [sa.Column("town_id", sa.String(64), primary_key=True), sa.Column("year", sa.Integer, primary_key=True)]


def upgrade() -> None:
    schema = roles()[0]
    op.create_table(
        "projects",
        sa.Column("town_id", sa.String(64), primary_key=True),
        sa.Column("project", sa.String(200), primary_key=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("responsible_unit", sa.String(100), nullable=False),
        sa.Column("budget_yuan", sa.BigInteger, nullable=False),
        sa.Column("completion_deadline", sa.Date, nullable=False),
        sa.Column("spent_yuan", sa.BigInteger, nullable=False),
        sa.Column("percent_complete", sa.Integer, nullable=False),
        sa.Column("completed", sa.Boolean, nullable=False),
        sa.Column("completion_reported_on", sa.Date),
        sa.Column("carried_over", sa.Boolean, nullable=False),
        sa.Column("explanation", sa.Text, nullable=False),
        schema=schema)
    op.create_index("projects_of_year", "projects", ["town_id", "year"], schema=schema)
    op.create_table(
        "sessions",
        sa.Column("town_id", sa.String(64), primary_key=True),
        sa.Column("session", sa.String(200), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("session_date", sa.Date, nullable=False),
        sa.Column("seated_count", sa.Integer, nullable=False),
        sa.Column("present_digests", JSONB, nullable=False),
        sa.Column("key_record", JSONB),
        schema=schema)
    op.create_table(
        "evaluations", *_town_and_year(),
        sa.Column("session", sa.String(200), nullable=False),
        sa.Column("session_date", sa.Date, nullable=False),
        sa.Column("grading_base", sa.String(20), nullable=False),
        sa.Column("state", sa.String(30), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("items", JSONB, nullable=False),
        sa.Column("assessments", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("history", JSONB, nullable=False),
        schema=schema)
    op.create_table(
        "reports", *_town_and_year(),
        sa.Column("pdf", sa.LargeBinary, nullable=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("signature", sa.LargeBinary, nullable=False),
        sa.Column("public_key", sa.LargeBinary, nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        schema=schema)
    op.create_table(
        "assessments", *_town_and_year(),
        sa.Column("round", sa.Integer, primary_key=True),
        sa.Column("request_id", sa.String(64)),
        sa.Column("projects", JSONB, nullable=False),
        sa.Column("seated_count", sa.Integer, nullable=False),
        sa.Column("present_count", sa.Integer, nullable=False),
        sa.Column("eligible", JSONB, nullable=False),
        sa.Column("box", JSONB, nullable=False),
        sa.Column("grades", JSONB, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        schema=schema)
    op.create_index("assessment_request_id", "assessments", ["town_id", "request_id"], unique=True, schema=schema,
                    postgresql_where=sa.text("request_id IS NOT NULL"))
    op.create_table(
        "ballots", *_town_and_year(),
        sa.Column("round", sa.Integer, primary_key=True),
        sa.Column("tracking_hash", sa.String(64), primary_key=True),
        sa.Column("ballot_id", sa.String(64), nullable=False),
        sa.Column("entry", JSONB, nullable=False),
        schema=schema)
    op.create_index("one_ballot_id", "ballots", ["town_id", "year", "round", "ballot_id"], unique=True, schema=schema)
    op.create_table(
        "voters", *_town_and_year(),
        sa.Column("round", sa.Integer, primary_key=True),
        sa.Column("deputy_digest", sa.String(64), primary_key=True),
        sa.Column("receipt", JSONB, nullable=False),
        schema=schema)
    grant_to_app(*TABLES)
    app_role = roles()[1]
    for table in CAST:
        op.execute(f'GRANT SELECT, INSERT ON "{schema}"."{table}" TO "{app_role}"')
    for table in TABLES + CAST:
        isolate_by_town(table)
    create_event_tables()
    create_aggregate_sequences()
