"""Filings (备案), the event tables and aggregate sequences, isolated by town.

Revision ID: 0001
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from services.platform.migrations import (create_aggregate_sequences, create_event_tables, grant_to_app,
                                          isolate_by_town, roles)

revision = "0001"
down_revision = None


def upgrade() -> None:
    schema = roles()[0]
    op.create_table(
        "filings",
        sa.Column("town_id", sa.String(64), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("poll", sa.String(300), nullable=False),
        sa.Column("candidate_list", sa.String(300), nullable=False),
        sa.Column("adopted", JSONB, nullable=False),
        sa.Column("accepted", sa.Boolean, nullable=False),
        sa.Column("problems", JSONB, nullable=False),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        schema=schema)
    grant_to_app("filings")
    isolate_by_town("filings")
    create_event_tables()
    create_aggregate_sequences()
