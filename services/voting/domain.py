"""Rules of voting (票决). Pure: no gRPC, SQL or NATS here.

An electronic poll's ballots are the ballot box's (services.ballotbox): encrypted on the
deputy's device, never decrypted one by one; `ballot_manifest` says what is on them.

This module holds one poll's rules (ballots, counts, its decision, its signed document);
services.voting.decision holds what a chain of polls decides for a candidate list, and
services.voting.attendance who is present."""
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from services.ballotbox.poll import VOTE_OPTIONS, ApprovalForm, ChoiceForm, Manifest
from services.platform.errors import FailedPrecondition, Violations
from services.platform.limits import MAX_CANDIDATES  # noqa: F401 (the handlers check lists against it)
from services.platform.names import NamePattern

RULES = NamePattern("towns/{town}/votingRules")
TERM = NamePattern("towns/{town}/terms/{term}")
DEPUTY = NamePattern("towns/{town}/terms/{term}/deputies/{deputy}")
CANDIDATE_LIST = NamePattern("towns/{town}/candidateLists/{year}")
SESSION = NamePattern("towns/{town}/sessions/{session}")
POLL = NamePattern("towns/{town}/sessions/{session}/polls/{poll}")
# The review a candidate list comes from, as the review service's CandidateListApproved names it.
LISTED_REVIEW = NamePattern("towns/{town}/reviews/{year}")

ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
# Version 2 of the result document: runoffs under the town's runoff rule, NO_VOTES, unfilled
# seats, voters no longer seated, and why a poll is void. Version 3: an electronic poll's
# result rests on its bulletin board (its SHA-256) instead of listing decrypted ballots.
DOCUMENT_VERSION = 3


class BallotForm(StrEnum):
    FOR_AGAINST_ABSTAIN = "FOR_AGAINST_ABSTAIN"
    APPROVE_UP_TO_SEATS = "APPROVE_UP_TO_SEATS"


class MajorityBase(StrEnum):
    SEATED = "SEATED"
    PRESENT = "PRESENT"


class RunoffRule(StrEnum):
    """How a runoff among candidates tied at the cut fills the remaining seats."""
    # 以得票多的当选 (election practice): the tied already passed the threshold in the first
    # poll, so the runoff's most 'for' votes win; a tie at the cut again needs another runoff.
    MOST_VOTES = "MOST_VOTES"
    # The threshold again, for towns that want it: seats a runoff leaves unfilled are stated
    # in the result (unfilled_seats), never lost silently.
    ABSOLUTE_MAJORITY = "ABSOLUTE_MAJORITY"


class VotingMethod(StrEnum):
    ELECTRONIC = "ELECTRONIC"
    PAPER = "PAPER"


class PollState(StrEnum):
    OPEN = "OPEN"
    # Electronic polls: voting ended, the scrutineers decrypt the sums.
    COUNTING = "COUNTING"
    CLOSED = "CLOSED"


class Outcome(StrEnum):
    DECIDED = "DECIDED"
    TIE = "TIE"
    POLL_INVALID = "POLL_INVALID"
    # No ballot, or not one 'for' vote for any candidate: announced as such, decides nothing.
    NO_VOTES = "NO_VOTES"


class VoidReason(StrEnum):
    """Why a poll is POLL_INVALID (the record says why it may be held again)."""
    BALLOTS_EXCEED_ISSUED = "BALLOTS_EXCEED_ISSUED"
    BALLOTS_EXCEED_PRESENT = "BALLOTS_EXCEED_PRESENT"
    # A deputy who voted is not seated at the close: a departure recorded after the vote.
    UNSEATED_VOTER = "UNSEATED_VOTER"
    NO_QUORUM_AT_CLOSE = "NO_QUORUM_AT_CLOSE"


class ResultState(StrEnum):
    ANNOUNCED = "ANNOUNCED"
    FILED = "FILED"


@dataclass(frozen=True)
class Fraction:
    numerator: int
    denominator: int

    def validate(self, v: Violations, field_name: str) -> None:
        v.check(0 < self.denominator <= 1000, f"{field_name}.denominator", "must be between 1 and 1000")
        v.check(0 < self.numerator <= self.denominator, f"{field_name}.numerator",
                "must be positive and at most the denominator")

    def as_dict(self) -> dict:
        return {"numerator": self.numerator, "denominator": self.denominator}


@dataclass(frozen=True)
class VotingRules:
    """A town's 票决办法. Defaults: the analogy with meeting law (DOMAIN.md)."""
    ballot_form: BallotForm = BallotForm.FOR_AGAINST_ABSTAIN
    quorum: Fraction = Fraction(2, 3)
    majority_base: MajorityBase = MajorityBase.SEATED
    majority: Fraction = Fraction(1, 2)
    runoff_rule: RunoffRule = RunoffRule.MOST_VOTES

    def validate(self) -> None:
        v = Violations()
        self.quorum.validate(v, "voting_rules.quorum")
        self.majority.validate(v, "voting_rules.majority")
        # 'For' votes must exceed majority x base: with a majority of the whole base (1/1, 2/2)
        # not even a unanimous vote adopts anything.
        if not v.has("voting_rules.majority.numerator"):
            v.check(self.majority.numerator < self.majority.denominator, "voting_rules.majority.numerator",
                    "must be less than the denominator: more than all of the base can never vote for")
        v.raise_if_any()

    def quorum_required(self, seated: int) -> int:
        """At least quorum x seated present: the smallest whole number not below it."""
        return -(-seated * self.quorum.numerator // self.quorum.denominator)

    def votes_required(self, seated: int, present: int) -> int:
        """'For' votes must exceed majority x base: the smallest whole number above it."""
        base = seated if self.majority_base is MajorityBase.SEATED else present
        return base * self.majority.numerator // self.majority.denominator + 1

    def as_dict(self) -> dict:
        return {"ballot_form": self.ballot_form.value, "quorum": self.quorum.as_dict(),
                "majority_base": self.majority_base.value, "majority": self.majority.as_dict(),
                "runoff_rule": self.runoff_rule.value}

    @classmethod
    def from_dict(cls, data: dict) -> "VotingRules":
        """Rules stored before the runoff rule existed take the default."""
        return cls(BallotForm(data["ballot_form"]), Fraction(**data["quorum"]),
                   MajorityBase(data["majority_base"]), Fraction(**data["majority"]),
                   RunoffRule(data.get("runoff_rule", RunoffRule.MOST_VOTES)))


def check_id(v: Violations, field_name: str, value: str) -> None:
    if not ID.match(value):
        v.add(field_name, "1 to 100 ASCII letters, digits, '.', '_' or '-'")


@dataclass
class Deputy:
    town_id: str
    term: str
    deputy_id: str
    display_name: str
    took_office: date
    left_office: date | None = None

    @property
    def name(self) -> str:
        return DEPUTY.format(town=self.town_id, term=self.term, deputy=self.deputy_id)

    def in_office_on(self, day: date) -> bool:
        return self.took_office <= day and (self.left_office is None or day < self.left_office)


def seated_on(deputies: list[Deputy], session_date: date) -> frozenset[str]:
    """The seated deputies (实有代表) of a session as the roster stands now: a departure
    recorded after the session opened, dated on or before its date, unseats the deputy.
    Read at every cast and close, never frozen at the opening."""
    return frozenset(d.deputy_id for d in deputies if d.in_office_on(session_date))


def require_quorum(rules: VotingRules, seated: int, present: int) -> None:
    """No poll opens without quorum (a poll that loses it before closing is void instead)."""
    needed = rules.quorum_required(seated)
    if present < needed:
        raise FailedPrecondition(f"no quorum: {present} present, {needed} needed", reason="NO_QUORUM")


@dataclass(frozen=True)
class Candidate:
    candidate_id: str
    rank: int
    title: str

    def as_dict(self) -> dict:
        return {"candidate_id": self.candidate_id, "rank": self.rank, "title": self.title}


@dataclass
class Session:
    town_id: str
    session_id: str
    term: str
    title: str
    session_date: date
    chief_scrutineer: str
    scrutineers: tuple[str, ...]
    # The seated deputies (实有代表) when the session opened; who is seated at a cast or a
    # close is seated_on(the roster then, session_date), as departures may be recorded later.
    # Who is present is its Attendance.
    seated: frozenset[str]

    @property
    def name(self) -> str:
        return SESSION.format(town=self.town_id, session=self.session_id)

    def is_scrutineer(self, deputy_id: str) -> bool:
        return deputy_id == self.chief_scrutineer or deputy_id in self.scrutineers


def validate_session(*, term: str, title: str, chief_scrutineer: str, scrutineers: list[str],
                     v: Violations) -> None:
    check_id(v, "session.term", term)
    v.text("session.title", title, max_len=200)
    check_id(v, "session.chief_scrutineer", chief_scrutineer)
    v.check(len(scrutineers) >= 1, "session.scrutineers", "at least one scrutineer beside the chief")
    v.check(len(set(scrutineers)) == len(scrutineers) and chief_scrutineer not in scrutineers,
            "session.scrutineers", "names a scrutineer twice")
    for i, s in enumerate(scrutineers):
        check_id(v, f"session.scrutineers[{i}]", s)


@dataclass
class PaperTally:
    ballots_issued: int
    ballots_returned: int
    invalid_ballots: int
    # candidate id -> (for, against, abstain)
    counts: dict[str, tuple[int, int, int]]

    def as_dict(self) -> dict:
        return {"ballots_issued": self.ballots_issued, "ballots_returned": self.ballots_returned,
                "invalid_ballots": self.invalid_ballots,
                "counts": {c: list(n) for c, n in self.counts.items()}}

    @classmethod
    def from_dict(cls, data: dict) -> "PaperTally":
        return cls(data["ballots_issued"], data["ballots_returned"], data["invalid_ballots"],
                   {c: tuple(n) for c, n in data["counts"].items()})


@dataclass
class Poll:
    town_id: str
    session_id: str
    poll_id: str
    candidate_list_year: int
    title: str
    seats: int
    candidates: tuple[Candidate, ...]
    method: VotingMethod
    rules: VotingRules
    state: PollState = PollState.OPEN
    runoff_of: str = ""
    paper_tally: PaperTally | None = None
    confirmed_by: tuple[str, ...] = ()
    version: int = 1

    @property
    def name(self) -> str:
        return POLL.format(town=self.town_id, session=self.session_id, poll=self.poll_id)

    def candidate_ids(self) -> list[str]:
        return [c.candidate_id for c in self.candidates]

    def require_open(self, method: VotingMethod) -> None:
        if self.state is not PollState.OPEN:
            raise FailedPrecondition("the poll is closed", reason="POLL_CLOSED")
        if self.method is not method:
            raise FailedPrecondition(f"this is a {self.method.value.lower()} poll",
                                     reason="WRONG_VOTING_METHOD")

    def record_paper_tally(self, tally: PaperTally, present: int) -> None:
        self.require_open(VotingMethod.PAPER)
        validate_paper_tally(tally, self, present)
        self.paper_tally = tally
        self.confirmed_by = ()  # a corrected tally needs confirming again
        self.version += 1

    def confirm_paper_tally(self, scrutineer: str, session: Session) -> None:
        self.require_open(VotingMethod.PAPER)
        if not session.is_scrutineer(scrutineer):
            raise FailedPrecondition("only the session's scrutineers confirm a tally", reason="NOT_A_SCRUTINEER")
        if self.paper_tally is None:
            raise FailedPrecondition("the tellers have not entered the tally", reason="NO_PAPER_TALLY")
        if scrutineer not in self.confirmed_by:
            self.confirmed_by += (scrutineer,)
            self.version += 1

    def tally_confirmed(self, session: Session) -> bool:
        """The chief scrutineer and at least one other scrutineer confirmed."""
        return session.chief_scrutineer in self.confirmed_by and len(self.confirmed_by) >= 2


def validate_paper_tally(t: PaperTally, poll: Poll, present: int) -> None:
    """Counts the tellers can have seen. Returned > issued is allowed: it voids the poll."""
    v = Violations()
    v.check(0 <= t.ballots_issued <= present, "tally.ballots_issued", f"between 0 and the {present} present")
    v.check(t.ballots_returned >= 0, "tally.ballots_returned", "must not be negative")
    v.check(0 <= t.invalid_ballots <= t.ballots_returned, "tally.invalid_ballots",
            "between 0 and the ballots returned")
    v.check(set(t.counts) == set(poll.candidate_ids()), "tally.counts", "one count for each candidate")
    valid = t.ballots_returned - t.invalid_ballots
    for candidate_id, (f, a, n) in t.counts.items():
        where = f"tally.counts[{candidate_id}]"
        v.check(min(f, a, n) >= 0, where, "counts must not be negative")
        if poll.rules.ballot_form is BallotForm.FOR_AGAINST_ABSTAIN:
            v.check(f + a + n == valid, where, f"for + against + abstain must equal the {valid} valid ballots")
        else:
            v.check(a == 0 and n == 0 and f <= valid, where, f"approvals only, at most the {valid} valid ballots")
    if poll.rules.ballot_form is BallotForm.APPROVE_UP_TO_SEATS:
        v.check(sum(f for f, _, _ in t.counts.values()) <= valid * poll.seats, "tally.counts",
                "more approvals than valid ballots can hold")
    v.raise_if_any()


def ballot_manifest(poll: Poll) -> Manifest:
    """What the deputies' devices encrypt: for/against/abstain per candidate (an unmarked
    candidate is encrypted as abstain), or approve at most `seats`; candidates in list order."""
    ids = tuple(poll.candidate_ids())
    if poll.rules.ballot_form is BallotForm.APPROVE_UP_TO_SEATS:
        return Manifest(poll.name, ApprovalForm(ids, poll.seats))
    return Manifest(poll.name, ChoiceForm(ids, VOTE_OPTIONS))


@dataclass(frozen=True)
class CandidateCount:
    candidate_id: str
    for_votes: int = 0
    against_votes: int = 0
    abstentions: int = 0

    def as_list(self) -> list[int]:
        return [self.for_votes, self.against_votes, self.abstentions]


@dataclass(frozen=True)
class Tally:
    ballots: int
    valid: int
    invalid: int
    counts: tuple[CandidateCount, ...]


def electronic_tally(counts: dict[str, dict[str, int]], ballots: int) -> Tally:
    """The decrypted sums as counts. Every ballot is valid: an invalid one is refused at cast."""
    return Tally(ballots, ballots, 0, tuple(
        CandidateCount(c, by_option.get("for", by_option.get("approve", 0)), by_option.get("against", 0),
                       by_option.get("abstain", 0)) for c, by_option in counts.items()))


def paper_tally_counts(poll: Poll) -> Tally:
    t = poll.paper_tally
    counts = tuple(CandidateCount(c, *t.counts[c]) for c in poll.candidate_ids())
    return Tally(t.ballots_returned, t.ballots_returned - t.invalid_ballots, t.invalid_ballots, counts)


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    # Ranked by 'for' votes (candidate list rank breaks display order only, never adoption).
    adopted: tuple[str, ...] = ()
    passing: tuple[str, ...] = ()
    tied: tuple[str, ...] = ()
    runoff_seats: int = 0
    # DECIDED: seats no candidate filled (too few reached the votes required), stated, not lost.
    unfilled_seats: int = 0
    void_reason: VoidReason | None = None


def decide(counts: tuple[CandidateCount, ...], ranks: dict[str, int], seats: int, votes_required: int) -> Decision:
    """Adoption: 'for' votes of at least votes_required pass; the passing are ranked by votes and
    at most `seats` adopted. Equal votes across the cut give a TIE naming the tied, never a pick."""
    passing = sorted((c for c in counts if c.for_votes >= votes_required),
                     key=lambda c: (-c.for_votes, ranks[c.candidate_id]))
    ids = tuple(c.candidate_id for c in passing)
    if len(passing) <= seats or passing[seats - 1].for_votes != passing[seats].for_votes:
        adopted = ids[:seats]
        return Decision(Outcome.DECIDED, adopted=adopted, passing=ids, unfilled_seats=seats - len(adopted))
    cut = passing[seats - 1].for_votes
    adopted = tuple(c.candidate_id for c in passing if c.for_votes > cut)
    tied = tuple(c.candidate_id for c in passing if c.for_votes == cut)
    return Decision(Outcome.TIE, adopted=adopted, passing=ids, tied=tied, runoff_seats=seats - len(adopted))


@dataclass
class ResultFacts:
    """Everything the signed result document states."""
    town_id: str
    town_name: str
    poll_name: str
    session_name: str
    session_title: str
    session_date: date
    candidate_list: str
    runoff_of: str
    method: VotingMethod
    rules: VotingRules
    seats: int
    candidates: tuple[Candidate, ...]
    seated: int
    present: int
    deputies_voted: int
    tally: Tally
    votes_required: int
    decision: Decision
    closed_at: str
    # Electronic polls: the SHA-256 of the counted bulletin board.
    board_sha256: str = ""
    paper: PaperTally | None = None
    # Deputies who voted and are not seated at the close (see decision.decide_poll).
    unseated_voters: int = 0


VOID_TEXT = {
    VoidReason.BALLOTS_EXCEED_ISSUED: "收回选票多于发出选票",
    VoidReason.BALLOTS_EXCEED_PRESENT: "投票人数多于出席代表人数",
    VoidReason.UNSEATED_VOTER: "投票人中有不属于本次会议实有代表的",
    VoidReason.NO_QUORUM_AT_CLOSE: "计票时出席代表不足法定人数",
}


def announcement(f: ResultFacts) -> str:
    """The presidium's announcement (主席团公告), read out on the spot."""
    titles = {c.candidate_id: c.title for c in f.candidates}
    counts = {c.candidate_id: c for c in f.tally.counts}
    d = f.decision
    head = (f"{f.town_name}{f.session_title}主席团公告：实有代表{f.seated}名，出席{f.present}名，"
            f"收回选票{f.tally.ballots}张，有效{f.tally.valid}张，无效{f.tally.invalid}张。")
    if d.outcome is Outcome.POLL_INVALID:
        return head + f"{VOID_TEXT[d.void_reason or VoidReason.BALLOTS_EXCEED_ISSUED]}，本次票决无效，应重新投票。"
    if d.outcome is Outcome.NO_VOTES:
        why = "未收到选票" if not f.tally.ballots else "没有候选项目获得赞成票"
        return head + f"{why}，本次票决未产生民生实事项目，应重新投票。"
    if f.runoff_of:
        rule = "，以得票多的当选" if f.rules.runoff_rule is RunoffRule.MOST_VOTES else ""
        head += f"就得票相等的候选项目再次投票{rule}。"
    adopted = "；".join(f"{titles[c]}（赞成{counts[c].for_votes}票）" for c in d.adopted)
    text = head + f"应选{f.seats}项，当选民生实事项目：{adopted or '无'}。"
    if d.outcome is Outcome.TIE:
        tied = "、".join(titles[c] for c in d.tied)
        text += f"{tied}得票相等，须就剩余{d.runoff_seats}项再次投票。"
    elif d.unfilled_seats:
        text += f"其余{d.unfilled_seats}项无候选项目获得{f.votes_required}票以上赞成票，空缺。"
    return text


def result_document(f: ResultFacts) -> dict:
    """The document the service signs, publishes and files. JSON values only: strings, ints, lists."""
    document = {
        "version": DOCUMENT_VERSION,
        "town": {"id": f.town_id, "name": f.town_name},
        "poll": f.poll_name,
        "session": {"name": f.session_name, "title": f.session_title, "date": f.session_date.isoformat()},
        "candidate_list": f.candidate_list,
        "runoff_of": f.runoff_of,
        "method": f.method.value,
        "rules": f.rules.as_dict(),
        "seats": f.seats,
        "candidates": [c.as_dict() for c in f.candidates],
        "seated_deputies": f.seated,
        "present_deputies": f.present,
        "deputies_voted": f.deputies_voted,
        "unseated_voters": f.unseated_voters,
        "ballots": f.tally.ballots,
        "valid_ballots": f.tally.valid,
        "invalid_ballots": f.tally.invalid,
        "counts": {c.candidate_id: c.as_list() for c in f.tally.counts},
        "votes_required": f.votes_required,
        "outcome": f.decision.outcome.value,
        "passing": list(f.decision.passing),
        "adopted": list(f.decision.adopted),
        "tied": list(f.decision.tied),
        "runoff_seats": f.decision.runoff_seats,
        "unfilled_seats": f.decision.unfilled_seats,
        "void_reason": f.decision.void_reason.value if f.decision.void_reason else "",
        "announcement": announcement(f),
        "closed_at": f.closed_at,
    }
    if f.method is VotingMethod.ELECTRONIC:
        # Every encrypted ballot with its tracking code, the sums, the scrutineers' decryptions
        # and their proofs are on the board (GetBulletinBoard): the verifier checks it against this.
        document["bulletin_board"] = {"sha256": f.board_sha256}
    else:
        document["paper"] = {"ballots_issued": f.paper.ballots_issued, "ballots_returned": f.paper.ballots_returned}
    return document
