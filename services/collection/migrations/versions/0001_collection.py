"""Collection cycles, proposals, outbox and inbox, isolated by town.

Revision ID: 0001
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from services.platform.migrations import create_event_tables, grant_to_app, isolate_by_town, roles

revision = "0001"
down_revision = None


def upgrade() -> None:
    schema = roles()[0]
    op.create_table(
        "collection_cycles",
        sa.Column("town_id", sa.String(64), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("announcement", sa.Text, nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("criteria", JSONB, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("history", JSONB, nullable=False),
        schema=schema)
    # At most one open cycle per town.
    op.create_index("one_open_cycle_per_town", "collection_cycles", ["town_id"], unique=True, schema=schema,
                    postgresql_where=sa.text("state = 'OPEN'"))
    op.create_table(
        "proposals",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("seq", sa.BigInteger, sa.Identity(), nullable=False, unique=True),
        sa.Column("town_id", sa.String(64), nullable=False),
        sa.Column("request_id", sa.String(64)),
        sa.Column("receipt_code", sa.String(9), nullable=False),
        sa.Column("year", sa.Integer),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("location", sa.String(200), nullable=False),
        sa.Column("category", sa.String(50), nullable=False),
        sa.Column("estimated_cost_yuan", sa.BigInteger),
        sa.Column("completion_time_frame", sa.String(50), nullable=False),
        sa.Column("suggested_implementer", sa.String(100), nullable=False),
        sa.Column("channel", sa.String(30), nullable=False),
        sa.Column("entered_by_deputy", sa.String(100), nullable=False),
        sa.Column("proposer_name", sa.String(50), nullable=False),
        sa.Column("proposer_phone", sa.String(20), nullable=False),
        sa.Column("proposer_unit", sa.String(100), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("merged_into", sa.String(36)),
        sa.Column("supporter_count", sa.Integer, nullable=False),
        sa.Column("screening", JSONB),
        sa.Column("answer_text", sa.Text),
        sa.Column("answer_time", sa.DateTime(timezone=True)),
        sa.Column("awaiting_answer", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("history", JSONB, nullable=False),
        schema=schema)
    op.create_index("proposal_request_id", "proposals", ["town_id", "request_id"], unique=True, schema=schema,
                    postgresql_where=sa.text("request_id IS NOT NULL"))
    op.create_index("proposal_receipt_code", "proposals", ["town_id", "receipt_code"], unique=True, schema=schema)
    op.create_index("proposal_listing", "proposals", ["town_id", "seq"], schema=schema)
    op.create_index("proposals_by_year", "proposals", ["town_id", "year", "state"], schema=schema)
    grant_to_app("collection_cycles", "proposals")
    isolate_by_town("collection_cycles")
    isolate_by_town("proposals")
    create_event_tables()
