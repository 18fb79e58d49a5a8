"""Personal data never reaches a log line, a header or an event, whatever fails.

Collection and voting processes of their own run at DEBUG while every RPC that takes personal
data meets bad characters, constraint violations (added to the tables for the test, as a bad
migration would) and a database outage, and an event whose use case fails on a proposal's
row is dead-lettered. Then every service log, dead letter and event is searched for the
proposer's name and phone and for the deputies' ids."""
import asyncio
import os
import signal
import uuid

import grpc
import nats.errors
import pytest

from minsheng.collection.v1 import collection_pb2 as cpb
from minsheng.collection.v1.collection_pb2_grpc import CollectionServiceStub
from minsheng.common.v1 import ballot_box_pb2 as box_pb
from minsheng.voting.v1 import voting_pb2 as vpb
from minsheng.voting.v1.voting_pb2_grpc import VotingServiceStub
from services.platform import events
from services.stack.runner import wait_serving
from services.voting import devices
from tests.collection.client import Collection
from tests.events import publish_review_answer
from tests.voting.conftest import SESSION_DATE, publish_candidate_list, wait_for_list

pytestmark = pytest.mark.integration

NAME = "欧阳秘密"
PHONE = "13999990001"
BAD = "修路\x00\x01\x1b[31m"  # NUL (PostgreSQL refuses it in text) and other control characters


@pytest.fixture
def debug_processes(stack):
    """An api, relay and consumer of collection and voting at DEBUG, beside the stack's own."""
    started = [stack.start_service(service, role, MINSHENG_LOG_LEVEL="DEBUG")
               for service in ("collection", "voting") for role in ("api", "relay", "consumer")]
    for process in started:
        wait_serving(process)
    yield {(p.service, p.role): p for p in started}
    for process in started:
        stack.stop_process(process)


@pytest.fixture
def constraints(sql):
    """add(table, condition) refuses new rows that meet the condition (a CHECK constraint, NOT
    VALID: existing rows stay), or with unique_on, a second row with the same values there.
    Returns a function that drops it again; the test's end drops any left."""
    added: list[str] = []

    def drop(statement: str) -> None:
        if statement in added:
            added.remove(statement)
            sql(statement)

    def add(table: str, condition: str, *, unique_on: str = ""):
        name = f"pii_test_{uuid.uuid4().hex[:8]}"
        if unique_on:
            sql(f"CREATE UNIQUE INDEX {name} ON {table} ({unique_on}) WHERE {condition}")
            added.append(f"DROP INDEX {table.split('.')[0]}.{name}")
        else:
            sql(f"ALTER TABLE {table} ADD CONSTRAINT {name} CHECK (NOT ({condition})) NOT VALID")
            added.append(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        return lambda statement=added[-1]: drop(statement)
    yield add
    for statement in list(added):
        drop(statement)


async def refused(call) -> None:
    """Runs a call that must fail, with whatever status (the edge may refuse bad characters
    before the database sees them)."""
    with pytest.raises(grpc.aio.AioRpcError):
        await call


async def test_no_personal_data_in_logs_headers_or_events_whatever_fails(
        stack, debug_processes, constraints, nats_client, new_town, other_town):
    js = nats_client.jetstream()
    async with grpc.aio.insecure_channel(debug_processes["collection", "api"].target) as collection_channel, \
            grpc.aio.insecure_channel(debug_processes["voting", "api"].target) as voting_channel:
        town = Collection(collection_channel, stack.issuer, new_town)
        poisoned = await provoke_collection(town, js, constraints)
        voting = VotingServiceStub(voting_channel)
        deputies, codes, poll = await provoke_voting(voting, stack.issuer, js, other_town, constraints)
        await provoke_an_outage(stack, town, voting, stack.issuer.metadata(deputies[2], other_town, "deputy"), poll)
        dead = await dead_letter_of(js, poisoned)

    secrets = [NAME, PHONE, *deputies, *codes]
    for header, value in (dead.headers or {}).items():
        assert not [s for s in secrets if s in value], f"dead-letter header {header}: {value}"
    assert "failed 5 times" in dead.headers["Minsheng-Reason"]
    for data in await every_event(js):
        # The session's scrutineers hold its key: the key record names them (a public role).
        named = deputies[:2] if b"key_ceremony_completed" in data else []
        assert not [s for s in secrets if s.encode() in data and s not in named]
    for log in sorted(stack.folder.rglob("*.log")):  # the services', NATS's and PostgreSQL's
        for number, line in enumerate(log.read_text(errors="replace").splitlines(), 1):
            assert not [s for s in secrets if s in line], f"{log.name}:{number}: {line}"
    # The search is real: the failures were logged, at DEBUG, where the values would have shown.
    api_logs = {service: stack.folder.joinpath(f"{service}-api-{p.grpc_port}.log").read_text()
                for (service, role), p in debug_processes.items() if role == "api"}
    for failure in ("CheckViolation (SQLSTATE 23514)", "UniqueViolation (SQLSTATE 23505)"):
        assert failure in api_logs["collection"]
    assert '"method": "CastBallot"' in api_logs["voting"] and "CheckViolation" in api_logs["voting"]
    assert '"level": "DEBUG"' in api_logs["collection"]


async def provoke_collection(town: Collection, js, constraints) -> bytes:
    """Every failing kind of call on proposals that hold the name and phone. Returns the
    poisoned event published for the collection consumer."""
    await town.open_cycle()
    proposer = cpb.Proposer(name=NAME, phone=PHONE)
    first = await town.submit(proposer=proposer)
    second = await town.submit(proposer=proposer)
    shown = await town.stub.GetProposal(cpb.GetProposalRequest(name=first.name), metadata=town.staff)
    assert (shown.proposer.name, shown.proposer.phone) == (NAME, PHONE)  # staff see them: the values are real
    await town.screen(first.name, cpb.NOT_SHORTLISTED, explanation="不属于民生实事", failing="财政可承担")
    poisoned = await publish_review_answer(js, town.town, first.name, answer=f"答复{BAD}")
    answer = town.stub.AnswerProposal  # staff's answer to the proposer
    await refused(town.submit(proposer=proposer, content=BAD))
    await refused(town.screen(second.name, cpb.NOT_SHORTLISTED, explanation=BAD, failing="财政可承担"))
    await refused(answer(cpb.AnswerProposalRequest(name=first.name, text=BAD), metadata=town.staff))
    drop = constraints("collection.proposals", f"town_id = '{town.town}'",
                       unique_on="proposer_name, proposer_phone, state")
    await refused(town.submit(proposer=proposer))
    drop()
    drop = constraints("collection.proposals", f"town_id = '{town.town}'")
    await refused(town.submit(proposer=proposer, request_id="again"))
    await refused(town.screen(second.name, cpb.NOT_SHORTLISTED, explanation="重复", failing="财政可承担"))
    await refused(answer(cpb.AnswerProposalRequest(name=first.name, text="感谢建议"), metadata=town.staff))
    await refused(town.stub.MergeProposals(cpb.MergeProposalsRequest(name=first.name, duplicates=[second.name]),
                                           metadata=town.staff))
    drop()
    return poisoned


async def provoke_voting(voting: VotingServiceStub, issuer, js, town: str,
                         constraints) -> tuple[list[str], list[str], str]:
    """Roster, attendance and ballots failing on the deputies' rows. Returns the deputies' ids,
    the tracking codes of the two ballots cast, and the poll (the third present deputy has
    not voted)."""
    staff = issuer.metadata(f"staff-{town}", town, "staff")
    term = f"pii{uuid.uuid4().hex[:6]}"
    deputies = [f"{term}-deputy{i}" for i in range(5)]
    parent = f"towns/{town}/terms/{term}"
    for deputy in deputies[:4]:
        await voting.AddDeputy(vpb.AddDeputyRequest(parent=parent, deputy_id=deputy, deputy=vpb.Deputy(
            display_name="代表", took_office="2021-01-01")), metadata=staff)
    year = 20_000 + uuid.uuid4().int % 900_000
    candidates = await publish_candidate_list(js, town, year, 3, 1)
    await wait_for_list(voting, f"towns/{town}/candidateLists/{year}", staff, 3)
    session = await voting.OpenSession(vpb.OpenSessionRequest(parent=f"towns/{town}", session=vpb.Session(
        term=term, title="第一次会议", session_date=SESSION_DATE, chief_scrutineer=deputies[0],
        scrutineers=[deputies[1]])), metadata=staff)
    await voting.CheckInDeputies(vpb.CheckInDeputiesRequest(name=session.name, deputies=deputies[:3]),
                                 metadata=staff)
    await devices.hold_key_ceremony(voting, session.name, deputies[0], lambda d: issuer.metadata(d, town, "deputy"))
    poll = await voting.OpenPoll(vpb.OpenPollRequest(parent=session.name, poll=vpb.Poll(
        title="民生实事项目票决", candidate_list=f"towns/{town}/candidateLists/{year}", method=vpb.ELECTRONIC)),
        metadata=staff)

    def cast(deputy: str, ballot: str = ""):
        return voting.CastBallot(vpb.CastBallotRequest(
            poll=poll.name, ballot=box_pb.EncryptedBallot(json=ballot or devices.encrypt(poll, "FA-")),
            request_id=uuid.uuid4().hex), metadata=issuer.metadata(deputy, town, "deputy"))

    await refused(voting.AddDeputy(vpb.AddDeputyRequest(parent=parent, deputy_id=deputies[4], deputy=vpb.Deputy(
        display_name=BAD, took_office="2021-01-01")), metadata=staff))
    await refused(cast(deputies[0], ballot=devices.encrypt(poll, "FA-") + BAD))
    drops = [constraints(table, f"town_id = '{town}'")
             for table in ("voting.deputies", "voting.attendance", "voting.ballots_cast")]
    await refused(voting.AddDeputy(vpb.AddDeputyRequest(parent=parent, deputy_id=deputies[4], deputy=vpb.Deputy(
        display_name="代表", took_office="2021-01-01")), metadata=staff))
    await refused(voting.CheckInDeputies(vpb.CheckInDeputiesRequest(name=session.name, deputies=[deputies[3]]),
                                         metadata=staff))
    await refused(cast(deputies[0]))
    drops.append(constraints("voting.ballots", f"town_id = '{town}'"))
    for drop in drops[:3]:
        drop()
    await refused(cast(deputies[0]))  # who voted is written, then the ballot fails: both roll back
    drops[3]()
    codes = [(await cast(deputy)).tracking_code for deputy in deputies[:2]]
    return deputies, codes, poll


async def provoke_an_outage(stack, town: Collection, voting: VotingServiceStub, deputy, poll: vpb.Poll) -> None:
    """Submissions and a ballot in flight when PostgreSQL goes down, and more while it is down."""
    proposer = cpb.Proposer(name=NAME, phone=PHONE)
    in_flight = [asyncio.create_task(town.submit(proposer=proposer, request_id=f"outage-{i}")) for i in range(20)]
    in_flight.append(asyncio.ensure_future(devices.cast(voting, poll, "FA-", deputy)))
    await asyncio.sleep(0.02)
    await crash_postgres(stack.pg)
    try:
        await asyncio.gather(*in_flight, return_exceptions=True)
        await refused(town.submit(proposer=proposer))
        await refused(devices.cast(voting, poll, "FA-", deputy))
    finally:
        stack.pg.restart()
    for process in list(stack.processes):
        await asyncio.to_thread(wait_serving, process)


async def crash_postgres(pg) -> None:
    """Stops PostgreSQL at once, as a crash would (what pg_ctl's immediate mode sends), without
    the fork pg_ctl needs: forking while gRPC calls are in flight can crash the child."""
    postmaster = int((pg.data / "postmaster.pid").read_text().split()[0])
    os.kill(postmaster, signal.SIGQUIT)
    while True:
        try:
            os.kill(postmaster, 0)
        except ProcessLookupError:
            return
        await asyncio.sleep(0.05)


async def dead_letter_of(js, data: bytes, timeout: float = 150):
    """The dead letter of the event `data` (after the consumer's retries with backoff)."""
    subject = f"{events.DEAD_LETTER_PREFIX}.collection.collection-review-answers"
    sub = await js.pull_subscribe(subject, stream=events.DEAD_LETTER_STREAM)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    try:
        while loop.time() < deadline:
            try:
                for msg in await sub.fetch(100, timeout=1):
                    await msg.ack()
                    if msg.data == data:
                        return msg
            except (nats.errors.TimeoutError, asyncio.TimeoutError):
                pass
    finally:
        await sub.unsubscribe()
    raise AssertionError("the poisoned event was never dead-lettered")


async def every_event(js) -> list[bytes]:
    """Every message in the events stream."""
    sub = await js.pull_subscribe(f"{events.SUBJECT_PREFIX}.>", stream=events.STREAM)
    found = []
    try:
        while True:
            try:
                batch = await sub.fetch(500, timeout=1)
            except (nats.errors.TimeoutError, asyncio.TimeoutError):
                break
            for msg in batch:
                await msg.ack()
                found.append(msg.data)
    finally:
        await sub.unsubscribe()
    return found
