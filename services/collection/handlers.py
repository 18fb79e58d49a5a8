"""Use cases of collection: one transaction each, the state change and its events together."""
import uuid
from dataclasses import dataclass
from datetime import date

from minsheng.events.v1 import collection_events_pb2 as ev
from minsheng.events.v1 import review_events_pb2
from minsheng.events.v1.envelope_pb2 import Envelope
from minsheng.events.v1.review_events_pb2 import ItemNotRecommended
from minsheng.events.v1.voting_events_pb2 import AdoptedProject, ProjectsAdopted
from services.collection import domain
from services.collection.domain import (CYCLE, PROPOSAL, Channel, CollectionCycle, Outcome, Proposal, ProposalDraft,
                                        ProposalState)
from services.collection.models import Repository
from services.platform import audit
from services.platform.auth import DEPUTY, DISTRICT, PUBLIC, STAFF, SYSTEM, Caller
from services.platform.errors import DomainError, FailedPrecondition, NotFound, PermissionDenied, Violations
from services.platform.uow import Context, UnitOfWork

# Page sizes for ListProposals (AIP-158).
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


async def open_cycle(ctx: Context, caller: Caller, town_id: str, **fields) -> CollectionCycle:
    caller.require(town_id, STAFF)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        now = audit.now()
        cycle = domain.new_cycle(town_id=town_id, actor=caller.subject, now=now, **fields)
        await repo.hold_cycles(town_id, exclusive=True)
        if existing := await repo.cycle(town_id, cycle.year):
            if existing.announces_as(cycle):
                return existing  # a retried call: the cycle it opened, and no second event
            raise FailedPrecondition(f"the {cycle.year} collection cycle exists already", reason="CYCLE_EXISTS")
        if await repo.open_cycle(town_id):
            raise FailedPrecondition("close the open collection cycle first", reason="ANOTHER_CYCLE_OPEN")
        await repo.add_cycle(cycle)
        uow.record(cycle.name, ev.CollectionCycleOpened(
            collection_cycle=cycle.name, year=cycle.year, title=cycle.title,
            opens_at=cycle.opens_at, closes_at=cycle.closes_at, screening_criteria=cycle.criteria,
            negative_list_entries=[e.name for e in cycle.negative_list.entries]))
    return cycle


async def close_cycle(ctx: Context, caller: Caller, town_id: str, year: int) -> CollectionCycle:
    caller.require(town_id, STAFF)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        await repo.hold_cycles(town_id, exclusive=True)
        cycle = await _cycle(repo, town_id, year)
        cycle.close(caller.subject, audit.now())
        await repo.save_cycle(cycle)
        uow.record(cycle.name, ev.CollectionCycleClosed(
            collection_cycle=cycle.name, year=cycle.year, proposal_count=cycle.proposal_count))
    return cycle


async def get_cycle(ctx: Context, caller: Caller, town_id: str, year: int) -> CollectionCycle:
    caller.require(town_id, PUBLIC, STAFF, DEPUTY, DISTRICT)  # the announcement is public
    async with ctx.unit_of_work(town_id) as uow:
        return await _cycle(uow.repo, town_id, year)


async def _cycle(repo: Repository, town_id: str, year: int) -> CollectionCycle:
    cycle = await repo.cycle(town_id, year)
    if cycle is None:
        raise NotFound(f"no collection cycle {CYCLE.format(town=town_id, year=year)}")
    return cycle


def _check_channel(caller: Caller, town_id: str, draft: ProposalDraft) -> str:
    """Who may submit through which channel; returns the deputy who entered it, if any."""
    caller.require(town_id, PUBLIC, DEPUTY, STAFF, SYSTEM)
    if caller.has(STAFF):
        return ""
    if caller.has(DEPUTY):
        return caller.subject
    if caller.has(SYSTEM):  # e.g. the 12345 hotline forwards what citizens phone in
        if draft.channel != caller.channel:
            raise PermissionDenied(f"this system submits on the {caller.channel} channel only",
                                   reason="CHANNEL_NOT_ALLOWED")
        return ""
    if draft.channel not in domain.PUBLIC_CHANNELS:
        v = Violations()
        v.add("proposal.channel", "the public submits online or on the web; other channels are entered by "
                                  "deputies or town staff")
        v.raise_if_any()
    return ""


@dataclass(frozen=True)
class Submission:
    """A proposal to store, its draft checked: who submitted it, and the deputy who entered it."""
    draft: ProposalDraft
    request_id: str
    submitter: str
    deputy: str


async def submit_proposal(ctx: Context, caller: Caller, town_id: str, draft: ProposalDraft,
                          request_id: str) -> Proposal:
    draft.validate()
    deputy = _check_channel(caller, town_id, draft)
    return await ctx.together(store_submissions, town_id, Submission(draft, request_id, caller.subject, deputy))


async def submit_proposals(ctx: Context, caller: Caller, town_id: str,
                           requests: list[tuple[ProposalDraft | DomainError, str]]) -> list[Proposal | Exception]:
    """Bulk intake by town staff (the hotline's records, a migration of old years): each
    (draft, request id) is stored or refused on its own, as a submission of its own would
    be. A draft the API could not read comes as its error."""
    caller.require(town_id, STAFF)
    results: list[Proposal | Exception | None] = []
    checked: list[tuple[int, Submission]] = []
    for draft, request_id in requests:
        try:
            if isinstance(draft, DomainError):
                raise draft
            draft.validate()
        except DomainError as error:
            results.append(error)
            continue
        checked.append((len(results), Submission(draft, request_id, caller.subject, "")))
        results.append(None)
    stored = await ctx.together_all(store_submissions, town_id, [s for _, s in checked])
    for (position, _), result in zip(checked, stored):
        results[position] = result
    return results


async def store_submissions(ctx: Context, uow: UnitOfWork[Repository], submissions: list[Submission]
                            ) -> list[Proposal]:
    """Submissions to one town at about the same time, in one unit of work (a group commit):
    the cycle gate is held and the open cycle read once for them all. A request id stored
    already (a retry) gives back the proposal that it stored, and no second event."""
    repo, town_id = uow.repo, uow.town_id
    await repo.hold_cycles(town_id, exclusive=False)
    cycle = await repo.open_cycle(town_id)
    now = audit.now()
    in_cycle = cycle is not None and cycle.accepts(now)
    by_request: dict[str, Proposal] = {}
    results, added = [], []
    for s in submissions:
        if s.request_id and s.request_id in by_request:  # the same request twice in one group
            results.append(by_request[s.request_id])
            continue
        proposal = Proposal(
            id=str(uuid.uuid4()), town_id=town_id, draft=s.draft, receipt_code=domain.new_receipt_code(),
            year=cycle.year if in_cycle else None,
            state=ProposalState.SUBMITTED if in_cycle else ProposalState.RESERVE_POOL,
            created_at=now, entered_by_deputy=s.deputy,
            history=[domain.AuditEntry(s.submitter, "submitted", now, s.draft.channel.value)])
        results.append(proposal)
        added.append((proposal, s.request_id or None))
        if s.request_id:
            by_request[s.request_id] = proposal
    inserted = await repo.add_proposals(town_id, added)
    if retried := [request_id for proposal, request_id in added if proposal.id not in inserted]:
        # Retries: the first call with each of these request ids stored the proposal (and its event).
        by_request.update(await repo.proposals_by_requests(town_id, retried))
        results = [by_request[s.request_id] if s.request_id else p for s, p in zip(submissions, results)]
    for proposal, _ in added:
        if proposal.id in inserted:
            uow.record(proposal.name, ev.ProposalSubmitted(
                proposal=proposal.name, year=proposal.year or 0, channel=proposal.draft.channel.value,
                category=proposal.draft.category, in_reserve_pool=not in_cycle), new_aggregate=True)
    return results


async def get_proposal(ctx: Context, caller: Caller, town_id: str, proposal_id: str) -> Proposal:
    caller.require(town_id, STAFF, DEPUTY, DISTRICT)
    async with ctx.unit_of_work(town_id) as uow:
        return await uow.repo.proposal(town_id, proposal_id)


async def follow_proposal(ctx: Context, caller: Caller, town_id: str, receipt_code: str) -> Proposal:
    caller.require(town_id, PUBLIC, DEPUTY, STAFF, SYSTEM)
    async with ctx.unit_of_work(town_id) as uow:
        return await uow.repo.proposal_by_receipt(town_id, receipt_code.strip().upper())


async def list_proposals(ctx: Context, caller: Caller, town_id: str, *, after_seq: int, page_size: int,
                         state: ProposalState | None, channel: Channel | None, year: int | None,
                         awaiting_answer: bool) -> tuple[list[Proposal], int | None]:
    """A page of proposals in submission order, and the last seq if more may follow."""
    caller.require(town_id, STAFF, DEPUTY, DISTRICT)
    limit = min(page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    async with ctx.unit_of_work(town_id) as uow:
        rows = await uow.repo.list_proposals(town_id, after_seq=after_seq, limit=limit + 1, state=state,
                                                     channel=channel, year=year, awaiting_answer=awaiting_answer)
    page = rows[:limit]
    more = len(rows) > limit
    return [p for _, p in page], (page[-1][0] if more else None)


async def merge_proposals(ctx: Context, caller: Caller, town_id: str, target_id: str,
                          duplicate_ids: list[str]) -> Proposal:
    caller.require(town_id, STAFF)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        # Lock in one order (by id) so two merges over the same proposals cannot deadlock.
        locked = {pid: await repo.proposal(town_id, pid, for_update=True)
                  for pid in sorted({target_id, *duplicate_ids})}
        target = locked[target_id]
        duplicates = [locked[pid] for pid in duplicate_ids]
        domain.merge(target, duplicates, actor=caller.subject, now=audit.now())
        for p in (target, *duplicates):
            await repo.save_proposal(p)
        uow.record(target.name, ev.ProposalsMerged(
            proposal=target.name, duplicates=[d.name for d in duplicates], supporter_count=target.supporter_count))
        for d in duplicates:
            uow.record(d.name, _answered(d))
    return target


def _answered(p: Proposal) -> ev.ProposalAnswered:
    return ev.ProposalAnswered(proposal=p.name, year=p.year or 0, state=p.state.value,
                               answer=p.answer.text)


async def screen_proposal(ctx: Context, caller: Caller, town_id: str, proposal_id: str, *,
                          results: list[domain.CriterionResult], outcome: Outcome | None, explanation: str,
                          cycle_year: int | None, negative_list_override: str = "") -> Proposal:
    """Screens by the cycle's criteria and negative list, both recorded with the screening."""
    caller.require(town_id, STAFF)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        proposal = await repo.proposal(town_id, proposal_id, for_update=True)
        year = proposal.year or cycle_year
        if year is None:
            v = Violations()
            v.add("collection_cycle", "required for a reserve-pool proposal received outside a cycle")
            v.raise_if_any()
        cycle = await _cycle(repo, town_id, year)
        proposal.screen(criteria=cycle.criteria, year=year, results=results, outcome=outcome,
                        explanation=explanation, actor=caller.subject, now=audit.now(),
                        negative_list=cycle.negative_list, override_reason=negative_list_override)
        await repo.save_proposal(proposal)
        uow.record(proposal.name, _screened(proposal))
    return proposal


def _screened(p: Proposal) -> ev.ProposalScreened:
    d, s = p.draft, p.screening
    return ev.ProposalScreened(
        proposal=p.name, year=p.year, outcome=s.outcome.value,
        results=[{"criterion": r.criterion, "passed": r.passed, "note": r.note} for r in s.results],
        explanation=s.explanation, title=d.title, content=d.content, location=d.location, category=d.category,
        estimated_cost_yuan=d.estimated_cost_yuan, completion_time_frame=d.completion_time_frame,
        suggested_implementer=d.suggested_implementer, supporter_count=p.supporter_count,
        negative_list_entries=[m.entry for m in s.negative_matches], negative_list_override=s.override_reason)


async def carry_proposal(ctx: Context, caller: Caller, town_id: str, proposal_id: str, year: int) -> Proposal:
    """Takes a reserve-pool proposal into a later year's cycle, to be screened again there."""
    caller.require(town_id, STAFF)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        proposal = await repo.proposal(town_id, proposal_id, for_update=True)
        cycle = await _cycle(repo, town_id, year)
        kept_since = proposal.year
        if not proposal.carry_into(cycle.year, caller.subject, audit.now()):
            return proposal
        await repo.save_proposal(proposal)
        uow.record(proposal.name, ev.ProposalCarried(proposal=proposal.name, from_year=kept_since or 0,
                                                     year=cycle.year))
    return proposal


async def answer_proposal(ctx: Context, caller: Caller, town_id: str, proposal_id: str, text: str) -> Proposal:
    caller.require(town_id, STAFF)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        proposal = await repo.proposal(town_id, proposal_id, for_update=True)
        proposal.give_answer(text, caller.subject, audit.now())
        await repo.save_proposal(proposal)
        uow.record(proposal.name, _answered(proposal))
    return proposal


# The actor of answers the review service decided.
REVIEW_ACTOR = "review-service"


def _own_proposal(ctx: Context, envelope: Envelope, name: str) -> str:
    """The id of a proposal an event names; another town's is a bug upstream (dead-lettered)."""
    town_id, proposal_id = PROPOSAL.parse("proposal", name, ctx.towns)
    if town_id != envelope.town_id:
        raise ValueError(f"event of town {envelope.town_id!r} names another town's proposal")
    return proposal_id


async def record_review_answer(ctx: Context, uow: UnitOfWork[Repository], decided: ItemNotRecommended,
                               envelope: Envelope) -> None:
    """Records the review's answer to the proposer of an item that did not become a
    candidate; one review kept for the reserve pool moves there. An answer given already
    stands (a redelivered event changes nothing)."""
    proposal = await uow.repo.proposal(envelope.town_id, _own_proposal(ctx, envelope, decided.proposal),
                                       for_update=True)
    if not proposal.answer_from_review(
            decided.answer, to_reserve_pool=decided.recommendation == review_events_pb2.RESERVE_POOL,
            actor=REVIEW_ACTOR, now=audit.now()):
        return
    await uow.repo.save_proposal(proposal)
    uow.record(proposal.name, _answered(proposal))


# The actor of answers given on the vote's outcome.
VOTING_ACTOR = "voting-service"


async def record_vote_outcome(ctx: Context, uow: UnitOfWork[Repository], decided: ProjectsAdopted,
                              envelope: Envelope) -> None:
    """Tells the proposer of every candidate on the year's list whether the session adopted
    it; a proposer told already is not told again."""
    outcomes = [(p, True) for p in decided.adopted] + [(p, False) for p in decided.not_adopted]
    # Locked in one order (by id), as merging locks them, so the two cannot deadlock.
    told = sorted(((_own_proposal(ctx, envelope, p.proposal), p, adopted) for p, adopted in outcomes),
                  key=lambda t: t[0])
    for proposal_id, project, adopted in told:
        proposal = await uow.repo.proposal(envelope.town_id, proposal_id, for_update=True)
        if proposal.record_vote_outcome(adopted, _outcome_answer(decided.year, proposal, project, adopted),
                                        VOTING_ACTOR, audit.now()):
            await uow.repo.save_proposal(proposal)
            uow.record(proposal.name, _answered(proposal))


def _outcome_answer(year: int, proposal: Proposal, project: AdoptedProject, adopted: bool) -> str:
    deadline = date.fromisoformat(project.completion_deadline) if project.completion_deadline else None
    return domain.vote_outcome_answer(year=year, title=proposal.draft.title, adopted=adopted,
                                      responsible_unit=project.responsible_unit, completion_deadline=deadline)
