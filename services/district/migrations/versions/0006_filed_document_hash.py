"""Each filing keeps its signed document's SHA-256 (an evaluation report's, empty for a vote
result), in both generations of the read models: a later revision of a written evaluation
report must name the one before it by that hash. Existing rows take "" (unknown); a rebuild
(`python -m services.district rebuild`) fills them from the streams.

Revision ID: 0006
"""
import sqlalchemy as sa
from alembic import op

from services.platform.migrations import roles

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    schema = roles()[0]
    for g in ("a", "b"):
        op.add_column(f"filings_{g}", sa.Column("document_sha256", sa.String(64), nullable=False, server_default=""),
                      schema=schema)
        # The default fills the existing rows only: the consumers write every column (as the models say).
        op.alter_column(f"filings_{g}", "document_sha256", server_default=None, schema=schema)
