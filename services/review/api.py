"""Thin gRPC layer: requests to use cases, domain objects to messages. Errors are
mapped by the platform's edge interceptor."""


from minsheng.review.v1 import review_pb2 as pb
from minsheng.review.v1 import review_pb2_grpc
from services.platform import paging, protomap
from services.platform.auth import caller
from services.platform.errors import Violations
from services.platform.names import TOWN
from services.platform.uow import Context
from services.platform.server import Server
from services.review import domain, handlers
from services.review.domain import (ITEM, REVIEW, ActivityKind, Dimension, MemberRole, PresidiumChange, Ranked,
                                    Recommendation, ReviewItem)
from services.review.handlers import ReviewView

# Page sizes for ListReviewItems (AIP-158).
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


def _project_message(p: domain.Project | None) -> pb.RecommendedProject | None:
    if p is None:
        return None
    return pb.RecommendedProject(
        title=p.title, description=p.description, location=p.location, budget_yuan=p.budget_yuan,
        funding_source=p.funding_source, responsible_unit=p.responsible_unit,
        completion_deadline=p.completion_deadline.isoformat() if p.completion_deadline else "")


def _assessment_message(a: domain.Assessment) -> pb.Assessment:
    scores = {d.value: pb.Score(score=s.score, note=s.note) for d, s in a.scores.items()}
    return pb.Assessment(
        **scores, estimated_cost_yuan=a.estimated_cost_yuan, funding_secured_yuan=a.funding_secured_yuan,
        land_secured=a.land_secured, design_ready=a.design_ready, recommendation=a.recommendation.value,
        reason=a.reason, project=_project_message(a.project), assessed_by=a.assessed_by,
        assess_time=protomap.timestamp(a.time), total_score=a.total)


def item_message(item: ReviewItem, ranked: Ranked | None) -> pb.ReviewItem:
    message = pb.ReviewItem(
        name=item.name, proposal=item.proposal, year=item.year, title=item.title,
        content=item.content, location=item.location, category=item.category,
        estimated_cost_yuan=item.estimated_cost_yuan, completion_time_frame=item.completion_time_frame,
        suggested_implementer=item.suggested_implementer, supporter_count=item.supporter_count,
        assessors=item.assessors,
        activities=[pb.FeasibilityActivity(kind=a.kind.value, date=a.date.isoformat(), participants=a.participants,
                                           findings=a.findings) for a in item.activities],
        rank=ranked.rank if ranked else 0, rank_explanation=ranked.explanation if ranked else "",
        history=protomap.history(item.history))
    if item.assessment:
        message.assessment.CopyFrom(_assessment_message(item.assessment))
    return message


def review_message(view: ReviewView) -> pb.Review:
    r = view.review
    names = {i.id: i.name for i in view.items}
    message = pb.Review(
        name=r.name, year=r.year, title=r.title,
        competitive_list_rule=pb.CompetitiveListRule(min_margin_percent=r.rule.min_margin_percent,
                                                     allow_equal_list=r.rule.allow_equal_list),
        state=r.state.value,
        work_group=[pb.WorkGroupMember(member_id=m.member_id, name=m.name, role=m.role.value, expertise=m.expertise,
                                       account=m.account) for m in r.members],
        ranking=[pb.RankedItem(item=names[x.item_id], title=x.title, rank=x.rank, explanation=x.explanation)
                 for x in view.ranking],
        history=protomap.history(r.history))
    if r.presidium:
        p = r.presidium
        message.presidium_decision.CopyFrom(pb.PresidiumDecision(
            record=p.record, decide_time=protomap.timestamp(p.time),
            removals=[pb.PresidiumDecision.Change(item=names[c.item_id], reason=c.reason) for c in p.removals],
            additions=[pb.PresidiumDecision.Change(item=names[c.item_id], reason=c.reason) for c in p.additions]))
    if r.candidate_list:
        c = r.candidate_list
        message.candidate_list.CopyFrom(pb.CandidateList(
            seats=c.seats, approval_record=c.approval_record, approve_time=protomap.timestamp(c.time),
            candidates=[pb.Candidate(candidate_id=names[item_id], proposal=view.item(item_id).proposal, rank=rank,
                                     project=_project_message(view.item(item_id).assessment.project))
                        for rank, item_id in enumerate(c.item_ids, start=1)]))
    return message


def _assessment(v: Violations, m: pb.Assessment) -> domain.Assessment:
    project = None
    if m.HasField("project"):
        p = m.project
        project = domain.Project(
            title=p.title, description=p.description, location=p.location, budget_yuan=p.budget_yuan,
            funding_source=p.funding_source, responsible_unit=p.responsible_unit,
            completion_deadline=protomap.date_of(v, "assessment.project.completion_deadline", p.completion_deadline))
    return domain.Assessment(
        scores={d: domain.Score(getattr(m, d.value).score, getattr(m, d.value).note) for d in Dimension},
        estimated_cost_yuan=m.estimated_cost_yuan, funding_secured_yuan=m.funding_secured_yuan,
        land_secured=m.land_secured, design_ready=m.design_ready,
        recommendation=protomap.enum_of(v, "assessment.recommendation", m.recommendation, pb.Recommendation, Recommendation),
        reason=m.reason, project=project)


class ReviewServicer(review_pb2_grpc.ReviewServiceServicer):
    def __init__(self, ctx: Context):
        self.ctx = ctx

    def _review_name(self, field: str, name: str) -> tuple[str, int]:
        return REVIEW.parse(field, name, self.ctx.towns)

    def _item_name(self, field: str, name: str) -> tuple[str, int, str]:
        return ITEM.parse(field, name, self.ctx.towns)

    def _changes(self, v: Violations, field: str, changes, town: str, year: int) -> list[PresidiumChange]:
        result = []
        for i, change in enumerate(changes):
            item_town, item_year, item_id = self._item_name(f"{field}[{i}].item", change.item)
            v.check((item_town, item_year) == (town, year), f"{field}[{i}].item", "belongs to another review")
            result.append(PresidiumChange(item_id, change.reason))
        return result

    async def OpenReview(self, request, context):
        town = TOWN.parse("parent", request.parent, self.ctx.towns)[0]
        rule = domain.CompetitiveListRule(request.competitive_list_rule.min_margin_percent,
                                          request.competitive_list_rule.allow_equal_list)
        view = await handlers.open_review(self.ctx, caller(), town, year=request.year, title=request.title,
                                          rule=rule)
        return review_message(view)

    async def GetReview(self, request, context):
        town, year = self._review_name("name", request.name)
        return review_message(await handlers.get_review(self.ctx, caller(), town, year))

    async def FormWorkGroup(self, request, context):
        town, year = self._review_name("name", request.name)
        v = Violations()
        members = [domain.Member("", m.name, protomap.enum_of(v, f"members[{i}].role", m.role, pb.WorkGroupMember.Role,
                                                              MemberRole), m.expertise, m.account)
                   for i, m in enumerate(request.members)]
        domain.validate_members(members, v)
        return review_message(await handlers.form_work_group(self.ctx, caller(), town, year, members))

    async def GetReviewItem(self, request, context):
        town, year, item_id = self._item_name("name", request.name)
        return item_message(*await handlers.get_item(self.ctx, caller(), town, year, item_id))

    async def ListReviewItems(self, request, context):
        town, year = self._review_name("parent", request.parent)
        v = Violations()
        v.check(request.page_size >= 0, "page_size", "must not be negative")
        v.raise_if_any()
        filters = {"parent": request.parent}
        start = paging.decode(request.page_token, filters)
        end = start + min(request.page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        # A year's items are a few hundred at most, ranked as a whole: a page is a slice of them.
        found = await handlers.list_items(self.ctx, caller(), town, year)
        return pb.ListReviewItemsResponse(items=[item_message(item, ranked) for item, ranked in found[start:end]],
                                          next_page_token=paging.encode(end, filters) if end < len(found) else "")

    async def AssignAssessors(self, request, context):
        town, year, item_id = self._item_name("name", request.name)
        return item_message(*await handlers.assign_assessors(self.ctx, caller(), town, year, item_id,
                                                              list(request.member_ids)))

    async def RecordFeasibilityActivity(self, request, context):
        town, year, item_id = self._item_name("name", request.name)
        v = Violations()
        a = request.activity
        activity = domain.Activity(
            kind=protomap.enum_of(v, "activity.kind", a.kind, pb.FeasibilityActivity.Kind, ActivityKind),
            date=protomap.date_of(v, "activity.date", a.date), participants=tuple(a.participants), findings=a.findings)
        activity.validate(v)
        return item_message(*await handlers.record_activity(self.ctx, caller(), town, year, item_id, activity))

    async def RecordAssessment(self, request, context):
        town, year, item_id = self._item_name("name", request.name)
        v = Violations()
        assessment = _assessment(v, request.assessment)
        assessment.validate(year, v)
        return item_message(*await handlers.record_assessment(self.ctx, caller(), town, year, item_id,
                                                               assessment))

    async def MoveReviewItem(self, request, context):
        town, year, item_id = self._item_name("name", request.name)
        return review_message(await handlers.move_item(self.ctx, caller(), town, year, item_id, request.position,
                                                       request.reason))

    async def ProposeRecommendations(self, request, context):
        town, year = self._review_name("name", request.name)
        return review_message(await handlers.propose_recommendations(self.ctx, caller(), town, year))

    async def RecordPresidiumDecision(self, request, context):
        town, year = self._review_name("name", request.name)
        v = Violations()
        removals = self._changes(v, "removals", request.removals, town, year)
        additions = self._changes(v, "additions", request.additions, town, year)
        v.raise_if_any()
        return review_message(await handlers.decide_presidium(self.ctx, caller(), town, year,
                                                              record=request.record, removals=removals,
                                                              additions=additions))

    async def ApproveCandidateList(self, request, context):
        town, year = self._review_name("name", request.name)
        return review_message(await handlers.approve_candidate_list(
            self.ctx, caller(), town, year, approval_record=request.approval_record, seats=request.seats))


def register(server: Server, ctx: Context) -> None:
    server.add(review_pb2_grpc.add_ReviewServiceServicer_to_server, ReviewServicer(ctx),
               pb.DESCRIPTOR.services_by_name["ReviewService"].full_name)
