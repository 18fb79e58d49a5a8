"""One decision per candidate list, and attendance that closes with the first poll (issue 9).

- candidate_lists.decision: the list's CandidateListDecision (its polls, runoffs and state).
  Lists approved before start with no poll counted toward them.
- sessions.check_in_closed_at: when the session's first poll opened (self check-in ends).
  Sessions that held a poll already are closed as of this revision.
- attendance_corrections: staff corrections, with the reason, appended and never changed.
- The application may delete attendance rows: staff mark a deputy absent.

Edited after its release: its UPDATEs ran as the owner under forced row-level security and
changed no row, so on a database holding lists it failed (decision NULL); they now run
across towns. Where it ran already, the tables were empty, and it does the same there.

Revision ID: 0003
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from services.platform.migrations import across_towns, isolate_by_town, roles

revision = "0003"
down_revision = "0002"

# The serialized decision of a list with no poll yet, its candidates in rank order.
FRESH_DECISION = """
jsonb_build_object(
    'town_id', town_id, 'year', year, 'seats', seats,
    'candidate_ids', COALESCE((SELECT jsonb_agg(c -> 'candidate_id' ORDER BY (c ->> 'rank')::int)
                               FROM jsonb_array_elements(candidates) AS c), '[]'::jsonb),
    'state', 'AWAITING_POLL', 'open_poll', '', 'open_plan', NULL, 'polls', '[]'::jsonb, 'version', 1)
"""


def upgrade() -> None:
    schema, app_role, _ = roles()
    op.add_column("candidate_lists", sa.Column("decision", JSONB), schema=schema)
    op.add_column("sessions", sa.Column("check_in_closed_at", sa.DateTime(timezone=True)), schema=schema)
    with across_towns("candidate_lists", "sessions", "polls"):
        op.execute(f'UPDATE "{schema}".candidate_lists SET decision = {FRESH_DECISION}')
        op.execute(f'UPDATE "{schema}".sessions AS s SET check_in_closed_at = now() WHERE EXISTS '
                   f'(SELECT 1 FROM "{schema}".polls AS p WHERE p.town_id = s.town_id AND p.session_id = s.session_id)')
    op.alter_column("candidate_lists", "decision", nullable=False, schema=schema)

    op.create_table(
        "attendance_corrections",
        sa.Column("town_id", sa.String(64), primary_key=True),
        sa.Column("session_id", sa.String(36), primary_key=True),
        # The correction's place in the session's record, from 0.
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("deputy_id", sa.String(100), nullable=False),
        sa.Column("present", sa.Boolean, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("time", sa.DateTime(timezone=True), nullable=False),
        schema=schema)
    op.execute(f'GRANT SELECT, INSERT ON "{schema}"."attendance_corrections" TO "{app_role}"')
    isolate_by_town("attendance_corrections")
    op.execute(f'GRANT DELETE ON "{schema}"."attendance" TO "{app_role}"')
