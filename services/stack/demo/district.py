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
