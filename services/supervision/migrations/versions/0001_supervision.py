"""Projects and their progress reports, the supervisors' roster, supervision groups, calendars,
inspections, rectifications, the event tables, aggregate sequences and what the scheduled
check raised, isolated by town.

Revision ID: 0001
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from services.platform.migrations import (create_aggregate_sequences, create_check_occurrences, create_event_tables,
                                          grant_to_app, isolate_by_town, roles)

revision = "0001"
down_revision = None
TABLES = ("projects", "progress_reports", "supervisors", "supervision_groups", "calendars", "inspections",
          "rectifications")


def upgrade() -> None:
    schema = roles()[0]
    op.create_table(
        "projects",
        sa.Column("town_id", sa.String(64), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("candidate_id", sa.String(200), nullable=False),
        sa.Column("proposal", sa.String(200), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("location", sa.String(200), nullable=False),
        sa.Column("budget_yuan", sa.BigInteger, nullable=False),
        sa.Column("funding_source", sa.String(200), nullable=False),
        sa.Column("responsible_unit", sa.String(100), nullable=False),
        sa.Column("completion_deadline", sa.Date, nullable=False),
        sa.Column("supervision_year", sa.Integer, nullable=False),
        sa.Column("deadline", sa.Date, nullable=False),
        sa.Column("state", sa.String(30), nullable=False),
        sa.Column("plan", JSONB),
        sa.Column("plan_changes", JSONB, nullable=False),
        sa.Column("progress", JSONB, nullable=False),
        sa.Column("group_id", sa.String(64), nullable=False),
        sa.Column("supervisor_id", sa.String(64), nullable=False),
        sa.Column("verifications", JSONB, nullable=False),
        sa.Column("carry_overs", JSONB, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("history", JSONB, nullable=False),
        sa.UniqueConstraint("town_id", "candidate_id", name="one_project_per_candidate"),
        schema=schema)
    op.create_index("projects_of_supervision_year", "projects", ["town_id", "supervision_year"], schema=schema)
    op.create_table(
        "progress_reports",
        sa.Column("town_id", sa.String(64), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("report", sa.Integer, primary_key=True),
        sa.Column("request_id", sa.String(64)),
        sa.Column("report_date", sa.Date, nullable=False),
        sa.Column("percent_complete", sa.Integer, nullable=False),
        sa.Column("spent_yuan", sa.BigInteger, nullable=False),
        sa.Column("milestone_id", sa.String(10), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("attachments", JSONB, nullable=False),
        sa.Column("claims_completion", sa.Boolean, nullable=False),
        sa.Column("reported_by", sa.String(100), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        schema=schema)
    op.create_index("progress_report_request_id", "progress_reports", ["town_id", "request_id"], unique=True,
                    schema=schema, postgresql_where=sa.text("request_id IS NOT NULL"))
    op.create_table(
        "supervisors",
        sa.Column("town_id", sa.String(64), primary_key=True),
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("display_name", sa.String(50), nullable=False),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("activity_group", sa.String(100), nullable=False),
        sa.Column("account", sa.String(100), nullable=False),
        sa.Column("history", JSONB, nullable=False),
        schema=schema)
    op.create_table(
        "supervision_groups",
        sa.Column("town_id", sa.String(64), primary_key=True),
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("members", JSONB, nullable=False),
        sa.Column("leader", sa.String(64), nullable=False),
        sa.Column("history", JSONB, nullable=False),
        schema=schema)
    op.create_table(
        "calendars",
        sa.Column("town_id", sa.String(64), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("topics", JSONB, nullable=False),
        sa.Column("mid_year_date", sa.Date, nullable=False),
        sa.Column("year_end_date", sa.Date, nullable=False),
        sa.Column("inquiry", JSONB),
        sa.Column("history", JSONB, nullable=False),
        schema=schema)
    op.create_table(
        "inspections",
        sa.Column("town_id", sa.String(64), primary_key=True),
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("request_id", sa.String(64)),
        sa.Column("group_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("participants", JSONB, nullable=False),
        sa.Column("projects", JSONB, nullable=False),
        sa.Column("findings", JSONB, nullable=False),
        sa.Column("recorded_by", sa.String(100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        schema=schema)
    op.create_index("inspection_request_id", "inspections", ["town_id", "request_id"], unique=True, schema=schema,
                    postgresql_where=sa.text("request_id IS NOT NULL"))
    op.create_index("inspections_by_date", "inspections", ["town_id", "date"], schema=schema)
    op.create_table(
        "rectifications",
        sa.Column("town_id", sa.String(64), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("rectification", sa.Integer, primary_key=True),
        sa.Column("inspection_id", sa.String(36), nullable=False),
        sa.Column("finding_index", sa.Integer, nullable=False),
        sa.Column("finding", sa.Text, nullable=False),
        sa.Column("internal", sa.Boolean, nullable=False),
        sa.Column("responsible_unit", sa.String(100), nullable=False),
        sa.Column("deadline", sa.Date, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("answers", JSONB, nullable=False),
        sa.Column("checks", JSONB, nullable=False),
        sa.Column("history", JSONB, nullable=False),
        sa.UniqueConstraint("town_id", "inspection_id", "finding_index", name="one_rectification_per_finding"),
        schema=schema)
    op.create_index("rectifications_by_state", "rectifications", ["town_id", "state"], schema=schema)
    grant_to_app(*TABLES)
    for table in TABLES:
        isolate_by_town(table)
    create_event_tables()
    create_aggregate_sequences()
    create_check_occurrences()
