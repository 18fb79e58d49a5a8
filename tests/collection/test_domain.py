"""Rules of collection, without any infrastructure."""
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, strategies as st

from services.collection import domain
from services.collection.domain import (DEFAULT_CRITERIA, Answer, Channel, CriterionResult, Outcome, Proposal,
                                        ProposalDraft, ProposalState, Proposer)
from services.collection.negative_list import DEFAULT_NEGATIVE_LIST, NegativeEntry, NegativeList, NegativeMatch
from services.platform.errors import FailedPrecondition, InvalidArgument

NOW = datetime(2024, 10, 1, tzinfo=timezone.utc)


def draft(**changes) -> ProposalDraft:
    fields = dict(title="村道硬化", content="修缮村道", location="西湖村", category="交通", estimated_cost_yuan=100,
                  completion_time_frame="当年内", suggested_implementer="", channel=Channel.WEB,
                  proposer=Proposer("张三", "13812345678"))
    return ProposalDraft(**(fields | changes))


def proposal(pid: str = "p1", state: ProposalState = ProposalState.SUBMITTED, year: int | None = 2024) -> Proposal:
    return Proposal(id=pid, town_id="xihu", draft=draft(), receipt_code=domain.new_receipt_code(), year=year,
                    state=state, created_at=NOW)


def all_pass(**failing) -> list[CriterionResult]:
    return [CriterionResult(c, c not in failing, failing.get(c, "")) for c in DEFAULT_CRITERIA]


def fields_of(error: InvalidArgument) -> set[str]:
    return {v.field for v in error.violations}


def test_a_valid_draft_passes():
    draft().validate()


def test_every_bad_field_is_reported_at_once():
    bad = draft(title="", content="x" * 5001, estimated_cost_yuan=-1, channel=None,
                proposer=Proposer("", "call me"))
    with pytest.raises(InvalidArgument) as caught:
        bad.validate()
    assert fields_of(caught.value) == {"proposal.title", "proposal.content", "proposal.estimated_cost_yuan",
                                       "proposal.channel", "proposal.proposer.name", "proposal.proposer.phone"}


def test_personal_data_is_masked():
    masked = Proposer("张三丰", "13812345678", "西湖村委").masked()
    assert masked.name == "张**" and masked.phone == "138****5678" and masked.unit == "西湖村委"


def test_shortlisting_needs_every_criterion_passed():
    p = proposal()
    with pytest.raises(InvalidArgument) as caught:
        p.screen(criteria=DEFAULT_CRITERIA, year=2024, results=all_pass(财政可承担="太贵"),
                 outcome=Outcome.SHORTLISTED, explanation="", actor="staff", now=NOW)
    assert fields_of(caught.value) == {"outcome"}
    assert p.state is ProposalState.SUBMITTED and p.screening is None


@pytest.mark.parametrize("outcome", [Outcome.NOT_SHORTLISTED, Outcome.RESERVE_POOL])
def test_not_shortlisting_needs_an_explanation(outcome):
    p = proposal()
    with pytest.raises(InvalidArgument) as caught:
        p.screen(criteria=DEFAULT_CRITERIA, year=2024, results=all_pass(当年可完工="跨年"), outcome=outcome,
                 explanation=" ", actor="staff", now=NOW)
    assert fields_of(caught.value) == {"explanation"}


def test_screening_needs_one_result_per_criterion_of_the_cycle():
    criteria = DEFAULT_CRITERIA + ("用地已落实",)
    p = proposal()
    with pytest.raises(InvalidArgument) as caught:
        p.screen(criteria=criteria, year=2024, results=all_pass(), outcome=Outcome.SHORTLISTED, explanation="",
                 actor="staff", now=NOW)
    assert fields_of(caught.value) == {"results"}


def test_screening_outcomes_set_state_and_what_is_owed_an_answer():
    shortlisted, refused = proposal("a"), proposal("b")
    shortlisted.screen(criteria=DEFAULT_CRITERIA, year=2024, results=all_pass(), outcome=Outcome.SHORTLISTED,
                       explanation="", actor="staff", now=NOW)
    refused.screen(criteria=DEFAULT_CRITERIA, year=2024, results=all_pass(财政可承担="超支"),
                   outcome=Outcome.NOT_SHORTLISTED, explanation="超出财力", actor="staff", now=NOW)
    assert shortlisted.state is ProposalState.SHORTLISTED and not shortlisted.awaiting_answer
    assert refused.state is ProposalState.NOT_SHORTLISTED and refused.awaiting_answer
    refused.give_answer("已向您说明政策", "staff", NOW)
    assert not refused.awaiting_answer
    with pytest.raises(FailedPrecondition):
        refused.give_answer("again", "staff", NOW)


def test_a_screened_proposal_cannot_be_screened_again():
    p = proposal()
    p.screen(criteria=DEFAULT_CRITERIA, year=2024, results=all_pass(), outcome=Outcome.SHORTLISTED,
             explanation="", actor="staff", now=NOW)
    with pytest.raises(FailedPrecondition) as caught:
        p.screen(criteria=DEFAULT_CRITERIA, year=2024, results=all_pass(), outcome=Outcome.SHORTLISTED,
                 explanation="", actor="staff", now=NOW)
    assert caught.value.reason == "PROPOSAL_NOT_SCREENABLE"


def test_merge_points_duplicates_to_the_target_and_counts_supporters():
    target, a, b = proposal("t"), proposal("a"), proposal("b")
    domain.merge(target, [a, b], actor="staff", now=NOW)
    assert target.supporter_count == 3
    assert all(d.state is ProposalState.MERGED and d.merged_into == "t" for d in (a, b))
    assert target.receipt_code in a.answer.text


@pytest.mark.parametrize("case", ["self", "merged", "other_year", "screened_target"])
def test_merge_rules(case):
    target, dup = proposal("t"), proposal("d")
    if case == "self":
        dup = target
    elif case == "merged":
        dup.state = ProposalState.MERGED
    elif case == "other_year":
        dup.year = 2023
    else:
        target.state = ProposalState.SHORTLISTED
    with pytest.raises(FailedPrecondition):
        domain.merge(target, [dup], actor="staff", now=NOW)
    assert target.supporter_count == 1


def test_cycle_accepts_only_while_open_and_within_its_dates():
    cycle = domain.new_cycle(town_id="xihu", year=2024, title="征集公告", announcement="正文", opens_at=NOW,
                             closes_at=NOW + timedelta(days=30), additional_criteria=["用地已落实"],
                             actor="staff", now=NOW)
    assert cycle.criteria[-1] == "用地已落实" and cycle.criteria[:4] == DEFAULT_CRITERIA
    assert cycle.accepts(NOW + timedelta(days=1)) and not cycle.accepts(NOW + timedelta(days=31))
    cycle.close("staff", NOW)
    assert not cycle.accepts(NOW + timedelta(days=1))
    with pytest.raises(FailedPrecondition):
        cycle.close("staff", NOW)


def test_cycle_validation_reports_all_fields():
    with pytest.raises(InvalidArgument) as caught:
        domain.new_cycle(town_id="xihu", year=1900, title="", announcement="x", opens_at=NOW, closes_at=NOW,
                         additional_criteria=["群众有需求"], actor="staff", now=NOW)
    assert fields_of(caught.value) == {"year", "title", "closes_at", "additional_criteria"}


def test_receipt_codes_avoid_confusable_characters():
    codes = {domain.new_receipt_code() for _ in range(200)}
    assert len(codes) == 200
    assert not any(set(c) & set("01OIL") for c in codes)


def test_explanations_are_bounded_even_when_shortlisted():
    p = proposal()
    with pytest.raises(InvalidArgument) as caught:
        p.screen(criteria=DEFAULT_CRITERIA, year=2024, results=all_pass(), outcome=Outcome.SHORTLISTED,
                 explanation="长" * 2001, actor="staff", now=NOW)
    assert fields_of(caught.value) == {"explanation"}


def test_an_answer_has_room_for_the_review_services_long_reasons():
    refused, long = proposal("a"), proposal("b")
    for p in (refused, long):
        p.screen(criteria=DEFAULT_CRITERIA, year=2024, results=all_pass(财政可承担="超支"),
                 outcome=Outcome.NOT_SHORTLISTED, explanation="超出财力", actor="staff", now=NOW)
    long.give_answer("经审查论证，未列入2024年度民生实事建议项目：" + "理" * 2000, "review-service", NOW)
    with pytest.raises(InvalidArgument):
        refused.give_answer("长" * (domain.MAX_ANSWER + 1), "staff", NOW)



# --- Criteria: the seed's four, or the town's own set --------------------------------------------

TOWN_CRITERIA = ["群众呼声高", "覆盖范围广", "政府可执行", "当年能完成"]


def cycle(**changes) -> domain.CollectionCycle:
    fields = dict(town_id="xihu", year=2024, title="征集公告", announcement="正文", opens_at=NOW,
                  closes_at=NOW + timedelta(days=30), additional_criteria=[], actor="staff", now=NOW)
    return domain.new_cycle(**(fields | changes))


def test_a_town_replaces_the_seeds_criteria_with_its_own_and_may_add_to_them():
    assert cycle().criteria == DEFAULT_CRITERIA
    assert cycle(criteria=TOWN_CRITERIA).criteria == tuple(TOWN_CRITERIA)
    assert cycle(criteria=TOWN_CRITERIA, additional_criteria=["用地已落实"]).criteria[-1] == "用地已落实"


@pytest.mark.parametrize("criteria, additional, fields", [
    ([], [], {"criteria"}),
    (["群众呼声高", "群众呼声高"], [], {"criteria"}),
    (["群众呼声高", ""], [], {"criteria[1]"}),
    (["群众呼声高"], ["群众呼声高"], {"additional_criteria"}),
    ([f"标准{i}" for i in range(domain.MAX_CRITERIA + 1)], [], {"criteria"}),
])
def test_a_towns_own_criteria_are_validated(criteria, additional, fields):
    with pytest.raises(InvalidArgument) as caught:
        cycle(criteria=criteria, additional_criteria=additional)
    assert fields_of(caught.value) == fields


def test_a_repeat_is_reported_where_it_is():
    with pytest.raises(InvalidArgument) as caught:
        cycle(criteria=["群众呼声高", "群众呼声高"], additional_criteria=["用地已落实"])
    assert fields_of(caught.value) == {"criteria"}


def test_each_screening_records_the_criteria_in_force():
    p = proposal()
    results = [CriterionResult(c, True) for c in TOWN_CRITERIA]
    p.screen(criteria=tuple(TOWN_CRITERIA), year=2024, results=results, outcome=Outcome.SHORTLISTED,
             explanation="", actor="staff", now=NOW)
    assert p.screening.criteria == tuple(TOWN_CRITERIA)


# --- The negative list --------------------------------------------------------------------------

@pytest.mark.parametrize("title, content, entry", [
    ("镇政府办公楼维修", "", "办公楼"),
    ("购置办公设备", "为镇机关购买电脑", "政府自用设备"),
    ("村道修缮", "完成多年未完工的桥梁", "未完工遗留项目"),
    ("老 年 食 堂", "办 公 楼 改造", "办公楼"),  # whitespace does not hide a keyword
])
def test_the_default_negative_list_flags_by_keyword_in_title_or_content(title, content, entry):
    assert [m.entry for m in DEFAULT_NEGATIVE_LIST.matches(title, content)] == [entry]


def test_ordinary_livelihood_projects_are_not_flagged():
    assert DEFAULT_NEGATIVE_LIST.matches("村主干道硬化", "群众反映村主干道需求迫切，受益面广。") == ()


def flagged() -> Proposal:
    p = proposal()
    p.draft = draft(title="村委办公楼前道路硬化")
    return p


def screen_flagged(p: Proposal, outcome: Outcome, explanation: str, override: str = "") -> None:
    failing = {} if outcome is Outcome.SHORTLISTED else {"群众有需求": "负面清单"}
    p.screen(criteria=DEFAULT_CRITERIA, year=2024, results=all_pass(**failing), outcome=outcome,
             explanation=explanation, actor="staff", now=NOW, negative_list=DEFAULT_NEGATIVE_LIST,
             override_reason=override)


def test_refusing_a_flagged_proposal_names_the_entry():
    p = flagged()
    with pytest.raises(InvalidArgument) as caught:
        screen_flagged(p, Outcome.NOT_SHORTLISTED, "不符合要求")
    assert fields_of(caught.value) == {"explanation"} and "办公楼" in caught.value.violations[0].description
    screen_flagged(p, Outcome.NOT_SHORTLISTED, "属于负面清单所列办公楼建设，不列入民生实事项目")
    assert p.screening.negative_matches == (NegativeMatch("办公楼", "办公楼"),)


def test_shortlisting_a_flagged_proposal_needs_the_reason_it_is_not_such_a_project():
    p = flagged()
    with pytest.raises(InvalidArgument) as caught:
        screen_flagged(p, Outcome.SHORTLISTED, "")
    assert fields_of(caught.value) == {"negative_list_override"} and p.state is ProposalState.SUBMITTED
    screen_flagged(p, Outcome.SHORTLISTED, "", override="修的是村道，不是办公楼")
    assert p.screening.override_reason == "修的是村道，不是办公楼"
    assert "negative list: 办公楼" in p.history[-1].detail


def test_an_override_without_a_match_is_refused():
    with pytest.raises(InvalidArgument) as caught:
        proposal().screen(criteria=DEFAULT_CRITERIA, year=2024, results=all_pass(), outcome=Outcome.SHORTLISTED,
                          explanation="", actor="staff", now=NOW, negative_list=DEFAULT_NEGATIVE_LIST,
                          override_reason="理由")
    assert fields_of(caught.value) == {"negative_list_override"}


def test_a_town_negative_list_is_validated_and_kept_with_the_cycle():
    own = NegativeList((NegativeEntry("楼堂馆所", ("楼堂馆所", "培训中心")),))
    assert cycle(negative_list=own).negative_list == own
    assert NegativeList.from_list(own.as_list()) == own
    bad = NegativeList((NegativeEntry("", ()), NegativeEntry("甲", (" 乙",)), NegativeEntry("甲", ("丙",))))
    with pytest.raises(InvalidArgument) as caught:
        cycle(negative_list=bad)
    assert fields_of(caught.value) == {"negative_list", "negative_list.entries[0].name",
                                       "negative_list.entries[0].keywords", "negative_list.entries[1].keywords[0]"}


# --- The reserve pool is alive ------------------------------------------------------------------

def shortlisted(year: int = 2024) -> Proposal:
    p = proposal(year=year)
    p.screen(criteria=DEFAULT_CRITERIA, year=year, results=all_pass(), outcome=Outcome.SHORTLISTED,
             explanation="", actor="staff", now=NOW)
    return p


def test_reviews_reserve_pool_answer_moves_the_proposal_to_the_pool_once():
    p = shortlisted()
    assert p.answer_from_review("经审查论证，列入项目储备库", to_reserve_pool=True, actor="review-service", now=NOW)
    assert p.state is ProposalState.RESERVE_POOL and p.answer.text.startswith("经审查论证")
    assert not p.answer_from_review("again", to_reserve_pool=True, actor="review-service", now=NOW)
    other = shortlisted()
    other.answer_from_review("未列入", to_reserve_pool=False, actor="review-service", now=NOW)
    assert other.state is ProposalState.SHORTLISTED


def test_a_pool_proposal_is_carried_into_a_later_year_and_screened_again_with_its_history():
    p = shortlisted(2024)
    p.answer_from_review("列入项目储备库", to_reserve_pool=True, actor="review-service", now=NOW)
    first = p.screening
    later = NOW + timedelta(days=365)
    assert p.carry_into(2025, "staff", later)
    assert (p.state, p.year, p.screening, p.answer) == (ProposalState.SUBMITTED, 2025, None, None)
    version = p.version
    assert not p.carry_into(2025, "staff", later), "a retried carry into the same year changes nothing"
    assert p.version == version and len(p.earlier) == 1
    with pytest.raises(FailedPrecondition):
        p.carry_into(2026, "staff", later)
    assert p.earlier == (domain.Round(2024, first, Answer("列入项目储备库", NOW)),)
    assert p.history[-1].action == "carried from the reserve pool" and "2024" in p.history[-1].detail
    p.screen(criteria=DEFAULT_CRITERIA, year=2025, results=all_pass(), outcome=Outcome.SHORTLISTED,
             explanation="", actor="staff", now=later)
    assert p.state is ProposalState.SHORTLISTED and p.year == 2025 and p.earlier[0].year == 2024


def test_screened_into_the_pool_or_received_outside_a_cycle_both_carry():
    screened = proposal()
    screened.screen(criteria=DEFAULT_CRITERIA, year=2024, results=all_pass(当年可完工="跨年"),
                    outcome=Outcome.RESERVE_POOL, explanation="当年难以完工", actor="staff", now=NOW)
    screened.carry_into(2025, "staff", NOW)
    assert screened.earlier[0].screening.outcome is Outcome.RESERVE_POOL
    outside = proposal(state=ProposalState.RESERVE_POOL, year=None)
    outside.carry_into(2025, "staff", NOW)
    assert outside.year == 2025 and outside.earlier == ()


@pytest.mark.parametrize("state, year, to_year, error", [
    (ProposalState.SHORTLISTED, 2024, 2025, FailedPrecondition),
    (ProposalState.NOT_SHORTLISTED, 2024, 2025, FailedPrecondition),
    (ProposalState.RESERVE_POOL, 2024, 2024, InvalidArgument),
    (ProposalState.RESERVE_POOL, 2024, 2023, InvalidArgument),
])
def test_only_the_pool_carries_and_only_into_a_later_year(state, year, to_year, error):
    p = proposal(state=state, year=year)
    with pytest.raises(error):
        p.carry_into(to_year, "staff", NOW)
    assert (p.state, p.year) == (state, year)


# --- Candidates' proposers are told the vote's outcome ------------------------------------------

def test_the_proposer_of_an_adopted_candidate_is_told_with_unit_and_deadline():
    text = domain.vote_outcome_answer(year=2024, title="村道硬化", adopted=True, responsible_unit="镇交通办",
                                      completion_deadline=date(2024, 11, 30))
    assert "确定为2024年度民生实事项目" in text and "镇交通办" in text and "2024年11月30日" in text
    p = shortlisted()
    assert p.record_vote_outcome(True, text, "voting-service", NOW)
    assert p.state is ProposalState.ADOPTED and p.answer.text == text
    assert not p.record_vote_outcome(False, "again", "voting-service", NOW) and p.state is ProposalState.ADOPTED


def test_the_proposer_of_a_candidate_not_adopted_is_told_too():
    text = domain.vote_outcome_answer(year=2024, title="村道硬化", adopted=False)
    assert "未当选2024年度民生实事项目" in text
    p = shortlisted()
    p.record_vote_outcome(False, text, "voting-service", NOW)
    assert p.state is ProposalState.NOT_ADOPTED and not p.awaiting_answer
    with pytest.raises(FailedPrecondition) as caught:
        proposal().record_vote_outcome(True, text, "voting-service", NOW)
    assert caught.value.reason == "NOT_A_CANDIDATE"


@given(before=st.text(max_size=30), after=st.text(max_size=30), entry=st.sampled_from(DEFAULT_NEGATIVE_LIST.entries),
       data=st.data())
def test_a_keyword_anywhere_in_the_content_flags_its_entry_whatever_the_spacing(before, after, entry, data):
    keyword = data.draw(st.sampled_from(entry.keywords))
    spaced = "".join(ch + data.draw(st.sampled_from(["", " ", "\n", "\u3000"])) for ch in keyword)
    matches = DEFAULT_NEGATIVE_LIST.matches("标题", before + spaced + after)
    assert entry.name in [m.entry for m in matches]
