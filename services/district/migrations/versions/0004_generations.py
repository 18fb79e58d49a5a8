"""The read models in two generations, one live and one for a rebuild by replay, with the
district's own totals per year kept by the consumers. The read models before them are
dropped: they are rebuilt from the streams (`python -m services.district rebuild`).

Revision ID: 0004
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from services.platform.migrations import isolate_by_town, roles

revision = "0004"
down_revision = "0003"

# As they were at this revision (services.district.projections.COUNTS).
COUNTS = ("proposals_received", "merged", "shortlisted", "answered", "candidates", "adopted",
          "budget_adopted_yuan", "completed", "completed_late", "carried_over", "spent_yuan", "overdue_items",
          "filings_accepted", "filings_refused")
# The town the district's readers and the rebuild name in app.town_id (models.EVERY_TOWN).
EVERY_TOWN = "*"


def _counts() -> list[sa.Column]:
    return [sa.Column(name, sa.BigInteger, nullable=False, server_default="0") for name in COUNTS]


def _town() -> sa.Column:
    return sa.Column("town_id", sa.String(64), primary_key=True)


def _flags(*names: str) -> list[sa.Column]:
    return [sa.Column(name, sa.Boolean, nullable=False) for name in names]


def _tables(g: str) -> dict[str, list]:
    """Each table of generation g: its columns (town tables first, then the district's)."""
    text = sa.String
    return {
        f"proposals_{g}": [_town(), sa.Column("proposal", text(300), primary_key=True),
                           sa.Column("year", sa.Integer, nullable=False),
                           sa.Column("category", text(100), nullable=False),
                           *_flags("received", "merged", "shortlisted", "answered")],
        f"candidate_lists_{g}": [_town(), sa.Column("review", text(300), primary_key=True),
                                 sa.Column("year", sa.Integer, nullable=False),
                                 sa.Column("candidates", sa.Integer, nullable=False)],
        f"projects_{g}": [_town(), sa.Column("candidate_id", text(300), primary_key=True),
                          sa.Column("year", sa.Integer, nullable=False),
                          sa.Column("project", text(300), nullable=False),
                          sa.Column("proposal", text(300), nullable=False),
                          sa.Column("title", text(500), nullable=False),
                          sa.Column("responsible_unit", text(200), nullable=False),
                          sa.Column("budget_yuan", sa.BigInteger, nullable=False),
                          sa.Column("completion_deadline", text(10), nullable=False),
                          sa.Column("status", text(32), nullable=False),
                          sa.Column("spent_yuan", sa.BigInteger, nullable=False), *_flags("overdue", "carried_over")],
        f"overdue_items_{g}": [_town(), sa.Column("item", text(400), primary_key=True),
                               sa.Column("deadline", text(10), primary_key=True),
                               sa.Column("year", sa.Integer, nullable=False),
                               sa.Column("kind", text(20), nullable=False),
                               sa.Column("project", text(300), nullable=False)],
        f"filings_{g}": [_town(), sa.Column("year", sa.Integer, primary_key=True),
                         sa.Column("id", text(64), primary_key=True), sa.Column("poll", text(300), nullable=False),
                         sa.Column("candidate_list", text(300), nullable=False),
                         sa.Column("adopted", JSONB, nullable=False), sa.Column("accepted", sa.Boolean, nullable=False),
                         sa.Column("problems", JSONB, nullable=False),
                         sa.Column("documents", sa.Integer, nullable=False),
                         sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False)],
        f"town_years_{g}": [_town(), sa.Column("year", sa.Integer, primary_key=True), *_counts()],
        f"district_years_{g}": [sa.Column("year", sa.Integer, primary_key=True), *_counts(),
                                sa.Column("towns_voted", sa.BigInteger, nullable=False, server_default="0")],
    }


def _district_wide(schema: str, app_role: str, table: str) -> None:
    """The district's readers and the rebuild read (and the rebuild writes) every town."""
    op.execute(f'CREATE POLICY district_wide ON "{schema}"."{table}" TO "{app_role}" '
               f"USING (current_setting('app.town_id', true) = '{EVERY_TOWN}') "
               f"WITH CHECK (current_setting('app.town_id', true) = '{EVERY_TOWN}')")


def upgrade() -> None:
    schema, app_role, _ = roles()
    for old in ("projects", "town_years", "filings"):
        op.drop_table(old, schema=schema)
    op.create_table("generation", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("live", sa.String(1), nullable=False), schema=schema)
    op.execute(f"INSERT INTO \"{schema}\".generation (id, live) VALUES (1, 'a')")
    op.execute(f'GRANT SELECT, UPDATE ON "{schema}".generation TO "{app_role}"')
    for g in ("a", "b"):
        for table, columns in _tables(g).items():
            op.create_table(table, *columns, schema=schema)
            op.execute(f'GRANT SELECT, INSERT, UPDATE, DELETE ON "{schema}"."{table}" TO "{app_role}"')
            if not table.startswith("district_years"):
                isolate_by_town(table)
                _district_wide(schema, app_role, table)
        op.create_index(f"projects_{g}_search", f"projects_{g}", ["year", "status", "responsible_unit"], schema=schema)
        op.create_index(f"projects_{g}_by_name", f"projects_{g}", ["town_id", "project"], schema=schema)
        op.create_index(f"town_years_{g}_by_year", f"town_years_{g}", ["year", "town_id"], schema=schema)
