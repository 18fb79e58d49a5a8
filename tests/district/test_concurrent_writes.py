"""The district's writes on the real PostgreSQL: two consumers' units of work creating the
same row at once (a proposal's submission and its screening come by different streams) both
take effect, each counted once."""
import asyncio
from datetime import datetime, timezone

import pytest

from minsheng.events.v1.collection_events_pb2 import ProposalScreened, ProposalSubmitted
from services.district import models, projections
from services.platform.db import Database
from services.platform.uow import DatabaseUnits

pytestmark = pytest.mark.integration
YEAR = 2031


async def test_two_units_of_work_creating_one_row_at_once_both_apply(stack, new_town):
    database = Database(stack.database_url("consumer"))
    units = DatabaseUnits(database, models.event_tables, "district", models.Repository)
    source = projections.Source(new_town, datetime.now(timezone.utc))
    proposal = f"towns/{new_town}/proposals/p1"

    async def apply(event) -> None:
        async with units(new_town) as uow:
            await uow.repo.apply(new_town, projections.steps_of(source, event))

    async with units(new_town) as first:
        await first.repo.apply(new_town, projections.steps_of(source, ProposalSubmitted(
            proposal=proposal, year=YEAR, category="道路")))
        # The screening finds no row yet; its insert waits for this transaction.
        screening = asyncio.create_task(apply(ProposalScreened(proposal=proposal, year=YEAR,
                                                               outcome=ProposalScreened.SHORTLISTED)))
        await asyncio.sleep(0.5)
        assert not screening.done()
    await screening

    async with units(new_town) as uow:
        rows = await uow.repo.rows("proposals", year=YEAR, town_id=new_town)
        counts = await uow.repo.town_year(new_town, YEAR)
    assert [(p["proposal"], p["received"], p["shortlisted"], p["category"]) for _, p in rows] == [
        (proposal, True, True, "道路")]
    assert (counts["proposals_received"], counts["shortlisted"]) == (1, 1)
    await database.close()
