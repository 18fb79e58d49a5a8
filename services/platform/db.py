"""SQLAlchemy 2 (async, psycopg 3): one engine per process, one transaction per use case.
Each transaction names its town in `app.town_id`, which row-level security reads.

SQLAlchemy is the schema, migration and query layer. A transaction also reaches its raw
driver connection, for the statements of hot paths: SQLAlchemy statements compiled once
(`Statement`), queued in psycopg's pipeline mode and sent together, so a use case's
statements and its commit cost as few round trips as its reads allow."""
import asyncio
import contextlib
import ctypes
import ctypes.util
import logging
import select as readiness
from contextlib import asynccontextmanager
from datetime import date, datetime
from typing import Any, AsyncIterator, Mapping, Sequence

import psycopg
from psycopg.rows import namedtuple_row
from sqlalchemy import Table, bindparam, event, exc, func, literal_column, select, text
from sqlalchemy.dialects.postgresql import JSON, Insert, insert
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg
from sqlalchemy.engine import Result
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.sql import Executable

log = logging.getLogger(__name__)

# What statements are compiled for: the driver's dialect (the async one compiles the same SQL).
DIALECT = PGDialect_psycopg()
# A connection is replaced after this long, so none outlives a server's or a proxy's limits.
RECYCLE_SECONDS = 1800


class Statement:
    """A SQLAlchemy Core statement compiled once, run on the raw driver connection with
    named values: no statement building, cache-key or result machinery per execution.
    The types' bind processing (e.g. JSONB) is SQLAlchemy's own."""

    def __init__(self, statement: Executable):
        compiled = statement.compile(dialect=DIALECT)
        self.sql = str(compiled)
        self._processors = {}
        # Values written into the statement (e.g. state == 'OPEN') are parameters too.
        self._fixed = {}
        for bind, name in compiled.bind_names.items():
            processor = bind.type.dialect_impl(DIALECT).bind_processor(DIALECT)
            if not bind.required:
                self._fixed[name] = processor(bind.effective_value) if processor else bind.effective_value
            elif processor:
                self._processors[name] = processor

    def values(self, values: Mapping[str, Any]) -> Mapping[str, Any]:
        processed = {k: self._processors[k](v) if k in self._processors else v for k, v in values.items()} \
            if self._processors else values
        return {**self._fixed, **processed} if self._fixed else processed


def insert_rows(table: Table, columns: Sequence[str], *, shared: Sequence[str] = ()) -> Insert:
    """One INSERT of many rows, whatever their number: their `columns` come as one JSON array
    of objects (the `rows` parameter: dicts of values made ready by json_value) that
    PostgreSQL reads as the table's rows; the `shared` columns have one value for every row (parameters of their
    names). One text parameter, so the driver adapts no value per cell (its array adaptation
    is Python code per element), and the statement's text, plan and preparation stay the same."""
    rows = func.json_populate_recordset(literal_column(f"NULL::{table.fullname}"),
                                        bindparam("rows", type_=JSON)).table_valued(*columns)
    values = select(*(bindparam(c, type_=table.c[c].type) for c in shared), *(rows.c[c] for c in columns))
    return insert(table).from_select([*shared, *columns], values)


def json_value(value: Any) -> Any:
    """A value as json_populate_recordset reads it into its column: times in ISO 8601, bytes
    as bytea's hex text."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return "\\x" + value.hex()
    return value


SET_TOWN = Statement(select(func.set_config("app.town_id", bindparam("town"), True)))
_GATES = {exclusive: Statement(select((func.pg_advisory_xact_lock if exclusive else func.pg_advisory_xact_lock_shared)(
    func.hashtextextended(bindparam("key"), 0)))) for exclusive in (False, True)}


def _driver_error(error: psycopg.Error, statement: str | None, dialect) -> exc.DBAPIError:
    """The driver's error as SQLAlchemy raises it, so callers see one kind of error whichever
    way a statement ran (an outage is an OperationalError, the edge answers UNAVAILABLE)."""
    return exc.DBAPIError.instance(statement, None, error, psycopg.Error, hide_parameters=True, dialect=dialect)


class Transaction:
    """One unit of work's transaction on one pooled connection. `execute` runs a SQLAlchemy
    statement; `send` queues a compiled `Statement` without waiting, `query` sends one and
    returns its cursor, whose rows are read when needed. Queued statements go out with the
    next read, SQLAlchemy statement or the commit, in one round trip."""

    def __init__(self, connection: AsyncConnection, driver: psycopg.AsyncConnection):
        self._connection = connection
        self._driver = driver
        self._pipeline = None
        self.replace_connection = False

    def carries_large_value(self) -> None:
        """Says that this unit of work sends or reads a value of megabytes (a bulletin board):
        its connection is closed at the end and the pool opens a new one in its place. libpq
        keeps a connection's input and output buffers at the largest message it carried, for
        the connection's life: a 3.6 MB board left 4 MB in each of them on every pooled
        connection that moved one (measured: the voting api grew about 25 MB per session)."""
        self.replace_connection = True

    async def _pipelined(self) -> None:
        if self._pipeline is None:
            self._pipeline = self._driver.pipeline()
            await self._pipeline.__aenter__()

    async def _leave_pipeline(self) -> None:
        """Sends what is queued and waits for it; SQLAlchemy's statements run outside pipelines."""
        if self._pipeline is not None:
            pipeline, self._pipeline = self._pipeline, None
            async with self._errors(None):
                await pipeline.__aexit__(None, None, None)

    @asynccontextmanager
    async def _errors(self, statement: Statement | None) -> AsyncIterator[None]:
        try:
            yield
        except psycopg.Error as error:
            if self._driver.broken or self._driver.closed:
                await self._connection.invalidate()
            raise _driver_error(error, statement.sql if statement else None,
                                self._connection.dialect) from error

    async def execute(self, statement: Executable, parameters: Any = None) -> Result:
        await self._leave_pipeline()
        return await self._connection.execute(statement, parameters)

    async def send(self, statement: Statement, values: Mapping[str, Any]) -> None:
        await self._pipelined()
        async with self._errors(statement):
            await self._driver.execute(statement.sql, statement.values(values))

    async def query(self, statement: Statement, values: Mapping[str, Any]) -> "_Rows":
        """Sends the statement; `await (await tx.query(...)).fetchall()` reads its rows (named tuples)."""
        await self._pipelined()
        async with self._errors(statement):
            cursor = self._driver.cursor(row_factory=namedtuple_row)
            await cursor.execute(statement.sql, statement.values(values))
        return _Rows(cursor, self, statement)

    async def rows(self, statement: Statement, values: Mapping[str, Any]) -> list:
        return await (await self.query(statement, values)).fetchall()

    async def commit(self) -> None:
        await self._pipelined()  # the commit goes out with what is queued
        async with self._errors(None):
            await self._driver.commit()
        await self._leave_pipeline()

    async def rollback(self) -> None:
        """Best effort: a connection that failed is invalidated (see _errors), not reused."""
        pipeline, self._pipeline = self._pipeline, None
        with contextlib.suppress(psycopg.Error):
            if pipeline is not None:
                await pipeline.__aexit__(None, None, None)
        with contextlib.suppress(psycopg.Error):
            await self._driver.rollback()


class _Rows:
    """A sent statement's rows, read when asked for (that waits for the round trip)."""

    def __init__(self, cursor: psycopg.AsyncCursor, tx: Transaction, statement: Statement):
        self._cursor = cursor
        self._tx = tx
        self._statement = statement

    async def fetchall(self) -> list:
        async with self._tx._errors(self._statement):
            return await self._cursor.fetchall()


async def gate(tx: Transaction, key: str, *, exclusive: bool) -> None:
    """A gate named `key`, held to the end of the transaction: many may hold it shared, one
    exclusive. Use cases that must not interleave with a state change (casting ballots while
    a poll closes, submitting while a cycle closes) hold it shared; the change holds it
    exclusive. Unlike shared row locks (which write a multixact to the row on every taker),
    these are cheap, and PostgreSQL queues them fairly: once an exclusive taker waits, later
    shared takers wait behind it, so a stream of them cannot starve the change. Queued: it is
    taken, in order, before any statement sent after it."""
    await tx.send(_GATES[exclusive], {"key": key})


_LIBC = ctypes.CDLL(ctypes.util.find_library("c"))


def give_back_free_heap() -> None:
    """Returns the heap's free memory to the system (glibc's malloc_trim), after a unit of
    work that moved a large value: the megabytes its objects and buffers took stay free
    inside glibc's arenas otherwise, and the process's memory stays at its highest (measured:
    10-25 MB after a voting session). A no-op where the C library has no malloc_trim."""
    trim = getattr(_LIBC, "malloc_trim", None)
    if trim is not None:
        trim(0)


def async_url(url: str) -> str:
    """Accepts plain postgresql:// URLs from configuration and picks the psycopg driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _closed_by_server(dbapi_connection, record, proxy) -> None:
    """Checked at every checkout instead of a ping's round trip: an idle connection that has
    something to read was closed by the server (a restart sends a termination message, or
    just the end of the stream). The pool then opens a new one in its place."""
    driver = record.driver_connection
    if driver.closed or driver.broken:
        raise exc.DisconnectionError("connection closed")
    idle = readiness.poll()
    idle.register(driver.fileno(), readiness.POLLIN)
    if idle.poll(0):
        raise exc.DisconnectionError("the server closed the connection")


class Database:
    """The process's pool: `pool_size` connections, opened by `open()` at start and kept
    (no overflow connections opened and closed per burst); callers beyond it wait for one."""

    def __init__(self, url: str, *, pool_size: int = 10):
        self.pool_size = pool_size
        # Parameters hold personal data: an error's text must not repeat them.
        self.engine: AsyncEngine = create_async_engine(
            async_url(url), pool_size=pool_size, max_overflow=0, pool_recycle=RECYCLE_SECONDS,
            hide_parameters=True)
        event.listen(self.engine.sync_engine, "checkout", _closed_by_server)

    async def open(self) -> None:
        """Opens every connection of the pool now rather than during the first calls. A
        database that is down is not an error here: readiness reports it."""
        opened = await asyncio.gather(*(self.engine.connect().start() for _ in range(self.pool_size)),
                                      return_exceptions=True)
        for connection in opened:
            if not isinstance(connection, BaseException):
                await connection.close()
        if failed := [error for error in opened if isinstance(error, BaseException)]:
            log.warning("database unavailable at start", extra={"error": failed[0]})

    @asynccontextmanager
    async def transaction(self, town_id: str | None) -> AsyncIterator[Transaction]:
        """A unit of work: commits when the block ends, rolls back on an exception.
        With town_id None the session sees no town's rows (RLS), except for roles
        with a policy of their own (the outbox relay)."""
        async with self.engine.connect() as connection:
            raw = await connection.get_raw_connection()
            tx = Transaction(connection, raw.driver_connection)
            try:
                await tx.send(SET_TOWN, {"town": town_id or ""})
                yield tx
                await tx.commit()
            except BaseException:
                await tx.rollback()
                raise
            finally:
                if tx.replace_connection:
                    await connection.invalidate()
                    give_back_free_heap()

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def close(self) -> None:
        await self.engine.dispose()
