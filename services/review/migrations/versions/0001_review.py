"""Reviews, review items, outbox and inbox, isolated by town.

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
        "reviews",
        sa.Column("town_id", sa.String(64), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("rule", JSONB, nullable=False),
        sa.Column("state", sa.String(30), nullable=False),
        sa.Column("members", JSONB, nullable=False),
        sa.Column("moves", JSONB, nullable=False),
        sa.Column("ranking", JSONB, nullable=False),
        sa.Column("presidium", JSONB),
        sa.Column("candidate_list", JSONB),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("history", JSONB, nullable=False),
        schema=schema)
    op.create_table(
        "review_items",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("seq", sa.BigInteger, sa.Identity(), nullable=False, unique=True),
        sa.Column("town_id", sa.String(64), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("proposal", sa.String(200), nullable=False),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("location", sa.String(200), nullable=False),
        sa.Column("category", sa.String(50), nullable=False),
        sa.Column("estimated_cost_yuan", sa.BigInteger),
        sa.Column("completion_time_frame", sa.String(50), nullable=False),
        sa.Column("suggested_implementer", sa.String(100), nullable=False),
        sa.Column("supporter_count", sa.Integer, nullable=False),
        sa.Column("assessors", JSONB, nullable=False),
        sa.Column("activities", JSONB, nullable=False),
        sa.Column("assessment", JSONB),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("history", JSONB, nullable=False),
        schema=schema)
    # One item per shortlisted proposal: a redelivered ProposalScreened event adds nothing.
    op.create_unique_constraint("one_item_per_proposal", "review_items", ["town_id", "proposal"], schema=schema)
    op.create_index("review_items_of_year", "review_items", ["town_id", "year", "seq"], schema=schema)
    grant_to_app("reviews", "review_items")
    isolate_by_town("reviews")
    isolate_by_town("review_items")
    create_event_tables()
