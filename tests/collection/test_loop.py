"""Collection's part of the year's loop, through the real services, NATS and PostgreSQL: a
town's own criteria and negative list recorded with each screening, the reserve pool carried
into a later year, and every candidate's proposer told the vote's outcome."""
import grpc
import pytest

from minsheng.collection.v1 import collection_pb2 as pb
from minsheng.events.v1.collection_events_pb2 import ProposalScreened
from minsheng.review.v1 import review_pb2 as rpb
from minsheng.voting.v1 import voting_pb2 as vpb
from minsheng.voting.v1.voting_pb2_grpc import VotingServiceStub
from services.platform import events
from services.voting import devices
from tests.collection.client import Collection
from tests.events import collect, envelopes
from tests.helpers import expect_error, field_violations, reason, staff_of, violations, wait_for
from tests.review.client import Review, assessment_message, shortlist
from tests.voting.conftest import wait_for_list

pytestmark = pytest.mark.integration
INVALID, REFUSED = grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.FAILED_PRECONDITION
OWN_CRITERIA = ["群众呼声高", "覆盖范围广", "政府可执行", "当年能完成"]


@pytest.fixture
async def collection(channel_to, issuer, new_town) -> Collection:
    """Async, so the aio channel is made on the test's event loop."""
    return Collection(channel_to("collection"), issuer, new_town)


async def proposal(collection: Collection, name: str) -> pb.Proposal:
    return await collection.stub.GetProposal(pb.GetProposalRequest(name=name), metadata=collection.staff)


async def test_a_towns_own_criteria_and_negative_list_are_recorded_with_each_screening(collection, nats_client):
    cycle = await collection.open_cycle(criteria=OWN_CRITERIA, additional_criteria=["用地已落实"],
                                        negative_list=pb.NegativeList(entries=[
                                            pb.NegativeEntry(name="楼堂馆所", keywords=["办公楼", "会所"])]))
    in_force = OWN_CRITERIA + ["用地已落实"]
    assert list(cycle.screening_criteria) == in_force and [e.name for e in cycle.negative_list.entries] == ["楼堂馆所"]
    office = await collection.submit(title="村委会办公楼装修")
    error = await expect_error(collection.screen(office.name, pb.NOT_SHORTLISTED, explanation="不符合条件"), INVALID)
    # The seed's four are not in force, and the refusal does not name the entry.
    assert field_violations(error) == {"results", "explanation"} and "楼堂馆所" in violations(error)["explanation"]
    refused = await collection.screen(office.name, pb.NOT_SHORTLISTED, criteria=in_force,
                                      explanation="属于负面清单“楼堂馆所”，不列入民生实事项目")
    assert [(m.entry, m.keyword) for m in refused.screening.negative_matches] == [("楼堂馆所", "办公楼")]
    assert list(refused.screening.criteria) == in_force

    crossing = await collection.submit(title="会所路口红绿灯", content="学校旁会所路口车流大，需安装红绿灯")
    error = await expect_error(collection.screen(crossing.name, criteria=in_force), INVALID)
    assert field_violations(error) == {"negative_list_override"}
    kept = await collection.screen(crossing.name, criteria=in_force,
                                   negative_list_override="交通安全设施，不是会所建设")
    assert kept.state == pb.Proposal.SHORTLISTED and kept.screening.override_reason == "交通安全设施，不是会所建设"
    screened = [events.unpack(e) for e in envelopes(await collect(
        nats_client.jetstream(), events.subject(collection.town, "collection", "proposal_screened"), expected=2))]
    flagged = next(e for e in screened if isinstance(e, ProposalScreened) and e.proposal == crossing.name)
    assert list(flagged.negative_list_entries) == ["楼堂馆所"] and flagged.negative_list_override


async def test_kept_for_the_pool_by_review_then_carried_into_a_later_year_and_reviewed_again(
        collection, channel_to, issuer):
    by_title = {p.title: p for p in await shortlist(collection, ["村道硬化", "路灯安装", "污水治理"])}
    review = Review(channel_to("review"), issuer, collection.town)
    await review.open()
    await review.form_work_group()
    items = {i.title: i for i in await review.wait_for_items(3)}
    for title in ("村道硬化", "路灯安装"):
        await review.assess(items[title].name, assessment_message(title=title))
    await review.assess(items["污水治理"].name, assessment_message(
        title="污水治理", recommendation=rpb.RESERVE_POOL, reason="资金未落实，列入储备库"))
    await review.propose()
    await review.decide()
    await review.approve(seats=1)
    pooled = by_title["污水治理"]

    async def in_pool():
        found = await proposal(collection, pooled.name)
        return found if found.state == pb.Proposal.RESERVE_POOL else None
    kept = await wait_for(in_pool, what="review's reserve-pool answer")
    assert "资金未落实" in kept.answer.text
    assert [p.name for p in await collection.list(state=pb.Proposal.RESERVE_POOL)] == [pooled.name]

    await collection.stub.CloseCollectionCycle(pb.CloseCollectionCycleRequest(
        name=f"towns/{collection.town}/collectionCycles/2024"), metadata=collection.staff)
    later = await collection.open_cycle(2025)

    def carry(name: str, cycle: str = later.name):
        return collection.stub.CarryProposal(pb.CarryProposalRequest(name=name, collection_cycle=cycle),
                                             metadata=collection.staff)
    error = await expect_error(carry(by_title["村道硬化"].name), REFUSED)
    assert reason(error) == "NOT_IN_RESERVE_POOL"
    error = await expect_error(carry(pooled.name, f"towns/{collection.town}/collectionCycles/2024"), INVALID)
    assert field_violations(error) == {"collection_cycle"}
    carried = await carry(pooled.name)
    assert (carried.state, carried.year, carried.HasField("answer")) == (pb.Proposal.SUBMITTED, 2025, False)
    assert [(r.year, r.screening.outcome, r.answer.text) for r in carried.earlier] == [
        (2024, pb.SHORTLISTED, kept.answer.text)]
    retried = await carry(pooled.name)
    assert (retried.year, len(retried.history), len(retried.earlier)) == (2025, len(carried.history), 1)
    await collection.screen(pooled.name)
    again = await Review(channel_to("review"), issuer, collection.town, year=2025).wait_for_items(1)
    assert [(i.proposal, i.title) for i in again] == [(pooled.name, "污水治理")]


async def test_every_candidates_proposer_follows_the_vote_outcome_by_receipt_code(collection, channel_to, issuer):
    submitted = {p.name: p for p in await shortlist(collection, ["村道硬化", "路灯安装", "污水治理"])}
    town = collection.town
    review = Review(channel_to("review"), issuer, town)
    await review.open()
    await review.form_work_group()
    for item in await review.wait_for_items(3):
        await review.assess(item.name, assessment_message(title=item.title))
    await review.propose()
    await review.decide()
    await review.approve(seats=2)

    voting, staff = VotingServiceStub(channel_to("voting")), staff_of(issuer, town)
    deputies = [f"{town}-d{i}" for i in range(3)]
    for deputy in deputies:
        await voting.AddDeputy(vpb.AddDeputyRequest(parent=f"towns/{town}/terms/1", deputy_id=deputy, deputy=vpb.Deputy(
            display_name="代表", took_office="2021-01-01")), metadata=staff)
    session = await voting.OpenSession(vpb.OpenSessionRequest(parent=f"towns/{town}", session=vpb.Session(
        term="1", title="第一次会议", session_date="2024-02-20", chief_scrutineer=deputies[0],
        scrutineers=[deputies[1]])), metadata=staff)
    await voting.CheckInDeputies(vpb.CheckInDeputiesRequest(name=session.name, deputies=deputies), metadata=staff)
    list_name = f"towns/{town}/candidateLists/2024"
    await wait_for_list(voting, list_name, staff, 3)

    def deputy(d: str):
        return issuer.metadata(d, town, "deputy")
    scrutineers = await devices.hold_key_ceremony(voting, session.name, deputies[0], deputy)
    poll = await voting.OpenPoll(vpb.OpenPollRequest(parent=session.name, poll=vpb.Poll(
        title="票决", candidate_list=list_name, method=vpb.ELECTRONIC)), metadata=staff)
    ids = [c.candidate_id for c in poll.candidates]
    for d in deputies:
        await devices.cast(voting, poll, "FF-", deputy(d))
    await voting.ClosePoll(vpb.ClosePollRequest(name=poll.name), metadata=staff)
    await devices.decrypt(voting, poll.name, scrutineers, deputies[:2], deputy)
    listed = await voting.GetCandidateList(vpb.GetCandidateListRequest(name=list_name), metadata=staff)
    adopted = set(listed.decision.adopted)
    assert adopted == set(ids[:2])

    async def follow(candidate: vpb.Candidate) -> pb.Proposal:
        code = submitted[candidate.proposal].receipt_code
        return await collection.stub.FollowProposal(pb.FollowProposalRequest(
            parent=f"towns/{town}", receipt_code=code), metadata=collection.public)

    async def told():
        followed = [(c, await follow(c)) for c in listed.candidates]
        return followed if all(p.state in (pb.Proposal.ADOPTED, pb.Proposal.NOT_ADOPTED) for _, p in followed) \
            else None
    for candidate, followed in await wait_for(told, what="the proposers told the vote's outcome"):
        if candidate.candidate_id in adopted:
            assert followed.state == pb.Proposal.ADOPTED
            assert f"由{candidate.responsible_unit}负责实施" in followed.answer.text
        else:
            assert followed.state == pb.Proposal.NOT_ADOPTED and "未当选2024年度民生实事项目" in followed.answer.text
        assert followed.proposer.name == "张*"  # followed by receipt code: masked
