"""Unit tests of attendance: check-in closes when a poll opens; corrections are recorded."""
from datetime import datetime, timedelta, timezone

import pytest

from services.platform.errors import FailedPrecondition, InvalidArgument, PermissionDenied
from services.voting.attendance import Attendance, AttendanceCorrection

NOW = datetime(2024, 1, 15, 9, tzinfo=timezone.utc)
SEATED = frozenset({"d1", "d2", "d3", "d4"})


def test_self_check_in_only_before_the_first_poll_opens():
    a = Attendance()
    a.check_in_self("d1", SEATED)
    a.close_check_in(NOW)
    with pytest.raises(FailedPrecondition) as caught:
        a.check_in_self("d2", SEATED)
    assert caught.value.reason == "CHECK_IN_CLOSED"
    assert a.present == {"d1"}
    with pytest.raises(FailedPrecondition):
        a.require_may_vote("d2", SEATED)  # so a deputy cannot arrive during the poll and vote
    a.close_check_in(NOW + timedelta(hours=1))  # a runoff opening keeps the first time
    assert a.check_in_closed_at == NOW


def test_only_seated_deputies_check_in_and_vote():
    a = Attendance()
    with pytest.raises(PermissionDenied):
        a.check_in_self("stranger", SEATED)
    a.record_by_staff(["d1", "d2"], SEATED, present=True, reason="", actor="staff", now=NOW)
    a.require_may_vote("d1", SEATED)
    # d2 left office with effect before the session, recorded after it opened: unseated now.
    now_seated = SEATED - {"d2"}
    with pytest.raises(PermissionDenied):
        a.require_may_vote("d2", now_seated)
    assert a.count(SEATED) == 2 and a.count(now_seated) == 1


def test_staff_check_in_before_polls_is_registration_and_after_is_a_recorded_correction():
    a = Attendance()
    a.record_by_staff(["d1", "d2", "d3"], SEATED, present=True, reason="", actor="staff", now=NOW)
    assert a.corrections == []
    a.close_check_in(NOW)
    with pytest.raises(InvalidArgument) as caught:
        a.record_by_staff(["d4"], SEATED, present=True, reason=" ", actor="staff", now=NOW)
    assert [v.field for v in caught.value.violations] == ["reason"] and "d4" not in a.present
    later = NOW + timedelta(minutes=5)
    a.record_by_staff(["d4"], SEATED, present=True, reason="签到机故障，本人在场", actor="staff", now=later)
    a.record_by_staff(["d3"], SEATED, present=False, reason="请假离会", actor="staff", now=later)
    assert a.present == {"d1", "d2", "d4"}
    assert a.corrections == [AttendanceCorrection("d4", True, "签到机故障，本人在场", "staff", later),
                             AttendanceCorrection("d3", False, "请假离会", "staff", later)]


def test_marking_a_deputy_absent_always_needs_a_reason_and_bad_ids_are_named():
    a = Attendance()
    with pytest.raises(InvalidArgument) as caught:
        a.record_by_staff(["d1", "nobody"], SEATED, present=False, reason="", actor="staff", now=NOW)
    assert {v.field for v in caught.value.violations} == {"deputies[1]", "reason"}


def test_a_poll_closes_with_the_present_and_its_voters_among_the_seated():
    a = Attendance()
    a.record_by_staff(["d1", "d2", "d3"], SEATED, present=True, reason="", actor="staff", now=NOW)
    a.close_check_in(NOW)
    a.record_by_staff(["d3"], SEATED, present=False, reason="投票后离会", actor="staff", now=NOW)
    assert a.present_for_poll(SEATED) == 2
    assert a.present_for_poll(SEATED, voters=frozenset({"d1", "d3"})) == 3  # d3 voted, then left
    # d1's departure, dated before the session, was recorded after d1 voted: not counted.
    assert a.present_for_poll(SEATED - {"d1"}, voters=frozenset({"d1", "d3"})) == 2
