"""The satisfaction assessment (满意度测评) by secret ballot: the ballot box's encrypted poll
(services/ballotbox/box.py, the same rules as the vote's polls) with the assessment's own
rules around it. Pure.

Each seated deputy present rates each project 满意 / 基本满意 / 不满意 (or leaves it blank) on
their own device, which encrypts the ballot under the session's joint key with the ballot
box's proofs; the server checks the proofs at cast, keeps who cast apart from the ballots and
adds each ballot to the running sums. At the close the bulletin board is fixed; each
scrutineer's tool decrypts the sums, and at the quorum the counts are known. Nobody, not the
server, can open one ballot. The grades follow the town's rule (domain.grade)."""
from dataclasses import dataclass, field
from datetime import datetime

from services.ballotbox.box import Box, BoxState, CheckedBallot, Receipt
from services.ballotbox.ceremony import KeyRecord
from services.ballotbox.poll import ASSESSMENT_OPTIONS, ChoiceForm, Manifest
from services.evaluation.domain import Grade, GradingBase, Tally, grade, majority_base
from services.platform.errors import FailedPrecondition, PermissionDenied
from services.platform.names import NamePattern

ASSESSMENT = NamePattern("towns/{town}/evaluations/{year}/assessments/{assessment}")
BOARD = NamePattern("towns/{town}/evaluations/{year}/assessments/{assessment}/bulletinBoard")


@dataclass
class Assessment:
    town_id: str
    year: int
    round: int
    projects: tuple[str, ...]
    seated_count: int
    present_count: int
    # Digests of the seated deputies present (voting's attendance event): who may cast.
    eligible: frozenset[str]
    box: Box
    created_at: datetime
    grades: dict[str, tuple[Grade, Tally]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return ASSESSMENT.format(town=self.town_id, year=str(self.year), assessment=str(self.round))

    @property
    def state(self) -> BoxState:
        return self.box.state

    @property
    def trustees(self) -> tuple[str, ...]:
        return self.box.record.ceremony.trustees

    def may_cast(self, digest: str) -> None:
        if digest not in self.eligible:
            raise PermissionDenied("only a seated deputy present at the session assesses")

    def cast(self, checked: CheckedBallot, request_id: str, earlier: Receipt | None,
             ballot_id_taken: bool) -> tuple[Receipt, bool]:
        """The box's cast (Refused with its reason when it cannot take the ballot)."""
        return self.box.cast(checked, request_id, earlier, ballot_id_taken)

    def accept_partial(self, trustee: str, data: dict) -> bool:
        """A scrutineer's partial decryption, from their own token (Invalid, Refused)."""
        if trustee not in self.trustees:
            raise PermissionDenied("only a scrutineer of the session decrypts")
        if data.get("index") != self.trustees.index(trustee) + 1:
            raise PermissionDenied("a scrutineer submits their own partial decryption")
        return self.box.accept_partial(data)

    def count(self, base: GradingBase) -> dict[str, tuple[Grade, Tally]] | None:
        """At the quorum: the counts and each project's grade, once; None before."""
        if not self.box.finish():
            return None
        base_count = majority_base(base, self.seated_count, self.present_count)
        for project, row in zip(self.projects, self.box.counts):
            t = Tally(row[0], row[1], row[2], self.box.voters - sum(row))
            self.grades[project] = (grade(t, base_count), t)
        return self.grades


def open_assessment(*, town_id: str, year: int, round: int, projects: list[str], seated_count: int,
                    present: frozenset[str], key_record: dict, now: datetime) -> Assessment:
    if not present:
        raise FailedPrecondition("no seated deputy is present at the session", reason="NO_ATTENDANCE")
    name = ASSESSMENT.format(town=town_id, year=str(year), assessment=str(round))
    manifest = Manifest(name, ChoiceForm(tuple(projects), ASSESSMENT_OPTIONS, blank_allowed=True))
    try:
        box = Box.open(manifest, KeyRecord.from_json(key_record))
    except ValueError as exc:
        raise FailedPrecondition(f"the session's key record is not valid: {exc}", reason="BAD_KEY_RECORD") from exc
    return Assessment(town_id=town_id, year=year, round=round, projects=tuple(projects), seated_count=seated_count,
                      present_count=len(present), eligible=present, box=box, created_at=now)
