"""A small client of the collection API for tests."""
import time
import uuid

from google.protobuf.timestamp_pb2 import Timestamp

from minsheng.collection.v1 import collection_pb2 as pb
from minsheng.collection.v1.collection_pb2_grpc import CollectionServiceStub
from services.collection.domain import DEFAULT_CRITERIA
from tests.helpers import staff_of


def proposal_message(**changes) -> pb.Proposal:
    fields = dict(title="村道硬化", content="修缮村内主干道", location="一村", category="交通",
                  estimated_cost_yuan=300000, completion_time_frame="当年内", channel=pb.ONLINE_PLATFORM,
                  proposer=pb.Proposer(name="张三", phone="13812345678"))
    return pb.Proposal(**(fields | changes))


class Collection:
    def __init__(self, channel, issuer, town: str):
        self.stub = CollectionServiceStub(channel)
        self.issuer = issuer
        self.town = town
        self.parent = f"towns/{town}"
        self.staff = staff_of(issuer, town)
        self.public = issuer.metadata(f"citizen-{uuid.uuid4().hex[:8]}", town, "public")

    async def open_cycle(self, year: int = 2024, **changes) -> pb.CollectionCycle:
        now = int(time.time())
        fields = dict(parent=self.parent, year=year, title=f"{year}年民生实事项目征集", announcement="公告正文",
                      opens_at=Timestamp(seconds=now - 60), closes_at=Timestamp(seconds=now + 3600))
        return await self.stub.OpenCollectionCycle(pb.OpenCollectionCycleRequest(**(fields | changes)),
                                                   metadata=self.staff)

    async def submit(self, metadata=None, request_id: str = "", **changes) -> pb.Proposal:
        request = pb.SubmitProposalRequest(parent=self.parent, proposal=proposal_message(**changes),
                                           request_id=request_id)
        return await self.stub.SubmitProposal(request, metadata=metadata or self.staff)

    async def screen(self, name: str, outcome=pb.SHORTLISTED, explanation: str = "", failing: str = "",
                     criteria=DEFAULT_CRITERIA, **fields):
        results = [pb.CriterionResult(criterion=c, passed=c != failing) for c in criteria]
        return await self.stub.ScreenProposal(pb.ScreenProposalRequest(
            name=name, results=results, outcome=outcome, explanation=explanation, **fields), metadata=self.staff)

    async def list(self, **filters) -> list[pb.Proposal]:
        response = await self.stub.ListProposals(pb.ListProposalsRequest(parent=self.parent, **filters),
                                                 metadata=self.staff)
        return list(response.proposals)
