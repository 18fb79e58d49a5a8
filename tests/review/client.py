"""A small client of the review API for tests, and the collection steps that feed it."""
from minsheng.collection.v1 import collection_pb2 as cpb
from minsheng.review.v1 import review_pb2 as pb
from minsheng.review.v1.review_pb2_grpc import ReviewServiceStub
from tests.collection.client import Collection
from tests.helpers import staff_of, wait_for

YEAR = 2024


def assessment_message(*, urgency=3, maturity=3, rest=3, recommendation=pb.RECOMMEND, title="项目",
                       **changes) -> pb.Assessment:
    scores = {d: pb.Score(score=rest, note="") for d in ("benefit", "cost", "completable_within_year", "legality",
                                                         "safety_environment")}
    project = pb.RecommendedProject(title=title, description="实施内容", location="一村", budget_yuan=300000,
                                    funding_source="镇财政", responsible_unit="镇建设办",
                                    completion_deadline=f"{YEAR}-11-30")
    fields = dict(urgency=pb.Score(score=urgency, note="群众反映强烈"), maturity=pb.Score(score=maturity),
                  **scores, estimated_cost_yuan=300000, funding_secured_yuan=300000, land_secured=True,
                  design_ready=True, recommendation=recommendation, reason="审查意见", project=project)
    return pb.Assessment(**(fields | changes))


class Review:
    def __init__(self, channel, issuer, town: str, year: int = YEAR):
        self.stub = ReviewServiceStub(channel)
        self.town = town
        self.name = f"towns/{town}/reviews/{year}"
        self.year = year
        self.staff = staff_of(issuer, town)
        self.deputy = issuer.metadata(f"deputy-{town}-001", town, "deputy")

    async def open(self, **changes) -> pb.Review:
        fields = dict(parent=f"towns/{self.town}", year=self.year, title=f"{self.year}年民生实事项目审查论证")
        return await self.stub.OpenReview(pb.OpenReviewRequest(**(fields | changes)), metadata=self.staff)

    async def get(self) -> pb.Review:
        return await self.stub.GetReview(pb.GetReviewRequest(name=self.name), metadata=self.staff)

    async def items(self) -> list[pb.ReviewItem]:
        response = await self.stub.ListReviewItems(pb.ListReviewItemsRequest(parent=self.name), metadata=self.staff)
        return list(response.items)

    async def wait_for_items(self, count: int, timeout: float = 20) -> list[pb.ReviewItem]:
        """Items arrive from collection's events, asynchronously."""
        async def arrived():
            found = await self.items()
            return found if len(found) >= count else None
        return await wait_for(arrived, timeout=timeout, what=f"{count} review items")

    async def form_work_group(self) -> pb.Review:
        members = [pb.WorkGroupMember(name="王代表", role=pb.WorkGroupMember.DEPUTY, expertise="综合",
                                      account=f"deputy-{self.town}-001"),
                   pb.WorkGroupMember(name="李工", role=pb.WorkGroupMember.SECTOR_EXPERT, expertise="交通")]
        return await self.stub.FormWorkGroup(pb.FormWorkGroupRequest(name=self.name, members=members),
                                             metadata=self.staff)

    async def assess(self, item: str, assessment: pb.Assessment) -> pb.ReviewItem:
        """Assigns the work group, records a site inspection, then the assessment."""
        await self.stub.AssignAssessors(pb.AssignAssessorsRequest(name=item, member_ids=["m1", "m2"]),
                                        metadata=self.staff)
        activity = pb.FeasibilityActivity(kind=pb.FeasibilityActivity.SITE_INSPECTION, date=f"{YEAR}-01-15",
                                          participants=["王代表", "李工"], findings="现场情况属实")
        await self.stub.RecordFeasibilityActivity(pb.RecordFeasibilityActivityRequest(name=item, activity=activity),
                                                  metadata=self.deputy)
        return await self.stub.RecordAssessment(pb.RecordAssessmentRequest(name=item, assessment=assessment),
                                                metadata=self.deputy)

    async def propose(self) -> pb.Review:
        return await self.stub.ProposeRecommendations(pb.ProposeRecommendationsRequest(name=self.name),
                                                      metadata=self.staff)

    async def decide(self, removals=(), additions=()) -> pb.Review:
        return await self.stub.RecordPresidiumDecision(pb.RecordPresidiumDecisionRequest(
            name=self.name, record="主席团第三次会议纪要", removals=removals, additions=additions), metadata=self.staff)

    async def approve(self, seats: int) -> pb.Review:
        return await self.stub.ApproveCandidateList(pb.ApproveCandidateListRequest(
            name=self.name, approval_record="镇党委扩大会议审定", seats=seats), metadata=self.staff)


async def shortlist(collection: Collection, titles: list[str], *, not_shortlisted: int = 0,
                    year: int = YEAR) -> list[cpb.Proposal]:
    """Submits and shortlists a proposal per title (and screens out `not_shortlisted` more)."""
    await collection.open_cycle(year)
    shortlisted = []
    for title in titles:
        proposal = await collection.submit(title=title)
        shortlisted.append(await collection.screen(proposal.name))
    for n in range(not_shortlisted):
        proposal = await collection.submit(title=f"办公楼装修{n}")
        await collection.screen(proposal.name, outcome=cpb.NOT_SHORTLISTED, explanation="属于负面清单：办公楼",
                                failing="群众有需求")
    return shortlisted
