"""Alembic per service schema, run by the `migrate` role as the schema owner, plus the
building blocks every service's migrations use: town isolation by row-level security,
grants to the application and relay roles (which never own the tables: owners bypass RLS),
and the outbox and inbox tables."""
from pathlib import Path

import sqlalchemy as sa
from alembic import command, context, op
from alembic.config import Config

from services.platform.db import async_url
from services.platform.outbox import inbox_columns, outbox_channel, outbox_columns


def upgrade(*, schema: str, migrations_dir: Path, database_url: str, app_role: str, relay_role: str,
            revision: str = "head") -> None:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.attributes.update(schema=schema, database_url=async_url(database_url), app_role=app_role,
                             relay_role=relay_role)
    command.upgrade(config, revision)


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


def grant_to_app(*tables: str) -> None:
    schema, app_role, _ = roles()
    op.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO "{app_role}"')
    for table in tables:
        op.execute(f'GRANT SELECT, INSERT, UPDATE ON "{schema}"."{table}" TO "{app_role}"')
    op.execute(f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA "{schema}" TO "{app_role}"')


def create_event_tables() -> None:
    """The outbox (relay role reads every town's rows) and the consumers' inbox."""
    schema, app_role, relay_role = roles()
    op.create_table("outbox", *outbox_columns(), schema=schema)
    op.create_index("outbox_unpublished", "outbox", ["seq"], schema=schema,
                    postgresql_where=sa.text("published_at IS NULL"))
    op.create_table("inbox", *inbox_columns(), schema=schema)
    grant_to_app("outbox", "inbox")
    isolate_by_town("outbox")
    isolate_by_town("inbox")
    op.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO "{relay_role}"')
    op.execute(f'GRANT SELECT, UPDATE ON "{schema}"."outbox" TO "{relay_role}"')
    op.execute(f'CREATE POLICY relay_publishes_all_towns ON "{schema}"."outbox" TO "{relay_role}" '
               "USING (true)")
    # Wakes the relay as soon as a transaction with events commits (NOTIFY is delivered at commit).
    op.execute(f'CREATE FUNCTION "{schema}".notify_outbox() RETURNS trigger LANGUAGE plpgsql AS '
               f"$$ BEGIN PERFORM pg_notify('{outbox_channel(schema)}', ''); RETURN NULL; END $$")
    op.execute(f'CREATE TRIGGER outbox_notify AFTER INSERT ON "{schema}"."outbox" '
               f'FOR EACH STATEMENT EXECUTE FUNCTION "{schema}".notify_outbox()')
