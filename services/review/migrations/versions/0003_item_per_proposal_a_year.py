"""One review item per proposal and year: a proposal carried from the reserve pool into a
later year's cycle is shortlisted, and reviewed, again (issue 9).

Revision ID: 0003
"""
from alembic import op

from services.platform.migrations import roles

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    schema = roles()[0]
    op.drop_constraint("one_item_per_proposal", "review_items", schema=schema)
    op.create_unique_constraint("one_item_per_proposal_a_year", "review_items", ["town_id", "year", "proposal"],
                                schema=schema)
