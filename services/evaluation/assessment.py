"""The satisfaction assessment (满意度测评) by secret ballot, with the ballot box. Pure.

Each seated deputy present rates each project 满意 / 基本满意 / 不满意 (or leaves it blank) on
their own device, which encrypts the ballot under the session's joint key with the ballot
box's proofs; the server checks the proofs at cast and keeps who cast apart from what was cast,
adds the ballots up when casting ends, and only the sums are decrypted, by a quorum of the
session's scrutineers with their partial decryptions. Nobody, not the server, can open one
ballot. The grades follow the town's rule (domain.grade) from the published counts."""
import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from services.ballotbox import ballot as ballots
from services.ballotbox import tally
from services.ballotbox.ceremony import KeyRecord
from services.ballotbox.poll import ASSESSMENT_OPTIONS, ChoiceForm, Manifest, context
from services.evaluation.domain import Grade, GradingBase, Tally, grade, majority_base
from services.platform.errors import FailedPrecondition, FieldViolation, InvalidArgument, PermissionDenied
from services.platform.names import NamePattern

ASSESSMENT = NamePattern("towns/{town}/evaluations/{year}/assessments/{assessment}")
BOARD = NamePattern("towns/{town}/evaluations/{year}/assessments/{assessment}/board")
MAX_BALLOT_CHARS = 400_000


class AssessmentState(StrEnum):
    OPEN = "OPEN"
    COUNTING = "COUNTING"
    CLOSED = "CLOSED"


def canonical(document: dict) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def board_hash(board: dict) -> str:
    return hashlib.sha256(canonical(board)).hexdigest()


@dataclass(frozen=True)
class Cast:
    """What a cast stores: the ballot (with its tracking hash) and, apart, that the deputy cast."""
    ballot: dict
    tracking_hash: str
    tracking_code: str
    ballot_id: str


@dataclass
class Assessment:
    town_id: str
    year: int
    round: int
    projects: tuple[str, ...]
    state: AssessmentState
    seated_count: int
    present_count: int
    # Digests of the seated deputies present (voting's attendance event): who may cast.
    eligible: frozenset[str]
    key_record: dict
    created_at: datetime
    ballots_cast: int = 0
    board: dict | None = None
    # Trustee index -> partial decryption, verified at submission.
    partials: dict[int, dict] = field(default_factory=dict)
    grades: dict[str, tuple[Grade, Tally]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return ASSESSMENT.format(town=self.town_id, year=str(self.year), assessment=str(self.round))

    @property
    def record(self) -> KeyRecord:
        return KeyRecord.from_json(self.key_record)

    @property
    def manifest(self) -> Manifest:
        return Manifest(self.name, ChoiceForm(self.projects, ASSESSMENT_OPTIONS, blank_allowed=True))

    @property
    def trustees(self) -> tuple[str, ...]:
        return tuple(self.key_record["ceremony"]["trustees"])

    @property
    def quorum(self) -> int:
        return int(self.key_record["ceremony"]["quorum"])

    def context(self) -> bytes:
        record = self.record
        return context(self.manifest, record.hash(), record.joint_key())

    def _require(self, state: AssessmentState, doing: str) -> None:
        if self.state is not state:
            raise FailedPrecondition(f"cannot {doing}: the assessment is {self.state}", reason=f"ASSESSMENT_{self.state}")

    def check_cast(self, digest: str, ballot_json: str) -> Cast:
        """The deputy (by their attendance digest) may cast, and the ballot obeys the form with
        valid proofs: INVALID_ARGUMENT on `ballot` otherwise, with the first reason."""
        self._require(AssessmentState.OPEN, "cast")
        if digest not in self.eligible:
            raise PermissionDenied("only a seated deputy present at the session assesses")
        try:
            if len(ballot_json) > MAX_BALLOT_CHARS:
                raise ValueError("too long")
            data = json.loads(ballot_json)
            parsed = ballots.parse(data)
        except (ValueError, TypeError) as exc:
            raise InvalidArgument([FieldViolation("ballot", f"not an encrypted ballot: {exc}")]) from exc
        ctx = self.context()
        reason = ballots.problem(parsed, self.manifest.form, self.record.joint_key(), ctx)
        if reason:
            raise InvalidArgument([FieldViolation("ballot", reason)])
        return Cast(parsed.to_json(), parsed.tracking_hash(ctx).hex(), parsed.tracking_code(ctx),
                    parsed.ballot_id.hex())

    def end_casting(self, cast: list[dict]) -> dict:
        """The board of every ballot cast, with the sums the scrutineers decrypt."""
        self._require(AssessmentState.OPEN, "end casting")
        self.state = AssessmentState.COUNTING
        self.board = tally.bulletin_board(self.manifest, self.record, [ballots.parse(b) for b in cast])
        self.ballots_cast = len(cast)
        return self.board

    def add_partial(self, trustee: str, partial_json: str) -> None:
        """A scrutineer's partial decryption, from their own token; verified now."""
        self._require(AssessmentState.COUNTING, "decrypt")
        if trustee not in self.trustees:
            raise PermissionDenied("only a scrutineer of the session decrypts")
        index = self.trustees.index(trustee) + 1
        try:
            partial = json.loads(partial_json)
            if not isinstance(partial, dict) or partial.get("index") != index:
                raise ValueError(f"not the partial decryption of trustee {index}")
        except ValueError as exc:
            raise InvalidArgument([FieldViolation("partial_decryption", str(exc))]) from exc
        problem = tally.partial_problem(partial, tally.Board.parse(self.board, with_ballots=False))
        if problem:
            raise InvalidArgument([FieldViolation("partial_decryption", problem)])
        self.partials[index] = partial

    def close(self, base: GradingBase) -> dict[str, tuple[Grade, Tally]]:
        """Counts from a quorum of partial decryptions, and each project's grade."""
        self._require(AssessmentState.COUNTING, "close")
        if len(self.partials) < self.quorum:
            raise FailedPrecondition(f"{len(self.partials)} of the {self.quorum} partial decryptions needed are in",
                                     reason="QUORUM_NOT_REACHED")
        self.board = tally.finish(self.board, [self.partials[i] for i in sorted(self.partials)])
        self.state = AssessmentState.CLOSED
        base_count = majority_base(base, self.seated_count, self.present_count)
        for project, row in zip(self.projects, self.board["counts"]):
            t = Tally(row[0], row[1], row[2], self.ballots_cast - sum(row))
            self.grades[project] = (grade(t, base_count), t)
        return self.grades


def open_assessment(*, town_id: str, year: int, round: int, projects: list[str], seated_count: int,
                    present: frozenset[str], key_record: dict, now: datetime) -> Assessment:
    if not present:
        raise FailedPrecondition("no seated deputy is present at the session", reason="NO_ATTENDANCE")
    problems = KeyRecord.from_json(key_record).problems()
    if problems:
        raise FailedPrecondition(f"the session's key record is not valid: {problems[0]}", reason="BAD_KEY_RECORD")
    return Assessment(town_id=town_id, year=year, round=round, projects=tuple(projects),
                      state=AssessmentState.OPEN, seated_count=seated_count, present_count=len(present),
                      eligible=present, key_record=key_record, created_at=now)
