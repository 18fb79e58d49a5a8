"""The assessment's rules around the ballot box, without infrastructure: who may cast and
decrypt, the states, and the grades at the quorum by the town's base."""
import json
from datetime import datetime, timezone

import pytest

from services.ballotbox.box import BoxState, Refused
from services.evaluation.assessment import open_assessment
from services.evaluation.domain import Grade, GradingBase
from services.platform.errors import FailedPrecondition, PermissionDenied
from services.platform.pseudonyms import attendance_digest
from tests.evaluation.client import Scrutineers, deputy, encrypted

NOW = datetime(2024, 2, 20, tzinfo=timezone.utc)
SESSION = "towns/xihu/sessions/s"
KEY = bytes(range(32))
PROJECTS = ["towns/xihu/projects/2023-1", "towns/xihu/projects/2023-2"]


class Ballot:
    """What encrypted() in the client reads of an assessment message."""

    def __init__(self, assessment):
        self.manifest = json.dumps(assessment.box.manifest.to_json())
        self.key_record = json.dumps(assessment.box.record.to_json())


@pytest.fixture(scope="module")
def scrutineers() -> Scrutineers:
    return Scrutineers(SESSION, "xihu")


def opened(scrutineers, present=(1, 2, 3, 4)):
    return open_assessment(town_id="xihu", year=2023, round=1, projects=PROJECTS, seated_count=7,
                           present=frozenset(attendance_digest(KEY, SESSION, deputy("xihu", n)) for n in present),
                           key_record=scrutineers.record.to_json(), now=NOW)


CHOICES = {1: ("满意", "满意"), 2: ("满意", "基本满意"), 3: ("满意", "不满意"), 4: ("满意", "基本满意")}


def cast_all(assessment) -> list[dict]:
    """Each present deputy's device encrypts; the box checks and takes the ballot."""
    entries = []
    for n, marks in CHOICES.items():
        assessment.may_cast(attendance_digest(KEY, SESSION, deputy("xihu", n)))
        checked = assessment.box.check(json.loads(encrypted(Ballot(assessment), dict(zip(PROJECTS, marks))).json))
        assessment.cast(checked, f"r{n}", None, False)
        entries.append(checked.entry)
    return entries


def test_only_the_present_cast_and_a_key_without_valid_proofs_opens_nothing(scrutineers):
    assessment = opened(scrutineers)
    with pytest.raises(PermissionDenied):
        assessment.may_cast(attendance_digest(KEY, SESSION, deputy("xihu", 5)))
    with pytest.raises(PermissionDenied):  # present at another session
        assessment.may_cast(attendance_digest(KEY, "towns/xihu/sessions/other", deputy("xihu", 1)))
    with pytest.raises(PermissionDenied):  # a digest made without the shared key: guessing names fails
        assessment.may_cast(attendance_digest(bytes(32), SESSION, deputy("xihu", 1)))
    assessment.may_cast(attendance_digest(KEY, SESSION, deputy("xihu", 1)))
    bad = scrutineers.record.to_json()
    bad["joint_key"] = bad["trustees"][0]["commitments"][0]
    with pytest.raises(FailedPrecondition):
        open_assessment(town_id="xihu", year=2023, round=1, projects=PROJECTS, seated_count=7, present=frozenset({"d"}),
                        key_record=bad, now=NOW)
    with pytest.raises(FailedPrecondition):
        opened(scrutineers, present=())


@pytest.mark.parametrize(("base", "second"), [(GradingBase.SEATED, Grade.UNSATISFIED),
                                              (GradingBase.PRESENT, Grade.BASICALLY_SATISFIED)])
def test_grades_come_at_the_quorum_by_the_towns_base(scrutineers, base, second):
    assessment = opened(scrutineers)
    entries = cast_all(assessment)
    with pytest.raises(Refused):  # nothing to decrypt while casting
        assessment.accept_partial(deputy("xihu", 1), {"index": 1})
    assessment.box.close()
    board = json.dumps(assessment.box.board(entries))
    part = {n: json.loads(scrutineers.partial(n, board, 4).json) for n in (1, 3)}
    with pytest.raises(PermissionDenied):  # the chief scrutineer's part, sent by the third
        assessment.accept_partial(deputy("xihu", 3), part[1])
    with pytest.raises(PermissionDenied):
        assessment.accept_partial(deputy("xihu", 4), part[1])
    assert assessment.accept_partial(deputy("xihu", 1), part[1]) and assessment.count(base) is None
    assert assessment.accept_partial(deputy("xihu", 3), part[3])
    # 7 seated, 4 present: 满意 + 基本满意 = 3 for the second project is not more than half of 7, but of 4.
    grades = assessment.count(base)
    assert {p: g for p, (g, _) in grades.items()} == {PROJECTS[0]: Grade.SATISFIED, PROJECTS[1]: second}
    assert [(t.satisfied, t.basically_satisfied, t.unsatisfied, t.blank) for _, t in grades.values()] == [
        (4, 0, 0, 0), (1, 2, 1, 0)]
    assert assessment.state is BoxState.COUNTED and assessment.count(base) is None
