"""Rules of collection (征集). Pure: no gRPC, SQL or NATS here.

- Screening criteria: the seed's four by default; a town may replace them with its own set
  (e.g. 群众呼声高、覆盖范围广、政府可执行、当年能完成) and add to either. Each screening
  records the set in force.
- The negative list (负面清单, negative_list.py) flags matching proposals at screening: a
  flagged proposal is refused naming the entry, or shortlisted with an override reason.
- The reserve pool (储备库) is alive: a proposal kept there (screened into it, received
  outside a cycle, or kept by review) can be carried into a later year's cycle and
  screened again; its earlier rounds (screening and answer) stay with it.
- Every proposer is answered: those not shortlisted with the reason, those kept for the
  pool by review, and those whose item became a candidate with the vote's outcome."""
import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from services.collection.negative_list import DEFAULT_NEGATIVE_LIST, NegativeList, NegativeMatch
from services.platform.audit import AuditEntry
from services.platform.errors import FailedPrecondition, Violations
from services.platform.names import NamePattern

CYCLE = NamePattern("towns/{town}/collectionCycles/{year}")
PROPOSAL = NamePattern("towns/{town}/proposals/{proposal}")

# The seed's principle: 群众有需求、财政可承担、事小而面广、当年可完工.
DEFAULT_CRITERIA = ("群众有需求", "财政可承担", "事小而面广", "当年可完工")
MAX_CRITERIA = 12
MAX_ANSWER = 4000
CARRIED = "carried from the reserve pool"  # the history entry a carry leaves
PHONE = re.compile(r"^\+?[0-9][0-9-]{5,19}$")
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud on the hotline


class Channel(StrEnum):
    ONLINE_PLATFORM = "ONLINE_PLATFORM"
    WEB = "WEB"
    LIAISON_STATION = "LIAISON_STATION"
    DEPUTY_VISIT = "DEPUTY_VISIT"
    FORUM = "FORUM"
    HOTLINE_12345 = "HOTLINE_12345"
    OTHER = "OTHER"


# The channels a member of the public uses alone; the others are entered by deputies or staff.
PUBLIC_CHANNELS = frozenset({Channel.ONLINE_PLATFORM, Channel.WEB})


class CycleState(StrEnum):
    OPEN = "OPEN"
    CLOSED = "CLOSED"


class ProposalState(StrEnum):
    SUBMITTED = "SUBMITTED"
    MERGED = "MERGED"
    SHORTLISTED = "SHORTLISTED"
    NOT_SHORTLISTED = "NOT_SHORTLISTED"
    RESERVE_POOL = "RESERVE_POOL"
    # A candidate, after the session's vote.
    ADOPTED = "ADOPTED"
    NOT_ADOPTED = "NOT_ADOPTED"


class Outcome(StrEnum):
    SHORTLISTED = "SHORTLISTED"
    NOT_SHORTLISTED = "NOT_SHORTLISTED"
    RESERVE_POOL = "RESERVE_POOL"


@dataclass
class CollectionCycle:
    town_id: str
    year: int
    title: str
    announcement: str
    opens_at: datetime
    closes_at: datetime
    criteria: tuple[str, ...]
    state: CycleState = CycleState.OPEN
    proposal_count: int = 0
    version: int = 1
    history: list[AuditEntry] = field(default_factory=list)
    negative_list: NegativeList = DEFAULT_NEGATIVE_LIST

    @property
    def name(self) -> str:
        return CYCLE.format(town=self.town_id, year=self.year)

    def announces_as(self, other: "CollectionCycle") -> bool:
        """The same announcement: opening it again is a retry, not a second cycle."""
        return (self.title, self.announcement, self.opens_at, self.closes_at, self.criteria, self.negative_list) == \
            (other.title, other.announcement, other.opens_at, other.closes_at, other.criteria, other.negative_list)

    def accepts(self, now: datetime) -> bool:
        return self.state is CycleState.OPEN and self.opens_at <= now <= self.closes_at

    def close(self, actor: str, now: datetime) -> None:
        if self.state is not CycleState.OPEN:
            raise FailedPrecondition(f"the {self.year} collection cycle is already closed",
                                     reason="CYCLE_NOT_OPEN")
        self.state = CycleState.CLOSED
        self.version += 1
        self.history.append(AuditEntry(actor, "closed", now, f"{self.proposal_count} proposals received"))


def criteria_in_force(v: Violations, criteria: list[str] | None, additional: list[str]) -> tuple[str, ...]:
    """The town's own set (None: the seed's four), then any additional criteria."""
    if criteria is not None:
        v.check(len(criteria) > 0, "criteria", "name at least one criterion, or none to keep the seed's four")
    for name, given in (("criteria", criteria or []), ("additional_criteria", additional)):
        for i, criterion in enumerate(given):
            v.text(f"{name}[{i}]", criterion, max_len=50)
    base = DEFAULT_CRITERIA if criteria is None else tuple(c.strip() for c in criteria)
    extra = tuple(c.strip() for c in additional)
    v.check(len(set(base)) == len(base), "criteria", "repeats a criterion")
    v.check(len(set(extra)) == len(extra) and not set(extra) & set(base), "additional_criteria",
            "repeats a criterion")
    v.check(len(base) + len(extra) <= MAX_CRITERIA, "additional_criteria" if extra else "criteria",
            f"at most {MAX_CRITERIA} criteria in all")
    return base + extra


def new_cycle(*, town_id: str, year: int, title: str, announcement: str, opens_at: datetime | None,
              closes_at: datetime | None, additional_criteria: list[str], actor: str,
              now: datetime, criteria: list[str] | None = None,
              negative_list: NegativeList = DEFAULT_NEGATIVE_LIST) -> CollectionCycle:
    """`criteria` replaces the seed's four (None keeps them); `additional_criteria` adds to
    whichever set is used."""
    v = Violations()
    v.check(2000 <= year <= 2100, "year", "must be between 2000 and 2100")
    v.text("title", title, max_len=200)
    v.text("announcement", announcement, max_len=10000)
    v.check(opens_at is not None, "opens_at", "required")
    v.check(closes_at is not None, "closes_at", "required")
    if opens_at and closes_at:
        v.check(opens_at < closes_at, "closes_at", "must be after opens_at")
    in_force = criteria_in_force(v, criteria, additional_criteria)
    negative_list.validate(v)
    v.raise_if_any()
    return CollectionCycle(town_id=town_id, year=year, title=title, announcement=announcement,
                           opens_at=opens_at, closes_at=closes_at, criteria=in_force,
                           history=[AuditEntry(actor, "opened", now, title)], negative_list=negative_list)


@dataclass(frozen=True)
class Proposer:
    name: str
    phone: str
    unit: str = ""

    def masked(self) -> "Proposer":
        """What anyone but town staff sees: 张*, 138****5678."""
        name = self.name[:1] + "*" * max(len(self.name) - 1, 1) if self.name else ""
        digits = self.phone
        phone = digits[:3] + "*" * max(len(digits) - 7, 1) + digits[-4:] if len(digits) > 7 else "****"
        return Proposer(name=name, phone=phone, unit=self.unit)


@dataclass(frozen=True)
class ProposalDraft:
    """What a submitter sends: one item per submission (一事一提)."""
    title: str
    content: str
    location: str
    category: str
    estimated_cost_yuan: int | None
    completion_time_frame: str
    suggested_implementer: str
    channel: Channel | None
    proposer: Proposer

    def validate(self, v: Violations | None = None) -> None:
        """Raises INVALID_ARGUMENT with every violated field, and those already in `v`."""
        v = v or Violations()
        v.text("proposal.title", self.title, max_len=100)
        v.text("proposal.content", self.content, max_len=5000)
        v.text("proposal.location", self.location, max_len=200)
        v.text("proposal.category", self.category, max_len=50)
        v.text("proposal.completion_time_frame", self.completion_time_frame, max_len=50)
        v.text("proposal.suggested_implementer", self.suggested_implementer, max_len=100, required=False)
        v.check(self.estimated_cost_yuan is None or self.estimated_cost_yuan >= 0,
                "proposal.estimated_cost_yuan", "must not be negative")
        v.check(self.estimated_cost_yuan is None or self.estimated_cost_yuan <= 10**11,
                "proposal.estimated_cost_yuan", "implausibly large")
        if self.channel is None and not v.has("proposal.channel"):
            v.add("proposal.channel", "required")
        v.text("proposal.proposer.name", self.proposer.name, max_len=50)
        v.check(bool(PHONE.match(self.proposer.phone)), "proposal.proposer.phone",
                "required: digits, optionally with + and -")
        v.text("proposal.proposer.unit", self.proposer.unit, max_len=100, required=False)
        v.raise_if_any()


@dataclass(frozen=True)
class CriterionResult:
    criterion: str
    passed: bool
    note: str = ""


@dataclass(frozen=True)
class Screening:
    results: tuple[CriterionResult, ...]
    outcome: Outcome
    explanation: str
    time: datetime
    # The criteria in force when it was screened, in the cycle's order.
    criteria: tuple[str, ...] = ()
    # The negative-list entries the proposal matched, and why it was shortlisted anyway.
    negative_matches: tuple[NegativeMatch, ...] = ()
    override_reason: str = ""


@dataclass(frozen=True)
class Answer:
    text: str
    time: datetime


@dataclass(frozen=True)
class Round:
    """An earlier year's round of a proposal carried from the reserve pool into a later one."""
    year: int | None
    screening: Screening | None
    answer: Answer | None


@dataclass
class Proposal:
    id: str
    town_id: str
    draft: ProposalDraft
    receipt_code: str
    year: int | None
    state: ProposalState
    created_at: datetime
    entered_by_deputy: str = ""
    merged_into: str | None = None
    supporter_count: int = 1
    screening: Screening | None = None
    answer: Answer | None = None
    version: int = 1
    history: list[AuditEntry] = field(default_factory=list)
    earlier: tuple[Round, ...] = ()

    @property
    def name(self) -> str:
        return PROPOSAL.format(town=self.town_id, proposal=self.id)

    @property
    def awaiting_answer(self) -> bool:
        """Not shortlisted, or put in the reserve pool, and not yet answered."""
        return self.answer is None and self.screening is not None and \
            self.state in (ProposalState.NOT_SHORTLISTED, ProposalState.RESERVE_POOL)

    def _record(self, actor: str, action: str, now: datetime, detail: str) -> None:
        self.version += 1
        self.history.append(AuditEntry(actor, action, now, detail))

    def screen(self, *, criteria: tuple[str, ...], year: int, results: list[CriterionResult],
               outcome: Outcome | None, explanation: str, actor: str, now: datetime,
               negative_list: NegativeList | None = None, override_reason: str = "") -> None:
        """`negative_list`: the cycle's; a proposal it flags is refused naming the entry in the
        explanation, or shortlisted with `override_reason` (why it is not such a project)."""
        screenable = self.state is ProposalState.SUBMITTED or (
            self.state is ProposalState.RESERVE_POOL and self.screening is None)
        if not screenable:
            raise FailedPrecondition(f"a {self.state.value} proposal cannot be screened",
                                     reason="PROPOSAL_NOT_SCREENABLE")
        v = Violations()
        v.check(outcome is not None, "outcome", "required")
        given = [r.criterion for r in results]
        v.check(sorted(given) == sorted(criteria), "results",
                f"need exactly one result for each criterion: {', '.join(criteria)}")
        for i, result in enumerate(results):
            v.text(f"results[{i}].note", result.note, max_len=500, required=False)
        if outcome is Outcome.SHORTLISTED:
            v.check(all(r.passed for r in results), "outcome", "shortlisting needs every criterion passed")
        # An explanation is owed to every proposer not shortlisted, and bounded for all.
        v.text("explanation", explanation, max_len=2000,
               required=outcome is not None and outcome is not Outcome.SHORTLISTED)
        matches = negative_list.matches(self.draft.title, self.draft.content) if negative_list else ()
        _check_negative_list(v, matches, outcome, explanation, override_reason)
        v.raise_if_any()
        order = {c: i for i, c in enumerate(criteria)}
        ordered = tuple(sorted(results, key=lambda r: order[r.criterion]))
        self.screening = Screening(ordered, outcome, explanation, now, tuple(criteria), matches, override_reason)
        self.state = ProposalState(outcome.value)
        self.year = year
        flagged = f" (negative list: {', '.join(m.entry for m in matches)})" if matches else ""
        self._record(actor, "screened", now, outcome.value + flagged)

    def give_answer(self, text: str, actor: str, now: datetime) -> None:
        if self.answer is not None:
            raise FailedPrecondition("the proposal has been answered already", reason="ALREADY_ANSWERED")
        if self.state is ProposalState.SUBMITTED:
            raise FailedPrecondition("screen the proposal before answering it", reason="NOT_SCREENED")
        v = Violations()
        # Room for the review service's answers: a sentence of its own around a 2,000-character reason.
        v.text("text", text, max_len=MAX_ANSWER)
        v.raise_if_any()
        self.answer = Answer(text, now)
        self._record(actor, "answered", now, "")

    def answer_from_review(self, text: str, *, to_reserve_pool: bool, actor: str, now: datetime) -> bool:
        """Review's answer for an item that did not become a candidate; one it kept for the
        pool (RESERVE_POOL) moves the proposal to the reserve pool, where a later year's cycle
        can take it. False when answered already (a redelivered answer changes nothing)."""
        if self.answer is not None:
            return False
        self.give_answer(text, actor, now)
        if to_reserve_pool and self.state is ProposalState.SHORTLISTED:
            self.state = ProposalState.RESERVE_POOL
            self._record(actor, "kept in the reserve pool", now, f"by the {self.year} review")
        return True

    def carry_into(self, year: int, actor: str, now: datetime) -> bool:
        """Takes a proposal from the reserve pool into a later year's cycle, to be screened
        again; its earlier screening and answer are kept as an earlier round. False when it was
        just carried into that year: a retried carry whose answer was lost changes nothing."""
        if self.carried_into(year):
            return False
        if self.state is not ProposalState.RESERVE_POOL:
            raise FailedPrecondition(f"a {self.state.value} proposal is not in the reserve pool",
                                     reason="NOT_IN_RESERVE_POOL")
        if self.year is not None and year <= self.year:
            v = Violations()
            v.add("collection_cycle", f"the reserve pool carries a {self.year} proposal into a later year only")
            v.raise_if_any()
        if self.screening or self.answer:
            self.earlier += (Round(self.year, self.screening, self.answer),)
        kept_since = self.year
        self.year, self.state, self.screening, self.answer = year, ProposalState.SUBMITTED, None, None
        self._record(actor, CARRIED, now, f"into {year} (kept since {kept_since or 'receipt'})")
        return True

    def carried_into(self, year: int) -> bool:
        """Carried into `year` and not screened there yet."""
        return (self.state is ProposalState.SUBMITTED and self.year == year and bool(self.history)
                and self.history[-1].action == CARRIED)

    def record_vote_outcome(self, adopted: bool, text: str, actor: str, now: datetime) -> bool:
        """A candidate's proposer is told the vote's outcome. False when already told."""
        if self.state in (ProposalState.ADOPTED, ProposalState.NOT_ADOPTED):
            return False
        if self.state is not ProposalState.SHORTLISTED:
            raise FailedPrecondition(f"a {self.state.value} proposal was not a candidate", reason="NOT_A_CANDIDATE")
        v = Violations()
        v.text("text", text, max_len=MAX_ANSWER)
        v.raise_if_any()
        earlier = f"; replaces the answer of {self.answer.time.isoformat()}" if self.answer else ""
        self.state = ProposalState.ADOPTED if adopted else ProposalState.NOT_ADOPTED
        self.answer = Answer(text, now)
        self._record(actor, "vote outcome", now, self.state.value + earlier)
        return True


def _check_negative_list(v: Violations, matches: tuple[NegativeMatch, ...], outcome: Outcome | None,
                         explanation: str, override_reason: str) -> None:
    if not matches:
        v.check(not override_reason, "negative_list_override", "the proposal matches no negative-list entry")
        return
    found = "; ".join(f"{m.entry} («{m.keyword}»)" for m in matches)
    if outcome is Outcome.SHORTLISTED:
        v.check(bool(override_reason.strip()), "negative_list_override",
                f"matches the negative list: {found}; shortlist it only with the reason it is not such a project")
        v.text("negative_list_override", override_reason, max_len=500, required=False)
    elif outcome is not None:
        v.check(not override_reason, "negative_list_override", "only a shortlisting overrides the negative list")
        v.check(any(m.entry in explanation for m in matches), "explanation",
                f"name the negative-list entry the proposal falls under: {found}")


def vote_outcome_answer(*, year: int, title: str, adopted: bool, responsible_unit: str = "",
                        completion_deadline: date | None = None) -> str:
    """The answer to the proposer of a candidate, once the session voted."""
    head = f"您的建议“{title}”列为{year}年度民生实事候选项目，经镇人民代表大会票决，"
    if not adopted:
        return head + f"未当选{year}年度民生实事项目。感谢您的参与和支持。"
    text = head + f"确定为{year}年度民生实事项目"
    if responsible_unit:
        text += f"，由{responsible_unit}负责实施"
    if completion_deadline:
        d = completion_deadline
        text += f"，计划于{d.year}年{d.month}月{d.day}日前完成"
    return text + "。项目实施情况将接受人大代表监督。"


def merge(target: Proposal, duplicates: list[Proposal], *, actor: str, now: datetime) -> None:
    """Merges duplicates into `target`: they point to it, are answered with its receipt
    code, and their supporters count for it."""
    if target.state is not ProposalState.SUBMITTED:
        raise FailedPrecondition("only a submitted, unscreened proposal can take duplicates",
                                 reason="MERGE_TARGET_NOT_SUBMITTED")
    for dup in duplicates:
        if dup.id == target.id:
            raise FailedPrecondition("a proposal cannot be merged into itself", reason="MERGE_INTO_SELF")
        if dup.state is not ProposalState.SUBMITTED:
            raise FailedPrecondition(f"a {dup.state.value} proposal cannot be merged",
                                     reason="MERGE_SOURCE_NOT_SUBMITTED")
        if dup.year != target.year:
            raise FailedPrecondition("duplicates must belong to the same collection year",
                                     reason="MERGE_ACROSS_YEARS")
    for dup in duplicates:
        dup.state = ProposalState.MERGED
        dup.merged_into = target.id
        dup.answer = Answer(f"您的建议与编号 {target.receipt_code} 的建议相同，已合并办理。", now)
        dup._record(actor, "merged", now, f"into {target.receipt_code}")
        target.supporter_count += dup.supporter_count
    target._record(actor, "merged duplicates", now, f"{len(duplicates)} merged")


def new_receipt_code() -> str:
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"

