"""Encrypted ballots under the scrutineers' threshold key (issue 11): the sealed ballots, their
per-poll keys and the polls' public key column go; each electronic poll gets its ballot box
(manifest, key record, sums, partial decryptions) with its running sums in parts, its encrypted ballots (by ballot
id, with their tracking hash: no deputy, no time), each voter's receipt beside who voted (the
link from a deputy to an encrypted ballot is harmless: no one ever decrypts one ballot), and
its bulletin board as a document.

Revision ID: 0005
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from services.platform.migrations import grant_to_app, isolate_by_town, roles

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    schema, app_role, _ = roles()
    op.drop_table("poll_keys", schema=schema)
    op.drop_table("ballots", schema=schema)
    op.drop_column("polls", "public_key", schema=schema)
    op.add_column("ballots_cast", sa.Column("receipt", JSONB), schema=schema)
    op.create_table(
        "ballots",
        sa.Column("town_id", sa.String(64), primary_key=True),
        sa.Column("poll_id", sa.String(36), primary_key=True),
        sa.Column("ballot_id", sa.String(32), primary_key=True),
        sa.Column("entry", JSONB, nullable=False),
        schema=schema)
    op.create_table(
        "ballot_boxes",
        sa.Column("town_id", sa.String(64), primary_key=True),
        sa.Column("poll_id", sa.String(36), primary_key=True),
        sa.Column("box", JSONB, nullable=False),
        # What the close found (seated, present, who voted unseated, when): the result states it.
        sa.Column("close_facts", JSONB),
        schema=schema)
    # The running sums in parts: a cast locks one part's row, so casts commit side by side.
    op.create_table(
        "ballot_sums",
        sa.Column("town_id", sa.String(64), primary_key=True),
        sa.Column("poll_id", sa.String(36), primary_key=True),
        sa.Column("part", sa.Integer, primary_key=True),
        sa.Column("sums", JSONB),
        sa.Column("voters", sa.Integer, nullable=False),
        schema=schema)
    op.create_table(
        "bulletin_boards",
        sa.Column("town_id", sa.String(64), primary_key=True),
        sa.Column("poll_id", sa.String(36), primary_key=True),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        schema=schema)
    grant_to_app("ballot_boxes", "ballot_sums", "bulletin_boards")
    # Append-only for the application: a stored ballot is never changed.
    op.execute(f'GRANT SELECT, INSERT ON "{schema}"."ballots" TO "{app_role}"')
    for table in ("ballots", "ballot_boxes", "ballot_sums", "bulletin_boards"):
        isolate_by_town(table)
