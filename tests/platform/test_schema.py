"""The models are the migrated schema: each service's tables, columns, types, keys and indexes
as its SQLAlchemy metadata declares them are what its Alembic revisions built, so they cannot
drift apart (issue 8). Migrations are history and import no live column list."""
import ast
import importlib

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from services import registry
from services.platform.outbox import outbox_channel
from services.stack.runner import ROOT

# What a revision may import: history must not change when the live code does.
MIGRATION_IMPORTS = {"alembic", "sqlalchemy", "sqlalchemy.dialects.postgresql", "services.platform.migrations"}


def differences(stack, service: str, metadata: sa.MetaData) -> list:
    url = stack.pg.url(database=stack.roles.database).replace("postgresql://", "postgresql+psycopg://")
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={
                "include_schemas": True, "version_table_schema": service, "compare_type": True,
                "compare_server_default": True,
                "include_name": lambda name, kind, parent: kind != "schema" or name == service})
            return compare_metadata(context, metadata)
    finally:
        engine.dispose()


@pytest.mark.integration
@pytest.mark.parametrize("service", (*registry.SERVICES, registry.GATEWAY))
def test_the_models_are_the_migrated_schema(stack, sql, service):
    assert differences(stack, service, importlib.import_module(f"services.{service}.service").SPEC.metadata) == []
    # The relay listens where the outbox trigger of the migrated schema notifies.
    notify = sql("SELECT prosrc FROM pg_proc JOIN pg_namespace n ON n.oid = pronamespace "
                 "WHERE proname = 'notify_outbox' AND nspname = %s", (service,))
    assert f"pg_notify('{outbox_channel(service)}'" in notify[0][0]


@pytest.mark.integration
def test_a_drifted_model_is_seen(stack):
    drifted = sa.MetaData(schema="collection")
    for table in importlib.import_module("services.collection.models").metadata.tables.values():
        table.to_metadata(drifted)
    drifted.tables["collection.proposals"].append_column(sa.Column("mood", sa.String(10)))
    assert [d[0] for d in differences(stack, "collection", drifted)] == ["add_column"]


@pytest.mark.parametrize("service", (*registry.SERVICES, registry.GATEWAY))
def test_revisions_import_no_live_code(service):
    for revision in (ROOT / "services" / service / "migrations" / "versions").glob("*.py"):
        tree = ast.parse(revision.read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert imported <= MIGRATION_IMPORTS, revision.name
