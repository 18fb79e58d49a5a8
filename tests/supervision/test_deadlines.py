"""When a milestone, a project or a rectification is overdue, and what the public notice
shows of a project, by the day given (no clock)."""
from datetime import date

from services.supervision import deadlines, notice
from services.supervision.deadlines import OverdueKind
from services.supervision.domain import CarryOverCause
from tests.supervision.test_domain import NOW, UNIT, draft, plan, project, under_way
from tests.supervision.test_oversight import P1, rectification


def found(projects, rectifications, day) -> list[tuple[str, str]]:
    return sorted((o.kind.value, o.period) for o in deadlines.overdue(projects, rectifications, day))


def test_a_milestone_is_overdue_after_its_due_day_until_a_report_reaches_it():
    p = under_way()
    assert found([p], [], date(2024, 4, 30)) == []  # due that day: not yet late
    assert found([p], [], date(2024, 5, 1)) == [("milestone", "m1@2024-04-30")]
    p.report(draft(report_date=date(2024, 5, 3)), "u", NOW, date(2024, 5, 3), as_unit=UNIT)  # reached late
    assert found([p], [], date(2024, 5, 4)) == []
    assert found([p], [], date(2024, 8, 1)) == [("milestone", "m2@2024-07-31")]


def test_an_unapproved_plan_has_no_overdue_milestones_but_the_project_can_be_late():
    p = project()
    p.set_plan(plan(), "", "s", NOW, as_unit=None)
    assert found([p], [], date(2024, 11, 30)) == []
    assert found([p], [], date(2024, 12, 1)) == [("project", "2024-11-30")]


def test_a_project_is_overdue_past_its_deadline_in_force_until_completion_is_reported():
    p = under_way()
    for milestone in ("m1", "m2", "m3"):
        p.report(draft(milestone_id=milestone, report_date=date(2024, 11, 1)), "u", NOW, date(2024, 11, 1),
                 as_unit=UNIT)
    assert found([p], [], date(2024, 12, 1)) == [("project", "2024-11-30")]
    p.carry_over(CarryOverCause.UNFINISHED, "征地推迟", date(2025, 6, 30), "s", NOW, date(2024, 12, 20))
    assert found([p], [], date(2025, 6, 30)) == []
    assert found([p], [], date(2025, 7, 1)) == [("project", "2025-06-30")]  # a new period: raised again
    p.report(draft(percent_complete=100, spent_yuan=300000, milestone_id="", claims_completion=True,
                   report_date=date(2025, 7, 2)), "u", NOW, date(2025, 7, 2), as_unit=UNIT)
    assert found([p], [], date(2025, 7, 3)) == []


def test_a_rectification_is_overdue_unanswered_past_its_deadline():
    p, r = under_way(number=1), rectification()
    for milestone in ("m1", "m2", "m3"):  # the milestones are not what this test watches
        p.report(draft(milestone_id=milestone), "u", NOW, date(2024, 5, 2), as_unit=UNIT)
    assert found([p], [r], date(2024, 7, 31)) == []
    assert found([p], [r], date(2024, 8, 1)) == [("rectification", "2024-07-31")]
    overdue = deadlines.overdue([p], [r], date(2024, 8, 1))[0]
    assert (overdue.kind, overdue.aggregate) == (OverdueKind.RECTIFICATION, r.name)
    r.answer("已整改", (), "u", NOW)
    assert found([p], [r], date(2024, 8, 2)) == []
    r.verify(False, "未完成", date(2024, 8, 20), "d", NOW, date(2024, 8, 2))
    assert found([p], [r], date(2024, 8, 21)) == [("rectification", "2024-08-20")]


def test_the_public_notice_shows_progress_without_contacts_texts_or_internal_findings():
    p = under_way(number=1)
    p.report(draft(text="张三反映施工扰民"), "unit-1", NOW, date(2024, 5, 2), as_unit=UNIT)
    public, internal = rectification(), rectification(finding_index=0, number=2)
    internal.internal = True
    p.carry_over(CarryOverCause.UNFINISHED, "因征地推迟", date(2025, 6, 30), "s", NOW, date(2024, 12, 20))
    [entry] = notice.notice([p], [public, internal])
    assert entry.project == P1 and entry.percent_complete == 20 and entry.deadline == date(2025, 6, 30)
    assert [(m.title, m.reached) for m in entry.milestones] == [("开工", date(2024, 5, 2)), ("路基完成", None),
                                                               ("竣工验收", None)]
    assert [r.finding for r in entry.rectifications] == ["排水沟未同步施工"]
    assert entry.follow_up_explanation == "因征地推迟"
    shown = repr(entry)
    assert "张工" not in shown and "0633" not in shown and "张三" not in shown and "unit-1" not in shown
