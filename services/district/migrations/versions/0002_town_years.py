"""Each town's year of the funnel, money and filings, built from events, isolated by town.

Revision ID: 0002
"""
import sqlalchemy as sa
from alembic import op

from services.platform.migrations import grant_to_app, isolate_by_town, roles

revision = "0002"
down_revision = "0001"

COUNTS = ("proposals_received", "shortlisted", "candidates", "adopted", "budget_adopted_yuan",
          "filings_accepted", "filings_refused")


def upgrade() -> None:
    op.create_table(
        "town_years",
        sa.Column("town_id", sa.String(64), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        *(sa.Column(name, sa.BigInteger, nullable=False, server_default="0") for name in COUNTS),
        schema=roles()[0])
    grant_to_app("town_years")
    isolate_by_town("town_years")
