"""Demo stage, district (区级): each town's filed decision, as the district received it
(备案), verified against the town's pinned key and recounted."""
from minsheng.district.v1 import district_pb2 as pb
from minsheng.district.v1.district_pb2_grpc import DistrictServiceStub
from services.stack.demo.common import DemoContext, say, wait_for


async def _town(ctx: DemoContext, stub: DistrictServiceStub, town: dict) -> None:
    async def filings():
        return (await stub.ListFilings(pb.ListFilingsRequest(parent=f"towns/{town['id']}", year=ctx.year),
                                       metadata=ctx.district())).filings
    for filing in await wait_for(filings, what=f"{town['name']}'s filing reaching the district"):
        verdict = "accepted" if filing.accepted else "REFUSED: " + "; ".join(filing.problems)
        say(f"  {town['name']}: filing (备案) {verdict}, {filing.documents_verified} signed result(s) verified, "
            f"{len(filing.adopted)} projects adopted")


async def _report(ctx: DemoContext, stub: DistrictServiceStub, adopted: int) -> None:
    """The district's report of the year, from its read models once they count every adoption."""
    async def counted():
        report = await stub.GetDistrictReport(pb.GetDistrictReportRequest(year=ctx.year), metadata=ctx.district())
        return report if report.totals.adopted >= adopted else None
    report = await wait_for(counted, what="the district report counting every adopted project")
    voted = sum(1 for row in report.towns if row.counts.filings_accepted)
    say(f"  district report (read models), {ctx.year}: {voted} towns voted (filings accepted), "
        f"{report.totals.adopted} projects adopted, {report.totals.budget_adopted_yuan:,} yuan budgeted, "
        f"{report.totals.proposals_received} proposals received; completed: not counted yet (supervision)")


async def run(ctx: DemoContext) -> None:
    say(f"\n== District (区级), {ctx.year}")
    voted = ctx.results.get("adopted")
    if not voted:
        say("  skipped: no town filed a decision (the voting stage has not run)")
        return
    async with ctx.channel("district") as channel:
        stub = DistrictServiceStub(channel)
        for town in ctx.towns:
            if town["id"] in voted:
                await _town(ctx, stub, town)
        await _report(ctx, stub, sum(len(projects) for projects in voted.values()))
