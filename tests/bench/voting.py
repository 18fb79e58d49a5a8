"""Benchmarks of the voting service on a running local stack:

- 160 deputies casting at the same moment: time until every ballot is accepted;
- close, decrypt, tally and sign 160 ballots on 20 candidates.

`make bench` runs `bench(stack)` on its stack, beside the echo baseline."""
import asyncio
import json
import time
import uuid

import grpc
import nats

from minsheng.voting.v1 import voting_pb2 as pb
from minsheng.voting.v1.voting_pb2_grpc import VotingServiceStub
from tests.helpers import staff_of
from tests.voting.conftest import ballot, publish_candidate_list, wait_for_list

DEPUTIES = 160
CANDIDATES = 20
SEATS = 10


async def _prepare(stub, stack, town: str) -> tuple[pb.Poll, list[str], list[str]]:
    staff = staff_of(stack.issuer, town)
    term = "bench-" + uuid.uuid4().hex[:8]
    year = 1_000_000 + uuid.uuid4().int % 1_000_000  # a candidate list of its own
    nc = await nats.connect(stack.nats.url)
    try:
        candidate_ids = await publish_candidate_list(nc.jetstream(), town, year, CANDIDATES, SEATS)
    finally:
        await nc.close()
    deputies = [f"{term}-{i:03d}" for i in range(DEPUTIES)]
    await asyncio.gather(*(stub.AddDeputy(pb.AddDeputyRequest(
        parent=f"towns/{town}/terms/{term}", deputy_id=d,
        deputy=pb.Deputy(display_name="代表", took_office="2021-01-01")), metadata=staff) for d in deputies))
    session = await stub.OpenSession(pb.OpenSessionRequest(parent=f"towns/{town}", session=pb.Session(
        term=term, title="基准测试会议", session_date="2024-02-20", chief_scrutineer=deputies[0],
        scrutineers=[deputies[1]])), metadata=staff)
    await stub.CheckInDeputies(pb.CheckInDeputiesRequest(name=session.name, deputies=deputies), metadata=staff)
    list_name = f"towns/{town}/candidateLists/{year}"
    await wait_for_list(stub, list_name, staff, CANDIDATES)
    poll = await stub.OpenPoll(pb.OpenPollRequest(parent=session.name, poll=pb.Poll(
        title="基准测试票决", candidate_list=list_name, method=pb.ELECTRONIC)), metadata=staff)
    return poll, deputies, candidate_ids


async def bench(stack, town: str = "xihu") -> dict:
    async with grpc.aio.insecure_channel(stack.api("voting").target) as channel:
        stub = VotingServiceStub(channel)
        poll, deputies, candidate_ids = await _prepare(stub, stack, town)
        tokens = [stack.issuer.metadata(d, town, "deputy") for d in deputies]
        marks = ["".join("FFA-"[(i + j) % 4] for j in range(CANDIDATES)) for i in range(DEPUTIES)]
        requests = [pb.CastBallotRequest(poll=poll.name, choices=ballot(candidate_ids, m)) for m in marks]
        started = time.perf_counter()
        await asyncio.gather(*(stub.CastBallot(r, metadata=t) for r, t in zip(requests, tokens)))
        cast_seconds = time.perf_counter() - started
        started = time.perf_counter()
        result = await stub.ClosePoll(pb.ClosePollRequest(name=poll.name),
                                      metadata=staff_of(stack.issuer, town))
        close_seconds = time.perf_counter() - started
    document = json.loads(result.document)
    assert document["ballots"] == DEPUTIES and len(document["tracking_codes"]) == DEPUTIES
    return {"voting_160_concurrent_casts_all_accepted_seconds": round(cast_seconds, 3),
            "voting_casts_per_second": round(DEPUTIES / cast_seconds, 1),
            "voting_close_decrypt_tally_sign_160_ballots_20_candidates_seconds": round(close_seconds, 3)}

