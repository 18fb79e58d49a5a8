"""Event subscriptions (a district-level table), the event tables and aggregate sequences.

Revision ID: 0001
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from services.platform.migrations import create_aggregate_sequences, create_event_tables, grant_to_app, roles

revision = "0001"
down_revision = None


def upgrade() -> None:
    schema, app_role, _ = roles()
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("seq", sa.BigInteger, sa.Identity(), nullable=False, unique=True),
        sa.Column("request_id", sa.String(64), unique=True),
        sa.Column("system", sa.String(40), nullable=False),
        sa.Column("towns", JSONB, nullable=False),
        sa.Column("event_types", JSONB, nullable=False),
        sa.Column("endpoint", sa.String(500), nullable=False),
        sa.Column("secret", sa.String(100), nullable=False),
        sa.Column("creator", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        schema=schema)
    # Not isolated by town: a subscription names several towns, and only district staff manage them.
    grant_to_app("subscriptions")
    op.execute(f'GRANT DELETE ON "{schema}"."subscriptions" TO "{app_role}"')
    create_event_tables()
    create_aggregate_sequences()
