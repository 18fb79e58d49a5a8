"""Demo stage 1, collection (征集): each town announces its call, the public and deputies
send in proposals, staff merge duplicates, screen, and answer those not shortlisted."""
import time
import uuid

from google.protobuf.timestamp_pb2 import Timestamp

from minsheng.collection.v1 import collection_pb2 as pb
from minsheng.collection.v1.collection_pb2_grpc import CollectionServiceStub
from services.collection.domain import DEFAULT_CRITERIA
from services.stack.demo.common import DemoContext, say

# (title, category, estimated cost in yuan): typical small, wide-benefit town projects.
PROJECTS = [
    ("{v}村主干道硬化", "交通", 850_000), ("{v}村安装太阳能路灯", "照明", 260_000),
    ("{v}小学周边交通安全设施", "交通", 120_000), ("{v}村自来水管网改造", "供水", 1_200_000),
    ("{v}社区老年食堂", "养老", 400_000), ("{v}村文化广场提升", "文体", 300_000),
    ("{v}河道清淤整治", "水利", 900_000), ("{v}村卫生室标准化改造", "医疗", 350_000),
    ("{v}农贸市场雨棚改造", "民生", 500_000), ("{v}村生活污水治理", "环境", 1_500_000),
    ("{v}幼儿园户外活动场地", "教育", 280_000), ("{v}村公交候车亭", "交通", 90_000),
    ("{v}村垃圾分类收集点", "环境", 150_000), ("{v}社区便民服务中心适老化改造", "养老", 220_000),
]
VILLAGES = ["东", "西", "南", "北", "前", "后", "上", "下"]
NOT_SHORTLISTED = {12: "超出镇级财政当年承受能力，建议纳入上级专项争取资金。",
                   13: "该事项已列入县级年度计划，由县住建部门实施，不再重复立项。"}


def _draft(town_name: str, index: int) -> pb.Proposal:
    title, category, cost = PROJECTS[index]
    village = town_name[:1] + VILLAGES[index % len(VILLAGES)]
    return pb.Proposal(
        title=title.format(v=village), content=f"群众反映{title.format(v=village)}需求迫切，受益面广。",
        location=f"{town_name}{village}村", category=category, estimated_cost_yuan=cost,
        completion_time_frame="当年内", channel=pb.ONLINE_PLATFORM,
        proposer=pb.Proposer(name="王建国", phone=f"1380000{index:04d}"))


async def _submit_all(ctx: DemoContext, stub, town: dict) -> list[pb.Proposal]:
    parent = f"towns/{town['id']}"
    submitted = []
    for i in range(len(PROJECTS)):
        request = pb.SubmitProposalRequest(parent=parent, proposal=_draft(town["name"], i),
                                           request_id=str(uuid.uuid4()))
        submitted.append(await stub.SubmitProposal(request, metadata=ctx.public(town["id"], i)))
        # What the proposer keeps to follow the proposal, here to the vote's outcome.
        ctx.results["receipt_codes"][submitted[-1].name] = submitted[-1].receipt_code
    # A deputy enters the same need heard at a liaison station: a duplicate to merge.
    duplicate = _draft(town["name"], 0)
    duplicate.channel = pb.LIAISON_STATION
    dup = await stub.SubmitProposal(pb.SubmitProposalRequest(parent=parent, proposal=duplicate),
                                    metadata=ctx.deputy(town["id"], 1))
    await stub.MergeProposals(pb.MergeProposalsRequest(name=submitted[0].name, duplicates=[dup.name]),
                              metadata=ctx.staff(town["id"]))
    return submitted


async def _screen(ctx: DemoContext, stub, town_id: str, proposals: list[pb.Proposal]) -> list[str]:
    shortlisted = []
    for i, proposal in enumerate(proposals):
        failed = "财政可承担" if i in NOT_SHORTLISTED else None
        results = [pb.CriterionResult(criterion=c, passed=c != failed, note="" if c != failed else "超出承受能力")
                   for c in DEFAULT_CRITERIA]
        outcome = pb.NOT_SHORTLISTED if failed else pb.SHORTLISTED
        await stub.ScreenProposal(pb.ScreenProposalRequest(
            name=proposal.name, results=results, outcome=outcome, explanation=NOT_SHORTLISTED.get(i, "")),
            metadata=ctx.staff(town_id))
        if failed:
            await stub.AnswerProposal(pb.AnswerProposalRequest(name=proposal.name, text=NOT_SHORTLISTED[i]),
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
