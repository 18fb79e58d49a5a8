"""Tables of the supervision schema and the repository that maps rows to the domain."""
from sqlalchemy import Column, DateTime, Index, MetaData, String, Table, Text, select, text
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.supervision.domain import NOTE, Note
from services.platform import audit
from services.platform.errors import NotFound
from services.platform.outbox import add_event_tables

metadata = MetaData(schema="supervision")
event_tables = add_event_tables(metadata)

notes = Table(
    "notes", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("id", String(36), primary_key=True),
    Column("request_id", String(64)),
    Column("title", String(200), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("history", JSONB, nullable=False),
    Index("note_request_id", "town_id", "request_id", unique=True, postgresql_where=text("request_id IS NOT NULL")),
)


def _note(row) -> Note:
    return Note(town_id=row.town_id, id=row.id, title=row.title, text=row.text, created_at=row.created_at,
                history=audit.from_json(row.history))


class Repository:
    """Reads and writes within one unit of work; RLS already limits it to its town."""

    def __init__(self, conn: AsyncConnection):
        self.conn = conn

    async def add_note(self, note: Note, request_id: str | None) -> bool:
        """Inserts unless a note with this request id exists. True if inserted."""
        statement = (insert(notes).values(town_id=note.town_id, id=note.id, request_id=request_id, title=note.title,
                                          text=note.text, created_at=note.created_at,
                                          history=audit.to_json(note.history))
                     .on_conflict_do_nothing(index_elements=["town_id", "request_id"],
                                             index_where=notes.c.request_id.isnot(None))
                     .returning(notes.c.id))
        return (await self.conn.execute(statement)).first() is not None

    async def note(self, town_id: str, note_id: str) -> Note:
        row = (await self.conn.execute(select(notes).where(notes.c.town_id == town_id, notes.c.id == note_id))).first()
        if row is None:
            raise NotFound(f"no note {NOTE.format(town=town_id, note=note_id)}")
        return _note(row)

    async def note_by_request(self, town_id: str, request_id: str) -> Note:
        query = select(notes).where(notes.c.town_id == town_id, notes.c.request_id == request_id)
        return _note((await self.conn.execute(query)).one())
