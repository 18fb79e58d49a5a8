"""Use cases of review: one transaction each, the state change and its events together.

Every step that changes an item or the list locks the year's review row first, so a step
and the transition that would forbid it (e.g. an assessment and the proposal of the
recommendations) never interleave."""
import uuid
from dataclasses import dataclass

from minsheng.events.v1 import review_events_pb2 as ev
from minsheng.events.v1.collection_events_pb2 import ProposalScreened
from minsheng.events.v1.envelope_pb2 import Envelope
from services.platform import audit
from services.platform.auth import DEPUTY, DISTRICT, STAFF, Caller
from services.platform.errors import FailedPrecondition, NotFound
from services.platform.names import town_of
from services.platform.uow import Context, UnitOfWork
from services.review import domain
from services.review.domain import (ITEM, REVIEW, Activity, Assessment, CompetitiveListRule, Member,
                                    PresidiumChange, Ranked, Recommendation, Review, ReviewItem, ReviewState)
from services.review.models import Repository

# The actor of steps taken on another service's event.
COLLECTION_ACTOR = "collection-service"


@dataclass(frozen=True)
class ReviewView:
    """A review with its items, which its ranking and candidate list are made of."""
    review: Review
    items: list[ReviewItem]

    @property
    def ranking(self) -> list[Ranked]:
        return self.review.current_ranking(self.items)

    def item(self, item_id: str) -> ReviewItem:
        return next(i for i in self.items if i.id == item_id)


async def take_shortlisted(ctx: Context, uow: UnitOfWork[Repository], screened: ProposalScreened,
                           envelope: Envelope) -> None:
    """A shortlisted proposal becomes a review item of its town and year, once: the inbox
    drops a redelivered event, and the unique (town, year, proposal) drops a republished one."""
    if not isinstance(screened, ProposalScreened) or screened.outcome != ProposalScreened.SHORTLISTED:
        return
    town_id = envelope.town_id
    if town_of(screened.proposal) != town_id:
        raise ValueError(f"event of town {town_id!r} names another town's proposal")
    repo = uow.repo
    now = audit.now()
    item = ReviewItem(
        id=str(uuid.uuid4()), town_id=town_id, year=screened.year, proposal=screened.proposal,
        title=screened.title, content=screened.content, location=screened.location, category=screened.category,
        estimated_cost_yuan=screened.estimated_cost_yuan if screened.HasField("estimated_cost_yuan") else None,
        completion_time_frame=screened.completion_time_frame, suggested_implementer=screened.suggested_implementer,
        supporter_count=screened.supporter_count,
        history=[domain.AuditEntry(COLLECTION_ACTOR, "received", now, "shortlisted in collection")])
    # Locked, so an approval cannot slip between reading the review and adding the item.
    review = await repo.review(town_id, screened.year, for_update=True)
    if await repo.add_item(item) and review is not None and review.state is ReviewState.APPROVED:
        _answer_back(uow, item, review.late_answer())


async def open_review(ctx: Context, caller: Caller, town_id: str, *, year: int, title: str,
                      rule: CompetitiveListRule) -> ReviewView:
    caller.require(town_id, STAFF)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        review = domain.new_review(town_id=town_id, year=year, title=title, rule=rule, actor=caller.subject,
                                   now=audit.now())
        if not await repo.add_review(review):
            existing = await repo.review(town_id, year)
            if (existing.title, existing.rule) == (title, rule):
                return ReviewView(existing, await repo.items(town_id, year))  # a retried call
            raise FailedPrecondition(f"the {year} review is open already", reason="REVIEW_EXISTS")
        uow.record(review.name, ev.ReviewOpened(
            review=review.name, year=year, min_margin_percent=rule.min_margin_percent,
            allow_equal_list=rule.allow_equal_list))
        return ReviewView(review, await repo.items(town_id, year))


async def _review(repo: Repository, town_id: str, year: int, *, for_update: bool = False) -> Review:
    review = await repo.review(town_id, year, for_update=for_update)
    if review is None:
        if for_update:
            raise FailedPrecondition(f"open the {year} review first", reason="REVIEW_NOT_OPENED")
        raise NotFound(f"no review {REVIEW.format(town=town_id, year=year)}")
    return review


async def get_review(ctx: Context, caller: Caller, town_id: str, year: int) -> ReviewView:
    caller.require(town_id, STAFF, DEPUTY, DISTRICT)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        return ReviewView(await _review(repo, town_id, year), await repo.items(town_id, year))


async def form_work_group(ctx: Context, caller: Caller, town_id: str, year: int,
                          members: list[Member]) -> ReviewView:
    caller.require(town_id, STAFF)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        review = await _review(repo, town_id, year, for_update=True)
        review.form_work_group(members, caller.subject, audit.now())
        await repo.save_review(review)
        return ReviewView(review, await repo.items(town_id, year))


async def _ranks(repo: Repository, town_id: str, year: int) -> dict[str, Ranked]:
    review = await repo.review(town_id, year)
    if review is None:
        return {}
    return {r.item_id: r for r in review.current_ranking(await repo.items(town_id, year))}


async def get_item(ctx: Context, caller: Caller, town_id: str, year: int,
                   item_id: str) -> tuple[ReviewItem, Ranked | None]:
    caller.require(town_id, STAFF, DEPUTY, DISTRICT)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        item = await repo.item(town_id, year, item_id)
        return item, (await _ranks(repo, town_id, year)).get(item_id)


async def list_items(ctx: Context, caller: Caller, town_id: str,
                     year: int) -> list[tuple[ReviewItem, Ranked | None]]:
    """Ranked items first in rank order, then the others in order of arrival."""
    caller.require(town_id, STAFF, DEPUTY, DISTRICT)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        ranks = await _ranks(repo, town_id, year)
        found = [(item, ranks.get(item.id)) for item in await repo.items(town_id, year)]
    return sorted(found, key=lambda pair: pair[1].rank if pair[1] else len(ranks) + 1)


async def _change_item(ctx: Context, caller: Caller, town_id: str, year: int, item_id: str,
                       change) -> tuple[ReviewItem, Ranked | None]:
    """Runs `change(uow, review, item, actor, now)` on the locked review's item and saves it."""
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        review = await _review(repo, town_id, year, for_update=True)
        item = await repo.item(town_id, year, item_id, for_update=True)
        change(uow, review, item, caller.subject, audit.now())
        await repo.save_item(item)
        return item, (await _ranks(repo, town_id, year)).get(item_id)


async def assign_assessors(ctx: Context, caller: Caller, town_id: str, year: int, item_id: str,
                           member_ids: list[str]) -> tuple[ReviewItem, Ranked | None]:
    caller.require(town_id, STAFF)

    def change(uow, review, item, actor, now):
        item.assign(review, member_ids, actor, now)
    return await _change_item(ctx, caller, town_id, year, item_id, change)


def _as_member(caller: Caller) -> str | None:
    """Staff record on a member's behalf; anyone else records as the member they are."""
    return None if caller.has(STAFF) else caller.subject


async def record_activity(ctx: Context, caller: Caller, town_id: str, year: int, item_id: str,
                          activity: Activity) -> tuple[ReviewItem, Ranked | None]:
    caller.require(town_id, STAFF, DEPUTY)

    def change(uow, review, item, actor, now):
        item.record_activity(review, activity, actor, now, as_member=_as_member(caller))
    return await _change_item(ctx, caller, town_id, year, item_id, change)


async def record_assessment(ctx: Context, caller: Caller, town_id: str, year: int, item_id: str,
                            assessment: Assessment) -> tuple[ReviewItem, Ranked | None]:
    caller.require(town_id, STAFF, DEPUTY)

    def change(uow, review, item, actor, now):
        item.assess(review, assessment, actor, now, as_member=_as_member(caller))
        a = item.assessment
        uow.record(item.name, ev.AssessmentRecorded(
            item=item.name, proposal=item.proposal, year=year, recommendation=a.recommendation.value,
            total_score=a.total, urgent=a.urgent, mature=a.mature))
    return await _change_item(ctx, caller, town_id, year, item_id, change)


async def _change_review(ctx: Context, caller: Caller, town_id: str, year: int, change) -> ReviewView:
    """Runs `change(uow, review, items, actor, now)` on the locked review and saves it."""
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        review = await _review(repo, town_id, year, for_update=True)
        items = await repo.items(town_id, year)
        change(uow, review, items, caller.subject, audit.now())
        await repo.save_review(review)
        return ReviewView(review, items)


async def move_item(ctx: Context, caller: Caller, town_id: str, year: int, item_id: str, position: int,
                    reason: str) -> ReviewView:
    caller.require(town_id, STAFF)

    def change(uow, review, items, actor, now):
        if item_id not in {i.id for i in items}:
            raise NotFound(f"no review item {ITEM.format(town=town_id, year=year, item=item_id)}")
        review.move(items, item_id, position, reason, actor, now)
    return await _change_review(ctx, caller, town_id, year, change)


async def propose_recommendations(ctx: Context, caller: Caller, town_id: str, year: int) -> ReviewView:
    caller.require(town_id, STAFF)

    def change(uow, review, items, actor, now):
        ranked = review.propose(items, actor, now)
        view = ReviewView(review, items)
        uow.record(review.name, ev.RecommendationsProposed(
            review=review.name, year=year, items=[view.item(r.item_id).name for r in ranked]))
    return await _change_review(ctx, caller, town_id, year, change)


async def decide_presidium(ctx: Context, caller: Caller, town_id: str, year: int, *, record: str,
                           removals: list[PresidiumChange], additions: list[PresidiumChange]) -> ReviewView:
    caller.require(town_id, STAFF)

    def change(uow, review, items, actor, now):
        by_id = {i.id: i for i in items}
        review.decide_presidium(by_id, record, removals, additions, actor, now)
        uow.record(review.name, ev.PresidiumDecided(
            review=review.name, year=year, record=record, removed=[by_id[c.item_id].name for c in removals],
            added=[by_id[c.item_id].name for c in additions], items=[by_id[r.item_id].name for r in review.ranking]))
    return await _change_review(ctx, caller, town_id, year, change)


def _candidate(item: ReviewItem, rank: int) -> ev.Candidate:
    p = item.assessment.project
    return ev.Candidate(candidate_id=item.name, proposal=item.proposal, rank=rank, title=p.title,
                        description=p.description, location=p.location, budget_yuan=p.budget_yuan,
                        funding_source=p.funding_source, responsible_unit=p.responsible_unit,
                        completion_deadline=p.completion_deadline.isoformat())


async def approve_candidate_list(ctx: Context, caller: Caller, town_id: str, year: int, *, approval_record: str,
                                 seats: int) -> ReviewView:
    """Freezes the list; the voting service takes CandidateListApproved, and the collection
    service answers the proposers of the items that did not become candidates."""
    caller.require(town_id, STAFF)

    def change(uow, review, items, actor, now):
        review.approve(approval_record, seats, actor, now)
        view = ReviewView(review, items)
        uow.record(review.name, ev.CandidateListApproved(
            review=review.name, year=year, seats=seats, approval_record=approval_record,
            candidates=[_candidate(view.item(r.item_id), r.rank) for r in review.ranking]))
        for item, answer in review.answers(items):
            _answer_back(uow, item, answer)
    return await _change_review(ctx, caller, town_id, year, change)


def _answer_back(uow: UnitOfWork, item: ReviewItem, answer: str) -> None:
    """Tells collection the answer to the proposer of an item that is not a candidate: an
    event in the item's history, the last of it."""
    recommendation = item.assessment.recommendation if item.assessment else Recommendation.RESERVE_POOL
    uow.record(item.name, ev.ItemNotRecommended(
        item=item.name, proposal=item.proposal, year=item.year, recommendation=recommendation.value,
        answer=answer))
