"""The seed's year through the real services: the demo drives the six demo towns through
collection, review, voting, supervision and evaluation, each with its own proposals, deputies
and votes, and the district's read models then count 6 towns voted, 57 projects adopted, 55
completed, and the deputies' grades of every adopted project, with every report filed."""
import pytest

from minsheng.district.v1.district_pb2_grpc import DistrictServiceStub
from minsheng.evaluation.v1 import evaluation_pb2 as evaluation_pb
from services.stack.demo import run_demo
from services.stack.demo.common import DemoContext
from services.stack.demo.district import summed, town_rows
from services.stack.demo.towns import PLANS

pytestmark = pytest.mark.integration
DEMO_TOWNS = tuple(PLANS)


async def test_the_seed_year_comes_out_of_the_read_models(stack, channel_to, capsys):
    assert {t["id"] for t in stack.towns} >= set(DEMO_TOWNS)
    ctx = DemoContext(stack, only=DEMO_TOWNS)
    await run_demo(ctx)
    printed = capsys.readouterr().out

    # Read again from the district's read models, not from what the stages counted.
    ctx.year = 2023
    rows = await town_rows(ctx, DistrictServiceStub(channel_to("district")))
    assert set(rows) == set(DEMO_TOWNS)
    totals = summed(rows)
    assert (totals.towns_voted, totals.adopted, totals.completed, totals.carried_over) == (6, 57, 55, 2)
    assert totals.filings_accepted == 6 and totals.filings_refused == 0
    assert "2023: 6 towns voted, 57 projects adopted, 55 completed (2 not completed: 2 carried over" in printed

    # The evaluation's grades, from the read models: most 满意, some 基本满意, one 不满意 per town
    # (a completed project: rectified, yet neither carried over nor uncounted as completed).
    assert totals.satisfied + totals.basically_satisfied + totals.unsatisfied == 57
    assert totals.satisfied > 57 // 2 and totals.basically_satisfied > 0
    assert all(r.counts.unsatisfied == r.counts.rectifications_required for r in rows.values())
    assert totals.unsatisfied >= 1
    # Each town's grades are those the evaluation stage's assessments gave.
    for town, row in rows.items():
        given = [c.grade for c in ctx.results["evaluated"] if c.project.startswith(f"towns/{town}/")]
        assert (row.counts.satisfied, row.counts.basically_satisfied, row.counts.unsatisfied) == tuple(
            given.count(g) for g in (evaluation_pb.SATISFIED, evaluation_pb.BASICALLY_SATISFIED,
                                     evaluation_pb.UNSATISFIED)), (town, row.counts, given)
    assert (totals.evaluation_filings_accepted, totals.evaluation_filings_refused) == (6, 0)
    assert (f"grades (满意度测评): {totals.satisfied} 满意, {totals.basically_satisfied} 基本满意, "
            f"{totals.unsatisfied} 不满意; {totals.rectifications_required} rectification(s) required; "
            "evaluation reports filed 6 accepted, 0 refused") in printed

    # Six different years, not six copies: proposals, candidates and adopted differ by town.
    funnels = {(r.counts.proposals_received, r.counts.candidates, r.counts.budget_adopted_yuan) for r in rows.values()}
    assert len(funnels) == 6
    assert all(r.counts.spent_yuan > 0 and r.counts.budget_adopted_yuan > r.counts.spent_yuan // 2
               for r in rows.values())
