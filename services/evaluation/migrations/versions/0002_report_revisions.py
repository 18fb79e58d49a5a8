"""Written reports have revisions: a re-assessment after rectification issues the next
revision, which supersedes the one before; every revision is kept.

Revision ID: 0002
"""
import sqlalchemy as sa
from alembic import op

from services.platform.migrations import roles

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    schema = roles()[0]
    op.add_column("reports", sa.Column("revision", sa.Integer, nullable=False, server_default="1"), schema=schema)
    op.alter_column("reports", "revision", server_default=None, schema=schema)
    op.drop_constraint("reports_pkey", "reports", schema=schema)
    op.create_primary_key("reports_pkey", "reports", ["town_id", "year", "revision"], schema=schema)
