"""Tables of the district schema and the repository over them. Only the consumers (and the
rebuild, services.district.rebuild) write here.

The read models exist twice, generations a and b: one is live, the other is where a rebuild
replays the streams; `generation` names the live one. A rebuild fills the other, then flips
`generation` behind an exclusive gate that the consumers take shared, so queries never stop
and no consumer writes into the generation being left."""
from functools import cache

from sqlalchemy import (BigInteger, Boolean, Column, DateTime, Index, Integer, MetaData, String, Table, any_,
                        bindparam, cast, delete, literal_column, select, tuple_)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.district.projections import COUNTS, VIEWS, Row, Step, View, difference
from services.platform.db import Statement, Transaction, gate, insert_rows, json_value
from services.platform.errors import NotYetApplicable
from services.platform.outbox import add_event_tables

metadata = MetaData(schema="district")
event_tables = add_event_tables(metadata)
GENERATIONS = ("a", "b")
# Taken shared by each consumer's unit of work, exclusive by the rebuild's flip.
GATE = "district:generation"
# The town the district's own readers and the rebuild name in app.town_id: their row-level
# security policy reads every town (migration 0004).
EVERY_TOWN = "*"
# Counted for the district only: towns with an accepted filing in the year.
TOWNS_VOTED = "towns_voted"

generation = Table("generation", metadata, Column("id", Integer, primary_key=True),
                   Column("live", String(1), nullable=False))


def _counts() -> list[Column]:
    return [Column(name, BigInteger, nullable=False, server_default="0") for name in COUNTS]


def _town() -> Column:
    return Column("town_id", String(64), primary_key=True)


def _generation(g: str) -> dict[str, Table]:
    tables = {
        "proposals": Table(
            f"proposals_{g}", metadata, _town(), Column("proposal", String(300), primary_key=True),
            Column("year", Integer, nullable=False), Column("category", String(100), nullable=False),
            *(Column(flag, Boolean, nullable=False) for flag in ("received", "merged", "shortlisted", "answered"))),
        "candidate_lists": Table(
            f"candidate_lists_{g}", metadata, _town(), Column("review", String(300), primary_key=True),
            Column("year", Integer, nullable=False), Column("candidates", Integer, nullable=False)),
        "projects": Table(
            f"projects_{g}", metadata, _town(), Column("candidate_id", String(300), primary_key=True),
            Column("year", Integer, nullable=False), Column("project", String(300), nullable=False),
            Column("proposal", String(300), nullable=False), Column("title", String(500), nullable=False),
            Column("responsible_unit", String(200), nullable=False), Column("budget_yuan", BigInteger, nullable=False),
            Column("completion_deadline", String(10), nullable=False), Column("status", String(32), nullable=False),
            Column("spent_yuan", BigInteger, nullable=False), Column("overdue", Boolean, nullable=False),
            Column("carried_over", Boolean, nullable=False), Column("grade", String(32), nullable=False),
            Column("graded_round", Integer, nullable=False), Column("rectification", Boolean, nullable=False),
            Index(f"projects_{g}_search", "year", "status", "responsible_unit"),
            Index(f"projects_{g}_by_name", "town_id", "project")),
        "overdue_items": Table(
            f"overdue_items_{g}", metadata, _town(), Column("item", String(400), primary_key=True),
            Column("deadline", String(10), primary_key=True), Column("year", Integer, nullable=False),
            Column("kind", String(20), nullable=False), Column("project", String(300), nullable=False)),
        "filings": Table(
            f"filings_{g}", metadata, _town(), Column("year", Integer, primary_key=True),
            Column("id", String(64), primary_key=True), Column("kind", String(16), nullable=False),
            Column("poll", String(300), nullable=False),
            Column("candidate_list", String(300), nullable=False), Column("adopted", JSONB, nullable=False),
            Column("accepted", Boolean, nullable=False), Column("problems", JSONB, nullable=False),
            Column("documents", Integer, nullable=False), Column("filed_at", DateTime(timezone=True), nullable=False),
            # An evaluation report's signed document's SHA-256, which its next revision must name.
            Column("document_sha256", String(64), nullable=False)),
        "town_years": Table(f"town_years_{g}", metadata, _town(), Column("year", Integer, primary_key=True),
                            *_counts(), Index(f"town_years_{g}_by_year", "year", "town_id")),
        "district_years": Table(f"district_years_{g}", metadata, Column("year", Integer, primary_key=True),
                                *_counts(), Column(TOWNS_VOTED, BigInteger, nullable=False, server_default="0")),
    }
    return tables


TABLES = {g: _generation(g) for g in GENERATIONS}
# Isolated by town (row-level security); the district's years are the district's own.
TOWN_TABLES = ("proposals", "candidate_lists", "projects", "overdue_items", "filings", "town_years")


def other(g: str) -> str:
    return GENERATIONS[1 - GENERATIONS.index(g)]


async def live_generation(conn: AsyncConnection) -> str:
    return (await conn.execute(select(generation.c.live).where(generation.c.id == 1))).scalar_one()


def row_of(table: Table, row) -> Row:
    return {name: getattr(row, name) for name in table.c.keys() if name != "town_id"}


# The consumers' writes, compiled once per table and set of columns (services.platform.db.Statement):
# building SQLAlchemy statements per event cost the district's consumer most of its CPU.
@cache
def _row_locked(table: Table, columns: tuple[str, ...]) -> Statement:
    return Statement(select(table).where(table.c.town_id == bindparam("town_id"),
                                         *(table.c[c] == bindparam(c) for c in columns)).with_for_update())


@cache
def _row_inserted(table: Table, columns: tuple[str, ...]) -> Statement:
    return Statement(insert(table).values(town_id=bindparam("town_id"), **{c: bindparam(c) for c in columns})
                     .on_conflict_do_nothing().returning(table.c.town_id))


@cache
def _rows_locked(table: Table, key: str) -> Statement:
    return Statement(select(table).where(table.c.town_id == bindparam("town_id"),
                                         table.c[key] == any_(bindparam("keys", type_=ARRAY(table.c[key].type))))
                     .order_by(table.c[key]).with_for_update())


@cache
def _rows_inserted(table: Table, key: str, columns: tuple[str, ...]) -> Statement:
    return Statement(insert_rows(table, columns, shared=["town_id"]).on_conflict_do_nothing()
                     .returning(table.c[key]))


def _in_order(steps: list[Step]) -> list[Step]:
    """An event's steps in the order their rows are locked, the same in every transaction."""
    return sorted(steps, key=lambda s: (s.view.name, s.by, [str(k) for k in s.key]))


class InsertedMeanwhile(Exception):
    """Rows this unit of work was to create were created by another one meanwhile: applied
    together, the events are rolled back (and then applied one by one)."""


@cache
def _row_updated(table: Table, key: tuple[str, ...], columns: tuple[str, ...]) -> Statement:
    return Statement(table.update().where(table.c.town_id == bindparam("town_id"),
                                          *(table.c[c] == bindparam(f"key_{c}") for c in key))
                     .values({c: bindparam(f"new_{c}", type_=table.c[c].type) for c in columns}))


@cache
def _years_added(town_years: Table, district_years: Table, added: tuple[str, ...]) -> Statement:
    """Adds the `added` counts to a town's year and the district's, in one statement sent
    without waiting: the district's towns voted changes by one when the town's accepted
    filings leave or reach 0. Only the counts added, so that the text stays short enough for
    psycopg to cache its parsing."""
    counts = {n: bindparam(n, type_=BigInteger) for n in added}
    town = insert(town_years).values(town_id=bindparam("town_id"), year=bindparam("year"), **counts)
    town = town.on_conflict_do_update(index_elements=["town_id", "year"],
                                      set_={n: town_years.c[n] + town.excluded[n] for n in added})
    town = town.returning(town_years.c.filings_accepted).cte("town")
    accepted = town.c.filings_accepted
    before = accepted - (counts["filings_accepted"] if "filings_accepted" in counts else 0)
    voted = cast(accepted > 0, Integer) - cast(before > 0, Integer)
    district = insert(district_years).from_select(
        ["year", *added, TOWNS_VOTED], select(bindparam("year", type_=Integer), *counts.values(), voted)
        .select_from(town))
    district = district.on_conflict_do_update(index_elements=["year"], set_={
        n: district_years.c[n] + literal_column(f"excluded.{n}") for n in (*added, TOWNS_VOTED)})
    return Statement(district.add_cte(town))


class Repository:
    def __init__(self, conn: Transaction):
        self.conn = conn
        self._tables: dict[str, Table] | None = None

    async def tables(self, *, writing: bool = False) -> dict[str, Table]:
        """The live generation's tables; a writer holds the gate shared so no flip happens meanwhile."""
        if self._tables is None:
            if writing:
                await gate(self.conn, GATE, exclusive=False)
            self._tables = TABLES[await live_generation(self.conn)]
        return self._tables

    # -- the consumers' writes

    async def _locked(self, table: Table, town_id: str, step: Step, earlier: Row | None
                      ) -> tuple[tuple, Row | None, Row | None]:
        """The step's row, locked to the transaction's end, and its key; or, when it does not
        exist, the row the step creates (None if none), inserted in the same round trip: the
        insert does nothing when the row exists, the lock taken first. (key, row, None) for a
        row found, (key, None, inserted), or (key, None, None) for neither: nothing to create,
        or another transaction inserted it meanwhile (this one waited for its commit)."""
        columns = (step.by,) if step.by else step.view.key
        found = await self.conn.query(_row_locked(table, columns), {"town_id": town_id, **dict(zip(columns, step.key))})
        created = None if step.by else step.applied(None, earlier)
        if created is not None:
            created = {**created, **dict(zip(step.view.key, step.key))}
            inserting = await self.conn.query(_row_inserted(table, tuple(created)), {"town_id": town_id, **created})
        rows = await found.fetchall()
        if rows:
            row = row_of(table, rows[0])
            return tuple(row[c] for c in step.view.key), row, None
        return step.key, None, created if created is not None and await inserting.fetchall() else None

    async def _update(self, table: Table, town_id: str, view: View, key: tuple, new: Row) -> None:
        """Sent without waiting: it goes with the next statement or the commit."""
        await self.conn.send(_row_updated(table, view.key, tuple(new)), {
            "town_id": town_id, **{f"key_{c}": v for c, v in zip(view.key, key)},
            **{f"new_{c}": v for c, v in new.items()}})

    async def _earlier(self, table: Table, town_id: str, step: Step) -> Row | None:
        """The row a step comes after; NotYetApplicable (retried later) while it is not there."""
        if not step.after:
            return None
        found = (await self.conn.execute(select(table).where(
            table.c.town_id == town_id, *(table.c[c] == v for c, v in zip(step.view.key, step.after))))).first()
        if found is None:
            raise NotYetApplicable(f"no row of {step.view.name} {step.after!r} yet, which {step.key!r} comes after")
        return row_of(table, found)

    async def _step(self, table: Table, town_id: str, step: Step) -> tuple[Row | None, Row | None]:
        """Applies one step to its row, locked; returns the row before and after."""
        earlier = await self._earlier(table, town_id, step)
        while True:
            key, old, inserted = await self._locked(table, town_id, step, earlier)
            if inserted is not None:
                return None, inserted
            if old is None and step.by:
                # Its registration comes by another stream and is still to come: retried later.
                raise NotYetApplicable(f"no row of {step.view.name} with {step.by} {step.key[0]!r} yet")
            new = step.applied(old, earlier)
            if new is None or new == old:
                return old, old
            if old is None:
                continue  # another transaction inserted the row meanwhile: now it is found, locked
            new = {**new, **dict(zip(step.view.key, key))}
            await self._update(table, town_id, step.view, key, new)
            return old, new

    async def apply(self, town_id: str, steps: list[Step]) -> list[tuple[Step, Row | None, Row | None]]:
        """Applies the steps to their rows, then their difference to the town's years and the
        district's. Returns each step with its row before and after."""
        tables = await self.tables(writing=True)
        done = []
        for step in _in_order(steps):
            done.append((step, *await self._step(tables[step.view.name], town_id, step)))
        await self.add_to_years(town_id, done)
        return done

    async def apply_all(self, town_id: str, steps_of_events: list[list[Step]]
                        ) -> list[list[tuple[Step, Row | None, Row | None]]]:
        """The steps of several events, in their order, as `apply` would apply them one after
        the other, set-wise: the rows they touch locked in one statement per view, changed in
        memory, new ones inserted in one statement per view and columns, the years' counts added
        once. Steps that look a row up by another column or come after another row, and views
        keyed by several columns, go one by one (`apply`)."""
        steps = [step for event_steps in steps_of_events for step in event_steps]
        if any(step.by or step.after or len(step.view.key) != 1 for step in steps):
            return [await self.apply(town_id, event_steps) for event_steps in steps_of_events]
        tables = await self.tables(writing=True)
        rows = await self._rows_locked(tables, town_id, steps)
        found = set(rows)
        changed: dict[tuple, Row] = {}
        done_by_event = []
        for event_steps in steps_of_events:
            done = []
            for step in _in_order(event_steps):
                row_key = (step.view.name, step.key[0])
                old = rows.get(row_key)
                new = step.applied(old)
                if new is None or new == old:
                    done.append((step, old, old))
                    continue
                rows[row_key] = changed[row_key] = new = {**new, step.view.key[0]: step.key[0]}
                done.append((step, old, new))
            done_by_event.append(done)
        await self._write(tables, town_id, changed, found)
        await self.add_to_years(town_id, [d for done in done_by_event for d in done])
        return done_by_event

    async def _rows_locked(self, tables: dict[str, Table], town_id: str, steps: list[Step]) -> dict[tuple, Row]:
        keys: dict[str, set] = {}
        for step in steps:
            keys.setdefault(step.view.name, set()).add(step.key[0])
        rows = {}
        for name in sorted(keys):
            key = VIEWS[name].key[0]
            found = await self.conn.rows(_rows_locked(tables[name], key), {"town_id": town_id, "keys": sorted(keys[name])})
            rows.update({(name, getattr(row, key)): row_of(tables[name], row) for row in found})
        return rows

    async def _write(self, tables: dict[str, Table], town_id: str, changed: dict[tuple, Row], found: set) -> None:
        """The rows changed: those found updated, the others inserted; InsertedMeanwhile if
        another unit of work inserted one of them first."""
        new: dict[tuple[str, tuple[str, ...]], list[Row]] = {}
        for (name, key), row in changed.items():
            if (name, key) in found:
                await self._update(tables[name], town_id, VIEWS[name], (key,), row)
            else:
                new.setdefault((name, tuple(row)), []).append(row)
        for (name, columns), new_rows in sorted(new.items()):
            key = VIEWS[name].key[0]
            inserted = await self.conn.rows(_rows_inserted(tables[name], key, columns), {
                "town_id": town_id, "rows": [{c: json_value(v) for c, v in row.items()} for row in new_rows]})
            if len(inserted) != len(new_rows):
                raise InsertedMeanwhile(f"{len(new_rows) - len(inserted)} rows of {name} were inserted meanwhile")

    async def add_to_years(self, town_id: str, done: list[tuple[Step, Row | None, Row | None]]) -> None:
        added: dict[int, dict[str, int]] = {}
        for step, old, new in done:
            for year, counts in difference(step.view, old, new).items():
                into = added.setdefault(year, {})
                for name, value in counts.items():
                    into[name] = into.get(name, 0) + value
        for year in sorted(added):
            if added[year]:
                await self._add_year(town_id, year, added[year])

    async def _add_year(self, town_id: str, year: int, added: dict[str, int]) -> None:
        tables = await self.tables(writing=True)
        await self.conn.send(_years_added(tables["town_years"], tables["district_years"], tuple(sorted(added))),
                             {"town_id": town_id, "year": year, **added})

    # -- reads

    async def town_year(self, town_id: str, year: int) -> dict[str, int]:
        table = (await self.tables())["town_years"]
        row = (await self.conn.execute(select(table).where(table.c.town_id == town_id, table.c.year == year))).first()
        return {name: getattr(row, name) if row else 0 for name in COUNTS}

    async def district_year(self, year: int) -> dict[str, int]:
        table = (await self.tables())["district_years"]
        row = (await self.conn.execute(select(table).where(table.c.year == year))).first()
        return {name: getattr(row, name) if row else 0 for name in (*COUNTS, TOWNS_VOTED)}

    async def town_years(self, year: int, *, offset: int = 0, limit: int | None = None,
                         after: str = "") -> list[tuple[str, dict]]:
        """The towns' rows of the year (those the transaction's town may read), by town, from
        `offset` or after the town `after` (keyset: the index finds it, whatever came before)."""
        table = (await self.tables())["town_years"]
        query = select(table).where(table.c.year == year, table.c.town_id > after)
        query = query.order_by(table.c.town_id).offset(offset)
        rows = await self.conn.execute(query.limit(limit) if limit else query)
        return [(row.town_id, {name: getattr(row, name) for name in COUNTS}) for row in rows]

    async def rows(self, view: str, *, year: int, town_id: str = "", offset: int = 0, limit: int | None = None,
                   after: tuple | None = None, **filters) -> list[tuple[str, Row]]:
        """A view's rows of a year, by town then key, from `offset` or after the row whose
        (town, *key) is `after` (keyset); a filter names a column, or `category` (of a
        project's proposal)."""
        tables = await self.tables()
        table = tables[view]
        order = (table.c.town_id, *(table.c[c] for c in VIEWS[view].key))
        query = select(table).where(table.c.year == year)
        if after is not None:
            query = query.where(tuple_(*order) > tuple_(*after))
        if town_id:
            query = query.where(table.c.town_id == town_id)
        for column, value in filters.items():
            if value and column == "category":
                proposals = tables["proposals"]
                query = query.where(table.c.proposal.in_(
                    select(proposals.c.proposal).where(proposals.c.town_id == table.c.town_id,
                                                       proposals.c.category == value)))
            elif value:
                query = query.where(table.c[column] == value)
        query = query.order_by(*order).offset(offset)
        result = await self.conn.execute(query.limit(limit) if limit else query)
        return [(row.town_id, row_of(table, row)) for row in result]


async def clear(conn: AsyncConnection, g: str) -> None:
    """Empties a generation, for a rebuild to fill (as the district, which reads every town)."""
    for table in TABLES[g].values():
        await conn.execute(delete(table))


async def flip(conn: AsyncConnection, to: str) -> None:
    await conn.execute(generation.update().where(generation.c.id == 1).values(live=to))
