"""SQLAlchemy 2 (async, psycopg 3): one engine per process, one transaction per use case.
Each transaction names its town in `app.town_id`, which row-level security reads."""
from contextlib import asynccontextmanager
from typing import AsyncIterator

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

SET_TOWN = text("SELECT set_config('app.town_id', :town, true)")


def async_url(url: str) -> str:
    """Accepts plain postgresql:// URLs from configuration and picks the psycopg driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Database:
    def __init__(self, url: str, *, pool_size: int = 10):
        self.engine: AsyncEngine = create_async_engine(
            async_url(url), pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)

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
