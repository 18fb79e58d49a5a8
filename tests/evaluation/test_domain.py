"""Rules of evaluation, without any infrastructure: the grading rule at its edges, the
completion report's states, and the written report's PDF."""
import io
from datetime import date, datetime, timezone

import pytest
from pypdf import PdfReader

from services.evaluation import domain, report
from services.evaluation.domain import (EvaluationState, FinalStatus, Grade, GradingBase, ItemEdit, SupervisedProject,
                                        Tally, grade, majority_base)
from services.platform.errors import FailedPrecondition, InvalidArgument

NOW = datetime(2024, 3, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize(("satisfied", "basically", "base", "expected"), [
    (36, 0, 70, Grade.SATISFIED),              # more than half of 70
    (35, 34, 70, Grade.BASICALLY_SATISFIED),   # exactly half is not more than half
    (35, 1, 70, Grade.BASICALLY_SATISFIED),    # 36 together
    (30, 5, 70, Grade.UNSATISFIED),            # 35 together: exactly half
    (0, 0, 70, Grade.UNSATISFIED),
    (35, 0, 69, Grade.SATISFIED),              # odd base: 35 > 34.5
    (34, 0, 69, Grade.UNSATISFIED),
])
def test_grades_at_the_edges_of_half(satisfied, basically, base, expected):
    assert grade(Tally(satisfied, basically, base - satisfied - basically), base) is expected


def test_the_base_is_the_seated_deputies_unless_the_town_counts_those_present():
    # 70 seated, 60 present, 32 满意: not more than half of the seated, more than half of those present.
    tally = Tally(32, 20, 8)
    assert grade(tally, majority_base(GradingBase.SEATED, 70, 60)) is Grade.BASICALLY_SATISFIED
    assert grade(tally, majority_base(GradingBase.PRESENT, 70, 60)) is Grade.SATISFIED
    # 满意+基本满意 = 35: exactly half of the seated (不满意), more than half of those present.
    assert grade(Tally(20, 15, 25), majority_base(GradingBase.SEATED, 70, 60)) is Grade.UNSATISFIED
    assert grade(Tally(20, 15, 25), majority_base(GradingBase.PRESENT, 70, 60)) is Grade.BASICALLY_SATISFIED


def project(n: int, **changes) -> SupervisedProject:
    values = dict(town_id="xihu", project=f"towns/xihu/projects/2023-{n}", year=2023, title=f"修缮道路{n}号",
                  responsible_unit="镇建设办", budget_yuan=500000, completion_deadline=date(2023, 10, 31),
                  spent_yuan=480000, percent_complete=100, completed=True, completion_reported_on=date(2023, 10, 1))
    return SupervisedProject(**(values | changes))


def test_each_projects_final_status_comes_from_supervision():
    assert project(1).final_status() is FinalStatus.COMPLETED
    assert project(1, completion_reported_on=date(2023, 11, 2)).final_status() is FinalStatus.COMPLETED_LATE
    assert project(1, completed=False, percent_complete=60).final_status() is FinalStatus.UNFINISHED
    assert project(1, completed=False, carried_over=True).final_status() is FinalStatus.CARRIED_OVER


def opened(*projects):
    return domain.open_evaluation(town_id="xihu", year=2023, session="towns/xihu/sessions/s1",
                                  session_date=date(2024, 2, 20), grading_base=GradingBase.SEATED,
                                  projects=list(projects or [project(1), project(2, completed=False)]),
                                  actor="staff", now=NOW)


def test_a_year_is_evaluated_at_a_session_of_the_next_year_and_with_projects():
    with pytest.raises(FailedPrecondition) as caught:
        domain.open_evaluation(town_id="xihu", year=2023, session="s", session_date=date(2023, 12, 1),
                               grading_base=GradingBase.SEATED, projects=[project(1)], actor="staff", now=NOW)
    assert caught.value.reason == "SESSION_OF_ANOTHER_YEAR"
    with pytest.raises(FailedPrecondition):
        domain.open_evaluation(
            town_id="xihu", year=2023, session="s", session_date=date(2024, 2, 1), grading_base=GradingBase.SEATED,
            projects=[], actor="staff", now=NOW)


def test_the_report_lists_the_projects_in_their_adoption_order():
    assert [i.project[-4:] for i in opened(project(10), project(2), project(1)).items] == ["23-1", "23-2", "3-10"]


def test_the_report_is_edited_then_frozen_and_unfinished_projects_need_an_explanation():
    e = opened()
    assert e.state is EvaluationState.DRAFTING and [i.status for i in e.items] == [FinalStatus.COMPLETED,
                                                                                    FinalStatus.UNFINISHED]
    with pytest.raises(FailedPrecondition) as caught:
        e.submit_report("staff", NOW)
    assert caught.value.reason == "EXPLANATION_MISSING"
    with pytest.raises(InvalidArgument) as bad:
        e.edit_report("", [ItemEdit("towns/xihu/projects/2023-9", "x", ""), ItemEdit(e.items[0].project, "长" * 10001, "")],
                      "staff", NOW)
    assert {v.field for v in bad.value.violations} == {"items[0].project", "items[1].work_done"}
    e.edit_report("总体顺利", [ItemEdit(e.items[1].project, "", "征地未完成，明年6月前完工")], "staff", NOW)
    e.submit_report("staff", NOW)
    assert e.state is EvaluationState.REPORT_SUBMITTED
    with pytest.raises(FailedPrecondition):
        e.edit_report("改", [], "staff", NOW)
    assert e.projects_to_assess() == [i.project for i in e.items]


def test_grades_move_the_evaluation_on_and_only_unsatisfactory_projects_are_assessed_again():
    e = opened(project(1), project(2))
    e.submit_report("staff", NOW)
    with pytest.raises(FailedPrecondition):
        e.issue_report("staff", NOW)
    e.assessment_opened("staff", NOW)
    e.graded({e.items[0].project: (Grade.SATISFIED, Tally(50, 10, 10)),
              e.items[1].project: (Grade.UNSATISFIED, Tally(10, 10, 50))}, "staff", NOW)
    assert e.state is EvaluationState.ASSESSED
    assert e.projects_to_assess() == [e.items[1].project]
    e.issue_report("staff", NOW)
    with pytest.raises(FailedPrecondition):
        e.issue_report("staff", NOW)


def test_a_rectification_is_due_within_half_a_year_and_within_the_year():
    assert domain.rectification_deadline(date(2024, 2, 20)) == date(2024, 8, 20)
    assert domain.rectification_deadline(date(2024, 9, 1)) == date(2024, 12, 31)


def test_the_pdf_holds_the_town_projects_grades_and_counts_in_chinese():
    e = opened(project(1), project(2, completed=False, carried_over=True, explanation="资金未到位"))
    e.submit_report("staff", NOW)
    e.graded({e.items[0].project: (Grade.SATISFIED, Tally(61, 5, 1)),
              e.items[1].project: (Grade.UNSATISFIED, Tally(12, 20, 35))}, "staff", NOW)
    pdf = report.render(e, town_name="西湖镇", session_title="西湖镇第十九届人民代表大会第四次会议", seated=70, present=67,
                        comments=["建议加快道路维修进度"])
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = "".join(text.split())
    for expected in ("西湖镇2023年民生实事项目书面评议报告", "修缮道路1号", "修缮道路2号", "满意", "不满意", "实有代表70名",
                     "出席67名", "61", "35", "资金未到位", "建议加快道路维修进度", "结转下年跟踪监督", "48.00万元"):
        assert expected in flat, expected
