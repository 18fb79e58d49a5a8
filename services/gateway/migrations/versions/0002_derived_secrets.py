"""Subscription secrets are derived from MINSHENG_GATEWAY_SUBSCRIPTION_KEY, no longer stored:
a stolen copy of the database must not let anyone sign deliveries as the district.

A subscription made before this version had a stored secret that its subscriber holds; the
derived one differs, so this revision refuses to run while any exists (delete and re-create
them, and give each subscriber its new secret) rather than silently breaking their checks.

Revision ID: 0002
"""
import sqlalchemy as sa
from alembic import op

from services.platform.migrations import roles

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    schema, _, _ = roles()
    existing = op.get_bind().execute(sa.text(f'SELECT count(*) FROM "{schema}"."subscriptions"')).scalar_one()
    if existing:
        raise RuntimeError(f"{existing} event subscriptions have stored secrets: delete and re-create them "
                           "(their subscribers get new secrets), then migrate again")
    op.drop_column("subscriptions", "secret", schema=schema)
