"""The sums at the close (issue 15): a cast stores who voted and the encrypted ballot only; the
close adds up the stored ballots it lists on the board. The running sums in parts go.

A poll opened before this revision, with ballots cast into its parts, still closes right:
each of its casts stored its ballot in the transaction that added it to a part, so the close
sums exactly those ballots (the parts are dropped unread).

Downgrade: the code of revision 0005 reads a part's row at every cast and adds the parts up
at the close. Every electronic poll gets its parts back, empty: right for a closed poll (its
sums are on its board and in its box) and for an open one no one voted in yet. An open poll
with ballots would find its parts empty and its close would fail every time (its ballots do
not match the parts' voters), and the sums cannot be computed here (migrations import no live
code): the downgrade refuses while there is such a poll, changing nothing; close it first.

Revision ID: 0006
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from services.platform.migrations import across_towns, grant_to_app, isolate_by_town, roles

revision = "0006"
down_revision = "0005"

PARTS = 16


def upgrade() -> None:
    op.drop_table("ballot_sums", schema=roles()[0])


def downgrade() -> None:
    schema = roles()[0]
    with across_towns("polls", "ballots", "ballot_boxes"):
        open_with_ballots = op.get_bind().execute(sa.text(
            f'SELECT count(*) FROM "{schema}".polls AS p WHERE p.method = \'ELECTRONIC\' AND p.state = \'OPEN\' '
            f'AND EXISTS (SELECT 1 FROM "{schema}".ballots AS b WHERE b.town_id = p.town_id AND b.poll_id = p.poll_id)'
        )).scalar_one()
        if open_with_ballots:
            raise RuntimeError(f"{open_with_ballots} electronic poll(s) are open with ballots cast: revision 0005 "
                               "keeps running sums at each cast and would have none for their ballots. Close them "
                               "(ClosePoll), then downgrade.")
        op.create_table(
            "ballot_sums",
            sa.Column("town_id", sa.String(64), primary_key=True),
            sa.Column("poll_id", sa.String(36), primary_key=True),
            sa.Column("part", sa.Integer, primary_key=True),
            sa.Column("sums", JSONB),
            sa.Column("voters", sa.Integer, nullable=False),
            schema=schema)
        op.execute(f'INSERT INTO "{schema}".ballot_sums (town_id, poll_id, part, sums, voters) '
                   f'SELECT town_id, poll_id, part, NULL, 0 FROM "{schema}".ballot_boxes '
                   f'CROSS JOIN generate_series(0, {PARTS - 1}) AS part')
    grant_to_app("ballot_sums")
    isolate_by_town("ballot_sums")
