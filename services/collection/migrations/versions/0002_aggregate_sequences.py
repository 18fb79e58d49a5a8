"""Each aggregate's last event sequence, numbered by the outbox (issue 8).

Revision ID: 0002
"""
from services.platform.migrations import create_aggregate_sequences

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    create_aggregate_sequences()
