"""Every event tells its place in its aggregate's history: the outbox numbers each
aggregate's events 1, 2, 3 ... in the use case's transaction, with no gap and no repeat,
whatever runs at the same time (issue 8, part 4)."""
import asyncio
from collections import defaultdict

import pytest
from sqlalchemy.exc import IntegrityError

from minsheng.collection.v1 import collection_pb2 as cpb
from minsheng.events.v1 import collection_events_pb2 as ev
from minsheng.events.v1.envelope_pb2 import Envelope
from minsheng.review.v1 import review_pb2 as rpb
from minsheng.voting.v1 import voting_pb2 as vpb
from minsheng.voting.v1.voting_pb2_grpc import VotingServiceStub
from services import registry
from services.collection import models
from services.platform import events
from services.platform.db import Database
from services.platform.uow import DatabaseUnits
from services.voting import devices
from tests.collection.client import Collection
from tests.events import collect, envelopes
from tests.helpers import staff_of, wait_for
from tests.review.client import Review, assessment_message

pytestmark = pytest.mark.integration


def sequences_by_aggregate(found: list[Envelope]) -> dict[tuple[str, str], list[int]]:
    by_aggregate = defaultdict(list)
    for envelope in found:
        by_aggregate[envelope.source, envelope.aggregate_id].append(envelope.aggregate_sequence)
    return by_aggregate


def assert_numbered_from_one(found: list[Envelope]) -> None:
    assert len({e.event_id for e in found}) == len(found)
    for aggregate, sequences in sequences_by_aggregate(found).items():
        assert sorted(sequences) == list(range(1, len(sequences) + 1)), aggregate


async def test_concurrent_units_of_work_number_an_aggregate_without_gap_repeat_or_deadlock(stack, new_town, sql):
    database = Database(stack.database_url("api"))
    units = DatabaseUnits(database, models.event_tables, "collection", models.Repository)
    busy, other = f"towns/{new_town}/proposals/busy", f"towns/{new_town}/proposals/other"

    async def one(i: int) -> None:
        async with units(new_town) as uow:
            # Half record the two aggregates in one order, half in the other.
            for aggregate in (busy, other) if i % 2 else (other, busy):
                uow.record(aggregate, ev.ProposalAnswered(proposal=aggregate, answer=str(i)))
            if i % 7 == 0:
                raise RuntimeError("this use case fails: its events must not count")

    outcomes = await asyncio.gather(*(one(i) for i in range(60)), return_exceptions=True)
    failed = [o for o in outcomes if o is not None]
    assert len(failed) == 9 and all(isinstance(o, RuntimeError) for o in failed)
    found = [Envelope.FromString(bytes(row[0])) for row in sql(
        "SELECT envelope FROM collection.outbox WHERE town_id = %s ORDER BY seq", (new_town,))]
    assert {a: len(s) for (_, a), s in sequences_by_aggregate(found).items()} == {busy: 51, other: 51}
    assert_numbered_from_one(found)
    # The outbox keeps each aggregate's events in sequence order, which the relay publishes in.
    assert [e.aggregate_sequence for e in found if e.aggregate_id == busy] == list(range(1, 52))
    await database.close()


async def _collect_and_review(collection: Collection, review: Review) -> None:
    """A cycle with a merge, a screening-out and an answer; a review ending in a competitive
    list of two candidates for one seat, and one item not recommended."""
    await collection.open_cycle()
    first, duplicate = await collection.submit(title="村道硬化"), await collection.submit(title="村道硬化")
    await collection.stub.MergeProposals(cpb.MergeProposalsRequest(name=first.name, duplicates=[duplicate.name]),
                                         metadata=collection.staff)
    await collection.screen(first.name)
    for title in ("路灯安装", "污水治理"):
        await collection.screen((await collection.submit(title=title)).name)
    screened_out = await collection.submit(title="办公楼装修")
    await collection.screen(screened_out.name, outcome=cpb.NOT_SHORTLISTED, explanation="属于负面清单：办公楼",
                            failing="群众有需求")
    await collection.stub.AnswerProposal(cpb.AnswerProposalRequest(name=screened_out.name, text="不属于民生实事"),
                                         metadata=collection.staff)
    await collection.stub.CloseCollectionCycle(cpb.CloseCollectionCycleRequest(
        name=f"{collection.parent}/collectionCycles/2024"), metadata=collection.staff)
    await review.open()
    await review.form_work_group()
    for item in await review.wait_for_items(3):
        recommendation = rpb.NOT_RECOMMEND if item.title == "污水治理" else rpb.RECOMMEND
        await review.assess(item.name, assessment_message(title=item.title, recommendation=recommendation))
    await review.propose()
    await review.decide()
    await review.approve(seats=1)


async def _vote(voting: VotingServiceStub, issuer, town: str) -> None:
    """The session votes on the approved list: five deputies cast at once, for both candidates
    (a tie, so closing records three events); a runoff decides the list (projects_adopted),
    and it is filed."""
    staff = staff_of(issuer, town)
    deputies = [f"d{i}" for i in range(6)]
    for deputy in deputies:
        await voting.AddDeputy(vpb.AddDeputyRequest(parent=f"towns/{town}/terms/1", deputy_id=deputy, deputy=vpb.Deputy(
            display_name="代表", took_office="2021-01-01")), metadata=staff)
    lists = f"towns/{town}/candidateLists/2024"

    async def arrived():
        return (await voting.ListCandidateLists(vpb.ListCandidateListsRequest(parent=f"towns/{town}"),
                                                metadata=staff)).candidate_lists
    candidates = (await wait_for(arrived, what="the approved list reaching voting"))[0].candidates
    session = await voting.OpenSession(vpb.OpenSessionRequest(parent=f"towns/{town}", session=vpb.Session(
        term="1", title="第一次会议", session_date="2024-01-15", chief_scrutineer="d0", scrutineers=["d1"])),
        metadata=staff)
    await voting.CheckInDeputies(vpb.CheckInDeputiesRequest(name=session.name, deputies=deputies[:5]),
                                 metadata=staff)

    def deputy(d: str):
        return issuer.metadata(d, town, "deputy")
    scrutineers = await devices.hold_key_ceremony(voting, session.name, "d0", deputy)

    async def cast_and_close(poll: vpb.Poll, marked) -> None:
        chosen = {c.candidate_id for c in marked}
        marks = "".join("F" if c.candidate_id in chosen else "-" for c in poll.candidates)
        await asyncio.gather(*(devices.cast(voting, poll, marks, deputy(d)) for d in deputies[:5]))
        await voting.ClosePoll(vpb.ClosePollRequest(name=poll.name), metadata=staff)
        await devices.decrypt(voting, poll.name, scrutineers, ["d0", "d1"], deputy)
    tied = await voting.OpenPoll(vpb.OpenPollRequest(parent=session.name, poll=vpb.Poll(
        title="票决", candidate_list=lists, method=vpb.ELECTRONIC)), metadata=staff)
    await cast_and_close(tied, candidates)
    runoff = await voting.OpenPoll(vpb.OpenPollRequest(parent=session.name, poll=vpb.Poll(
        title="再次投票", runoff_of=tied.name, method=vpb.ELECTRONIC)), metadata=staff)
    await cast_and_close(runoff, candidates[:1])
    await voting.FileResult(vpb.FileResultRequest(poll=runoff.name), metadata=staff)


async def test_every_aggregate_of_the_three_services_is_numbered_1_to_n(stack, channel_to, issuer, new_town,
                                                                         nats_client, sql):
    collection = Collection(channel_to("collection"), issuer, new_town)
    await _collect_and_review(collection, Review(channel_to("review"), issuer, new_town))
    await _vote(VotingServiceStub(channel_to("voting")), issuer, new_town)

    def count(query: str) -> int:
        return sum(sql(query.format(schema=s), (new_town,))[0][0] for s in registry.SERVICES)

    async def answered_and_published():
        answers = sql("SELECT count(*) FROM collection.proposals WHERE town_id = %s AND answer_text IS NOT NULL",
                      (new_town,))[0][0]
        waiting = count("SELECT count(*) FROM {schema}.outbox WHERE town_id = %s AND published_at IS NULL")
        # Supervision registers the adopted project from voting's decision.
        registered = sql("SELECT count(*) FROM supervision.projects WHERE town_id = %s", (new_town,))[0][0]
        # The district's receipt of the filing is an event too (filing_accepted).
        # (in the read models' live generation: a rebuild switches between filings_a and filings_b)
        live = sql("SELECT live FROM district.generation")[0][0]
        filed = sql(f"SELECT count(*) FROM district.filings_{live} WHERE town_id = %s", (new_town,))[0][0]
        # The merged, the screened out, the one not recommended, and both candidates' proposers.
        return answers == 5 and registered == 1 and filed == 1 and waiting == 0
    await wait_for(answered_and_published, what="the answers from review and voting, the project registered, "
                                                "the filing received, and every event published")

    recorded = count("SELECT count(*) FROM {schema}.outbox WHERE town_id = %s")
    found = envelopes(await collect(nats_client.jetstream(), f"minsheng.{new_town}.>", expected=recorded))
    assert len(found) == recorded
    assert {e.source for e in found} == {"collection", "review", "voting", "supervision", "district"}
    assert_numbered_from_one(found)
    def history(aggregate: str) -> list[str]:
        return [e.event_type for e in sorted((e for e in found if e.aggregate_id == aggregate),
                                             key=lambda e: e.aggregate_sequence)]
    tied, runoff = [e.aggregate_id for e in found if e.event_type == "poll_opened"]
    cast = ["poll_opened"] + ["ballot_accepted"] * 5 + ["poll_closed", "result_announced"]
    assert history(tied) == cast + ["runoff_required"]  # both candidates tie
    assert history(runoff) == cast + ["result_filed"]
    assert history(f"towns/{new_town}/candidateLists/2024") == ["projects_adopted"]
    # And every event any test has recorded so far, in every town.
    for service in registry.SERVICES:
        everything = sql(f"SELECT envelope FROM {service}.outbox")
        assert_numbered_from_one([Envelope.FromString(bytes(row[0])) for row in everything])


async def test_a_new_aggregates_history_starts_at_1_once(stack, new_town, sql):
    database = Database(stack.database_url("api"))
    units = DatabaseUnits(database, models.event_tables, "collection", models.Repository)
    aggregate = f"towns/{new_town}/proposals/new"
    async with units(new_town) as uow:
        uow.record(aggregate, ev.ProposalAnswered(proposal=aggregate, answer="1"), new_aggregate=True)
        uow.record(aggregate, ev.ProposalAnswered(proposal=aggregate, answer="2"))
    async with units(new_town) as uow:
        uow.record(aggregate, ev.ProposalAnswered(proposal=aggregate, answer="3"))
    with pytest.raises(IntegrityError):  # a second start of the same history
        async with units(new_town) as uow:
            uow.record(aggregate, ev.ProposalAnswered(proposal=aggregate, answer="again"), new_aggregate=True)
    found = [Envelope.FromString(bytes(row[0])) for row in sql(
        "SELECT envelope FROM collection.outbox WHERE town_id = %s ORDER BY seq", (new_town,))]
    assert [(e.aggregate_sequence, events.unpack(e).answer) for e in found] == [(1, "1"), (2, "2"), (3, "3")]
    await database.close()


async def test_the_database_writes_numbers_of_any_length_into_a_going_historys_envelopes(stack, new_town, sql):
    """A going history's events are numbered by the database as it commits them: 127 and 128,
    16,383 and 16,384, and 2**40 take one, two, three and six bytes in the envelope."""
    database = Database(stack.database_url("api"))
    units = DatabaseUnits(database, models.event_tables, "collection", models.Repository)
    expected = []
    for last in (126, 16_382, 2 ** 40 - 1):
        aggregate = f"towns/{new_town}/proposals/from-{last}"
        sql("INSERT INTO collection.aggregate_sequences (town_id, aggregate_id, last_sequence) VALUES (%s, %s, %s)",
            (new_town, aggregate, last))
        async with units(new_town) as uow:
            for n in range(3):
                uow.record(aggregate, ev.ProposalAnswered(proposal=aggregate, answer=str(n)))
        expected += [(aggregate, last + 1 + n, str(n)) for n in range(3)]
    found = [Envelope.FromString(bytes(row[0])) for row in sql(
        "SELECT envelope FROM collection.outbox WHERE town_id = %s ORDER BY seq", (new_town,))]
    assert [(e.aggregate_id, e.aggregate_sequence, events.unpack(e).answer) for e in found] == expected
    assert sql("SELECT last_sequence FROM collection.aggregate_sequences WHERE town_id = %s ORDER BY last_sequence",
               (new_town,)) == [(129,), (16_385,), (2 ** 40 + 2,)]
    await database.close()
