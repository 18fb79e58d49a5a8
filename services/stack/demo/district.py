"""Demo stage, district (区级): each town's filed decision and written evaluation report, as
the district received them (备案), verified against the town's pinned keys and recounted; then
the district's report of the year from its read models, once they count what the stages did
(the seed's 2023: 6 towns voted, 57 projects adopted, 55 completed; and the deputies' grades)."""
from minsheng.district.v1 import district_pb2 as pb
from minsheng.district.v1.district_pb2_grpc import DistrictServiceStub
from minsheng.evaluation.v1 import evaluation_pb2 as evaluation_pb
from services.stack.demo.common import DemoContext, say, wait_for

# The report's towns are read in pages of this many.
PAGE = 1000


async def _town(ctx: DemoContext, stub: DistrictServiceStub, town: dict) -> None:
    evaluated = bool(ctx.results.get("evaluated"))

    async def filings():
        found = (await stub.ListFilings(pb.ListFilingsRequest(parent=f"towns/{town['id']}", year=ctx.year),
                                        metadata=ctx.district())).filings
        kinds = {f.kind for f in found}
        return found if "VOTE" in kinds and ("EVALUATION" in kinds or not evaluated) else None
    for filing in await wait_for(filings, what=f"{town['name']}'s filings reaching the district"):
        verdict = "accepted" if filing.accepted else "REFUSED: " + "; ".join(filing.problems)
        if filing.kind == "EVALUATION":
            say(f"  {town['name']}: evaluation report filed (评议报告备案) {verdict}, grades recounted")
        else:
            say(f"  {town['name']}: filing (备案) {verdict}, {filing.documents_verified} signed result(s) verified, "
                f"{len(filing.adopted)} projects adopted")


async def town_rows(ctx: DemoContext, stub: DistrictServiceStub) -> dict[str, pb.TownYear]:
    """The report's rows of the towns the demo drove, by town id (the stack may have others)."""
    wanted = {f"towns/{t['id']}/years/{ctx.year}": t["id"] for t in ctx.towns}
    rows, token = {}, ""
    while True:
        report = await stub.GetDistrictReport(pb.GetDistrictReportRequest(year=ctx.year, page_size=PAGE,
                                                                           page_token=token), metadata=ctx.district())
        rows |= {wanted[r.name]: r for r in report.towns if r.name in wanted}
        token = report.next_page_token
        if not token:
            return rows


def summed(rows: dict[str, pb.TownYear]) -> pb.YearCounts:
    totals = pb.YearCounts()
    for row in rows.values():
        for field in pb.YearCounts.DESCRIPTOR.fields:
            setattr(totals, field.name, getattr(totals, field.name) + getattr(row.counts, field.name))
    return totals


async def _report(ctx: DemoContext, stub: DistrictServiceStub) -> pb.YearCounts:
    """The year of the demo's towns, once the read models count every adoption and completion."""
    adopted = sum(len(p) for p in ctx.results["adopted"].values())
    completed = sum(ctx.results.get("completed", {}).values())
    evaluated = ctx.results.get("evaluated", [])
    unsatisfied = sum(c.grade == evaluation_pb.UNSATISFIED for c in evaluated)

    async def counted():
        t = summed(await town_rows(ctx, stub))
        grades = t.satisfied + t.basically_satisfied + t.unsatisfied
        return t if t.adopted >= adopted and t.completed >= completed and grades >= len(evaluated) \
            and t.rectifications_required >= unsatisfied else None
    t = await wait_for(counted, what="the district report counting every adopted and completed project")
    say(f"  district report (read models), {ctx.year}: {t.towns_voted} towns voted, {t.adopted} projects adopted, "
        f"{t.completed} completed ({t.adopted - t.completed} not completed: {t.carried_over} carried over into "
        f"follow-up supervision)")
    say(f"    funnel: {t.proposals_received} proposals received, {t.merged} merged, {t.shortlisted} shortlisted, "
        f"{t.answered} answered with an explanation, {t.candidates} candidates, {t.adopted} adopted")
    say(f"    money: {t.budget_adopted_yuan:,} yuan budgeted, {t.spent_yuan:,} spent; "
        f"{t.completed_late} completed late, {t.overdue_items} overdue items; "
        f"filings {t.filings_accepted} accepted, {t.filings_refused} refused")
    say(f"    grades (满意度测评): {t.satisfied} 满意, {t.basically_satisfied} 基本满意, {t.unsatisfied} 不满意; "
        f"{t.rectifications_required} rectification(s) required; evaluation reports filed "
        f"{t.evaluation_filings_accepted} accepted, {t.evaluation_filings_refused} refused")
    return t


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
        ctx.results["district"] = await _report(ctx, stub)
