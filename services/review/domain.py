"""Rules of review (审查论证、立项). Pure: no gRPC, SQL or NATS here.

A review is one town's year: it opens, its work group assesses the shortlisted items,
the ranked recommended list goes to the presidium, and the party committee approves
the candidate list with its seats. Each step may only follow the one before it.

One rule decides what may stand as a candidate (Assessment.check_candidate_gates): an
item the work group recommends and one the presidium adds back pass the same gates. The
work group is deputies and sector experts (代表和行业专家): at least one of each. The
limits on seats and candidates are the voting service's (services.platform.limits), so an
approved list can always be put on the ballot."""
import math
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from services.platform.audit import AuditEntry
from services.platform.errors import FailedPrecondition, PermissionDenied, Violations
from services.platform.limits import MAX_CANDIDATES, MAX_SEATS
from services.platform.names import NamePattern

REVIEW = NamePattern("towns/{town}/reviews/{year}")
ITEM = NamePattern("towns/{town}/reviews/{year}/items/{item}")
MIN_SCORE, MAX_SCORE = 1, 5
# 急需 and 成熟 are tiers, not just scores: an item is urgent (mature) from this score up.
URGENT_FROM = 4
MATURE_FROM = 4
# Legality and safety are gates: below this score an item cannot be recommended.
GATE_FROM = 3
MAX_MEMBERS = 50


class ReviewState(StrEnum):
    OPEN = "OPEN"
    RECOMMENDATIONS_PROPOSED = "RECOMMENDATIONS_PROPOSED"
    PRESIDIUM_DECIDED = "PRESIDIUM_DECIDED"
    APPROVED = "APPROVED"


class MemberRole(StrEnum):
    DEPUTY = "DEPUTY"
    SECTOR_EXPERT = "SECTOR_EXPERT"


class ActivityKind(StrEnum):
    SITE_INSPECTION = "SITE_INSPECTION"
    DOCUMENT_REVIEW = "DOCUMENT_REVIEW"
    FORUM = "FORUM"


class Recommendation(StrEnum):
    RECOMMEND = "RECOMMEND"
    NOT_RECOMMEND = "NOT_RECOMMEND"
    RESERVE_POOL = "RESERVE_POOL"


class Dimension(StrEnum):
    """What the work group scores, named as the assessment's fields."""
    URGENCY = "urgency"
    MATURITY = "maturity"
    BENEFIT = "benefit"
    COST = "cost"
    COMPLETABLE_WITHIN_YEAR = "completable_within_year"
    LEGALITY = "legality"
    SAFETY_ENVIRONMENT = "safety_environment"


@dataclass(frozen=True)
class CompetitiveListRule:
    """差额: by default more candidates than seats; a margin or an equal list is the town's choice."""
    min_margin_percent: int = 0
    allow_equal_list: bool = False

    def validate(self, v: Violations, prefix: str = "competitive_list_rule") -> None:
        v.check(0 <= self.min_margin_percent <= 100, f"{prefix}.min_margin_percent", "must be 0 to 100")
        v.check(not (self.allow_equal_list and self.min_margin_percent), f"{prefix}.allow_equal_list",
                "an equal list cannot have a margin")

    def min_candidates(self, seats: int) -> int:
        if self.allow_equal_list:
            return seats
        # At least one more than seats, and at least the margin (e.g. 20%: 10 seats -> 12).
        return max(seats + 1, math.ceil(seats * (100 + self.min_margin_percent) / 100))

    def check(self, candidates: int, seats: int) -> None:
        needed = self.min_candidates(seats)
        if candidates < needed:
            raise FailedPrecondition(
                f"{candidates} candidates for {seats} seats: the town's rule ({self.describe()}) needs at least "
                f"{needed}", reason="NOT_A_COMPETITIVE_LIST")

    def describe(self) -> str:
        if self.allow_equal_list:
            return "an equal list is allowed"
        if self.min_margin_percent:
            return f"at least {self.min_margin_percent}% more candidates than seats"
        return "more candidates than seats"


@dataclass(frozen=True)
class Member:
    member_id: str
    name: str
    role: MemberRole | None
    expertise: str
    # The subject of the member's token; empty for a member whom staff record for.
    account: str = ""


def validate_members(members: list[Member], v: Violations | None = None) -> None:
    """Raises INVALID_ARGUMENT with every violated field (and those already in `v`)."""
    v = v or Violations()
    v.check(0 < len(members) <= MAX_MEMBERS, "members", f"name 1 to {MAX_MEMBERS} members")
    for i, m in enumerate(members):
        v.text(f"members[{i}].name", m.name, max_len=50)
        if m.role is None and not v.has(f"members[{i}].role"):
            v.add(f"members[{i}].role", "required")
        v.text(f"members[{i}].expertise", m.expertise, max_len=100)
        v.text(f"members[{i}].account", m.account, max_len=100, required=False)
    accounts = [m.account for m in members if m.account]
    v.check(len(set(accounts)) == len(accounts), "members", "two members share an account")
    if members:
        roles = {m.role for m in members}
        for role, who in ((MemberRole.DEPUTY, "a deputy (代表)"), (MemberRole.SECTOR_EXPERT, "a sector expert (行业专家)")):
            v.check(role in roles, "members", f"the work group needs at least {who}")
    v.raise_if_any()


@dataclass(frozen=True)
class Activity:
    kind: ActivityKind | None
    date: date | None
    participants: tuple[str, ...]
    findings: str

    def validate(self, v: Violations | None = None, prefix: str = "activity") -> None:
        """Raises INVALID_ARGUMENT with every violated field (and those already in `v`)."""
        v = v or Violations()
        if self.kind is None and not v.has(f"{prefix}.kind"):
            v.add(f"{prefix}.kind", "required")
        v.check(self.date is not None, f"{prefix}.date", "required: an ISO date like 2024-03-01")
        v.check(0 < len(self.participants) <= 100, f"{prefix}.participants", "name 1 to 100 participants")
        for i, name in enumerate(self.participants):
            v.text(f"{prefix}.participants[{i}]", name, max_len=100)
        v.text(f"{prefix}.findings", self.findings, max_len=5000)
        v.raise_if_any()


@dataclass(frozen=True)
class Score:
    score: int
    note: str = ""


@dataclass(frozen=True)
class Project:
    """What the vote and the later stages need of a recommended project."""
    title: str
    description: str
    location: str
    budget_yuan: int
    funding_source: str
    responsible_unit: str
    completion_deadline: date | None

    def validate(self, v: Violations, prefix: str) -> None:
        v.text(f"{prefix}.title", self.title, max_len=100)
        v.text(f"{prefix}.description", self.description, max_len=5000)
        v.text(f"{prefix}.location", self.location, max_len=200)
        v.check(0 < self.budget_yuan <= 10**11, f"{prefix}.budget_yuan", "must be positive and plausible")
        v.text(f"{prefix}.funding_source", self.funding_source, max_len=200)
        v.text(f"{prefix}.responsible_unit", self.responsible_unit, max_len=100)
        v.check(self.completion_deadline is not None, f"{prefix}.completion_deadline",
                "required: an ISO date like 2024-12-31")


@dataclass(frozen=True)
class Assessment:
    scores: dict[Dimension, Score]
    estimated_cost_yuan: int
    funding_secured_yuan: int
    land_secured: bool
    design_ready: bool
    recommendation: Recommendation | None
    reason: str
    project: Project | None
    assessed_by: str = ""
    time: datetime | None = None

    @property
    def total(self) -> int:
        return sum(s.score for s in self.scores.values())

    @property
    def urgent(self) -> bool:
        return self.scores[Dimension.URGENCY].score >= URGENT_FROM

    @property
    def mature(self) -> bool:
        return self.scores[Dimension.MATURITY].score >= MATURE_FROM

    def validate(self, year: int, v: Violations | None = None, prefix: str = "assessment") -> None:
        """Raises INVALID_ARGUMENT with every violated field (and those already in `v`)."""
        v = v or Violations()
        for dimension in Dimension:
            s = self.scores.get(dimension)
            v.check(s is not None and MIN_SCORE <= s.score <= MAX_SCORE, f"{prefix}.{dimension}.score",
                    f"required: {MIN_SCORE} to {MAX_SCORE}")
            if s is not None:
                v.text(f"{prefix}.{dimension}.note", s.note, max_len=1000, required=False)
        v.check(0 <= self.estimated_cost_yuan <= 10**11, f"{prefix}.estimated_cost_yuan", "must be 0 or more")
        v.check(0 <= self.funding_secured_yuan <= 10**11, f"{prefix}.funding_secured_yuan", "must be 0 or more")
        if self.recommendation is None and not v.has(f"{prefix}.recommendation"):
            v.add(f"{prefix}.recommendation", "required")
        v.text(f"{prefix}.reason", self.reason, max_len=2000)
        if self.recommendation is Recommendation.RECOMMEND:
            self.check_candidate_gates(year, v, prefix)
        elif self.project is not None:
            self.project.validate(v, f"{prefix}.project")
        v.raise_if_any()

    def check_candidate_gates(self, year: int, v: Violations, prefix: str = "assessment") -> None:
        """What may stand as a candidate, recommended or added back by the presidium: legality
        and safety scored at least GATE_FROM, full project details, completion within `year`."""
        for gate in (Dimension.LEGALITY, Dimension.SAFETY_ENVIRONMENT):
            s = self.scores.get(gate)
            v.check(s is None or s.score >= GATE_FROM, f"{prefix}.recommendation",
                    f"an item scoring below {GATE_FROM} on {gate} cannot be recommended")
        if self.project is None:
            v.add(f"{prefix}.project", "required to recommend")
            return
        self.project.validate(v, f"{prefix}.project")
        deadline = self.project.completion_deadline
        v.check(deadline is None or deadline.year == year, f"{prefix}.project.completion_deadline",
                f"a livelihood project is completed within {year}")


@dataclass
class ReviewItem:
    """A shortlisted proposal under review."""
    id: str
    town_id: str
    year: int
    proposal: str
    title: str
    content: str
    location: str
    category: str
    estimated_cost_yuan: int | None
    completion_time_frame: str
    suggested_implementer: str
    supporter_count: int
    assessors: tuple[str, ...] = ()
    activities: list[Activity] = field(default_factory=list)
    assessment: Assessment | None = None
    version: int = 1
    history: list[AuditEntry] = field(default_factory=list)

    @property
    def name(self) -> str:
        return ITEM.format(town=self.town_id, year=self.year, item=self.id)

    @property
    def recommended(self) -> bool:
        return self.assessment is not None and self.assessment.recommendation is Recommendation.RECOMMEND

    def _record(self, actor: str, action: str, now: datetime, detail: str) -> None:
        self.version += 1
        self.history.append(AuditEntry(actor, action, now, detail))

    def assign(self, review: "Review", member_ids: list[str], actor: str, now: datetime) -> None:
        review.require_open("assign assessors")
        if not review.members:
            raise FailedPrecondition("form the work group first", reason="NO_WORK_GROUP")
        known = {m.member_id for m in review.members}
        v = Violations()
        v.check(0 < len(member_ids) <= MAX_MEMBERS, "member_ids", "name 1 or more members")
        v.check(len(set(member_ids)) == len(member_ids), "member_ids", "names a member twice")
        for i, member_id in enumerate(member_ids):
            v.check(member_id in known, f"member_ids[{i}]", "not a member of the work group")
        v.raise_if_any()
        self.assessors = tuple(member_ids)
        self._record(actor, "assessors assigned", now, ", ".join(member_ids))

    def record_activity(self, review: "Review", activity: Activity, actor: str, now: datetime, *,
                        as_member: str | None = None) -> None:
        """`as_member`: the account of a member recording for themself (None: staff record)."""
        activity.validate()
        review.require_open("record a feasibility activity")
        if as_member is not None and as_member not in {m.account for m in review.members if m.account}:
            raise PermissionDenied("only members of the work group record its feasibility activities")
        self.activities.append(activity)
        self._record(actor, "feasibility activity", now, f"{activity.kind} on {activity.date}")

    def assess(self, review: "Review", assessment: Assessment, actor: str, now: datetime, *,
               as_member: str | None = None) -> None:
        """`as_member`: the account of a member recording for themself (None: staff record)."""
        assessment.validate(self.year)
        review.require_open("record an assessment")
        if not self.assessors:
            raise FailedPrecondition("assign work group members to assess this item first",
                                     reason="NO_ASSESSORS")
        if as_member is not None and as_member not in {m.account for m in review.members
                                                       if m.member_id in self.assessors and m.account}:
            raise PermissionDenied("only the members assigned to this item record its assessment")
        if not self.activities:
            raise FailedPrecondition("record a site inspection, document review or forum before assessing",
                                     reason="NO_FEASIBILITY_ACTIVITY")
        self.assessment = replace(assessment, assessed_by=actor, time=now)
        self._record(actor, "assessed", now, f"{assessment.recommendation}: {assessment.reason}")


@dataclass(frozen=True)
class Move:
    """A staff move of a recommended item to another place, replayed over the computed order."""
    item_id: str
    position: int
    reason: str
    actor: str
    time: datetime


@dataclass(frozen=True)
class Ranked:
    item_id: str
    title: str
    rank: int
    explanation: str


def _order_key(item: ReviewItem) -> tuple:
    """急需先立、成熟先立、好中选优: urgent first, then mature, then the higher total score;
    ties go to more supporters, then the lower estimated cost, then the proposal's name
    (so the order never depends on arrival)."""
    a = item.assessment
    return (not a.urgent, not a.mature, -a.total, -item.supporter_count, a.estimated_cost_yuan, item.proposal)


def _standing(item: ReviewItem) -> str:
    a = item.assessment
    urgency, maturity = a.scores[Dimension.URGENCY].score, a.scores[Dimension.MATURITY].score
    return "; ".join([
        f"{'urgent' if a.urgent else 'not urgent'} (急需, urgency {urgency})",
        f"{'mature' if a.mature else 'not mature'} (成熟, maturity {maturity})",
        f"total score {a.total} of {MAX_SCORE * len(Dimension)} (好中选优)"])


def _tie_break(ahead: ReviewItem, behind: ReviewItem) -> str | None:
    """Why `ahead` precedes `behind` when the principle alone does not separate them."""
    if _order_key(ahead)[:3] != _order_key(behind)[:3]:
        return None
    if ahead.supporter_count != behind.supporter_count:
        why = f"more supporters ({ahead.supporter_count} vs {behind.supporter_count})"
    elif ahead.assessment.estimated_cost_yuan != behind.assessment.estimated_cost_yuan:
        why = (f"lower estimated cost ({ahead.assessment.estimated_cost_yuan} vs "
               f"{behind.assessment.estimated_cost_yuan} yuan)")
    else:
        why = "the proposal's name (equal in every respect)"
    return f"ahead of tied «{behind.title}» by {why}"


def rank(items: list[ReviewItem], moves: list[Move] = ()) -> list[Ranked]:
    """The recommended items in order, each with why it stands there. Deterministic:
    the same assessments and moves give the same list whatever the input order."""
    ordered = sorted((i for i in items if i.recommended), key=_order_key)
    notes = {item.id: [_standing(item)] for item in ordered}
    for ahead, behind in zip(ordered, ordered[1:]):
        if why := _tie_break(ahead, behind):
            notes[ahead.id].append(why)
            notes[behind.id].append(f"behind tied «{ahead.title}» by the same rule")
    for move in moves:
        moving = next((i for i in ordered if i.id == move.item_id), None)
        if moving is None:
            continue  # no longer recommended: the move has nothing to act on
        ordered.remove(moving)
        ordered.insert(min(move.position, len(ordered) + 1) - 1, moving)
        notes[moving.id].append(f"moved by {move.actor} to place {move.position}: {move.reason}")
    return [Ranked(item.id, item.title, place, "; ".join(notes[item.id]))
            for place, item in enumerate(ordered, start=1)]


@dataclass(frozen=True)
class PresidiumChange:
    item_id: str
    reason: str


@dataclass(frozen=True)
class PresidiumDecision:
    record: str
    removals: tuple[PresidiumChange, ...]
    additions: tuple[PresidiumChange, ...]
    time: datetime


@dataclass(frozen=True)
class CandidateList:
    seats: int
    item_ids: tuple[str, ...]
    approval_record: str
    time: datetime


@dataclass
class Review:
    town_id: str
    year: int
    title: str
    rule: CompetitiveListRule
    state: ReviewState = ReviewState.OPEN
    members: tuple[Member, ...] = ()
    moves: list[Move] = field(default_factory=list)
    # Frozen when the recommendations are proposed, changed by the presidium.
    ranking: list[Ranked] = field(default_factory=list)
    presidium: PresidiumDecision | None = None
    candidate_list: CandidateList | None = None
    version: int = 1
    history: list[AuditEntry] = field(default_factory=list)

    @property
    def name(self) -> str:
        return REVIEW.format(town=self.town_id, year=self.year)

    def _record(self, actor: str, action: str, now: datetime, detail: str) -> None:
        self.version += 1
        self.history.append(AuditEntry(actor, action, now, detail))

    def _require(self, state: ReviewState, step: str) -> None:
        if self.state is not state:
            raise FailedPrecondition(f"cannot {step}: the {self.year} review is {self.state}, not {state}",
                                     reason=f"REVIEW_NOT_{state}")

    def require_open(self, step: str) -> None:
        self._require(ReviewState.OPEN, step)

    def current_ranking(self, items: list[ReviewItem]) -> list[Ranked]:
        """Live while the work group assesses; the frozen list afterwards."""
        return rank(items, self.moves) if self.state is ReviewState.OPEN else list(self.ranking)

    def form_work_group(self, members: list[Member], actor: str, now: datetime) -> None:
        validate_members(members)
        self.require_open("form the work group")
        if self.members:
            raise FailedPrecondition("the work group is formed already", reason="WORK_GROUP_FORMED")
        self.members = tuple(replace(m, member_id=f"m{i}") for i, m in enumerate(members, start=1))
        experts = sum(m.role is MemberRole.SECTOR_EXPERT for m in members)
        self._record(actor, "work group formed", now, f"{len(members)} members, {experts} sector experts")

    def move(self, items: list[ReviewItem], item_id: str, position: int, reason: str, actor: str,
             now: datetime) -> None:
        v = Violations()
        v.check(position >= 1, "position", "must be 1 or more")
        v.text("reason", reason, max_len=1000)
        v.raise_if_any()
        self.require_open("move an item")
        ranked = rank(items, self.moves)
        if item_id not in {r.item_id for r in ranked}:
            raise FailedPrecondition("only a recommended item can be moved", reason="ITEM_NOT_RECOMMENDED")
        if position > len(ranked):
            v.add("position", f"only {len(ranked)} items are recommended")
            v.raise_if_any()
        self.moves.append(Move(item_id, position, reason, actor, now))
        self._record(actor, "item moved", now, f"to place {position}: {reason}")

    def propose(self, items: list[ReviewItem], actor: str, now: datetime) -> list[Ranked]:
        self.require_open("propose the recommendations")
        if not self.members:
            raise FailedPrecondition("form the work group first", reason="NO_WORK_GROUP")
        unassessed = [i.title for i in items if i.assessment is None]
        if unassessed:
            raise FailedPrecondition(f"{len(unassessed)} items are not assessed yet, e.g. «{unassessed[0]}»",
                                     reason="ITEMS_NOT_ASSESSED")
        ranked = rank(items, self.moves)
        if not ranked:
            raise FailedPrecondition("no item is recommended", reason="NOTHING_RECOMMENDED")
        self.ranking = ranked
        self.state = ReviewState.RECOMMENDATIONS_PROPOSED
        self._record(actor, "recommendations proposed", now, f"{len(ranked)} of {len(items)} items recommended")
        return ranked

    def decide_presidium(self, items: dict[str, ReviewItem], record: str, removals: list[PresidiumChange],
                         additions: list[PresidiumChange], actor: str, now: datetime) -> None:
        """The presidium's list: the proposed order less removals, then additions in the order given."""
        listed = [r.item_id for r in self.ranking]
        v = Violations()
        v.text("record", record, max_len=10000)
        for kind, changes in (("removals", removals), ("additions", additions)):
            for i, change in enumerate(changes):
                v.text(f"{kind}[{i}].reason", change.reason, max_len=1000)
                v.check(change.item_id in items, f"{kind}[{i}].item", "not an item of this review")
        changed = [c.item_id for c in (*removals, *additions)]
        v.check(len(set(changed)) == len(changed), "removals", "an item is named twice")
        v.raise_if_any()
        self._require(ReviewState.RECOMMENDATIONS_PROPOSED, "record the presidium's decision")
        for change in removals:
            if change.item_id not in listed:
                raise FailedPrecondition(f"«{items[change.item_id].title}» is not on the recommended list",
                                         reason="NOT_ON_LIST")
        for change in additions:
            item = items[change.item_id]
            if change.item_id in listed:
                raise FailedPrecondition(f"«{item.title}» is on the list already", reason="ALREADY_ON_LIST")
            self._require_candidate(item)
        self.ranking = self._decided_ranking(items, removals, additions)
        self.presidium = PresidiumDecision(record, tuple(removals), tuple(additions), now)
        self.state = ReviewState.PRESIDIUM_DECIDED
        self._record(actor, "presidium decided", now,
                     f"{len(removals)} removed, {len(additions)} added, {len(self.ranking)} on the list")

    def _require_candidate(self, item: ReviewItem) -> None:
        """An item added back passes the gates of a recommended one (a NOT_RECOMMEND item
        with legality 1 or a deadline next year does not become a candidate by the presidium)."""
        if item.assessment is None or item.assessment.project is None:
            raise FailedPrecondition(f"«{item.title}» has no project details (budget, funding, unit, "
                                     "deadline) to stand as a candidate", reason="NO_PROJECT_DETAILS")
        gates = Violations()
        item.assessment.check_candidate_gates(self.year, gates)
        if gates.items:
            why = "; ".join(f"{g.field}: {g.description}" for g in gates.items)
            raise FailedPrecondition(f"«{item.title}» cannot stand as a candidate: {why}",
                                     reason="CANDIDATE_GATES_NOT_MET")

    def _decided_ranking(self, items: dict[str, ReviewItem], removals: list[PresidiumChange],
                         additions: list[PresidiumChange]) -> list[Ranked]:
        removed = {c.item_id for c in removals}
        kept = [(r.item_id, r.explanation) for r in self.ranking if r.item_id not in removed]
        added = [(c.item_id, f"added by the presidium: {c.reason}") for c in additions]
        return [Ranked(item_id, items[item_id].title, place, why)
                for place, (item_id, why) in enumerate(kept + added, start=1)]

    def approve(self, approval_record: str, seats: int, actor: str, now: datetime) -> None:
        v = Violations()
        v.text("approval_record", approval_record, max_len=10000)
        v.check(0 < seats <= MAX_SEATS, "seats", f"must be 1 to {MAX_SEATS}")
        v.raise_if_any()
        self._require(ReviewState.PRESIDIUM_DECIDED, "approve the candidate list")
        if len(self.ranking) > MAX_CANDIDATES:
            raise FailedPrecondition(f"{len(self.ranking)} candidates: one ballot holds at most {MAX_CANDIDATES}",
                                     reason="TOO_MANY_CANDIDATES")
        self.rule.check(len(self.ranking), seats)
        self.candidate_list = CandidateList(seats, tuple(r.item_id for r in self.ranking), approval_record, now)
        self.state = ReviewState.APPROVED
        self._record(actor, "candidate list approved", now, f"{len(self.ranking)} candidates for {seats} seats")

    def late_answer(self) -> str:
        """The answer to a proposal that reached review after the recommendations were proposed."""
        return f"本建议送达时，{self.year}年度审查论证已提出建议项目，已转入项目储备库，待以后年度统筹考虑。"

    def answers(self, items: list[ReviewItem]) -> list[tuple[ReviewItem, str]]:
        """Once approved: each item that is not a candidate, with the answer its proposer gets
        (the presidium's reason if it removed the item, else the work group's; items that
        arrived too late to be assessed go to the reserve pool)."""
        candidates = set(self.candidate_list.item_ids) if self.candidate_list else set()
        removed = {c.item_id: c.reason for c in self.presidium.removals} if self.presidium else {}
        result = []
        for item in items:
            if item.id in candidates:
                continue
            if item.assessment is None:
                text = self.late_answer()
            elif item.id in removed:
                text = f"经镇人大主席团研究讨论，未列入{self.year}年度民生实事候选项目：{removed[item.id]}"
            elif item.assessment.recommendation is Recommendation.RESERVE_POOL:
                text = f"经审查论证，列入项目储备库，待以后年度统筹考虑：{item.assessment.reason}"
            else:
                text = f"经审查论证，未列入{self.year}年度民生实事建议项目：{item.assessment.reason}"
            result.append((item, text))
        return result


def new_review(*, town_id: str, year: int, title: str, rule: CompetitiveListRule, actor: str,
               now: datetime) -> Review:
    v = Violations()
    v.check(2000 <= year <= 2100, "year", "must be between 2000 and 2100")
    v.text("title", title, max_len=200)
    rule.validate(v)
    v.raise_if_any()
    return Review(town_id=town_id, year=year, title=title, rule=rule,
                  history=[AuditEntry(actor, "opened", now, f"{title}; {rule.describe()}")])
