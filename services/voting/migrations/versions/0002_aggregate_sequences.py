"""Each aggregate's last event sequence, numbered by the outbox; sessions lose the version
that only numbered their events (issue 8).

Revision ID: 0002
"""
from alembic import op

from services.platform.migrations import create_aggregate_sequences, roles

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    create_aggregate_sequences()
    op.drop_column("sessions", "version", schema=roles()[0])
