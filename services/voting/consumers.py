"""Thin event handlers onto the voting use cases."""
from sqlalchemy.ext.asyncio import AsyncConnection

from minsheng.events.v1.envelope_pb2 import Envelope
from minsheng.events.v1.review_events_pb2 import CandidateListApproved
from services.platform import events
from services.platform.consumer import Subscription
from services.platform.process import Context
from services.voting import handlers


async def on_candidate_list_approved(conn: AsyncConnection, envelope: Envelope) -> None:
    await handlers.receive_candidate_list(conn, envelope.town_id, events.unpack(envelope))


def subscriptions(ctx: Context) -> list[Subscription]:
    return [Subscription("voting-candidate-lists", events.subjects_of("review", CandidateListApproved),
                         on_candidate_list_approved)]
