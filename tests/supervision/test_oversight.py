"""Rules of the supervisors' side, without any infrastructure: the roster, groups, the
calendar and its inquiry, inspections, and rectification step by step."""
from datetime import date

import pytest

from services.platform.errors import InvalidArgument
from services.supervision import oversight
from services.supervision.oversight import (Calendar, Finding, Inquiry, Inspection, InspectionKind, Level, Question,
                                            RectificationState, Supervisor, SupervisionGroup, Topic)
from tests.supervision.test_domain import NOW, reason, violations

P1, P2 = "towns/xihu/projects/2024-1", "towns/xihu/projects/2024-2"
ROSTER = {"wang", "li", "zhao"}


def group(**changes) -> SupervisionGroup:
    fields = dict(town_id="xihu", id="roads-2024", year=2024, title="道路项目专项监督小组", members=("wang", "li"),
                  leader="wang")
    return SupervisionGroup(**(fields | changes))


def inspection(**changes) -> Inspection:
    fields = dict(town_id="xihu", id="i1", group_id="roads-2024", kind=InspectionKind.FOCUSED_INSPECTION,
                  date=date(2024, 6, 20), participants=("wang", "li"), projects=(P1, P2),
                  findings=(Finding(P1, "排水沟未同步施工", False), Finding(P2, "资金拨付滞后", True)))
    return Inspection(**(fields | changes))


def rectification(**changes):
    fields = dict(inspection=inspection(), finding_index=0, project_id="2024-1", project_name=P1,
                  responsible_unit="镇建设办", number=1, deadline=date(2024, 7, 31), actor="staff", now=NOW)
    return oversight.request_rectification(**(fields | changes))


def test_a_supervisor_has_a_level_and_an_activity_group():
    bad = Supervisor("xihu", "Wang Wu", "", None, "", "x" * 101)
    assert violations(bad.validate) == {"supervisor_id", "supervisor.display_name", "supervisor.level",
                                        "supervisor.activity_group", "supervisor.account"}
    Supervisor("xihu", "wang", "王五", Level.CITY, "西湖镇人大代表活动小组第一组", "").validate()


def test_a_group_is_formed_from_the_roster_with_a_leader_among_its_members():
    assert violations(lambda: group(id="", year=1999, title="", members=("wang", "wang", "nobody"),
                                    leader="zhao").validate(ROSTER)) == {
        "group_id", "group.year", "group.title", "group.members", "group.members[2]", "group.leader"}
    group().validate(ROSTER)
    assert group().has_member({"li"}) and not group().has_member({"zhao"})


def test_the_calendar_lies_within_its_year_and_names_its_projects():
    bad = Calendar("xihu", 2024, (Topic("", ("towns/xihu/projects/2023-1",)),), date(2024, 7, 1), date(2024, 6, 1))
    assert violations(lambda: bad.validate({P1})) == {"calendar.topics[0].title", "calendar.topics[0].projects[0]",
                                                      "calendar.year_end_inquiry_date"}
    assert violations(lambda: Calendar("xihu", 2024, (), None, date(2025, 1, 5)).validate(set())) == {
        "calendar.topics", "calendar.mid_year_supervision_date", "calendar.year_end_inquiry_date"}


def test_the_inquiry_is_recorded_once_and_freezes_the_calendar():
    calendar = Calendar("xihu", 2024, (Topic("道路", (P1,)),), date(2024, 7, 1), date(2024, 12, 10))
    calendar.validate({P1})
    question = Question(P1, "wang", "排水沟何时完工？", "12月底前完工", "副镇长")
    bad = Inquiry(date(2024, 6, 1), (Question(P2, "nobody", "", "", ""),))
    assert violations(lambda: calendar.record_inquiry(bad, {P1}, ROSTER, "staff", NOW, date(2024, 12, 20))) == {
        "inquiry.date", "inquiry.questions[0].project", "inquiry.questions[0].asked_by",
        "inquiry.questions[0].question", "inquiry.questions[0].answer", "inquiry.questions[0].answered_by"}
    future = Inquiry(date(2024, 12, 21), (question,))
    assert violations(lambda: calendar.record_inquiry(future, {P1}, ROSTER, "s", NOW, date(2024, 12, 20))) == {
        "inquiry.date"}
    calendar.record_inquiry(Inquiry(date(2024, 12, 10), (question,)), {P1}, ROSTER, "staff", NOW, date(2024, 12, 20))
    again = Inquiry(date(2024, 12, 11), (question,))
    assert reason(lambda: calendar.record_inquiry(again, {P1}, ROSTER, "s", NOW, date(2024, 12, 20))) == \
        "INQUIRY_RECORDED"
    assert reason(lambda: calendar.replace_plan(calendar, "s", NOW)) == "INQUIRY_RECORDED"


def test_an_inspection_is_by_its_groups_members_about_its_years_projects():
    today = date(2024, 6, 30)
    assert violations(lambda: inspection(kind=None, date=date(2024, 7, 1), participants=("zhao",),
                                         projects=(P1, "towns/xihu/projects/2023-9"),
                                         findings=(Finding(P2, "", False),)).validate(group(), {P1, P2}, today)) == {
        "inspection.kind", "inspection.date", "inspection.participants[0]", "inspection.projects[1]",
        "inspection.findings[0].project", "inspection.findings[0].text"}
    assert violations(lambda: inspection().validate(None, set(), today)) >= {"inspection.supervision_group"}
    inspection().validate(group(), {P1, P2}, today)


def test_a_finding_goes_to_its_projects_unit_and_is_answered_and_verified():
    assert violations(lambda: rectification(finding_index=1, deadline=date(2024, 6, 19))) == {
        "rectification.finding_index", "rectification.deadline"}
    assert violations(lambda: rectification(finding_index=5)) == {"rectification.finding_index"}
    r = rectification()
    assert (r.name, r.finding, r.internal, r.state) == ("towns/xihu/projects/2024-1/rectifications/1",
                                                        "排水沟未同步施工", False, RectificationState.REQUESTED)
    today = date(2024, 7, 10)
    assert reason(lambda: r.verify(True, "", None, "d", NOW, today)) == "RECTIFICATION_NOT_ANSWERED"
    assert violations(lambda: r.answer("", ("bad ref",), "u", NOW)) == {"text", "attachments[0]"}
    r.answer("已补建排水沟", ("https://example.org/drain.jpg",), "unit-1", NOW)
    assert reason(lambda: r.answer("再答", (), "u", NOW)) == "RECTIFICATION_NOT_REQUESTED"
    assert violations(lambda: r.verify(False, "", None, "d", NOW, today)) == {"reason", "new_deadline"}
    assert violations(lambda: r.verify(False, "坡度不够", date(2024, 7, 9), "d", NOW, today)) == {"new_deadline"}
    assert violations(lambda: r.verify(True, "", date(2024, 8, 1), "d", NOW, today)) == {"new_deadline"}
    r.verify(False, "坡度不够", date(2024, 8, 15), "deputy-1", NOW, today)
    assert (r.state, r.deadline) == (RectificationState.REQUESTED, date(2024, 8, 15))
    r.answer("已调整坡度", (), "unit-1", NOW)
    r.verify(True, "", None, "deputy-1", NOW, today)
    assert r.state is RectificationState.ACCEPTED
    assert [e.action for e in r.history] == ["requested", "answered", "sent back", "answered", "accepted"]
    assert reason(lambda: r.verify(True, "", None, "d", NOW, today)) == "RECTIFICATION_NOT_ANSWERED"


def test_ids_in_names_are_checked():
    for bad in ("0", "01", "x", "²", "10000"):
        with pytest.raises(InvalidArgument):
            oversight.parse_rectification_id("name", bad)
    assert oversight.parse_rectification_id("name", "12") == 12
