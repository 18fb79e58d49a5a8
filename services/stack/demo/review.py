"""Demo stage 2, review (审查论证、立项): each town's work group assesses the shortlisted
proposals, ranks them, the presidium studies the recommended list and the party committee
approves a competitive candidate list (two candidates more than the town's seats)."""
from minsheng.review.v1 import review_pb2 as pb
from minsheng.review.v1.review_pb2_grpc import ReviewServiceStub
from services.stack.demo.common import DemoContext, say, wait_for
from services.stack.demo.towns import plan_of

WORK_GROUP = [("人大代表甲", pb.WorkGroupMember.DEPUTY, "综合"), ("人大代表乙", pb.WorkGroupMember.DEPUTY, "农业农村"),
              ("人大代表丙", pb.WorkGroupMember.DEPUTY, "社会事业"),
              ("交通工程师", pb.WorkGroupMember.SECTOR_EXPERT, "交通水利"),
              ("财政专家", pb.WorkGroupMember.SECTOR_EXPERT, "财政预算")]
RESPONSIBLE_UNITS = {"交通": "镇交通管理办公室", "供水": "镇水利站", "水利": "镇水利站", "养老": "镇民政办",
                     "医疗": "镇卫生院", "教育": "镇中心校", "环境": "镇生态环境办", "文体": "镇综合文化站"}


def _assessment(index: int, item: pb.ReviewItem, year: int, recommended: int) -> pb.Assessment:
    """Scores that differ item by item, so the ranking has tiers and ties to explain."""
    recommend = index < recommended
    cost = item.estimated_cost_yuan if item.HasField("estimated_cost_yuan") else 300_000
    return pb.Assessment(
        urgency=pb.Score(score=5 - index % 3, note="群众反映集中"), maturity=pb.Score(score=3 + index % 2),
        benefit=pb.Score(score=4), cost=pb.Score(score=3 + (index + 1) % 2),
        completable_within_year=pb.Score(score=4), legality=pb.Score(score=5), safety_environment=pb.Score(score=4),
        estimated_cost_yuan=cost, funding_secured_yuan=cost, land_secured=True, design_ready=index % 2 == 1,
        recommendation=pb.RECOMMEND if recommend else pb.NOT_RECOMMEND,
        reason="需求迫切、条件成熟，建议立项" if recommend else "排序靠后，本年度名额已满",
        project=pb.RecommendedProject(
            title=item.title, description=item.content, location=item.location, budget_yuan=cost,
            funding_source="镇级财政预算", responsible_unit=RESPONSIBLE_UNITS.get(item.category, "镇政府办公室"),
            completion_deadline=f"{year}-11-30"))


async def _assess_all(ctx: DemoContext, stub, town_id: str, items: list[pb.ReviewItem]) -> None:
    staff, deputy = ctx.staff(town_id), ctx.deputy(town_id, 1)
    plan = plan_of(town_id)
    for index, item in enumerate(items):
        await stub.AssignAssessors(pb.AssignAssessorsRequest(name=item.name, member_ids=["m1", "m4"]),
                                   metadata=staff)
        activity = pb.FeasibilityActivity(kind=pb.FeasibilityActivity.SITE_INSPECTION, date=f"{ctx.year}-01-10",
                                          participants=["人大代表甲", "交通工程师"], findings="现场察看，需求属实")
        await stub.RecordFeasibilityActivity(pb.RecordFeasibilityActivityRequest(name=item.name, activity=activity),
                                             metadata=deputy)
        assessment = _assessment(index, item, ctx.year, plan.candidates)
        await stub.RecordAssessment(pb.RecordAssessmentRequest(name=item.name, assessment=assessment),
                                    metadata=deputy)


async def _review_town(ctx: DemoContext, stub, town: dict) -> pb.Review:
    town_id, staff = town["id"], ctx.staff(town["id"])
    expected = set(ctx.results["shortlisted"][town_id])
    review = await stub.OpenReview(pb.OpenReviewRequest(
        parent=f"towns/{town_id}", year=ctx.year, title=f"{town['name']}{ctx.year}年民生实事项目审查论证",
        competitive_list_rule=pb.CompetitiveListRule(min_margin_percent=20)), metadata=staff)

    async def arrived():
        response = await stub.ListReviewItems(pb.ListReviewItemsRequest(parent=review.name), metadata=staff)
        return list(response.items) if {i.proposal for i in response.items} >= expected else None
    items = await wait_for(arrived, what=f"{town['name']}'s shortlisted proposals reaching review")
    await stub.FormWorkGroup(pb.FormWorkGroupRequest(name=review.name, members=[
        # The first deputy records for themself (their token's subject is their account).
        pb.WorkGroupMember(name=n, role=r, expertise=e, account=f"deputy-{town_id}-001" if i == 0 else "")
        for i, (n, r, e) in enumerate(WORK_GROUP)]), metadata=staff)
    await _assess_all(ctx, stub, town_id, items)
    await stub.ProposeRecommendations(pb.ProposeRecommendationsRequest(name=review.name), metadata=staff)
    await stub.RecordPresidiumDecision(pb.RecordPresidiumDecisionRequest(
        name=review.name, record="镇人大主席团会议研究讨论，同意提请镇党委扩大会议审定。"), metadata=staff)
    return await stub.ApproveCandidateList(pb.ApproveCandidateListRequest(
        name=review.name, approval_record="镇党委扩大会议审定通过，提交镇人代会票决。", seats=plan_of(town_id).seats),
        metadata=staff)


async def run(ctx: DemoContext) -> None:
    say(f"\n== Review (审查论证、立项), {ctx.year}")
    ctx.results["candidates"] = {}
    async with ctx.channel("review") as channel:
        stub = ReviewServiceStub(channel)
        for town in ctx.towns:
            approved = await _review_town(ctx, stub, town)
            candidates = approved.candidate_list.candidates
            ctx.results["candidates"][town["id"]] = [c.candidate_id for c in candidates]
            say(f"  {town['name']}: {len(candidates)} candidates for {approved.candidate_list.seats} seats "
                f"(差额, {approved.competitive_list_rule.min_margin_percent}% margin required)")
            for c in candidates:
                say(f"    {c.rank:>2}. {c.project.title}  {c.project.budget_yuan / 10_000:g}万元  "
                    f"{c.project.responsible_unit}  by {c.project.completion_deadline}")
