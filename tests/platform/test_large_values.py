"""A unit of work that moved a value of megabytes gives its connection back to be replaced:
libpq keeps a connection's buffers at the largest message it carried, for its whole life."""
from sqlalchemy import func, select

from services.platform.db import Database

BACKEND = select(func.pg_backend_pid())


async def test_a_connection_that_carried_a_large_value_is_replaced_and_others_are_kept(stack):
    database = Database(stack.database_url("api"), pool_size=1)
    await database.open()
    try:
        async with database.transaction(None) as tx:
            first = (await tx.execute(BACKEND)).scalar_one()
        async with database.transaction(None) as tx:
            assert (await tx.execute(BACKEND)).scalar_one() == first
            tx.carries_large_value()
        async with database.transaction(None) as tx:
            replaced = (await tx.execute(BACKEND)).scalar_one()
        assert replaced != first
        async with database.transaction(None) as tx:
            assert (await tx.execute(BACKEND)).scalar_one() == replaced
    finally:
        await database.close()
