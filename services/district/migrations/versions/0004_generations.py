"""The read models in two generations, one live and one for a rebuild by replay, with the
district's own totals per year kept by the consumers. The read models before them are
dropped: they are rebuilt from the streams (`python -m services.district rebuild`).

The tables are created from services.district.models as they are at this revision: a later
change of a read model's layout is a new migration and a rebuild, never an edit here.

Revision ID: 0004
"""
from alembic import op

from services.district import models
from services.platform.migrations import isolate_by_town, roles

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    schema, app_role, _ = roles()
    for old in ("projects", "town_years", "filings"):
        op.drop_table(old, schema=schema)
    bind = op.get_bind()
    models.generation.create(bind)
    op.execute(f'INSERT INTO "{schema}".generation (id, live) VALUES (1, \'a\')')
    op.execute(f'GRANT SELECT, UPDATE ON "{schema}".generation TO "{app_role}"')
    for g, tables in models.TABLES.items():
        for view, table in tables.items():
            table.create(bind)
            op.execute(f'GRANT SELECT, INSERT, UPDATE, DELETE ON "{schema}"."{table.name}" TO "{app_role}"')
            if view in models.TOWN_TABLES:
                isolate_by_town(table.name)
                # The district's readers and the rebuild read (and the rebuild writes) every town.
                op.execute(f'CREATE POLICY district_wide ON "{schema}"."{table.name}" TO "{app_role}" '
                           f"USING (current_setting('app.town_id', true) = '{models.EVERY_TOWN}') "
                           f"WITH CHECK (current_setting('app.town_id', true) = '{models.EVERY_TOWN}')")
