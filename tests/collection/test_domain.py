"""Rules of collection, without any infrastructure."""
from datetime import datetime, timedelta, timezone

import pytest

from services.collection import domain
from services.collection.domain import (DEFAULT_CRITERIA, Channel, CriterionResult, Outcome, Proposal,
                                        ProposalDraft, ProposalState, Proposer)
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

