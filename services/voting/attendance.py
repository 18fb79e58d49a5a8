"""Attendance (签到) at a session: who is present, and who may vote.

Check-in closes when the first poll of the session opens: a deputy checks themself in only
before that (afterwards CHECK_IN_CLOSED), so nobody can arrive, vote, and leave the present
count behind the result. Staff may still correct attendance (a deputy wrongly marked, one
who left the hall); every correction after check-in closed, and every removal, names a
reason and is recorded (who, when, which deputy, why).

A closed poll never changes: the present count it closed with (present_for_poll) is stated
in its signed result document, which later corrections do not touch. Counts are always
taken among the deputies seated now (see domain.seated_on), so an unseated deputy's
check-in counts for nothing and gives no right to vote.

Pure: no gRPC, SQL or NATS here."""
from dataclasses import dataclass, field
from datetime import datetime

from services.platform.errors import FailedPrecondition, PermissionDenied, Violations


@dataclass(frozen=True)
class AttendanceCorrection:
    deputy_id: str
    present: bool
    reason: str
    actor: str
    time: datetime


@dataclass
class Attendance:
    present: set[str] = field(default_factory=set)
    # When the session's first poll opened; None while check-in is open.
    check_in_closed_at: datetime | None = None
    corrections: list[AttendanceCorrection] = field(default_factory=list)

    @property
    def check_in_open(self) -> bool:
        return self.check_in_closed_at is None

    def count(self, seated: frozenset[str]) -> int:
        return len(self.present & seated)

    def present_for_poll(self, seated: frozenset[str], voters: frozenset[str] = frozenset()) -> int:
        """The present count a poll closes with: the deputies present now, and those who voted
        in it (one who voted and then left the hall was present for the poll), among the
        seated. A voter no longer seated is not counted: more voted than present voids the
        poll (decision.decide_poll)."""
        return len((self.present | voters) & seated)

    def check_in_self(self, deputy_id: str, seated: frozenset[str]) -> None:
        if deputy_id not in seated:
            raise PermissionDenied("only the session's seated deputies check in")
        if not self.check_in_open:
            raise FailedPrecondition("check-in closed when the first poll opened: ask the session staff",
                                     reason="CHECK_IN_CLOSED")
        self.present.add(deputy_id)

    def record_by_staff(self, deputy_ids: list[str], seated: frozenset[str], *, present: bool, reason: str,
                        actor: str, now: datetime) -> None:
        """Staff check deputies in (present=True) or out. Before any poll opened a check-in
        is ordinary registration; anything else is a correction and needs a reason."""
        correction = not (present and self.check_in_open)
        v = Violations()
        for i, deputy_id in enumerate(deputy_ids):
            v.check(deputy_id in seated, f"deputies[{i}]", "not a seated deputy of this session")
        v.text("reason", reason, max_len=500, required=correction)
        v.raise_if_any()
        for deputy_id in deputy_ids:
            if present:
                self.present.add(deputy_id)
            else:
                self.present.discard(deputy_id)
            if correction:
                self.corrections.append(AttendanceCorrection(deputy_id, present, reason, actor, now))

    def close_check_in(self, now: datetime) -> None:
        """A poll of the session opened; later polls leave the first time in place."""
        if self.check_in_open:
            self.check_in_closed_at = now

    def require_may_vote(self, deputy_id: str, seated: frozenset[str]) -> None:
        """Seated on the session's date as the roster stands now, and present."""
        if deputy_id not in seated:
            raise PermissionDenied("only the session's seated deputies vote")
        if deputy_id not in self.present:
            raise FailedPrecondition("check in at the session before voting", reason="NOT_CHECKED_IN")
