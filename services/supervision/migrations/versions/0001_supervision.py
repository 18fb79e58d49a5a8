"""Notes, the event tables and aggregate sequences, isolated by town.

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
        "notes",
        sa.Column("town_id", sa.String(64), primary_key=True),
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("request_id", sa.String(64)),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("history", JSONB, nullable=False),
        schema=schema)
    op.create_index("note_request_id", "notes", ["town_id", "request_id"], unique=True, schema=schema,
                    postgresql_where=sa.text("request_id IS NOT NULL"))
    grant_to_app("notes")
    isolate_by_town("notes")
    create_event_tables()
    create_aggregate_sequences()
