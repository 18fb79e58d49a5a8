"""The seed's year through the real services: the demo drives the six demo towns through
collection, review, voting and supervision, each with its own proposals, deputies and votes,
and the district's read models then count 6 towns voted, 57 projects adopted, 55 completed."""
import pytest

from minsheng.district.v1.district_pb2_grpc import DistrictServiceStub
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

    # Six different years, not six copies: proposals, candidates and adopted differ by town.
    funnels = {(r.counts.proposals_received, r.counts.candidates, r.counts.budget_adopted_yuan) for r in rows.values()}
    assert len(funnels) == 6
    assert all(r.counts.spent_yuan > 0 and r.counts.budget_adopted_yuan > r.counts.spent_yuan // 2
               for r in rows.values())
