"""Unit tests of the review's pure rules: ranking, the state machine, the competitive list."""
import random
from dataclasses import replace
from datetime import date, datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.platform import limits
from services.platform.errors import FailedPrecondition, InvalidArgument
from services.review import domain
from services.review.domain import (Activity, ActivityKind, Assessment, CompetitiveListRule, Dimension, Member,
                                    MemberRole, PresidiumChange, Recommendation, ReviewState, Score)
from services.voting import domain as voting

NOW = datetime(2024, 2, 1, tzinfo=timezone.utc)
YEAR = 2024


def project(title="项目") -> domain.Project:
    return domain.Project(title=title, description="内容", location="村", budget_yuan=500_000,
                          funding_source="镇财政", responsible_unit="镇建设办",
                          completion_deadline=date(YEAR, 11, 30))


def assessment(*, urgency=3, maturity=3, rest=3, legality=4, cost_yuan=100_000,
               recommendation=Recommendation.RECOMMEND, with_project=True) -> Assessment:
    scores = {d: Score(rest) for d in Dimension}
    scores[Dimension.URGENCY] = Score(urgency)
    scores[Dimension.MATURITY] = Score(maturity)
    scores[Dimension.LEGALITY] = Score(legality)
    return Assessment(scores=scores, estimated_cost_yuan=cost_yuan, funding_secured_yuan=cost_yuan,
                      land_secured=True, design_ready=True, recommendation=recommendation, reason="理由",
                      project=project() if with_project else None)


def item(name: str, a: Assessment | None = None, supporters: int = 1) -> domain.ReviewItem:
    return domain.ReviewItem(
        id=name, town_id="xihu", year=YEAR, proposal=f"towns/xihu/proposals/{name}", title=name, content="c",
        location="l", category="道路", estimated_cost_yuan=None, completion_time_frame="当年",
        suggested_implementer="", supporter_count=supporters, assessment=a)


def order(ranked) -> list[str]:
    return [r.item_id for r in ranked]


# Ranking: 急需先立、成熟先立、好中选优

def test_urgent_before_mature_before_score():
    items = [item("best-score", assessment(urgency=3, maturity=3, rest=5)),
             item("mature", assessment(urgency=3, maturity=5, rest=1)),
             item("urgent", assessment(urgency=4, maturity=1, rest=1)),
             item("urgent-mature", assessment(urgency=5, maturity=4, rest=1))]
    assert order(domain.rank(items)) == ["urgent-mature", "urgent", "mature", "best-score"]


def test_higher_total_first_within_a_tier():
    items = [item("lower", assessment(urgency=4, rest=3)), item("higher", assessment(urgency=4, rest=4))]
    ranked = domain.rank(items)
    assert order(ranked) == ["higher", "lower"]
    assert "urgent (急需, urgency 4)" in ranked[0].explanation
    assert "total score" in ranked[0].explanation


def test_ties_broken_by_supporters_then_cost_then_name_and_explained():
    a = assessment(urgency=4, maturity=4, rest=3)
    cheaper = assessment(urgency=4, maturity=4, rest=3, cost_yuan=50_000)
    items = [item("b-equal", a), item("few", a, supporters=1), item("many", a, supporters=9),
             item("a-equal", a), item("cheap", cheaper)]
    ranked = domain.rank(items)
    assert order(ranked) == ["many", "cheap", "a-equal", "b-equal", "few"]
    assert "more supporters (9 vs 1)" in ranked[0].explanation
    assert "lower estimated cost (50000 vs 100000 yuan)" in ranked[1].explanation
    assert "equal in every respect" in ranked[2].explanation
    assert "behind tied «a-equal»" in ranked[3].explanation


def test_ranking_is_deterministic_whatever_the_input_order():
    items = [item(f"p{i}", assessment(urgency=i % 5 + 1, maturity=(i * 3) % 5 + 1, rest=i % 3 + 2),
                  supporters=i % 4) for i in range(30)]
    expected = domain.rank(items)
    for seed in range(5):
        shuffled = items[:]
        random.Random(seed).shuffle(shuffled)
        assert domain.rank(shuffled) == expected


def test_only_recommended_items_are_ranked():
    items = [item("yes", assessment()), item("no", assessment(recommendation=Recommendation.NOT_RECOMMEND)),
             item("unassessed")]
    assert order(domain.rank(items)) == ["yes"]


def test_staff_move_is_replayed_with_its_reason():
    items = [item("first", assessment(urgency=5)), item("second", assessment(urgency=4)),
             item("third", assessment(urgency=3))]
    move = domain.Move("third", 1, "上级督办事项", "staff-xihu", NOW)
    ranked = domain.rank(items, [move])
    assert order(ranked) == ["third", "first", "second"]
    assert "moved by staff-xihu to place 1: 上级督办事项" in ranked[0].explanation


# Assessment rules

def test_assessment_reports_every_bad_field():
    bad = Assessment(scores={Dimension.URGENCY: Score(9)}, estimated_cost_yuan=-1, funding_secured_yuan=0,
                     land_secured=False, design_ready=False, recommendation=None, reason="", project=None)
    with pytest.raises(InvalidArgument) as caught:
        bad.validate(YEAR)
    fields = {v.field for v in caught.value.violations}
    assert {"assessment.urgency.score", "assessment.maturity.score", "assessment.estimated_cost_yuan",
            "assessment.recommendation", "assessment.reason"} <= fields


def test_recommending_needs_project_details_and_legality():
    with pytest.raises(InvalidArgument) as caught:
        assessment(legality=2, with_project=False).validate(YEAR)
    fields = {v.field for v in caught.value.violations}
    assert fields == {"assessment.recommendation", "assessment.project"}


def test_recommended_project_completes_within_the_year():
    a = assessment()
    late = replace(a, project=replace(a.project, completion_deadline=date(YEAR + 1, 3, 1)))
    with pytest.raises(InvalidArgument) as caught:
        late.validate(YEAR)
    assert [v.field for v in caught.value.violations] == ["assessment.project.completion_deadline"]


# The competitive list (差额)

@pytest.mark.parametrize("rule, seats, fewest", [
    (CompetitiveListRule(), 10, 11),
    (CompetitiveListRule(min_margin_percent=20), 10, 12),
    (CompetitiveListRule(min_margin_percent=20), 8, 10),
    (CompetitiveListRule(min_margin_percent=1), 10, 11),
    (CompetitiveListRule(allow_equal_list=True), 10, 10),
])
def test_competitive_list_rule(rule, seats, fewest):
    rule.check(fewest, seats)
    with pytest.raises(FailedPrecondition) as caught:
        rule.check(fewest - 1, seats)
    assert caught.value.reason == "NOT_A_COMPETITIVE_LIST"


def test_equal_list_with_a_margin_is_contradictory():
    with pytest.raises(InvalidArgument):
        domain.new_review(town_id="xihu", year=YEAR, title="t", actor="s", now=NOW,
                          rule=CompetitiveListRule(min_margin_percent=10, allow_equal_list=True))


# The state machine

def opened(rule=CompetitiveListRule()) -> domain.Review:
    return domain.new_review(town_id="xihu", year=YEAR, title="2024年民生实事项目审查", rule=rule,
                             actor="staff-xihu", now=NOW)


def with_group(review: domain.Review) -> domain.Review:
    review.form_work_group([Member("", "王代表", MemberRole.DEPUTY, "综合"),
                            Member("", "李工", MemberRole.SECTOR_EXPERT, "交通")], "staff-xihu", NOW)
    return review


def assessed(review: domain.Review, name: str, a: Assessment) -> domain.ReviewItem:
    i = item(name)
    i.assign(review, ["m1", "m2"], "staff-xihu", NOW)
    i.record_activity(review, Activity(ActivityKind.SITE_INSPECTION, date(YEAR, 1, 10), ("王代表",), "路面破损"),
                      "deputy-1", NOW)
    i.assess(review, a, "deputy-1", NOW)
    return i


def test_the_whole_way_to_an_approved_list():
    review = with_group(opened())
    items = [assessed(review, f"p{n}", assessment(urgency=5 - n % 3)) for n in range(12)]
    items.append(assessed(review, "not", assessment(recommendation=Recommendation.NOT_RECOMMEND)))
    review.propose(items, "staff-xihu", NOW)
    assert review.state is ReviewState.RECOMMENDATIONS_PROPOSED and len(review.ranking) == 12
    by_id = {i.id: i for i in items}
    review.decide_presidium(by_id, "主席团会议纪要", [PresidiumChange("p0", "资金未落实")],
                            [PresidiumChange("not", "群众呼声高")], "staff-xihu", NOW)
    assert [r.item_id for r in review.ranking][-1] == "not" and len(review.ranking) == 12
    review.approve("党委扩大会议审定", 10, "staff-xihu", NOW)
    assert review.state is ReviewState.APPROVED
    assert review.candidate_list.seats == 10 and len(review.candidate_list.item_ids) == 12
    answers = dict((i.id, text) for i, text in review.answers(items))
    assert list(answers) == ["p0"] and "资金未落实" in answers["p0"]
    assert [e.action for e in review.history] == ["opened", "work group formed", "recommendations proposed",
                                                  "presidium decided", "candidate list approved"]
    # An item that arrived after the recommendations were proposed was never assessed:
    # its proposer is still answered, and told it went to the reserve pool.
    late = item("late")
    answers = dict((i.id, text) for i, text in review.answers([*items, late]))
    assert set(answers) == {"p0", "late"} and "储备库" in answers["late"]


def test_steps_out_of_order_fail_with_the_reason():
    review = opened()
    i = item("p")
    with pytest.raises(FailedPrecondition, match="form the work group"):
        i.assign(review, ["m1"], "s", NOW)
    with pytest.raises(FailedPrecondition) as caught:
        review.approve("record", 10, "s", NOW)
    assert caught.value.reason == "REVIEW_NOT_PRESIDIUM_DECIDED"
    with pytest.raises(FailedPrecondition) as caught:
        review.decide_presidium({}, "record", [], [], "s", NOW)
    assert caught.value.reason == "REVIEW_NOT_RECOMMENDATIONS_PROPOSED"
    with_group(review)
    i.assign(review, ["m1"], "s", NOW)
    with pytest.raises(FailedPrecondition) as caught:
        i.assess(review, assessment(), "s", NOW)
    assert caught.value.reason == "NO_FEASIBILITY_ACTIVITY"
    with pytest.raises(FailedPrecondition) as caught:
        review.propose([i], "s", NOW)
    assert caught.value.reason == "ITEMS_NOT_ASSESSED"


def test_nothing_changes_after_the_list_is_proposed():
    review = with_group(opened())
    items = [assessed(review, "a", assessment()), assessed(review, "b", assessment())]
    review.propose(items, "s", NOW)
    with pytest.raises(FailedPrecondition) as caught:
        items[0].assess(review, assessment(urgency=1), "s", NOW)
    assert caught.value.reason == "REVIEW_NOT_OPEN"
    with pytest.raises(FailedPrecondition):
        review.move(items, "b", 1, "reason", "s", NOW)
    with pytest.raises(FailedPrecondition):
        review.propose(items, "s", NOW)


def test_equal_list_refused_by_default_and_allowed_when_the_town_says_so():
    for rule, passes in ((CompetitiveListRule(), False), (CompetitiveListRule(allow_equal_list=True), True)):
        review = with_group(opened(rule))
        items = [assessed(review, f"p{n}", assessment()) for n in range(3)]
        review.propose(items, "s", NOW)
        review.decide_presidium({i.id: i for i in items}, "纪要", [], [], "s", NOW)
        if passes:
            review.approve("审定", 3, "s", NOW)
        else:
            with pytest.raises(FailedPrecondition, match="more candidates than seats"):
                review.approve("审定", 3, "s", NOW)
            assert review.state is ReviewState.PRESIDIUM_DECIDED


def test_presidium_cannot_add_an_item_without_project_details():
    review = with_group(opened())
    items = [assessed(review, "a", assessment()), assessed(review, "b", assessment()),
             assessed(review, "bare", assessment(recommendation=Recommendation.NOT_RECOMMEND, with_project=False))]
    review.propose(items, "s", NOW)
    with pytest.raises(FailedPrecondition) as caught:
        review.decide_presidium({i.id: i for i in items}, "纪要", [], [PresidiumChange("bare", "r")], "s", NOW)
    assert caught.value.reason == "NO_PROJECT_DETAILS"
    assert review.state is ReviewState.RECOMMENDATIONS_PROPOSED


scores = st.integers(min_value=domain.MIN_SCORE, max_value=domain.MAX_SCORE)


@given(st.lists(st.tuples(scores, scores, scores, st.integers(0, 5)), min_size=1, max_size=25), st.randoms())
def test_any_ranking_follows_the_principle_and_ignores_input_order(rows, rnd):
    items = [item(f"p{n:02d}", assessment(urgency=u, maturity=m, rest=r), supporters=s)
             for n, (u, m, r, s) in enumerate(rows)]
    ranked = domain.rank(items)
    by_id = {i.id: i.assessment for i in items}
    keys = [(not by_id[r.item_id].urgent, not by_id[r.item_id].mature, -by_id[r.item_id].total) for r in ranked]
    assert keys == sorted(keys)
    assert [r.rank for r in ranked] == list(range(1, len(items) + 1))
    rnd.shuffle(items)
    assert domain.rank(items) == ranked


# The presidium adds back only what could have been recommended

def proposed_with(extra: domain.ReviewItem) -> tuple[domain.Review, dict[str, domain.ReviewItem]]:
    review = with_group(opened())
    items = [assessed(review, "a", assessment()), assessed(review, "b", assessment())]
    extra.assign(review, ["m1"], "s", NOW)
    extra.record_activity(review, Activity(ActivityKind.FORUM, date(YEAR, 1, 12), ("王代表",), "座谈"), "s", NOW)
    extra.assess(review, extra.assessment, "s", NOW)
    review.propose([*items, extra], "s", NOW)
    return review, {i.id: i for i in (*items, extra)}


def not_recommended(*, legality=4, safety=3, deadline=date(YEAR, 11, 30)) -> Assessment:
    a = assessment(legality=legality, recommendation=Recommendation.NOT_RECOMMEND)
    scores = a.scores | {Dimension.SAFETY_ENVIRONMENT: Score(safety)}
    return replace(a, scores=scores, project=replace(a.project, completion_deadline=deadline))


def test_presidium_cannot_add_back_an_item_failing_the_gates_of_a_recommended_one():
    """The probe: NOT_RECOMMEND, legality 1, safety 1, deadline the year after."""
    review, items = proposed_with(item("unsafe", not_recommended(legality=1, safety=1, deadline=date(YEAR + 1, 3, 1))))
    with pytest.raises(FailedPrecondition) as caught:
        review.decide_presidium(items, "纪要", [], [PresidiumChange("unsafe", "群众呼声高")], "s", NOW)
    assert caught.value.reason == "CANDIDATE_GATES_NOT_MET"
    for why in ("legality", "safety_environment", "completed within 2024"):
        assert why in caught.value.message
    assert review.state is ReviewState.RECOMMENDATIONS_PROPOSED and [r.item_id for r in review.ranking] == ["a", "b"]


@given(legality=scores, safety=scores, next_year=st.booleans())
def test_an_item_is_added_back_exactly_when_it_could_have_been_recommended(legality, safety, next_year):
    a = not_recommended(legality=legality, safety=safety, deadline=date(YEAR + next_year, 6, 30))
    try:
        replace(a, recommendation=Recommendation.RECOMMEND).validate(YEAR)
        recommendable = True
    except InvalidArgument:
        recommendable = False
    review, items = proposed_with(item("back", a))
    try:
        review.decide_presidium(items, "纪要", [], [PresidiumChange("back", "群众呼声高")], "s", NOW)
        added = True
    except FailedPrecondition:
        added = False
    assert added == recommendable
    assert added == ("back" in [r.item_id for r in review.ranking])


# The work group: deputies and sector experts

@pytest.mark.parametrize("role, missing", [(MemberRole.DEPUTY, "sector expert"), (MemberRole.SECTOR_EXPERT, "deputy")])
def test_the_work_group_needs_deputies_and_a_sector_expert(role, missing):
    review = opened()
    with pytest.raises(InvalidArgument) as caught:
        review.form_work_group([Member("", "甲", role, "综合"), Member("", "乙", role, "交通")], "s", NOW)
    assert [(v.field, missing in v.description) for v in caught.value.violations] == [("members", True)]
    assert review.members == ()


# Seats and candidates: the limits voting can take

def test_review_and_voting_share_the_limits_of_one_ballot():
    assert voting.MAX_CANDIDATES == limits.MAX_CANDIDATES and limits.MAX_SEATS <= limits.MAX_CANDIDATES
    review = with_group(opened(CompetitiveListRule(allow_equal_list=True)))
    items = [assessed(review, f"p{n:03d}", assessment()) for n in range(limits.MAX_CANDIDATES + 1)]
    review.propose(items, "s", NOW)
    by_id = {i.id: i for i in items}
    review.decide_presidium(by_id, "纪要", [], [], "s", NOW)
    with pytest.raises(InvalidArgument) as caught:
        review.approve("审定", limits.MAX_SEATS + 1, "s", NOW)
    assert [v.field for v in caught.value.violations] == ["seats"]
    with pytest.raises(FailedPrecondition) as caught:
        review.approve("审定", 10, "s", NOW)
    assert caught.value.reason == "TOO_MANY_CANDIDATES"
    fits = with_group(opened(CompetitiveListRule(allow_equal_list=True)))
    fitting = [assessed(fits, f"p{n:03d}", assessment()) for n in range(limits.MAX_CANDIDATES)]
    fits.propose(fitting, "s", NOW)
    fits.decide_presidium({i.id: i for i in fitting}, "纪要", [], [], "s", NOW)
    fits.approve("审定", limits.MAX_SEATS, "s", NOW)
    assert len(fits.candidate_list.item_ids) == limits.MAX_CANDIDATES
