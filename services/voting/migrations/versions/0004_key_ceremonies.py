"""The scrutineers' key ceremony (issue 11): per session and trustee, its public part, the
shares it dealt sealed to their recipients, and its confirmation of the joint key.

Revision ID: 0004
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from services.platform.migrations import grant_to_app, isolate_by_town, roles

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    schema = roles()[0]
    op.create_table(
        "key_ceremonies",
        sa.Column("town_id", sa.String(64), primary_key=True),
        sa.Column("session_id", sa.String(36), primary_key=True),
        sa.Column("trustee_index", sa.Integer, primary_key=True),
        sa.Column("public", JSONB, nullable=False),
        sa.Column("shares", JSONB),
        sa.Column("confirmed", sa.Boolean, nullable=False),
        schema=schema)
    grant_to_app("key_ceremonies")
    isolate_by_town("key_ceremonies")

