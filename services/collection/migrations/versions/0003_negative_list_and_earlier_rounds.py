"""A town's negative list per cycle, and the earlier rounds of proposals carried from the
reserve pool (issue 9). Screenings stored before keep their JSON; the repository reads the
criteria, negative matches and override reason they lack as empty.

Revision ID: 0003
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from services.platform.migrations import roles

revision = "0003"
down_revision = "0002"

# The default negative list as it stood at this revision: cycles opened before had it.
DEFAULT_NEGATIVE_LIST = """[
 {"name": "办公楼", "keywords": ["办公楼", "办公用房", "办公大楼", "办公室装修"]},
 {"name": "政府自用设备", "keywords": ["办公设备", "公务用车", "公务车", "政府自用", "机关自用"]},
 {"name": "未完工遗留项目", "keywords": ["遗留项目", "未完工", "烂尾", "续建"]}
]"""


def _add_backfilled(table: str, column: str, value: str, schema: str) -> None:
    """A NOT NULL JSONB column whose existing rows get `value`; new rows always set it."""
    op.add_column(table, sa.Column(column, JSONB, nullable=False, server_default=sa.text(f"'{value}'::jsonb")),
                  schema=schema)
    op.alter_column(table, column, server_default=None, schema=schema)


def upgrade() -> None:
    schema = roles()[0]
    _add_backfilled("collection_cycles", "negative_list", DEFAULT_NEGATIVE_LIST, schema)
    _add_backfilled("proposals", "earlier", "[]", schema)
