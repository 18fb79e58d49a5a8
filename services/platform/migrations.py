"""Alembic per service schema, run by the `migrate` role as the schema owner, plus the
building blocks every service's migrations use: town isolation by row-level security,
grants to the application and relay roles (which never own the tables), the event tables,
and reaching every town's rows in a data migration (across_towns: RLS is forced on the owner too).

The building blocks are history, like the migrations that call them: their columns are
written out here, never imported from the live models, and a released one is never edited;
a change to the event tables is a new block called by a new revision of every service."""
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa
from alembic import command, context, op
from alembic.config import Config

from services.platform.db import async_url


def upgrade(*, schema: str, migrations_dir: Path, database_url: str, app_role: str, relay_role: str,
            revision: str = "head") -> None:
    command.upgrade(_config(schema, migrations_dir, database_url, app_role, relay_role), revision)


def downgrade(*, schema: str, migrations_dir: Path, database_url: str, app_role: str, relay_role: str,
              revision: str) -> None:
    """Back to `revision`, in one transaction: a revision that refuses (raises) changes nothing."""
    command.downgrade(_config(schema, migrations_dir, database_url, app_role, relay_role), revision)


def _config(schema: str, migrations_dir: Path, database_url: str, app_role: str, relay_role: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.attributes.update(schema=schema, database_url=async_url(database_url), app_role=app_role,
                             relay_role=relay_role)
    return config


def run_env() -> None:
    """The body of every service's migrations/env.py."""
    attributes = context.config.attributes
    schema = attributes["schema"]
    engine = sa.create_engine(attributes["database_url"], hide_parameters=True)
    with engine.connect() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        connection.commit()
        context.configure(connection=connection, version_table_schema=schema)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


def roles() -> tuple[str, str, str]:
    attributes = op.get_context().config.attributes
    return attributes["schema"], attributes["app_role"], attributes["relay_role"]


def isolate_by_town(table: str) -> None:
    """Row-level security: the application role sees and writes only the rows of the town
    named in the transaction's app.town_id."""
    schema, app_role, _ = roles()
    qualified = f'"{schema}"."{table}"'
    op.execute(f"ALTER TABLE {qualified} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {qualified} FORCE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY town_isolation ON {qualified} TO \"{app_role}\" "
               "USING (town_id = current_setting('app.town_id', true)) "
               "WITH CHECK (town_id = current_setting('app.town_id', true))")


@contextmanager
def across_towns(*tables: str) -> Iterator[None]:
    """For a migration that reads or changes rows: meanwhile, the migrating role (the tables'
    owner) sees every town's rows of these tables. Row-level security is forced on them
    (isolate_by_town) and no policy names the owner, so otherwise it sees no row at all and an
    UPDATE changes nothing. Forced again after; if the block raises, the revision's transaction
    undoes both."""
    schema = roles()[0]
    for table in tables:
        op.execute(f'ALTER TABLE "{schema}"."{table}" NO FORCE ROW LEVEL SECURITY')
    yield
    for table in tables:
        op.execute(f'ALTER TABLE "{schema}"."{table}" FORCE ROW LEVEL SECURITY')


def grant_to_app(*tables: str) -> None:
    schema, app_role, _ = roles()
    op.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO "{app_role}"')
    for table in tables:
        op.execute(f'GRANT SELECT, INSERT, UPDATE ON "{schema}"."{table}" TO "{app_role}"')
    op.execute(f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA "{schema}" TO "{app_role}"')


def create_event_tables() -> None:
    """The outbox (relay role reads every town's rows) and the consumers' inbox."""
    schema, app_role, relay_role = roles()
    op.create_table(
        "outbox",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(36), nullable=False, unique=True),
        sa.Column("town_id", sa.String(64), nullable=False),
        sa.Column("aggregate_id", sa.String(200), nullable=False),
        sa.Column("event_type", sa.String(100), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("envelope", sa.LargeBinary, nullable=False),
        sa.Column("traceparent", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        schema=schema)
    op.create_index("outbox_unpublished", "outbox", ["seq"], schema=schema,
                    postgresql_where=sa.text("published_at IS NULL"))
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(100), primary_key=True),
        sa.Column("event_id", sa.String(36), primary_key=True),
        sa.Column("town_id", sa.String(64), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema=schema)
    grant_to_app("outbox", "inbox")
    isolate_by_town("outbox")
    isolate_by_town("inbox")
    op.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO "{relay_role}"')
    op.execute(f'GRANT SELECT, UPDATE ON "{schema}"."outbox" TO "{relay_role}"')
    op.execute(f'CREATE POLICY relay_publishes_all_towns ON "{schema}"."outbox" TO "{relay_role}" '
               "USING (true)")
    # Wakes the relay as soon as a transaction with events commits (NOTIFY is delivered at commit).
    op.execute(f'CREATE FUNCTION "{schema}".notify_outbox() RETURNS trigger LANGUAGE plpgsql AS '
               f"$$ BEGIN PERFORM pg_notify('{schema}_outbox', ''); RETURN NULL; END $$")
    op.execute(f'CREATE TRIGGER outbox_notify AFTER INSERT ON "{schema}"."outbox" '
               f'FOR EACH STATEMENT EXECUTE FUNCTION "{schema}".notify_outbox()')


def create_aggregate_sequences() -> None:
    """The last sequence number of each aggregate's events, which the outbox moves on in the
    transaction that records them (revision 0002 of every service)."""
    schema = roles()[0]
    op.create_table(
        "aggregate_sequences",
        sa.Column("town_id", sa.String(64), primary_key=True),
        sa.Column("aggregate_id", sa.String(200), primary_key=True),
        sa.Column("last_sequence", sa.BigInteger, nullable=False),
        schema=schema)
    grant_to_app("aggregate_sequences")
    isolate_by_town("aggregate_sequences")


def create_check_occurrences() -> None:
    """What a service's scheduled checks raised, one row per (check, town, aggregate, period):
    its key makes each event raised once (services.platform.schedule)."""
    schema = roles()[0]
    op.create_table(
        "check_occurrences",
        sa.Column("check_name", sa.String(100), primary_key=True),
        sa.Column("town_id", sa.String(64), primary_key=True),
        sa.Column("aggregate_id", sa.String(200), primary_key=True),
        sa.Column("period", sa.String(100), primary_key=True),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema=schema)
    grant_to_app("check_occurrences")
    isolate_by_town("check_occurrences")
