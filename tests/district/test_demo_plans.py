"""The demo district's plans: the seed's 2023 (57 seats, 2 projects left unfinished) from six
different towns, each with enough shortlisted proposals for a competitive list."""
import json

from services.stack.demo.towns import DEFAULT, PLANS
from services.stack.runner import TOWNS_FILE


def test_the_plans_add_up_to_the_seed_year_and_are_the_towns_of_the_local_towns_file():
    assert set(PLANS) == {t["id"] for t in json.loads(TOWNS_FILE.read_text(encoding="utf-8"))}
    assert sum(p.seats for p in PLANS.values()) == 57
    assert sum(len(p.delayed) for p in PLANS.values()) == 2


def test_each_town_shortlists_enough_for_its_candidates_and_no_two_towns_are_alike():
    for plan in (*PLANS.values(), DEFAULT):
        assert len(plan.proposals) - len(plan.not_shortlisted) >= plan.candidates > plan.seats
        assert len({title for title, _, _ in plan.proposals}) == len(plan.proposals)
        assert 0 not in plan.not_shortlisted  # the first proposal gets the merged duplicate
        assert plan.absent < plan.deputies // 3  # quorum: two thirds of the seated present
    assert len({(tuple(p.proposals), p.deputies) for p in PLANS.values()}) == len(PLANS)
