"""Collection's use cases through in-memory units of work: no stack, the same handlers the
API and the consumer run. The fake repository keeps domain objects in a store."""
import copy
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from minsheng.events.v1 import collection_events_pb2 as ev
from minsheng.events.v1.review_events_pb2 import RESERVE_POOL, ItemNotRecommended
from minsheng.events.v1.voting_events_pb2 import AdoptedProject, ProjectsAdopted
from services.collection import handlers
from services.collection.consumers import SUBSCRIPTIONS
from services.collection import domain
from services.collection.domain import Channel, CollectionCycle, CycleState, Outcome, Proposal, ProposalState
from services.platform import audit, events
from services.platform.auth import PUBLIC, STAFF, SYSTEM, Caller
from services.platform.config import Town
from services.platform.consumer import Consumer
from services.platform.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from services.platform.memory import memory_context
from tests.collection.test_domain import all_pass, draft

TOWN = "xihu"
STAFF_CALLER = Caller("staff-xihu", TOWN, frozenset({STAFF}))


@dataclass
class Store:
    cycles: dict[tuple[str, int], CollectionCycle] = field(default_factory=dict)
    proposals: dict[str, Proposal] = field(default_factory=dict)
    requests: dict[tuple[str, str], str] = field(default_factory=dict)


class Proposals:
    """Collection's repository, in memory: the methods these use cases call."""

    def __init__(self, store: Store):
        self.store = store

    async def hold_cycles(self, town_id: str, *, exclusive: bool) -> None:
        """One unit of work at a time in memory: nothing to hold."""

    async def cycle(self, town_id: str, year: int) -> CollectionCycle | None:
        return self.store.cycles.get((town_id, year))

    async def open_cycle(self, town_id: str) -> CollectionCycle | None:
        return next((c for (t, _), c in self.store.cycles.items() if t == town_id and c.state is CycleState.OPEN),
                    None)

    async def add_cycle(self, cycle: CollectionCycle) -> None:
        self.store.cycles[cycle.town_id, cycle.year] = cycle

    async def save_cycle(self, cycle: CollectionCycle) -> None:
        self.store.cycles[cycle.town_id, cycle.year] = cycle

    async def proposal(self, town_id: str, proposal_id: str, *, for_update: bool = False) -> Proposal:
        found = self.store.proposals.get(proposal_id)
        if found is None or found.town_id != town_id:
            raise NotFound("no such proposal")
        return found

    async def proposals_by_requests(self, town_id: str, request_ids: list[str]) -> dict[str, Proposal]:
        stored = {r: self.store.requests.get((town_id, r)) for r in request_ids}
        return {r: self.store.proposals[p] for r, p in stored.items() if p}

    async def add_proposals(self, town_id: str, added: list[tuple[Proposal, str | None]]) -> set[str]:
        inserted = set()
        for proposal, request_id in added:
            if request_id and (town_id, request_id) in self.store.requests:
                continue
            if request_id:
                self.store.requests[town_id, request_id] = proposal.id
            self.store.proposals[proposal.id] = proposal
            inserted.add(proposal.id)
        return inserted

    async def save_proposal(self, proposal: Proposal) -> None:
        self.store.proposals[proposal.id] = proposal


@pytest.fixture
def collection():
    return memory_context(Store(), Proposals, towns=(Town(TOWN, "西湖镇"), Town("chentuan", "陈疃镇")))


async def open_cycle(ctx, **changes) -> CollectionCycle:
    now = audit.now()
    fields = dict(year=2024, title="征集公告", announcement="公告正文", opens_at=now - timedelta(days=1),
                  closes_at=now + timedelta(days=30), additional_criteria=[])
    return await handlers.open_cycle(ctx, STAFF_CALLER, TOWN, **(fields | changes))


async def test_a_proposal_is_submitted_once_per_request_and_screened_in_its_history(collection):
    ctx = collection
    await open_cycle(ctx)
    first = await handlers.submit_proposal(ctx, STAFF_CALLER, TOWN, draft(), "request-1")
    again = await handlers.submit_proposal(ctx, STAFF_CALLER, TOWN, draft(), "request-1")
    assert again.id == first.id and first.year == 2024 and first.state is ProposalState.SUBMITTED
    before = copy.deepcopy((ctx.unit_of_work.store, ctx.unit_of_work.events))
    with pytest.raises(InvalidArgument):  # not shortlisted needs an explanation: nothing changes
        await handlers.screen_proposal(ctx, STAFF_CALLER, TOWN, first.id, results=all_pass(群众有需求="no"),
                                       outcome=Outcome.NOT_SHORTLISTED, explanation="", cycle_year=None)
    assert (ctx.unit_of_work.store, ctx.unit_of_work.events) == before
    screened = await handlers.screen_proposal(ctx, STAFF_CALLER, TOWN, first.id, results=all_pass(),
                                              outcome=Outcome.SHORTLISTED, explanation="", cycle_year=None)
    assert screened.state is ProposalState.SHORTLISTED
    history = [e for e in ctx.unit_of_work.events if e.aggregate_id == first.name]
    assert [type(e.payload) for e in history] == [ev.ProposalSubmitted, ev.ProposalScreened]
    assert [e.aggregate_sequence for e in history] == [1, 2]
    assert history[1].payload.outcome == ev.ProposalScreened.SHORTLISTED


async def test_outside_an_open_cycle_a_proposal_goes_to_the_reserve_pool(collection):
    proposal = await handlers.submit_proposal(collection, STAFF_CALLER, TOWN, draft(), "")
    assert proposal.state is ProposalState.RESERVE_POOL and proposal.year is None
    assert collection.unit_of_work.of(proposal.name) == [ev.ProposalSubmitted(
        proposal=proposal.name, channel="WEB", category="交通", in_reserve_pool=True)]


async def test_the_reviews_answer_is_recorded_once_and_an_earlier_answer_stands(collection):
    ctx = collection
    await open_cycle(ctx)
    proposal = await handlers.submit_proposal(ctx, STAFF_CALLER, TOWN, draft(), "")
    await handlers.screen_proposal(ctx, STAFF_CALLER, TOWN, proposal.id, results=all_pass(),
                                   outcome=Outcome.SHORTLISTED, explanation="", cycle_year=None)
    consumer = Consumer(ctx, js=None, service="collection", subscription=SUBSCRIPTIONS[0])

    def decided(answer: str):
        return events.new_envelope(town_id=TOWN, source="review", aggregate_id="towns/xihu/reviews/2024/items/i",
                                   aggregate_sequence=1, payload=ItemNotRecommended(proposal=proposal.name,
                                                                                    answer=answer))
    first = decided("资金未落实，列入储备库")
    assert await consumer.apply(first) and not await consumer.apply(first)
    assert await consumer.apply(decided("another answer"))  # a second decision: applied, but changes nothing
    answered = await handlers.get_proposal(ctx, STAFF_CALLER, TOWN, proposal.id)
    assert answered.answer.text == "资金未落实，列入储备库"
    assert [type(p) for p in ctx.unit_of_work.of(proposal.name)] == [
        ev.ProposalSubmitted, ev.ProposalScreened, ev.ProposalAnswered]


async def test_a_system_submits_on_its_own_channel_for_the_towns_it_serves(collection):
    hotline = Caller("hotline-12345", None, frozenset({SYSTEM}), towns=frozenset({TOWN}), channel="HOTLINE_12345")
    proposal = await handlers.submit_proposal(collection, hotline, TOWN, draft(channel=Channel.HOTLINE_12345), "")
    assert proposal.draft.channel is Channel.HOTLINE_12345 and proposal.history[0].actor == "hotline-12345"
    before = copy.deepcopy(collection.unit_of_work.store)
    with pytest.raises(PermissionDenied, match="HOTLINE_12345 channel only"):
        await handlers.submit_proposal(collection, hotline, TOWN, draft(channel=Channel.WEB), "")
    elsewhere = Caller("hotline-12345", None, frozenset({SYSTEM}), towns=frozenset({"chentuan"}),
                       channel="HOTLINE_12345")
    with pytest.raises(PermissionDenied):
        await handlers.submit_proposal(collection, elsewhere, TOWN, draft(channel=Channel.HOTLINE_12345), "")
    with pytest.raises(InvalidArgument):  # the public still submits online or on the web only
        await handlers.submit_proposal(collection, Caller("citizen", TOWN, frozenset({PUBLIC})), TOWN,
                                       draft(channel=Channel.HOTLINE_12345), "")
    assert collection.unit_of_work.store == before


async def shortlisted(ctx, title: str = "村道硬化") -> Proposal:
    proposal = await handlers.submit_proposal(ctx, STAFF_CALLER, TOWN, draft(title=title), "")
    return await handlers.screen_proposal(ctx, STAFF_CALLER, TOWN, proposal.id, results=all_pass(),
                                          outcome=Outcome.SHORTLISTED, explanation="", cycle_year=None)


def from_review(proposal: Proposal, answer: str, recommendation: int):
    return events.new_envelope(town_id=TOWN, source="review", aggregate_id="towns/xihu/reviews/2024/items/i",
                               aggregate_sequence=1, payload=ItemNotRecommended(
                                   proposal=proposal.name, answer=answer, recommendation=recommendation))


async def test_kept_for_the_pool_by_review_then_carried_into_a_later_year_and_screened_again(collection):
    ctx = collection
    await open_cycle(ctx)
    proposal = await shortlisted(ctx)
    consumer = Consumer(ctx, js=None, service="collection", subscription=SUBSCRIPTIONS[0])
    await consumer.apply(from_review(proposal, "列入项目储备库，待以后年度统筹考虑", RESERVE_POOL))
    kept = await handlers.get_proposal(ctx, STAFF_CALLER, TOWN, proposal.id)
    assert kept.state is ProposalState.RESERVE_POOL and kept.answer.text.startswith("列入项目储备库")
    assert ctx.unit_of_work.of(proposal.name)[-1].state == ev.ProposalAnswered.RESERVE_POOL
    await handlers.close_cycle(ctx, STAFF_CALLER, TOWN, 2024)
    await open_cycle(ctx, year=2025, criteria=["群众呼声高", "覆盖范围广", "政府可执行", "当年能完成"])
    carried = await handlers.carry_proposal(ctx, STAFF_CALLER, TOWN, proposal.id, 2025)
    assert (carried.state, carried.year, carried.screening, carried.answer) == (ProposalState.SUBMITTED, 2025,
                                                                                None, None)
    assert carried.earlier[0].year == 2024 and carried.earlier[0].answer.text.startswith("列入项目储备库")
    assert ctx.unit_of_work.of(proposal.name)[-1] == ev.ProposalCarried(proposal=proposal.name, from_year=2024,
                                                                        year=2025)
    results = [domain.CriterionResult(c, True) for c in ("群众呼声高", "覆盖范围广", "政府可执行", "当年能完成")]
    screened = await handlers.screen_proposal(ctx, STAFF_CALLER, TOWN, proposal.id, results=results,
                                              outcome=Outcome.SHORTLISTED, explanation="", cycle_year=None)
    assert screened.screening.criteria == ("群众呼声高", "覆盖范围广", "政府可执行", "当年能完成")
    with pytest.raises(FailedPrecondition):  # carried once: it is no longer in the pool
        await handlers.carry_proposal(ctx, STAFF_CALLER, TOWN, proposal.id, 2025)


def adopted_event(town: str, *projects: tuple[str, bool]):
    def project(name: str) -> AdoptedProject:
        return AdoptedProject(proposal=name, title="村道硬化工程", responsible_unit="镇交通办",
                              completion_deadline="2024-11-30")
    payload = ProjectsAdopted(candidate_list=f"towns/{town}/candidateLists/2024", year=2024, seats=1,
                              adopted=[project(n) for n, adopted in projects if adopted],
                              not_adopted=[project(n) for n, adopted in projects if not adopted])
    return events.new_envelope(town_id=TOWN, source="voting", aggregate_id=payload.candidate_list,
                               aggregate_sequence=1, payload=payload)


async def test_every_candidates_proposer_is_told_the_votes_outcome_once(collection):
    ctx = collection
    await open_cycle(ctx)
    won, lost = await shortlisted(ctx), await shortlisted(ctx, title="路灯安装")
    consumer = Consumer(ctx, js=None, service="collection", subscription=SUBSCRIPTIONS[1])
    event = adopted_event(TOWN, (won.name, True), (lost.name, False))
    assert await consumer.apply(event)
    again = adopted_event(TOWN, (won.name, True), (lost.name, False))
    assert await consumer.apply(again)  # republished under a new id: nobody is told twice
    won, lost = [await handlers.get_proposal(ctx, STAFF_CALLER, TOWN, p.id) for p in (won, lost)]
    assert won.state is ProposalState.ADOPTED and "由镇交通办负责实施" in won.answer.text
    assert "2024年11月30日前完成" in won.answer.text
    assert lost.state is ProposalState.NOT_ADOPTED and "未当选2024年度民生实事项目" in lost.answer.text
    told = [e.payload for e in ctx.unit_of_work.events if isinstance(e.payload, ev.ProposalAnswered)]
    assert sorted(a.state for a in told) == sorted([ev.ProposalAnswered.ADOPTED, ev.ProposalAnswered.NOT_ADOPTED])
    before = copy.deepcopy(ctx.unit_of_work.store)
    with pytest.raises(ValueError):  # another town's proposal: a bug upstream, nothing changes
        await consumer.apply(adopted_event("chentuan", ("towns/chentuan/proposals/p", True)))
    assert ctx.unit_of_work.store == before
