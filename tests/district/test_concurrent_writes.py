"""The district's writes on the real PostgreSQL: two consumers' units of work creating the
same row at once (a proposal's submission and its screening come by different streams) both
take effect, each counted once; a batch of events applied set-wise gives what applying them
one by one gives."""
import asyncio
from datetime import datetime, timezone

import pytest

from minsheng.events.v1.collection_events_pb2 import (ProposalAnswered, ProposalScreened, ProposalsMerged,
                                                      ProposalSubmitted)
from minsheng.events.v1.review_events_pb2 import Candidate, CandidateListApproved
from minsheng.events.v1.voting_events_pb2 import AdoptedProject, ProjectsAdopted
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


def a_year(town: str) -> list:
    """Events of a town's year touching rows several times, in stream order."""
    t = f"towns/{town}"
    submitted = [ProposalSubmitted(proposal=f"{t}/proposals/p{i}", year=YEAR, category="交通") for i in range(4)]
    return [*submitted, submitted[0], ProposalsMerged(proposal=f"{t}/proposals/p0", duplicates=[f"{t}/proposals/p2"]),
            ProposalScreened(proposal=f"{t}/proposals/p0", year=YEAR, outcome=ProposalScreened.SHORTLISTED),
            ProposalScreened(proposal=f"{t}/proposals/p9", year=YEAR, category="供水",
                             outcome=ProposalScreened.SHORTLISTED),  # before its submission, below
            ProposalAnswered(proposal=f"{t}/proposals/p1", year=YEAR),
            ProposalSubmitted(proposal=f"{t}/proposals/p9", year=YEAR, category="供水"),
            CandidateListApproved(review=f"{t}/reviews/{YEAR}", year=YEAR, candidates=[Candidate()] * 3),
            CandidateListApproved(review=f"{t}/reviews/{YEAR}", year=YEAR, candidates=[Candidate()] * 5),
            ProjectsAdopted(year=YEAR, adopted=[AdoptedProject(
                candidate_id=f"{t}/reviews/{YEAR}/items/{i}", proposal=f"{t}/proposals/p{i}", title="修路",
                responsible_unit="交通办", budget_yuan=100 * (i + 1), completion_deadline=f"{YEAR}-11-30")
                for i in range(2)])]


async def test_a_batch_applied_set_wise_equals_its_events_applied_one_by_one(stack, new_town, other_town):
    database = Database(stack.database_url("consumer"))
    units = DatabaseUnits(database, models.event_tables, "district", models.Repository)

    def steps(town: str) -> list[list]:
        source = projections.Source(town, datetime.now(timezone.utc))
        return [projections.steps_of(source, event) for event in a_year(town)]

    async with units(new_town) as uow:
        together = await uow.repo.apply_all(new_town, steps(new_town))
    for event_steps in steps(other_town):
        async with units(other_town) as uow:
            await uow.repo.apply(other_town, event_steps)

    async def state(town: str):
        async with units(town) as uow:
            views = {view: [row for _, row in await uow.repo.rows(view, year=YEAR, town_id=town)]
                     for view in ("proposals", "candidate_lists", "projects")}
            return views, await uow.repo.town_year(town, YEAR)

    def named(text):  # the other town's rows under this town's names
        return text.replace(other_town, new_town) if isinstance(text, str) else text

    mine, theirs = await state(new_town), await state(other_town)
    assert mine[0] == {view: [{k: named(v) for k, v in row.items()} for row in rows]
                       for view, rows in theirs[0].items()}
    assert mine[1] == theirs[1]
    assert (mine[1]["proposals_received"], mine[1]["merged"], mine[1]["shortlisted"], mine[1]["answered"],
            mine[1]["candidates"], mine[1]["adopted"], mine[1]["budget_adopted_yuan"]) == (5, 1, 2, 1, 5, 2, 300)
    assert [old is not None for done in together[:4] for _, old, _ in done] == [False] * 4
    [(_, old, new)] = together[4]  # p0 submitted again: no change
    assert old == new and old["received"]
    await database.close()


async def test_a_batch_whose_new_row_another_unit_of_work_inserted_first_is_rolled_back(stack, new_town):
    database = Database(stack.database_url("consumer"))
    units = DatabaseUnits(database, models.event_tables, "district", models.Repository)
    source = projections.Source(new_town, datetime.now(timezone.utc))
    submitted = [ProposalSubmitted(proposal=f"towns/{new_town}/proposals/p{i}", year=YEAR) for i in range(2)]

    async def together() -> None:
        async with units(new_town) as uow:
            await uow.repo.apply_all(new_town, [projections.steps_of(source, e) for e in submitted])

    async with units(new_town) as first:
        await first.repo.apply(new_town, projections.steps_of(source, submitted[1]))
        batch = asyncio.create_task(together())
        await asyncio.sleep(0.5)
        assert not batch.done()  # its insert waits for this transaction
    with pytest.raises(models.InsertedMeanwhile):
        await batch
    async with units(new_town) as uow:
        rows = await uow.repo.rows("proposals", year=YEAR, town_id=new_town)
        counts = await uow.repo.town_year(new_town, YEAR)
    assert [row["proposal"] for _, row in rows] == [submitted[1].proposal]  # the batch left nothing
    assert counts["proposals_received"] == 1
    await database.close()
