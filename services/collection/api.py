"""Thin gRPC layer: requests to use cases, domain objects to messages. Errors are
mapped by the platform's edge interceptor."""
from minsheng.collection.v1 import collection_pb2 as pb
from minsheng.collection.v1 import collection_pb2_grpc
from services.collection import domain, handlers
from services.collection.domain import CYCLE, PROPOSAL, Channel, Outcome, ProposalState
from services.collection.negative_list import DEFAULT_NEGATIVE_LIST, NegativeEntry, NegativeList
from services.platform import paging, protomap
from services.platform.auth import DEPUTY, PUBLIC, STAFF, SYSTEM, caller
from services.platform.errors import DomainError, InvalidArgument, Violations
from services.platform.names import TOWN
from services.platform.uow import Context
from services.platform.ratelimit import RateLimiter
from services.platform.rpc import item_status
from services.platform.server import Server


def negative_list_message(n: NegativeList) -> pb.NegativeList:
    return pb.NegativeList(entries=[pb.NegativeEntry(name=e.name, keywords=e.keywords) for e in n.entries])


def cycle_message(c: domain.CollectionCycle) -> pb.CollectionCycle:
    return pb.CollectionCycle(
        name=c.name, year=c.year, title=c.title, announcement=c.announcement,
        opens_at=protomap.timestamp(c.opens_at), closes_at=protomap.timestamp(c.closes_at), screening_criteria=c.criteria,
        state=c.state.value, proposal_count=c.proposal_count, history=protomap.history(c.history),
        negative_list=negative_list_message(c.negative_list))


def screening_message(s: domain.Screening) -> pb.Screening:
    return pb.Screening(
        results=[pb.CriterionResult(criterion=r.criterion, passed=r.passed, note=r.note) for r in s.results],
        outcome=s.outcome.value, explanation=s.explanation, screen_time=protomap.timestamp(s.time),
        negative_matches=[pb.NegativeMatch(entry=m.entry, keyword=m.keyword) for m in s.negative_matches],
        override_reason=s.override_reason, criteria=s.criteria)


def answer_message(a: domain.Answer) -> pb.Answer:
    return pb.Answer(text=a.text, answer_time=protomap.timestamp(a.time))


def round_message(r: domain.Round) -> pb.Round:
    message = pb.Round(year=r.year or 0)
    if r.screening:
        message.screening.CopyFrom(screening_message(r.screening))
    if r.answer:
        message.answer.CopyFrom(answer_message(r.answer))
    return message


def proposal_message(p: domain.Proposal, *, personal_data: bool) -> pb.Proposal:
    d = p.draft
    proposer = d.proposer if personal_data else d.proposer.masked()
    message = pb.Proposal(
        name=p.name, title=d.title, content=d.content, location=d.location,
        category=d.category, estimated_cost_yuan=d.estimated_cost_yuan,
        completion_time_frame=d.completion_time_frame, suggested_implementer=d.suggested_implementer,
        channel=d.channel.value, entered_by_deputy=p.entered_by_deputy,
        proposer=pb.Proposer(name=proposer.name, phone=proposer.phone, unit=proposer.unit),
        receipt_code=p.receipt_code, year=p.year or 0, state=p.state.value,
        merged_into=PROPOSAL.format(town=p.town_id, proposal=p.merged_into) if p.merged_into else "",
        supporter_count=p.supporter_count, create_time=protomap.timestamp(p.created_at), history=protomap.history(p.history),
        earlier=[round_message(r) for r in p.earlier])
    if p.screening:
        message.screening.CopyFrom(screening_message(p.screening))
    if p.answer:
        message.answer.CopyFrom(answer_message(p.answer))
    return message


def _negative_list(request: pb.OpenCollectionCycleRequest) -> NegativeList:
    """Unset: the default list; set, even with no entries: the town's own."""
    if not request.HasField("negative_list"):
        return DEFAULT_NEGATIVE_LIST
    return NegativeList(tuple(NegativeEntry(e.name, tuple(e.keywords)) for e in request.negative_list.entries))


def _draft(v: Violations, m: pb.Proposal) -> domain.ProposalDraft:
    return domain.ProposalDraft(
        title=m.title, content=m.content, location=m.location, category=m.category,
        estimated_cost_yuan=m.estimated_cost_yuan if m.HasField("estimated_cost_yuan") else None,
        completion_time_frame=m.completion_time_frame, suggested_implementer=m.suggested_implementer,
        channel=protomap.enum_of(v, "proposal.channel", m.channel, pb.Channel, Channel, required=True),
        proposer=domain.Proposer(name=m.proposer.name, phone=m.proposer.phone, unit=m.proposer.unit))


def _batch_draft(item: pb.SubmitProposalRequest, parent: str) -> domain.ProposalDraft | DomainError:
    """One request of a batch read as SubmitProposal reads it, or why it cannot be."""
    v = Violations()
    v.check(item.parent in ("", parent), "parent", "another parent than the batch's")
    draft = _draft(v, item.proposal)
    v.check(len(item.request_id) <= 64, "request_id", "longer than 64 characters")
    try:
        draft.validate(v)
    except InvalidArgument as error:
        return error
    return draft


# Requests in one BatchSubmitProposals call at most: the edge's bound on repeated fields.
MAX_BATCH = 1000


class CollectionServicer(collection_pb2_grpc.CollectionServiceServicer):
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.public_limit = RateLimiter(ctx.settings.public_submissions_per_minute)

    def _town(self, field: str, name: str) -> str:
        return TOWN.parse(field, name, self.ctx.towns)[0]

    def _proposal_name(self, field: str, name: str) -> tuple[str, str]:
        return PROPOSAL.parse(field, name, self.ctx.towns)

    def _cycle_name(self, field: str, name: str) -> tuple[str, int]:
        return CYCLE.parse(field, name, self.ctx.towns)

    def _proposal(self, p: domain.Proposal) -> pb.Proposal:
        who = caller()
        return proposal_message(p, personal_data=who.has(STAFF) and who.town == p.town_id)

    async def OpenCollectionCycle(self, request, context):
        town = self._town("parent", request.parent)
        cycle = await handlers.open_cycle(
            self.ctx, caller(), town, year=request.year, title=request.title, announcement=request.announcement,
            opens_at=protomap.datetime_of(request, "opens_at"), closes_at=protomap.datetime_of(request, "closes_at"),
            additional_criteria=list(request.additional_criteria), criteria=list(request.criteria) or None,
            negative_list=_negative_list(request))
        return cycle_message(cycle)

    async def CloseCollectionCycle(self, request, context):
        town, year = self._cycle_name("name", request.name)
        return cycle_message(await handlers.close_cycle(self.ctx, caller(), town, year))

    async def GetCollectionCycle(self, request, context):
        town, year = self._cycle_name("name", request.name)
        return cycle_message(await handlers.get_cycle(self.ctx, caller(), town, year))

    async def SubmitProposal(self, request, context):
        town = self._town("parent", request.parent)
        who = caller()
        who.require(town, PUBLIC, DEPUTY, STAFF, SYSTEM)  # another town's caller learns nothing from validation
        v = Violations()
        draft = _draft(v, request.proposal)
        v.check(len(request.request_id) <= 64, "request_id", "longer than 64 characters")
        draft.validate(v)
        if not who.roles & {STAFF, DEPUTY, SYSTEM}:
            # A backstop per replica for callers that bypass the gateway, whose limit is shared.
            self.public_limit.take(who.subject)
        proposal = await handlers.submit_proposal(self.ctx, who, town, draft, request.request_id)
        return self._proposal(proposal)

    async def BatchSubmitProposals(self, request, context):
        town = self._town("parent", request.parent)
        who = caller()
        who.require(town, STAFF)
        v = Violations()
        v.check(0 < len(request.requests) <= MAX_BATCH, "requests", f"1 to {MAX_BATCH} requests")
        v.raise_if_any()
        results = await handlers.submit_proposals(self.ctx, who, town, [
            (_batch_draft(item, request.parent), item.request_id) for item in request.requests])
        return pb.BatchSubmitProposalsResponse(results=[
            pb.BatchSubmitProposalsResponse.Result(error=item_status(r, "BatchSubmitProposals"))
            if isinstance(r, BaseException) else pb.BatchSubmitProposalsResponse.Result(proposal=self._proposal(r))
            for r in results])

    async def GetProposal(self, request, context):
        town, proposal_id = self._proposal_name("name", request.name)
        return self._proposal(await handlers.get_proposal(self.ctx, caller(), town, proposal_id))

    async def FollowProposal(self, request, context):
        town = self._town("parent", request.parent)
        v = Violations()
        v.text("receipt_code", request.receipt_code, max_len=9)
        v.raise_if_any()
        proposal = await handlers.follow_proposal(self.ctx, caller(), town, request.receipt_code)
        return proposal_message(proposal, personal_data=False)

    async def ListProposals(self, request, context):
        town = self._town("parent", request.parent)
        v = Violations()
        state = protomap.enum_of(v, "state", request.state, pb.Proposal.State, ProposalState, required=False)
        channel = protomap.enum_of(v, "channel", request.channel, pb.Channel, Channel, required=False)
        v.check(request.page_size >= 0, "page_size", "must not be negative")
        v.check(request.year >= 0, "year", "must not be negative")
        v.raise_if_any()
        filters = {"town": town, "state": state, "channel": channel, "year": request.year,
                   "awaiting_answer": request.awaiting_answer}
        after = paging.decode(request.page_token, filters)
        proposals, last = await handlers.list_proposals(
            self.ctx, caller(), town, after_seq=after, page_size=request.page_size, state=state, channel=channel,
            year=request.year or None, awaiting_answer=request.awaiting_answer)
        return pb.ListProposalsResponse(proposals=[self._proposal(p) for p in proposals],
                                        next_page_token=paging.encode(last, filters) if last else "")

    async def MergeProposals(self, request, context):
        town, target = self._proposal_name("name", request.name)
        v = Violations()
        v.check(0 < len(request.duplicates) <= 100, "duplicates", "name 1 to 100 proposals")
        v.check(len(set(request.duplicates)) == len(request.duplicates), "duplicates", "names a proposal twice")
        v.raise_if_any()
        duplicates = []
        for i, name in enumerate(request.duplicates):
            dup_town, dup_id = self._proposal_name(f"duplicates[{i}]", name)
            v.check(dup_town == town, f"duplicates[{i}]", "belongs to another town")
            duplicates.append(dup_id)
        v.raise_if_any()
        return self._proposal(await handlers.merge_proposals(self.ctx, caller(), town, target, duplicates))

    async def ScreenProposal(self, request, context):
        town, proposal_id = self._proposal_name("name", request.name)
        v = Violations()
        outcome = protomap.enum_of(v, "outcome", request.outcome, pb.ScreeningOutcome, Outcome, required=True)
        cycle_year = None
        if request.collection_cycle:
            cycle_town, cycle_year = self._cycle_name("collection_cycle", request.collection_cycle)
            v.check(cycle_town == town, "collection_cycle", "belongs to another town")
        v.raise_if_any()
        results = [domain.CriterionResult(r.criterion, r.passed, r.note) for r in request.results]
        proposal = await handlers.screen_proposal(self.ctx, caller(), town, proposal_id, results=results,
                                                  outcome=outcome, explanation=request.explanation,
                                                  cycle_year=cycle_year,
                                                  negative_list_override=request.negative_list_override)
        return self._proposal(proposal)

    async def CarryProposal(self, request, context):
        town, proposal_id = self._proposal_name("name", request.name)
        cycle_town, year = self._cycle_name("collection_cycle", request.collection_cycle)
        if cycle_town != town:
            v = Violations()
            v.add("collection_cycle", "belongs to another town")
            v.raise_if_any()
        return self._proposal(await handlers.carry_proposal(self.ctx, caller(), town, proposal_id, year))

    async def AnswerProposal(self, request, context):
        town, proposal_id = self._proposal_name("name", request.name)
        return self._proposal(await handlers.answer_proposal(self.ctx, caller(), town, proposal_id, request.text))


def register(server: Server, ctx: Context) -> None:
    server.add(collection_pb2_grpc.add_CollectionServiceServicer_to_server, CollectionServicer(ctx),
               pb.DESCRIPTOR.services_by_name["CollectionService"].full_name)
