"""What this service keeps of other services' events: each project's record from supervision,
each session's seated count, attendance and the scrutineers' joint key from voting. Run by the consumers, once per
event (the inbox); a republished event changes nothing a second time."""
import json
from datetime import date

from google.protobuf import message

from minsheng.events.v1 import supervision_events_pb2 as sv
from minsheng.events.v1 import voting_events_pb2 as vt
from minsheng.events.v1.envelope_pb2 import Envelope
from services.evaluation.domain import SupervisedProject
from services.evaluation.models import Repository
from services.platform.names import town_of
from services.platform.uow import Context, UnitOfWork


def _same_town(envelope: Envelope, name: str) -> None:
    if town_of(name) != envelope.town_id:
        raise ValueError(f"event of town {envelope.town_id!r} names another town's {name!r}")


async def from_supervision(ctx: Context, uow: UnitOfWork[Repository], event: message.Message,
                           envelope: Envelope) -> None:
    _same_town(envelope, event.project)
    repo, town = uow.repo, envelope.town_id
    if isinstance(event, sv.ProjectRegistered):
        await repo.add_project(SupervisedProject(
            town_id=town, project=event.project, year=event.year, title=event.title,
            responsible_unit=event.responsible_unit, budget_yuan=event.budget_yuan,
            completion_deadline=date.fromisoformat(event.completion_deadline)))
    elif isinstance(event, sv.ProgressReported):
        await repo.change_project(town, event.project, spent_yuan=event.spent_yuan,
                                  percent_complete=event.percent_complete)
    elif isinstance(event, sv.CompletionReported):
        await repo.change_project(town, event.project, spent_yuan=event.spent_yuan,
                                  completion_reported_on=date.fromisoformat(event.report_date))
    elif isinstance(event, sv.CompletionSentBack):
        await repo.change_project(town, event.project, completion_reported_on=None)
    elif isinstance(event, sv.ProjectCompleted):
        await repo.change_project(town, event.project, completed=True, spent_yuan=event.spent_yuan,
                                  percent_complete=100)
    elif isinstance(event, sv.ProjectCarriedOver) and event.cause == sv.UNFINISHED:
        await repo.change_project(town, event.project, carried_over=True, explanation=event.explanation,
                                  percent_complete=event.percent_complete)


async def from_voting(ctx: Context, uow: UnitOfWork[Repository], event: message.Message, envelope: Envelope) -> None:
    _same_town(envelope, event.session)
    if isinstance(event, vt.SessionOpened):
        await uow.repo.session_opened(envelope.town_id, event.session, event.title,
                                      date.fromisoformat(event.session_date), event.seated_count)
    elif isinstance(event, vt.AttendanceRecorded):
        await uow.repo.change_session(envelope.town_id, event.session, seated_count=event.seated_count,
                                      present_digests=list(event.present_digests))
    elif isinstance(event, vt.KeyCeremonyCompleted):
        # The record's proofs are checked again when an assessment opens a box under it.
        await uow.repo.change_session(envelope.town_id, event.session, key_record=json.loads(event.key.key_record))
