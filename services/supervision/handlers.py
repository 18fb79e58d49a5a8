"""Use cases of supervision: one unit of work each, the state change and its events together."""
import uuid

from minsheng.events.v1 import supervision_events_pb2 as ev
from services.supervision import domain
from services.supervision.domain import Note
from services.platform import audit
from services.platform.auth import DEPUTY, DISTRICT, STAFF, Caller
from services.platform.uow import Context


async def create_note(ctx: Context, caller: Caller, town_id: str, *, title: str, text: str,
                      request_id: str) -> Note:
    caller.require(town_id, STAFF)
    note = domain.new_note(town_id=town_id, note_id=str(uuid.uuid4()), title=title, text=text,
                           actor=caller.subject, now=audit.now())
    async with ctx.unit_of_work(town_id) as uow:
        if not await uow.repo.add_note(note, request_id or None):
            return await uow.repo.note_by_request(town_id, request_id)  # a retry: the first call's note
        uow.record(note.name, ev.SupervisionNoteCreated(note=note.name, title=note.title))
    return note


async def get_note(ctx: Context, caller: Caller, town_id: str, note_id: str) -> Note:
    caller.require(town_id, STAFF, DEPUTY, DISTRICT)
    async with ctx.unit_of_work(town_id) as uow:
        return await uow.repo.note(town_id, note_id)
