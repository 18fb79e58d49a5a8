"""SQLAlchemy 2 (async, psycopg 3): one engine per process, one transaction per use case.
Each transaction names its town in `app.town_id`, which row-level security reads."""
from contextlib import asynccontextmanager
from typing import AsyncIterator

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

SET_TOWN = text("SELECT set_config('app.town_id', :town, true)")


async def gate(conn: AsyncConnection, key: str, *, exclusive: bool) -> None:
    """A gate named `key`, held to the end of the transaction: many may hold it shared, one
    exclusive. Use cases that must not interleave with a state change (casting ballots while
    a poll closes, submitting while a cycle closes) hold it shared; the change holds it
    exclusive. Unlike shared row locks (which write a multixact to the row on every taker),
    these are cheap, and PostgreSQL queues them fairly: once an exclusive taker waits, later
    shared takers wait behind it, so a stream of them cannot starve the change."""
    lock = func.pg_advisory_xact_lock if exclusive else func.pg_advisory_xact_lock_shared
    await conn.execute(select(lock(func.hashtextextended(key, 0))))


def async_url(url: str) -> str:
    """Accepts plain postgresql:// URLs from configuration and picks the psycopg driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Database:
    def __init__(self, url: str, *, pool_size: int = 10):
        # Parameters hold personal data: an error's text must not repeat them.
        self.engine: AsyncEngine = create_async_engine(
            async_url(url), pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True, hide_parameters=True)

    @asynccontextmanager
    async def transaction(self, town_id: str | None) -> AsyncIterator[AsyncConnection]:
        """A unit of work: commits when the block ends, rolls back on an exception.
        With town_id None the session sees no town's rows (RLS), except for roles
        with a policy of their own (the outbox relay)."""
        async with self.engine.begin() as conn:
            await conn.execute(SET_TOWN, {"town": town_id or ""})
            yield conn

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def close(self) -> None:
        await self.engine.dispose()
