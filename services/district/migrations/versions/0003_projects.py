"""The projects of the towns' final decisions, searchable by year, status and responsible unit.

Revision ID: 0003
"""
import sqlalchemy as sa
from alembic import op

from services.platform.migrations import grant_to_app, isolate_by_town, roles

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    schema = roles()[0]
    op.create_table(
        "projects",
        sa.Column("town_id", sa.String(64), primary_key=True),
        sa.Column("candidate_id", sa.String(300), primary_key=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("responsible_unit", sa.String(200), nullable=False),
        sa.Column("budget_yuan", sa.BigInteger, nullable=False),
        sa.Column("completion_deadline", sa.String(10), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        schema=schema)
    op.create_index("project_search", "projects", ["town_id", "year", "status", "responsible_unit"], schema=schema)
    grant_to_app("projects")
    isolate_by_town("projects")
