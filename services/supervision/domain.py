"""Rules of supervision. Pure: no gRPC, SQL or NATS here."""
from dataclasses import dataclass, field
from datetime import datetime

from services.platform.audit import AuditEntry
from services.platform.errors import Violations
from services.platform.names import NamePattern

NOTE = NamePattern("towns/{town}/notes/{note}")


@dataclass
class Note:
    town_id: str
    id: str
    title: str
    text: str
    created_at: datetime
    history: list[AuditEntry] = field(default_factory=list)

    @property
    def name(self) -> str:
        return NOTE.format(town=self.town_id, note=self.id)


def new_note(*, town_id: str, note_id: str, title: str, text: str, actor: str, now: datetime) -> Note:
    """Raises INVALID_ARGUMENT with every violated field."""
    v = Violations()
    v.text("note.title", title, max_len=200)
    v.text("note.text", text, max_len=5000, required=False)
    v.raise_if_any()
    return Note(town_id=town_id, id=note_id, title=title, text=text, created_at=now,
                history=[AuditEntry(actor, "created", now, title)])
