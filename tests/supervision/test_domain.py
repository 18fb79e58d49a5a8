"""Rules of a project's supervision, without any infrastructure: its plan, progress,
completion and carry-over, each step in and out of order."""
from datetime import date, datetime, timezone

import pytest

from services.platform.errors import FailedPrecondition, InvalidArgument, PermissionDenied
from services.supervision import domain
from services.supervision.domain import (BudgetLine, CarryOverCause, Milestone, Plan, ProgressDraft, Project,
                                         ProjectState)

NOW = datetime(2024, 3, 1, tzinfo=timezone.utc)
TODAY = date(2024, 12, 15)
UNIT = "镇建设办"


def project(**changes) -> Project:
    fields = dict(town_id="xihu", year=2024, number=3, candidate_id="towns/xihu/reviews/2024/items/a",
                  proposal="towns/xihu/proposals/p", title="村道硬化", description="硬化村道3公里", location="一村",
                  budget_yuan=300000, funding_source="镇财政", responsible_unit=UNIT,
                  completion_deadline=date(2024, 11, 30), actor="voting-service", now=NOW)
    return domain.new_project(**(fields | changes))


def plan(**changes) -> Plan:
    fields = dict(milestones=(Milestone("", "开工", date(2024, 4, 30)), Milestone("", "路基完成", date(2024, 7, 31)),
                              Milestone("", "竣工验收", date(2024, 11, 15))),
                  budget=(BudgetLine("材料", 200000), BudgetLine("人工", 100000)), contact_name="张工",
                  contact_phone="0633-1234567")
    return Plan(**(fields | changes))


def draft(**changes) -> ProgressDraft:
    fields = dict(report_date=date(2024, 5, 2), percent_complete=20, spent_yuan=50000, milestone_id="m1",
                  text="已开工", attachments=("https://example.org/photo1.jpg", "doc:2024-17"), claims_completion=False)
    return ProgressDraft(**(fields | changes))


def under_way(**changes) -> Project:
    p = project(**changes)
    p.set_plan(plan(), "", "staff-xihu", NOW, as_unit=None)
    p.approve_plan("staff-xihu", NOW)
    return p


def completion_reported() -> Project:
    p = under_way()
    p.report(draft(percent_complete=100, spent_yuan=290000, milestone_id="m3", claims_completion=True,
                   report_date=date(2024, 11, 20)), "unit-1", NOW, TODAY, as_unit=UNIT)
    return p


def violations(call) -> set[str]:
    with pytest.raises(InvalidArgument) as caught:
        call()
    return {v.field for v in caught.value.violations}


def reason(call, error=FailedPrecondition) -> str:
    with pytest.raises(error) as caught:
        call()
    return caught.value.reason


def test_a_project_is_named_by_its_year_and_adoption_rank():
    assert project().name == "towns/xihu/projects/2024-3"
    assert domain.parse_project_id("name", "2024-12") == (2024, 12)
    for bad in ("2024", "24-1", "2024-0", "2024-1000", "²０２４-1", "2024-01", "2024-1-2"):
        assert violations(lambda: domain.parse_project_id("name", bad)) == {"name"}


def test_a_plan_is_refused_with_every_bad_field():
    bad = plan(milestones=(Milestone("", "", date(2023, 12, 31)), Milestone("", "竣工", date(2024, 12, 1)),
                           Milestone("", "x", None)),
               budget=(BudgetLine("材料", 200000), BudgetLine("", -1)), contact_name="", contact_phone="call me")
    assert violations(lambda: project().set_plan(bad, "", "s", NOW, as_unit=None)) == {
        "plan.milestones[0].title", "plan.milestones[0].due_date", "plan.milestones[1].due_date",
        "plan.milestones[2].due_date", "plan.budget[1].item", "plan.budget[1].amount_yuan", "plan.budget",
        "plan.contact_name", "plan.contact_phone"}
    assert violations(lambda: project().set_plan(plan(milestones=()), "", "s", NOW, as_unit=None)) == {
        "plan.milestones"}


def test_the_plan_is_set_approved_and_changed_only_with_a_reason():
    p = project()
    assert reason(lambda: p.approve_plan("staff", NOW)) == "NO_PLAN"
    assert violations(lambda: p.set_plan(plan(), "改期", "s", NOW, as_unit=None)) == {"change_reason"}
    with pytest.raises(PermissionDenied):
        p.set_plan(plan(), "", "unit-2", NOW, as_unit="镇水利站")
    p.set_plan(plan(), "", "unit-1", NOW, as_unit=UNIT)
    p.set_plan(plan(contact_name="李工"), "", "unit-1", NOW, as_unit=UNIT)  # a draft is simply replaced
    assert (p.plan.version, p.state, [m.id for m in p.plan.milestones]) == (2, ProjectState.REGISTERED,
                                                                            ["m1", "m2", "m3"])
    p.approve_plan("staff", NOW)
    assert p.state is ProjectState.IN_PROGRESS and p.plan.approved_by == "staff"
    assert reason(lambda: p.approve_plan("staff", NOW)) == "PLAN_APPROVED"
    assert violations(lambda: p.set_plan(plan(), "", "s", NOW, as_unit=None)) == {"change_reason"}
    p.set_plan(plan(contact_name="王工"), "材料到货推迟", "unit-1", NOW, as_unit=UNIT)
    assert p.plan.approved and p.plan.version == 3 and p.plan.contact_name == "王工"
    assert [(c.version, c.reason) for c in p.plan_changes] == [(3, "材料到货推迟")]
    assert [e.action for e in p.history] == ["registered", "plan set", "plan set", "plan approved", "plan changed"]


def test_a_report_is_refused_with_every_bad_field_and_changes_nothing():
    p = under_way()
    p.report(draft(), "unit-1", NOW, TODAY, as_unit=UNIT)
    bad = draft(report_date=date(2024, 5, 1), percent_complete=10, spent_yuan=100, milestone_id="m9",
                attachments=("ftp://x", "a b"), claims_completion=True)
    assert violations(lambda: p.report(bad, "unit-1", NOW, TODAY, as_unit=UNIT)) == {
        "report.report_date", "report.percent_complete", "report.spent_yuan", "report.milestone_id",
        "report.attachments[0]", "report.attachments[1]", "report.claims_completion"}
    future = draft(report_date=date(2024, 12, 16), percent_complete=101, spent_yuan=-1)
    assert violations(lambda: p.report(future, "unit-1", NOW, TODAY, as_unit=UNIT)) == {
        "report.report_date", "report.percent_complete", "report.spent_yuan"}
    assert p.progress.reports == 1 and p.progress.percent_complete == 20


def test_reports_need_an_approved_plan_and_the_projects_own_unit():
    p = project()
    p.set_plan(plan(), "", "s", NOW, as_unit=None)
    assert reason(lambda: p.report(draft(), "unit-1", NOW, TODAY, as_unit=UNIT)) == "PLAN_NOT_APPROVED"
    p.approve_plan("s", NOW)
    with pytest.raises(PermissionDenied):
        p.report(draft(), "unit-2", NOW, TODAY, as_unit="镇水利站")
    report = p.report(draft(), "staff-xihu", NOW, TODAY, as_unit=None)  # staff report for the unit
    assert (report.number, p.progress.reached) == (1, {"m1": date(2024, 5, 2)})
    p.report(draft(report_date=date(2024, 6, 1), percent_complete=40, milestone_id="m1"), "u", NOW, TODAY,
             as_unit=UNIT)
    assert p.progress.reached == {"m1": date(2024, 5, 2)}  # reached when first reported


def test_completion_is_reported_then_verified_or_sent_back():
    p = completion_reported()
    assert p.state is ProjectState.COMPLETION_REPORTED
    assert reason(lambda: p.report(draft(report_date=date(2024, 11, 21), percent_complete=100, spent_yuan=290000),
                                   "u", NOW, TODAY, as_unit=UNIT)) == "COMPLETION_REPORTED"
    assert reason(lambda: p.set_plan(plan(), "x", "u", NOW, as_unit=UNIT)) == "COMPLETION_REPORTED"
    assert reason(lambda: p.verify_completion(True, "", "d", NOW)) == "NO_SUPERVISION_GROUP"
    p.assign("roads", "wang", "staff", NOW)
    assert violations(lambda: p.verify_completion(False, " ", "d", NOW)) == {"reason"}
    p.verify_completion(False, "路面未压实", "deputy-1", NOW)
    assert p.state is ProjectState.IN_PROGRESS
    assert reason(lambda: p.verify_completion(True, "", "d", NOW)) == "COMPLETION_NOT_REPORTED"
    p.report(draft(report_date=date(2024, 11, 28), percent_complete=100, spent_yuan=295000, claims_completion=True,
                   milestone_id=""), "u", NOW, TODAY, as_unit=UNIT)
    p.verify_completion(True, "", "deputy-1", NOW)
    assert p.state is ProjectState.COMPLETED and [v.accepted for v in p.verifications] == [False, True]
    for step in (lambda: p.report(draft(report_date=date(2024, 12, 1), percent_complete=100, spent_yuan=295000), "u",
                                  NOW, TODAY, as_unit=UNIT),
                 lambda: p.set_plan(plan(), "x", "u", NOW, as_unit=UNIT),
                 lambda: p.assign("roads", "li", "s", NOW),
                 lambda: p.carry_over(CarryOverCause.UNFINISHED, "未完成", date(2025, 6, 30), "s", NOW, TODAY)):
        assert reason(step) == "PROJECT_COMPLETED"


def test_an_unfinished_project_is_carried_over_at_year_end_with_a_new_deadline():
    p = under_way()
    explain = "因征地协调推迟，预计2025年6月完工"
    assert reason(lambda: p.carry_over(CarryOverCause.UNFINISHED, explain, date(2025, 6, 30), "s", NOW,
                                       date(2024, 11, 30))) == "YEAR_NOT_ENDING"
    assert violations(lambda: p.carry_over(CarryOverCause.UNFINISHED, "", date(2024, 12, 31), "s", NOW, TODAY)) == {
        "explanation", "completion_deadline"}
    carried = p.carry_over(CarryOverCause.UNFINISHED, explain, date(2025, 6, 30), "staff", NOW, TODAY)
    assert (carried.into_year, p.supervision_year, p.deadline) == (2025, 2025, date(2025, 6, 30))
    assert p.state is ProjectState.IN_PROGRESS and p.completion_deadline == date(2024, 11, 30)
    assert reason(lambda: p.carry_over(CarryOverCause.UNFINISHED, explain, date(2026, 6, 30), "s", NOW,
                                       date(2025, 3, 1))) == "YEAR_NOT_ENDING"
    p.carry_over(CarryOverCause.UNFINISHED, "仍未完成", date(2026, 3, 31), "s", NOW, date(2025, 12, 20))
    assert p.supervision_year == 2026


def test_a_project_graded_unsatisfactory_is_carried_over_back_in_progress():
    p = completion_reported()
    assert reason(lambda: p.carry_over(CarryOverCause.UNSATISFACTORY_EVALUATION, "群众不满意", date(2025, 6, 30), "e",
                                       NOW, TODAY)) == "PROJECT_NOT_COMPLETED"
    p.assign("roads", "wang", "staff", NOW)
    p.verify_completion(True, "", "d", NOW)
    p.carry_over(CarryOverCause.UNSATISFACTORY_EVALUATION, "满意度测评不满意，限期整改", date(2025, 6, 30), "evaluation",
                 NOW, date(2025, 2, 20))
    assert p.state is ProjectState.IN_PROGRESS and p.supervision_year == 2025
