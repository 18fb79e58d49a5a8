"""Shared steps of the voting tests: an approved candidate list published as the review
service would, a roster of a fresh term, a session with attendance, its scrutineers' key
ceremony before its first electronic poll, deputies' devices casting encrypted ballots and the
scrutineers' devices decrypting the sums at the close (services.voting.devices)."""
import uuid
from dataclasses import dataclass

import grpc
import pytest
from nats.js import JetStreamContext

from minsheng.events.v1.review_events_pb2 import Candidate, CandidateListApproved
from minsheng.voting.v1 import voting_pb2 as pb
from minsheng.voting.v1 import voting_pb2_grpc
from services.platform import events
from services.voting import devices
from tests.conftest import unique
from tests.helpers import staff_of, wait_for

SESSION_DATE = "2024-01-15"


async def publish_candidate_list(js: JetStreamContext, town: str, year: int, count: int, seats: int) -> list[str]:
    """Publishes CandidateListApproved exactly as the review service's relay would. Tests take
    years of their own, beyond any calendar's, so the deadline is a fixed date."""
    review = f"towns/{town}/reviews/{year}"
    candidates = [Candidate(candidate_id=f"{review}/items/c{i:02d}", proposal=f"towns/{town}/proposals/p{i}",
                            rank=i, title=f"民生项目{i}", budget_yuan=100000 * i, funding_source="镇财政",
                            responsible_unit="镇政府", completion_deadline="2024-12-31")
                  for i in range(1, count + 1)]
    envelope = events.new_envelope(town_id=town, source="review", aggregate_id=review, aggregate_sequence=1,
                                   payload=CandidateListApproved(review=review, year=year, seats=seats,
                                                                 candidates=candidates,
                                                                 approval_record="党委扩大会议审定"))
    await js.publish(events.subject(town, "review", "candidate_list_approved"), envelope.SerializeToString(),
                     headers={"Nats-Msg-Id": envelope.event_id}, stream=events.STREAM)
    return [c.candidate_id for c in candidates]


@dataclass
class Setting:
    """One town's term, session and candidate list, ready for a poll."""
    town: str
    term: str
    deputies: list[str]
    session: str
    candidate_list: str
    candidate_ids: list[str]
    seats: int
    # The chief scrutineer and the scrutineers: the trustees of the session's key.
    scrutineers: list[str]


@pytest.fixture(scope="session")
async def voting(channel_to):
    """Async, so the aio channel is made on the tests' event loop."""
    return voting_pb2_grpc.VotingServiceStub(channel_to("voting"))


@pytest.fixture
async def js(nats_client):
    return nats_client.jetstream()


@pytest.fixture
def prepare(voting, issuer, js):
    """prepare(town, seated=.., present=.., candidates=.., seats=.., scrutineers=..) -> Setting; the
    chief scrutineer is the first deputy, the scrutineers the next."""
    async def run(town: str = "xihu", *, seated: int = 10, present: int | None = None, candidates: int = 4,
                  seats: int = 2, scrutineers: int = 1) -> Setting:
        staff = staff_of(issuer, town)
        term = unique("t")
        year = 10_000 + uuid.uuid4().int % 990_000  # a list of its own: no other test shares the year
        year_ids = await publish_candidate_list(js, town, year, candidates, seats)
        deputies = [f"{term}-d{i:03d}" for i in range(seated)]
        for deputy in deputies:
            await voting.AddDeputy(pb.AddDeputyRequest(
                parent=f"towns/{town}/terms/{term}", deputy_id=deputy,
                deputy=pb.Deputy(display_name="代表", took_office="2021-01-01")), metadata=staff)
        session = await voting.OpenSession(pb.OpenSessionRequest(parent=f"towns/{town}", session=pb.Session(
            term=term, title="第一次会议", session_date=SESSION_DATE, chief_scrutineer=deputies[0],
            scrutineers=deputies[1:1 + scrutineers])), metadata=staff)
        present_ids = deputies[:seated if present is None else present]
        if present_ids:
            await voting.CheckInDeputies(pb.CheckInDeputiesRequest(name=session.name, deputies=present_ids),
                                         metadata=staff)
        list_name = f"towns/{town}/candidateLists/{year}"
        await wait_for_list(voting, list_name, staff, len(year_ids))
        return Setting(town, term, deputies, session.name, list_name, year_ids, seats, deputies[:1 + scrutineers])
    return run


async def wait_for_list(voting, name: str, metadata, count: int) -> None:
    async def arrived():
        try:
            found = await voting.GetCandidateList(pb.GetCandidateListRequest(name=name), metadata=metadata)
        except grpc.aio.AioRpcError:
            return False
        return len(found.candidates) == count
    await wait_for(arrived, what=f"candidate list {name}")


# Per session: its scrutineers' devices (their shares of the session's key).
SCRUTINEERS: dict[str, devices.Scrutineers] = {}


def deputy_metadata(issuer, town: str):
    return lambda deputy: issuer.metadata(deputy, town, "deputy")


async def key_ceremony(voting, issuer, s: Setting) -> devices.Scrutineers:
    """The session's key ceremony, held once: before its first electronic poll."""
    if s.session not in SCRUTINEERS:
        SCRUTINEERS[s.session] = await devices.hold_key_ceremony(voting, s.session, s.scrutineers[0],
                                                                 deputy_metadata(issuer, s.town))
    return SCRUTINEERS[s.session]


async def open_poll(voting, issuer, s: Setting, method=pb.ELECTRONIC) -> pb.Poll:
    if method == pb.ELECTRONIC:
        await key_ceremony(voting, issuer, s)
    return await voting.OpenPoll(pb.OpenPollRequest(parent=s.session, poll=pb.Poll(
        title="民生实事项目票决", candidate_list=s.candidate_list, method=method)),
        metadata=staff_of(issuer, s.town))


async def cast(voting, issuer, s: Setting, deputy: str, marks: str, poll: pb.Poll, request_id: str = "") -> str:
    """A deputy's ballot with `marks` ('F' for, 'A' against, '-' abstain per candidate),
    encrypted on their device; the tracking code."""
    receipt = await devices.cast(voting, poll, marks, issuer.metadata(deputy, s.town, "deputy"), request_id)
    return receipt.tracking_code


async def close(voting, issuer, s: Setting, poll: pb.Poll, present: list[str] | None = None) -> pb.PollResult:
    """Closes the poll; an electronic one is then decrypted by the first quorum of its
    scrutineers (or `present`), and its announced result returned."""
    staff = staff_of(issuer, s.town)
    closed = await voting.ClosePoll(pb.ClosePollRequest(name=poll.name), metadata=staff)
    if closed.state != pb.PollResult.COUNTING:
        return closed
    scrutineers = SCRUTINEERS[s.session]
    quorum = next(iter(scrutineers.states.values())).ceremony.quorum
    await devices.decrypt(voting, poll.name, scrutineers, present or s.scrutineers[:quorum],
                          deputy_metadata(issuer, s.town))
    return await voting.GetPollResult(pb.GetPollResultRequest(poll=poll.name), metadata=staff)
