"""The evaluation's figures in both generations of the read models: each project's grade
(and the assessment round that gave it) and whether rectification was required; the kind of a
filing (a vote result or a written evaluation report); the satisfaction grades,
rectifications and evaluation filings among the counts of the towns' and the district's years.
Existing rows take the defaults; a rebuild (`python -m services.district rebuild`) fills them
from the streams.

Revision ID: 0005
"""
import sqlalchemy as sa
from alembic import op

from services.platform.migrations import roles

revision = "0005"
down_revision = "0004"

# Added to services.district.projections.COUNTS at this revision.
COUNTS = ("satisfied", "basically_satisfied", "unsatisfied", "rectifications_required",
          "evaluation_filings_accepted", "evaluation_filings_refused")


def upgrade() -> None:
    schema = roles()[0]
    for g in ("a", "b"):
        op.add_column(f"projects_{g}", sa.Column("grade", sa.String(32), nullable=False, server_default=""),
                      schema=schema)
        op.add_column(f"projects_{g}", sa.Column("graded_round", sa.Integer, nullable=False, server_default="0"),
                      schema=schema)
        op.add_column(f"projects_{g}", sa.Column("rectification", sa.Boolean, nullable=False,
                                                 server_default=sa.false()), schema=schema)
        op.add_column(f"filings_{g}", sa.Column("kind", sa.String(16), nullable=False, server_default="VOTE"),
                      schema=schema)
        # The defaults fill the existing rows only: the consumers write every column (as the models say).
        for table, column in ((f"projects_{g}", "grade"), (f"projects_{g}", "graded_round"),
                              (f"projects_{g}", "rectification"), (f"filings_{g}", "kind")):
            op.alter_column(table, column, server_default=None, schema=schema)
        for table in (f"town_years_{g}", f"district_years_{g}"):
            for name in COUNTS:
                op.add_column(table, sa.Column(name, sa.BigInteger, nullable=False, server_default="0"), schema=schema)
