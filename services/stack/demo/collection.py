"""Demo stage 1, collection (征集): each town announces its call, the public and deputies
send in the town's own proposals (services.stack.demo.towns), staff merge duplicates, screen,
and answer those not shortlisted."""
import time
import uuid

from google.protobuf.timestamp_pb2 import Timestamp

from minsheng.collection.v1 import collection_pb2 as pb
from minsheng.collection.v1.collection_pb2_grpc import CollectionServiceStub
from services.collection.domain import DEFAULT_CRITERIA
from services.stack.demo.common import DemoContext, say
from services.stack.demo.towns import plan_of

VILLAGES = ["东", "西", "南", "北", "前", "后", "上", "下"]


def _draft(town: dict, index: int) -> pb.Proposal:
    town_name = town["name"]
    title, category, cost = plan_of(town["id"]).proposals[index]
    village = town_name[:1] + VILLAGES[index % len(VILLAGES)]
    return pb.Proposal(
        title=title.format(v=village), content=f"群众反映{title.format(v=village)}需求迫切，受益面广。",
        location=f"{town_name}{village}村", category=category, estimated_cost_yuan=cost,
        completion_time_frame="当年内", channel=pb.ONLINE_PLATFORM,
        proposer=pb.Proposer(name="王建国", phone=f"1380000{index:04d}"))


async def _submit_all(ctx: DemoContext, stub, town: dict) -> list[pb.Proposal]:
    parent = f"towns/{town['id']}"
    submitted = []
    for i in range(len(plan_of(town["id"]).proposals)):
        request = pb.SubmitProposalRequest(parent=parent, proposal=_draft(town, i),
                                           request_id=str(uuid.uuid4()))
        submitted.append(await stub.SubmitProposal(request, metadata=ctx.public(town["id"], i)))
        # What the proposer keeps to follow the proposal, here to the vote's outcome.
        ctx.results["receipt_codes"][submitted[-1].name] = submitted[-1].receipt_code
    # A deputy enters the same need heard at a liaison station: a duplicate to merge.
    duplicate = _draft(town, 0)
    duplicate.channel = pb.LIAISON_STATION
    dup = await stub.SubmitProposal(pb.SubmitProposalRequest(parent=parent, proposal=duplicate),
                                    metadata=ctx.deputy(town["id"], 1))
    await stub.MergeProposals(pb.MergeProposalsRequest(name=submitted[0].name, duplicates=[dup.name]),
                              metadata=ctx.staff(town["id"]))
    return submitted


async def _screen(ctx: DemoContext, stub, town_id: str, proposals: list[pb.Proposal]) -> list[str]:
    shortlisted = []
    not_shortlisted = plan_of(town_id).not_shortlisted
    for i, proposal in enumerate(proposals):
        failed = "财政可承担" if i in not_shortlisted else None
        results = [pb.CriterionResult(criterion=c, passed=c != failed, note="" if c != failed else "超出承受能力")
                   for c in DEFAULT_CRITERIA]
        outcome = pb.NOT_SHORTLISTED if failed else pb.SHORTLISTED
        await stub.ScreenProposal(pb.ScreenProposalRequest(
            name=proposal.name, results=results, outcome=outcome, explanation=not_shortlisted.get(i, "")),
            metadata=ctx.staff(town_id))
        if failed:
            await stub.AnswerProposal(pb.AnswerProposalRequest(name=proposal.name, text=not_shortlisted[i]),
                                      metadata=ctx.staff(town_id))
        else:
            shortlisted.append(proposal.name)
    return shortlisted


async def run(ctx: DemoContext) -> None:
    say(f"== Collection (征集), {ctx.year}")
    ctx.results["shortlisted"] = {}
    ctx.results["receipt_codes"] = {}
    async with ctx.channel("collection") as channel:
        stub = CollectionServiceStub(channel)
        now = int(time.time())
        for town in ctx.towns:
            staff = ctx.staff(town["id"])
            cycle = await stub.OpenCollectionCycle(pb.OpenCollectionCycleRequest(
                parent=f"towns/{town['id']}", year=ctx.year, title=f"{town['name']}{ctx.year}年民生实事项目征集公告",
                announcement="面向社会公开征集民生实事项目建议，一事一提。",
                opens_at=Timestamp(seconds=now - 60), closes_at=Timestamp(seconds=now + 86400)), metadata=staff)
            proposals = await _submit_all(ctx, stub, town)
            await stub.CloseCollectionCycle(pb.CloseCollectionCycleRequest(name=cycle.name), metadata=staff)
            shortlisted = await _screen(ctx, stub, town["id"], proposals)
            ctx.results["shortlisted"][town["id"]] = shortlisted
            merged = await stub.GetProposal(pb.GetProposalRequest(name=proposals[0].name), metadata=ctx.district())
            say(f"  {town['name']}: {len(proposals) + 1} proposals received, 1 duplicate merged "
                f"(supporters {merged.supporter_count}), {len(shortlisted)} shortlisted, "
                f"{len(proposals) - len(shortlisted)} answered with an explanation")
