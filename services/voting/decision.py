"""What the vote decides for a town's candidate list of a year: one authoritative answer.

A list is decided by one poll, or by that poll and the runoffs its ties need. The
`CandidateListDecision` is the list's state machine:

    AWAITING_POLL --open--> VOTING --DECIDED--> DECIDED (final)
          ^                   |  \\--TIE--> RUNOFF_NEEDED --open runoff--> VOTING ...
          |                   |
          +-- void (POLL_INVALID or NO_VOTES): back to where the list stood, reason recorded

- One poll at a time: a second poll while one is open is refused, and any poll after the
  list is DECIDED. A first poll is refused while a runoff is needed; a runoff is refused
  unless one is needed, and must follow the tied poll: its candidates are exactly the tied,
  its seats the seats left (the plan the machine returns is what the poll must use).
- A void poll (paper ballots returned exceed issued, more deputies voted than are present
  and seated at the close, quorum lost by the close, no ballot or no 'for' vote at all)
  decides nothing: the list returns to where it stood before it, so the poll may be held
  again, and the record keeps the poll and why it was void.
- The adopted projects are the chain's adopted in order: the first poll's, then each
  runoff's winners. Only the poll that made the list final may be filed with the district;
  it rests on the signed results of every poll of the chain (`results()`).

Runoffs (`decide_runoff`) follow the town's `VotingRules.runoff_rule`: MOST_VOTES (以得票多的
当选, the default) or ABSOLUTE_MAJORITY (the threshold again; seats left unfilled are stated
in the result). A runoff that ties at the cut again needs another runoff: never a silent
pick, never a lost seat.

Pure: no gRPC, SQL or NATS here."""
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from services.platform.errors import FailedPrecondition
from services.voting.domain import (CANDIDATE_LIST, Candidate, CandidateCount, Decision, Outcome, RunoffRule,
                                    VoidReason, VotingRules, decide)


# --- One poll's decision ----------------------------------------------------------------------

def adoption_threshold(rules: VotingRules, seated: int, present: int, *, runoff: bool) -> int:
    """The 'for' votes a candidate needs. In a MOST_VOTES runoff none: the tied passed the
    threshold in the first poll, and the runoff only orders them."""
    if runoff and rules.runoff_rule is RunoffRule.MOST_VOTES:
        return 0
    return rules.votes_required(seated, present)


def decide_runoff(counts: tuple[CandidateCount, ...], ranks: dict[str, int], seats: int, rule: RunoffRule,
                  votes_required: int) -> Decision:
    """A runoff among candidates tied at the cut, for `seats` < their number.

    MOST_VOTES: the top `seats` by 'for' votes; equal votes across the cut give a TIE naming
    the newly tied, so every seat is filled in the end (a 0-vote candidate is never adopted:
    at 0 the cut is always a tie). ABSOLUTE_MAJORITY: the first poll's rule again; the seats
    it leaves are `unfilled_seats` of the DECIDED outcome."""
    if len(counts) <= seats:
        raise ValueError(f"a runoff is among more candidates ({len(counts)}) than seats ({seats})")
    return decide(counts, ranks, seats, 0 if rule is RunoffRule.MOST_VOTES else votes_required)


def decide_poll(rules: VotingRules, counts: tuple[CandidateCount, ...], ranks: dict[str, int], *, seats: int,
                seated: int, present: int, runoff: bool, deputies_voted: int = 0, unseated_voters: int = 0,
                ballots_exceed_issued: bool = False) -> tuple[Decision, int]:
    """The decision of a closed poll and the 'for' votes it required, as the result states
    them and the verifier recomputes them. `seated` and `present` are those at the close
    (Attendance.present_for_poll). `unseated_voters`: deputies who voted and are not seated
    at the close (a departure dated before the session, recorded after they voted): their
    secret ballots cannot be taken out, so the poll is void, and so is one where more
    deputies voted than are present."""
    required = adoption_threshold(rules, seated, present, runoff=runoff)
    if ballots_exceed_issued:
        return Decision(Outcome.POLL_INVALID, void_reason=VoidReason.BALLOTS_EXCEED_ISSUED), required
    if unseated_voters:
        return Decision(Outcome.POLL_INVALID, void_reason=VoidReason.UNSEATED_VOTER), required
    if deputies_voted > present:
        return Decision(Outcome.POLL_INVALID, void_reason=VoidReason.BALLOTS_EXCEED_PRESENT), required
    if present < rules.quorum_required(seated):
        return Decision(Outcome.POLL_INVALID, void_reason=VoidReason.NO_QUORUM_AT_CLOSE), required
    if not any(c.for_votes for c in counts):
        return Decision(Outcome.NO_VOTES), required
    if runoff:
        return decide_runoff(counts, ranks, seats, rules.runoff_rule, required), required
    return decide(counts, ranks, seats, required), required


# --- The list's decision across its polls ------------------------------------------------------

class ListState(StrEnum):
    AWAITING_POLL = "AWAITING_POLL"
    VOTING = "VOTING"
    RUNOFF_NEEDED = "RUNOFF_NEEDED"
    DECIDED = "DECIDED"


VOID_OUTCOMES = (Outcome.POLL_INVALID, Outcome.NO_VOTES)


@dataclass(frozen=True)
class PollPlan:
    """What the next poll on the list must be."""
    candidate_ids: tuple[str, ...]
    seats: int
    # The tied poll a runoff decides; empty for the list's first poll.
    runoff_of: str = ""


@dataclass(frozen=True)
class PollRecord:
    """A closed poll of the list, in the order they closed."""
    poll: str
    plan: PollPlan
    outcome: Outcome
    adopted: tuple[str, ...] = ()
    tied: tuple[str, ...] = ()
    runoff_seats: int = 0
    unfilled_seats: int = 0
    # Why a void poll decided nothing (a VoidReason, or NO_VOTES).
    void_reason: str = ""

    @property
    def void(self) -> bool:
        return self.outcome in VOID_OUTCOMES


@dataclass
class CandidateListDecision:
    town_id: str
    year: int
    seats: int
    # The list's candidates in list order.
    candidate_ids: tuple[str, ...]
    state: ListState = ListState.AWAITING_POLL
    open_poll: str = ""
    open_plan: PollPlan | None = None
    polls: list[PollRecord] = field(default_factory=list)
    version: int = 1

    @property
    def chain(self) -> list[PollRecord]:
        """The polls the decision rests on: every closed poll that was not void."""
        return [p for p in self.polls if not p.void]

    @property
    def started(self) -> bool:
        """A poll has been opened on the list: it can no longer be replaced by another approval."""
        return self.state is not ListState.AWAITING_POLL or bool(self.polls)

    def next_plan(self, runoff_of: str = "") -> PollPlan:
        """The poll the list allows now; refuses (FAILED_PRECONDITION) any other."""
        if self.state is ListState.VOTING:
            raise FailedPrecondition(f"poll {self.open_poll} is open on the {self.year} list: close it first",
                                     reason="POLL_ALREADY_OPEN")
        if self.state is ListState.DECIDED:
            raise FailedPrecondition(f"the {self.year} list is decided: no further poll", reason="LIST_DECIDED")
        if self.state is ListState.AWAITING_POLL:
            if runoff_of:
                raise FailedPrecondition("a runoff follows a tied poll of this list", reason="NO_TIE_TO_DECIDE")
            return PollPlan(self.candidate_ids, self.seats)
        tie = self.chain[-1]
        if runoff_of != tie.poll:
            raise FailedPrecondition(f"the {self.year} list awaits a runoff of {tie.poll} among the tied",
                                     reason="RUNOFF_REQUIRED" if not runoff_of else "NOT_THE_TIED_POLL")
        return PollPlan(tie.tied, tie.runoff_seats, tie.poll)

    def open(self, poll: str, runoff_of: str = "") -> PollPlan:
        """Records `poll` as the list's open poll; returns its candidates and seats."""
        plan = self.next_plan(runoff_of)
        self.state, self.open_poll, self.open_plan = ListState.VOTING, poll, plan
        self.version += 1
        return plan

    def close(self, poll: str, decision: Decision) -> bool:
        """Records the decision of the list's open poll. True when it made the list final
        (then, and only then, the year's adopted projects are announced: once)."""
        if any(p.poll == poll for p in self.polls):
            return False  # closed already: closing again changes nothing
        if self.state is not ListState.VOTING or poll != self.open_poll:
            raise FailedPrecondition(f"{poll} is not the open poll of the {self.year} list", reason="NOT_THE_OPEN_POLL")
        self._check(decision)
        void_reason = decision.void_reason or (Outcome.NO_VOTES if decision.outcome is Outcome.NO_VOTES else "")
        self.polls.append(PollRecord(poll, self.open_plan, decision.outcome, decision.adopted, decision.tied,
                                     decision.runoff_seats, decision.unfilled_seats, str(void_reason)))
        self.open_poll, self.open_plan = "", None
        self.version += 1
        if decision.outcome in VOID_OUTCOMES:
            self.state = ListState.RUNOFF_NEEDED if self.chain else ListState.AWAITING_POLL
        else:
            self.state = ListState.RUNOFF_NEEDED if decision.outcome is Outcome.TIE else ListState.DECIDED
        return self.state is ListState.DECIDED

    def _check(self, decision: Decision) -> None:
        """A decision the open poll cannot have made is a bug in the caller: refuse it."""
        plan = self.open_plan
        named = set(decision.adopted) | set(decision.tied)
        if not named <= set(plan.candidate_ids) or len(decision.adopted) > plan.seats:
            raise ValueError(f"decision {decision} does not fit the poll's plan {plan}")

    def final_adoption(self) -> tuple[str, ...]:
        """The adopted candidate ids in order: the first poll's adopted, then each runoff's."""
        self._require_decided()
        return tuple(c for p in self.chain for c in p.adopted)

    @property
    def unfilled_seats(self) -> int:
        self._require_decided()
        return self.chain[-1].unfilled_seats

    def results(self) -> tuple[str, ...]:
        """The polls whose signed results the final decision rests on, in order."""
        self._require_decided()
        return tuple(p.poll for p in self.chain)

    def can_file(self, poll: str) -> bool:
        return self.state is ListState.DECIDED and self.chain[-1].poll == poll

    def require_filable(self, poll: str) -> None:
        """Only the poll that made the list final is filed (备案): not a TIE, not a void poll."""
        if self.state is not ListState.DECIDED:
            raise FailedPrecondition(f"the {self.year} list is not decided yet ({self.state})",
                                     reason="LIST_NOT_DECIDED")
        if not self.can_file(poll):
            raise FailedPrecondition(f"only {self.chain[-1].poll}, which decided the {self.year} list, is filed",
                                     reason="NOT_THE_FINAL_DECISION")

    def _require_decided(self) -> None:
        if self.state is not ListState.DECIDED:
            raise FailedPrecondition(f"the {self.year} list is not decided yet ({self.state})",
                                     reason="LIST_NOT_DECIDED")

    def as_dict(self) -> dict:
        return {"town_id": self.town_id, "year": self.year, "seats": self.seats,
                "candidate_ids": list(self.candidate_ids), "state": self.state.value, "open_poll": self.open_poll,
                "open_plan": _plan_dict(self.open_plan) if self.open_plan else None,
                "polls": [_record_dict(p) for p in self.polls], "version": self.version}

    @classmethod
    def from_dict(cls, d: dict) -> "CandidateListDecision":
        return cls(d["town_id"], d["year"], d["seats"], tuple(d["candidate_ids"]), ListState(d["state"]),
                   d["open_poll"], _plan(d["open_plan"]) if d["open_plan"] else None,
                   [_record(p) for p in d["polls"]], d["version"])


def _plan_dict(p: PollPlan) -> dict:
    return {"candidate_ids": list(p.candidate_ids), "seats": p.seats, "runoff_of": p.runoff_of}


def _plan(d: dict) -> PollPlan:
    return PollPlan(tuple(d["candidate_ids"]), d["seats"], d["runoff_of"])


def _record_dict(r: PollRecord) -> dict:
    return {"poll": r.poll, "plan": _plan_dict(r.plan), "outcome": r.outcome.value, "adopted": list(r.adopted),
            "tied": list(r.tied), "runoff_seats": r.runoff_seats, "unfilled_seats": r.unfilled_seats,
            "void_reason": r.void_reason}


def _record(d: dict) -> PollRecord:
    return PollRecord(d["poll"], _plan(d["plan"]), Outcome(d["outcome"]), tuple(d["adopted"]), tuple(d["tied"]),
                      d["runoff_seats"], d["unfilled_seats"], d["void_reason"])


# --- The year's adopted projects ----------------------------------------------------------------

@dataclass(frozen=True)
class ListedProject:
    """A candidate as the party committee approved it, with what the later stages need."""
    candidate_id: str
    proposal: str
    rank: int
    title: str
    description: str = ""
    location: str = ""
    budget_yuan: int = 0
    funding_source: str = ""
    responsible_unit: str = ""
    completion_deadline: date | None = None

    def as_dict(self) -> dict:
        deadline = self.completion_deadline.isoformat() if self.completion_deadline else ""
        return {"candidate_id": self.candidate_id, "proposal": self.proposal, "rank": self.rank, "title": self.title,
                "description": self.description, "location": self.location, "budget_yuan": self.budget_yuan,
                "funding_source": self.funding_source, "responsible_unit": self.responsible_unit,
                "completion_deadline": deadline}

    @classmethod
    def from_dict(cls, d: dict) -> "ListedProject":
        """Lists stored before the details were kept have only id, rank and title."""
        deadline = d.get("completion_deadline")
        return cls(d["candidate_id"], d.get("proposal", ""), d["rank"], d["title"], d.get("description", ""),
                   d.get("location", ""), d.get("budget_yuan", 0), d.get("funding_source", ""),
                   d.get("responsible_unit", ""), date.fromisoformat(deadline) if deadline else None)


@dataclass(frozen=True)
class AdoptedProject:
    project: ListedProject
    # 1 for the first adopted: the first poll's adopted by votes, then each runoff's winners.
    adoption_rank: int


@dataclass(frozen=True)
class ProjectsAdopted:
    """The year's one authoritative answer: what the town adopted, with budget, unit and
    deadline, and the signed results it rests on. Announced once, when the list is final."""
    town_id: str
    year: int
    seats: int
    adopted: tuple[AdoptedProject, ...]
    not_adopted: tuple[ListedProject, ...]
    unfilled_seats: int
    # Poll names of the chain, in order; their signed result documents go with the event.
    results: tuple[str, ...]


def projects_adopted(decision: CandidateListDecision, projects: list[ListedProject]) -> ProjectsAdopted:
    by_id = {p.candidate_id: p for p in projects}
    if set(by_id) != set(decision.candidate_ids):
        raise ValueError("the projects are not the decided list's candidates")
    adopted = decision.final_adoption()
    return ProjectsAdopted(
        town_id=decision.town_id, year=decision.year, seats=decision.seats,
        adopted=tuple(AdoptedProject(by_id[c], place) for place, c in enumerate(adopted, start=1)),
        not_adopted=tuple(by_id[c] for c in decision.candidate_ids if c not in adopted),
        unfilled_seats=decision.unfilled_seats, results=decision.results())


def new_decision(town_id: str, year: int, seats: int, projects: list[ListedProject]) -> CandidateListDecision:
    """The decision of a freshly approved list, its candidates in list order."""
    ordered = sorted(projects, key=lambda p: p.rank)
    return CandidateListDecision(town_id, year, seats, tuple(p.candidate_id for p in ordered))


@dataclass
class CandidateList:
    """An approved candidate list as voting keeps it: its projects in rank order, and what
    the vote decided on them so far."""
    town_id: str
    year: int
    review: str
    seats: int
    projects: tuple[ListedProject, ...]
    approval_record: str
    decision: CandidateListDecision

    @property
    def name(self) -> str:
        return CANDIDATE_LIST.format(town=self.town_id, year=self.year)

    def candidates(self, plan: PollPlan) -> tuple[Candidate, ...]:
        """The ballot of the poll the plan allows, in list order."""
        return tuple(Candidate(p.candidate_id, p.rank, p.title) for p in self.projects
                     if p.candidate_id in plan.candidate_ids)

    def replaces(self, earlier: "CandidateList | None") -> bool:
        """Whether this approval takes the place of `earlier`: False for the same list again
        (nothing to do). A list a poll was opened on is never replaced: review approves a
        year's list once, so another list for it is a bug upstream."""
        if earlier is None:
            return True
        if (earlier.seats, earlier.projects) == (self.seats, self.projects):
            return False
        if earlier.decision.started:
            raise ValueError(f"the {self.year} list was voted on already: it cannot be replaced")
        return True


def approved_list(town_id: str, year: int, review: str, seats: int, projects: list[ListedProject],
                  approval_record: str) -> CandidateList:
    ordered = tuple(sorted(projects, key=lambda p: p.rank))
    return CandidateList(town_id, year, review, seats, ordered, approval_record,
                         new_decision(town_id, year, seats, list(ordered)))

