"""A unit of work that moved a value of megabytes gives its connection back to be replaced:
libpq keeps a connection's buffers at the largest message it carried, for its whole life."""
import psutil
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


async def test_a_unit_of_work_that_carried_a_large_value_gives_the_free_heap_back(stack):
    """Objects freed inside glibc's heap stay in the process's memory until malloc_trim."""
    process = psutil.Process()
    database = Database(stack.database_url("api"), pool_size=1)
    await database.open()
    try:
        freed = [bytearray(1000) for _ in range(100_000)]  # about 100 MB in glibc's heap
        pin = bytearray(1000)  # allocated above them, so the heap's top cannot shrink by itself
        del freed
        before = process.memory_info().rss
        async with database.transaction(None) as tx:
            tx.carries_large_value()
        assert process.memory_info().rss < before - 50_000_000
        del pin
    finally:
        await database.close()
