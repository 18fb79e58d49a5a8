"""Many deputies at once, one deputy many times, and casts racing the close."""
import asyncio
import json

import grpc
import pytest

from minsheng.common.v1 import ballot_box_pb2 as box_pb
from minsheng.voting.v1 import voting_pb2 as pb
from services.voting import devices
from tests.helpers import reason, staff_of
from tests.voting.conftest import close, open_poll

pytestmark = pytest.mark.integration


async def try_cast(voting, issuer, s, poll, deputy, marks="FA--", request_id=""):
    """The tracking code, or the refusal's status code."""
    try:
        receipt = await devices.cast(voting, poll, marks, issuer.metadata(deputy, s.town, "deputy"), request_id)
        return receipt.tracking_code
    except grpc.aio.AioRpcError as error:
        return error.code()


async def test_160_deputies_casting_at_the_same_moment_are_all_accepted(voting, issuer, prepare):
    s = await prepare("xihu", seated=160, present=160, candidates=4, seats=2)
    poll = await open_poll(voting, issuer, s)
    outcomes = await asyncio.gather(*(try_cast(voting, issuer, s, poll, d) for d in s.deputies))
    assert all(isinstance(o, str) for o in outcomes), [o for o in outcomes if not isinstance(o, str)][:3]
    assert len(set(outcomes)) == 160
    result = await close(voting, issuer, s, poll)
    document = json.loads(result.document)
    assert await listed_codes(voting, issuer, s, poll) == sorted(outcomes) and document["deputies_voted"] == 160
    assert document["counts"][s.candidate_ids[0]] == [160, 0, 0]


async def listed_codes(voting, issuer, s, poll) -> list[str]:
    board = await voting.GetBulletinBoard(box_pb.GetBulletinBoardRequest(name=poll.name + "/bulletinBoard"),
                                          metadata=staff_of(issuer, s.town))
    return sorted(b["tracking_code"] for b in json.loads(board.document)["ballots"])


async def test_50_simultaneous_casts_by_one_deputy_give_exactly_one_acceptance(voting, issuer, prepare, sql):
    s = await prepare("chentuan", seated=3, present=3, candidates=4, seats=2)
    poll = await open_poll(voting, issuer, s)
    outcomes = await asyncio.gather(*(try_cast(voting, issuer, s, poll, s.deputies[0]) for _ in range(50)))
    accepted = [o for o in outcomes if isinstance(o, str)]
    assert len(accepted) == 1
    assert set(outcomes) - set(accepted) == {grpc.StatusCode.FAILED_PRECONDITION}
    # Retries of one cast (the same request id, the answers lost) all get the same tracking code.
    retries = await asyncio.gather(*(try_cast(voting, issuer, s, poll, s.deputies[1], request_id="once")
                                     for _ in range(20)))
    assert len(set(retries)) == 1 and isinstance(retries[0], str)
    poll_id = poll.name.rsplit("/", 1)[1]
    assert sql("SELECT count(*) FROM voting.ballots WHERE poll_id = %s", (poll_id,)) == [(2,)]
    assert sql("SELECT count(*) FROM voting.ballots_cast WHERE poll_id = %s", (poll_id,)) == [(2,)]


async def test_casts_racing_the_close_lose_no_accepted_ballot_and_accept_none_after_it(voting, issuer, prepare):
    s = await prepare("nanhu", seated=120, present=120, candidates=4, seats=2)
    poll = await open_poll(voting, issuer, s)

    async def cast_at(delay: float, deputy: str):
        await asyncio.sleep(delay)
        return await try_cast(voting, issuer, s, poll, deputy)

    async def close_at(delay: float):
        await asyncio.sleep(delay)
        return await close(voting, issuer, s, poll)
    # Casts spread over two seconds; the close comes half a second in.
    casts = [cast_at(i * 2 / len(s.deputies), d) for i, d in enumerate(s.deputies)]
    *outcomes, result = await asyncio.gather(*casts, close_at(0.5))
    accepted = sorted(o for o in outcomes if isinstance(o, str))
    refused = [o for o in outcomes if not isinstance(o, str)]
    assert accepted and refused, "the casts did not race the close"
    assert set(refused) == {grpc.StatusCode.FAILED_PRECONDITION}
    document = json.loads(result.document)
    assert await listed_codes(voting, issuer, s, poll) == accepted
    assert document["deputies_voted"] == len(accepted) == document["ballots"]
    late = await try_cast(voting, issuer, s, poll, s.deputies[-1])
    assert late == grpc.StatusCode.FAILED_PRECONDITION


async def test_casts_stored_together_each_get_their_own_answer(voting, issuer, prepare, sql):
    """Casts arriving together are stored in one transaction (a group commit): an absent
    deputy's refusal or a ballot id sent twice costs the others nothing, and writes nothing."""
    s = await prepare("chentuan", seated=30, present=28, candidates=4, seats=2)
    poll = await open_poll(voting, issuer, s)
    shared = devices.encrypt(poll, "FA--")

    async def send(deputy: str, ballot: str):
        try:
            receipt = await voting.CastBallot(pb.CastBallotRequest(
                poll=poll.name, ballot=box_pb.EncryptedBallot(json=ballot), request_id="r-" + deputy),
                metadata=issuer.metadata(deputy, s.town, "deputy"))
            return receipt.tracking_code
        except grpc.aio.AioRpcError as error:
            return error.code(), reason(error)
    honest = s.deputies[2:28]
    outcomes = await asyncio.gather(*(send(d, devices.encrypt(poll, "AF--")) for d in honest),
                                    send(s.deputies[0], shared), send(s.deputies[1], shared),
                                    send(s.deputies[29], devices.encrypt(poll, "AF--")))
    *good, first, second, absent = outcomes
    assert all(isinstance(o, str) for o in good) and len(set(good)) == 26
    # The same encrypted ballot from two deputies: one of them is refused.
    assert sorted([first, second], key=lambda o: not isinstance(o, str)) \
        == [first if isinstance(first, str) else second, (grpc.StatusCode.FAILED_PRECONDITION, "BALLOT_ID_USED")]
    assert absent[0] == grpc.StatusCode.FAILED_PRECONDITION
    poll_id = poll.name.rsplit("/", 1)[1]
    assert sql("SELECT count(*) FROM voting.ballots_cast WHERE poll_id = %s", (poll_id,)) == [(27,)]
    assert sql("SELECT count(*) FROM voting.ballots WHERE poll_id = %s", (poll_id,)) == [(27,)]
    document = json.loads((await close(voting, issuer, s, poll)).document)
    assert document["deputies_voted"] == 27 and document["counts"][s.candidate_ids[0]][1] == 26
