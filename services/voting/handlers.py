"""Use cases of voting: one transaction each, the state change and its events together.

Nothing here logs, measures or emits a deputy's identity together with a ballot: a cast
writes the voter (with the receipt) to `ballots_cast` and the encrypted ballot to `ballots`,
and its event names only the poll. No one can decrypt a stored ballot: only the sums are
decrypted, by a quorum of the scrutineers with their own shares."""
import json
import time
import uuid
from dataclasses import dataclass
from datetime import date

from minsheng.common.v1.ballot_box_pb2 import PublicKeyRecord
from minsheng.events.v1 import voting_events_pb2 as ev
from minsheng.events.v1.envelope_pb2 import Envelope
from minsheng.events.v1.review_events_pb2 import CandidateListApproved
from services.ballotbox.box import Box, CheckedBallot, Invalid, Receipt, Refused, document, sha256
from services.ballotbox.ceremony import KeyRecord
from services.ballotbox.group import encode
from services.platform import audit
from services.platform.auth import DEPUTY, DISTRICT, PUBLIC, STAFF, Caller
from services.platform.signing import canonical
from services.platform.errors import (DomainError, FailedPrecondition, FieldViolation, InvalidArgument, NotFound,
                                      PermissionDenied, Violations)
from services.platform.names import town_of
from services.platform.pseudonyms import attendance_digest
from services.platform.uow import Context, UnitOfWork
from services.voting import decision, domain, metrics, proofs
from services.voting.attendance import Attendance
from services.voting.decision import CandidateList, ListedProject
from services.voting.domain import (CANDIDATE_LIST, LISTED_REVIEW, POLL, Deputy, Outcome, PaperTally, Poll,
                                    PollState, Session, VotingMethod, VotingRules)
from services.voting.key_ceremony import CeremonyState, KeyCeremony
from services.voting.models import Repository

READERS = (STAFF, DEPUTY, DISTRICT)


# --- Voting rules ---------------------------------------------------------------------------

async def get_rules(ctx: Context, caller: Caller, town_id: str) -> VotingRules:
    caller.require(town_id, *READERS)
    async with ctx.unit_of_work(town_id) as uow:
        return await uow.repo.rules(town_id)


async def update_rules(ctx: Context, caller: Caller, town_id: str, rules: VotingRules) -> VotingRules:
    caller.require(town_id, STAFF)
    rules.validate()
    async with ctx.unit_of_work(town_id) as uow:
        await uow.repo.save_rules(town_id, rules)
    return rules


# --- Roster -------------------------------------------------------------------------------

async def add_deputy(ctx: Context, caller: Caller, deputy: Deputy) -> Deputy:
    caller.require(deputy.town_id, STAFF)
    async with ctx.unit_of_work(deputy.town_id) as uow:
        repo = uow.repo
        if not await repo.add_deputy(deputy):
            existing = await repo.deputy(deputy.town_id, deputy.term, deputy.deputy_id)
            if existing != deputy:
                raise FailedPrecondition("this deputy is already on the term's roster", reason="DEPUTY_EXISTS")
    return deputy


async def record_deputy_leaving(ctx: Context, caller: Caller, town_id: str, term: str, deputy_id: str,
                                left_office: date) -> Deputy:
    caller.require(town_id, STAFF)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        deputy = await repo.deputy(town_id, term, deputy_id, for_update=True)
        if left_office <= deputy.took_office:
            v = Violations()
            v.add("left_office", "must be after took_office")
            v.raise_if_any()
        deputy.left_office = left_office
        await repo.save_deputy_leaving(deputy)
    return deputy


async def list_deputies(ctx: Context, caller: Caller, town_id: str, term: str,
                        in_office_on: date | None) -> list[Deputy]:
    caller.require(town_id, *READERS)
    async with ctx.unit_of_work(town_id) as uow:
        return await uow.repo.deputies(town_id, term, in_office_on)


# --- Candidate lists (from the review service's events) ----------------------------------------

async def receive_candidate_list(ctx: Context, uow: UnitOfWork[Repository], approved: CandidateListApproved,
                                 envelope: Envelope) -> None:
    """Applies CandidateListApproved. A list nobody can vote on, or one naming another town's
    review or items, is a bug upstream: refuse it (the consumer dead-letters it)."""
    town_id = envelope.town_id
    projects = [_listed(c) for c in approved.candidates]
    ids = [p.candidate_id for p in projects]
    if not ids or len(set(ids)) != len(ids) or not 1 <= approved.seats <= len(ids) or not approved.year:
        raise ValueError("candidate list without year, candidates or a seat count within them")
    if len(ids) > domain.MAX_CANDIDATES or any(not p.title or len(p.title) > 200 for p in projects):
        raise ValueError(f"candidate list of more than {domain.MAX_CANDIDATES} candidates or with bad titles")
    review = LISTED_REVIEW.format(town=town_id, year=approved.year)
    if approved.review != review or not all(town_of(i) == town_id for i in ids):
        raise ValueError(f"candidate list for town {town_id!r} names another town's or year's review")
    listed = decision.approved_list(town_id, approved.year, approved.review, approved.seats, projects,
                                    approved.approval_record)
    if listed.replaces(await uow.repo.candidate_list(town_id, approved.year, for_update=True)):
        await uow.repo.save_candidate_list(listed)


def _listed(c) -> ListedProject:
    """A candidate of review's event; a deadline that is no date is a bug upstream (ValueError)."""
    deadline = date.fromisoformat(c.completion_deadline) if c.completion_deadline else None
    return ListedProject(c.candidate_id, c.proposal, c.rank, c.title, c.description, c.location, c.budget_yuan,
                         c.funding_source, c.responsible_unit, deadline)


async def _candidate_list(repo: Repository, town_id: str, year: int, *, for_update: bool = False) -> CandidateList:
    found = await repo.candidate_list(town_id, year, for_update=for_update)
    if found is None:
        raise NotFound(f"no approved candidate list {CANDIDATE_LIST.format(town=town_id, year=year)}")
    return found


async def get_candidate_list(ctx: Context, caller: Caller, town_id: str, year: int) -> CandidateList:
    caller.require(town_id, *READERS)
    async with ctx.unit_of_work(town_id) as uow:
        return await _candidate_list(uow.repo, town_id, year)


async def list_candidate_lists(ctx: Context, caller: Caller, town_id: str) -> list[CandidateList]:
    caller.require(town_id, *READERS)
    async with ctx.unit_of_work(town_id) as uow:
        return await uow.repo.candidate_lists(town_id)


# --- Sessions and attendance ---------------------------------------------------------------

@dataclass
class SessionView:
    """A session as it stands now: seated by the roster today, present by its attendance."""
    session: Session
    rules: VotingRules
    seated: frozenset[str]
    attendance: Attendance

    @property
    def present(self) -> int:
        return self.attendance.count(self.seated)

    @property
    def quorum_required(self) -> int:
        return self.rules.quorum_required(len(self.seated))

    @property
    def quorum_met(self) -> bool:
        return self.present >= self.quorum_required


async def _seated(repo: Repository, session: Session) -> frozenset[str]:
    """Read at every step, never frozen: a departure recorded later may unseat a deputy."""
    return domain.seated_on(await repo.deputies(session.town_id, session.term, None), session.session_date)


async def _session_view(repo: Repository, town_id: str, session: Session) -> SessionView:
    return SessionView(session, await repo.rules(town_id), await _seated(repo, session),
                       await repo.attendance(town_id, session.session_id))


async def open_session(ctx: Context, caller: Caller, town_id: str, *, term: str, title: str, session_date: date,
                       chief_scrutineer: str, scrutineers: list[str], request_id: str) -> SessionView:
    caller.require(town_id, STAFF)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        if request_id and (earlier := await repo.session_by_request(town_id, request_id)):
            return await _session_view(repo, town_id, earlier)
        seated = frozenset(d.deputy_id for d in await repo.deputies(town_id, term, session_date))
        if not seated:
            raise FailedPrecondition(f"no deputy of term {term} is in office on {session_date}", reason="NO_ROSTER")
        v = Violations()
        for i, who in enumerate([chief_scrutineer, *scrutineers]):
            field = "session.chief_scrutineer" if i == 0 else f"session.scrutineers[{i - 1}]"
            v.check(who in seated, field, "must be a seated deputy")
        v.raise_if_any()
        session = Session(town_id=town_id, session_id=uuid.uuid4().hex, term=term, title=title,
                          session_date=session_date, chief_scrutineer=chief_scrutineer,
                          scrutineers=tuple(scrutineers), seated=seated)
        if not await repo.add_session(session, request_id or None):
            return await _session_view(repo, town_id, await repo.session_by_request(town_id, request_id))
        view = await _session_view(repo, town_id, session)
        uow.record(session.name, ev.SessionOpened(session=session.name, term=term, title=title,
                                          session_date=session_date.isoformat(), seated_count=len(seated),
                                          quorum_required=view.quorum_required))
    return view


async def get_session(ctx: Context, caller: Caller, town_id: str, session_id: str) -> SessionView:
    caller.require(town_id, *READERS)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        return await _session_view(repo, town_id, await repo.session(town_id, session_id))


async def check_in(ctx: Context, caller: Caller, town_id: str, session_id: str, deputy_ids: list[str], *,
                   present: bool = True, reason: str = "") -> SessionView:
    """Attendance (签到): staff check deputies in or out; a deputy checks in alone until the
    session's first poll opens. Staff corrections after that, and every check-out, need a reason."""
    caller.require(town_id, STAFF, DEPUTY)
    staff = caller.has(STAFF)
    if not staff and deputy_ids != [caller.subject]:
        raise PermissionDenied("a deputy checks in only themself")
    if not staff and (reason or not present):
        raise PermissionDenied("only session staff correct attendance")
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        session = await repo.session(town_id, session_id, for_update=True)
        view = await _session_view(repo, town_id, session)
        recorded = len(view.attendance.corrections)
        if staff:
            view.attendance.record_by_staff(deputy_ids, view.seated, present=present, reason=reason,
                                            actor=caller.subject, now=audit.now())
        else:
            view.attendance.check_in_self(caller.subject, view.seated)
        await repo.save_attendance(town_id, session_id, view.attendance)
        uow.record(session.name, ev.AttendanceRecorded(
            session=session.name, present_count=view.present, seated_count=len(view.seated),
            quorum_met=view.quorum_met, correction=len(view.attendance.corrections) > recorded,
            present_digests=sorted(attendance_digest(ctx.service_settings.attendance_digest_key, session.name, d)
                                   for d in view.attendance.present & view.seated)))
    return view


# --- The scrutineers' key ceremony ------------------------------------------------------

async def get_key_ceremony(ctx: Context, caller: Caller, town_id: str, session_id: str) -> KeyCeremony:
    caller.require(town_id, *READERS)
    async with ctx.unit_of_work(town_id) as uow:
        return await uow.repo.key_ceremony(await uow.repo.session(town_id, session_id))


async def _ceremony_step(ctx: Context, caller: Caller, town_id: str, session_id: str, step) -> KeyCeremony:
    """One trustee's step, under the session's lock so steps of the ceremony never interleave.
    The trustee is the caller's own deputy token."""
    caller.require(town_id, DEPUTY)
    async with ctx.unit_of_work(town_id) as uow:
        session = await uow.repo.session(town_id, session_id, for_update=True)
        ceremony = await uow.repo.key_ceremony(session)
        if step(ceremony):
            index = ceremony.index_of(caller.subject)
            await uow.repo.save_trustee(session, index, ceremony.trustees[index])
            if ceremony.state is CeremonyState.COMPLETE:
                uow.record(session.name, ev.KeyCeremonyCompleted(session=session.name,
                                                                  key=public_key_record(ceremony.key_record())))
        return ceremony


def public_key_record(record: KeyRecord) -> PublicKeyRecord:
    n = len(record.ceremony.trustees)
    return PublicKeyRecord(
        ceremony=record.ceremony.ceremony_id, key_record=json.dumps(record.to_json()),
        joint_key=encode(record.joint_key()), fingerprint=record.fingerprint(), trustees=record.ceremony.trustees,
        quorum=record.ceremony.quorum, public_shares=[encode(record.public_share(i)) for i in range(1, n + 1)])


async def publish_trustee_key(ctx: Context, caller: Caller, town_id: str, session_id: str,
                              public_part: str) -> KeyCeremony:
    return await _ceremony_step(ctx, caller, town_id, session_id,
                                lambda c: c.publish(caller.subject, public_part))


async def post_key_shares(ctx: Context, caller: Caller, town_id: str, session_id: str,
                          shares: list[str]) -> KeyCeremony:
    return await _ceremony_step(ctx, caller, town_id, session_id, lambda c: c.post_shares(caller.subject, shares))


async def confirm_trustee_key(ctx: Context, caller: Caller, town_id: str, session_id: str,
                              fingerprint: str) -> KeyCeremony:
    """The last confirmation completes the ceremony: its public record goes out as an event,
    for every stage that holds secret ballots at the session (evaluation's assessment too)."""
    def confirm(ceremony: KeyCeremony) -> bool:
        return ceremony.confirm(caller.subject, fingerprint)

    return await _ceremony_step(ctx, caller, town_id, session_id, confirm)


async def list_key_shares(ctx: Context, caller: Caller, town_id: str, session_id: str) -> list[dict]:
    caller.require(town_id, DEPUTY)
    async with ctx.unit_of_work(town_id) as uow:
        ceremony = await uow.repo.key_ceremony(await uow.repo.session(town_id, session_id))
        return ceremony.shares_for(caller.subject)


# --- Polls ----------------------------------------------------------------------------------

async def _year_of(ctx: Context, repo: Repository, session: Session, candidate_list_year: int,
                   runoff_of: str) -> int:
    """The candidate list a new poll is on: the request's, or for a runoff the tied poll's,
    which must be of the same session (a runoff is held where the tie was announced)."""
    if not runoff_of:
        return candidate_list_year
    _, earlier_session, earlier_poll = POLL.parse("poll.runoff_of", runoff_of, ctx.towns)
    earlier = await repo.poll(session.town_id, earlier_session, earlier_poll)
    if earlier_session != session.session_id:
        raise FailedPrecondition("a runoff is held at the session of the tied poll", reason="NO_TIE_TO_DECIDE")
    return earlier.candidate_list_year


async def open_poll(ctx: Context, caller: Caller, town_id: str, session_id: str, *,
                    title: str, method: VotingMethod, candidate_list_year: int, runoff_of: str,
                    request_id: str) -> "PollView":
    """A poll the list's decision allows (its plan fixes candidates and seats); it closes
    the session's self check-in."""
    caller.require(town_id, STAFF)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        session = await repo.session(town_id, session_id, for_update=True)
        if request_id and (earlier := await repo.poll_by_request(town_id, session_id, request_id)):
            return await _poll_view(repo, earlier)
        year = await _year_of(ctx, repo, session, candidate_list_year, runoff_of)
        listed = await _candidate_list(repo, town_id, year, for_update=True)
        view = await _session_view(repo, town_id, session)
        domain.require_quorum(view.rules, len(view.seated), view.present)
        poll_id = uuid.uuid4().hex
        plan = listed.decision.open(POLL.format(town=town_id, session=session_id, poll=poll_id), runoff_of)
        poll = Poll(town_id=town_id, session_id=session_id, poll_id=poll_id, candidate_list_year=year,
                    title=title, seats=plan.seats, candidates=listed.candidates(plan), method=method,
                    rules=view.rules, runoff_of=runoff_of)
        box = None
        if method is VotingMethod.ELECTRONIC:
            record = (await repo.key_ceremony(session)).require_complete()
            box = Box(domain.ballot_manifest(poll), record)  # the record's proofs were checked as it came
        await repo.add_poll(poll, box, request_id or None)
        await repo.save_decision(listed.decision)
        view.attendance.close_check_in(audit.now())
        await repo.save_attendance(town_id, session_id, view.attendance)
        uow.record(poll.name, ev.PollOpened(
            poll=poll.name, candidate_list=listed.name, seats=poll.seats, candidate_count=len(poll.candidates),
            method=method.value, runoff_of=runoff_of))
    return PollView(poll, 0, box)


@dataclass
class PollView:
    poll: Poll
    deputies_voted: int
    # Electronic polls: what the deputies' devices encrypt with.
    box: Box | None = None


async def get_poll(ctx: Context, caller: Caller, town_id: str, session_id: str, poll_id: str) -> PollView:
    caller.require(town_id, *READERS)
    async with ctx.unit_of_work(town_id) as uow:
        return await _poll_view(uow.repo, await uow.repo.poll(town_id, session_id, poll_id))


async def _poll_view(repo: Repository, poll: Poll) -> PollView:
    box = (await repo.ballot_box(poll.town_id, poll.poll_id))[0] if poll.method is VotingMethod.ELECTRONIC else None
    return PollView(poll, await repo.deputies_voted(poll.town_id, poll.poll_id), box)


def _json_object(field_name: str, text: str, what: str) -> dict:
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        _invalid(field_name, f"not {what}'s JSON object")
    return data


def _invalid(field_name: str, reason: str):
    """INVALID_ARGUMENT naming the field, with the reason in the message too (the device shows it)."""
    raise InvalidArgument([FieldViolation(field_name, reason)], message=f"invalid {field_name}: {reason}")


def _refused(refused: Refused) -> FailedPrecondition:
    return FailedPrecondition(str(refused), reason=refused.reason)


BALLOT_ID_USED = Refused("a ballot with this ballot id was cast already: encrypt the ballot again", "BALLOT_ID_USED")


@dataclass(frozen=True)
class Cast:
    """A deputy's ballot, its proofs checked, to store."""
    session_id: str
    poll_id: str
    deputy_id: str
    request_id: str
    checked: CheckedBallot


async def cast_ballot(ctx: Context, caller: Caller, town_id: str, session_id: str, poll_id: str,
                      ballot: str, request_id: str) -> Receipt:
    """A present deputy's encrypted ballot, once. Its proofs are checked before the
    transaction, in worker processes (services.voting.proofs); the ballots then
    checked at about the same time are stored together (store_casts, a group commit). A retry
    with the same request id returns the first receipt, even after the close: a lost answer
    never costs the tracking code."""
    caller.require(town_id, DEPUTY)
    deputy_id = caller.subject
    data = _json_object("ballot", ballot, "an encrypted ballot")
    async with ctx.unit_of_work(town_id) as uow:
        poll, earlier, box = await uow.repo.before_cast(town_id, session_id, poll_id, deputy_id)
    if earlier:
        return _retried(earlier, request_id)
    poll.require_open(VotingMethod.ELECTRONIC)
    try:
        checked = await proofs.check(box, data)
    except Invalid as exc:
        _invalid("ballot", str(exc))
    stored = await ctx.together(store_casts, town_id, Cast(session_id, poll_id, deputy_id, request_id, checked))
    if isinstance(stored, DomainError):
        raise stored
    return stored


async def store_casts(ctx: Context, uow: UnitOfWork[Repository], casts: list[Cast]) -> list[Receipt | DomainError]:
    """Ballots cast in one town at about the same time, in one unit of work: per poll, its
    gate held shared (closing holds it exclusive: none is lost, none lands after the close),
    the poll, session, attendance and earlier receipts read once, who voted and the ballots
    written in two statements (their keys refuse a second ballot of a deputy and a ballot id
    used before). No sums: the close adds up the stored ballots (_start_count), so casts
    wait on no common row. Each cast gets its receipt or its own refusal."""
    started = time.perf_counter()
    results: list[Receipt | DomainError | None] = [None] * len(casts)
    by_poll: dict[tuple[str, str], list[int]] = {}
    for i, c in enumerate(casts):
        by_poll.setdefault((c.session_id, c.poll_id), []).append(i)
    for (session_id, poll_id), positions in sorted(by_poll.items()):
        await _store_poll_casts(uow, session_id, poll_id, [casts[i] for i in positions], results, positions)
    metrics.CAST_STORE_SECONDS.inc(time.perf_counter() - started)
    metrics.CAST_STORE_GROUPS.inc()
    return results


async def _store_poll_casts(uow: UnitOfWork[Repository], session_id: str, poll_id: str, casts: list[Cast],
                            results: list, positions: list[int]) -> None:
    repo, town_id = uow.repo, uow.town_id
    await repo.gate(town_id, poll_id, exclusive=False)
    try:
        facts = await repo.cast_facts(town_id, session_id, poll_id, sorted({c.deputy_id for c in casts}))
    except DomainError as error:
        for i in positions:
            results[i] = error
        return
    poll, earlier = facts.poll, facts.receipts
    todo = []
    for i, c in zip(positions, casts):
        if c.deputy_id in earlier:
            results[i] = _retried_or_error(earlier[c.deputy_id], c.request_id)
        else:
            todo.append((i, c))
    if not todo:
        return
    try:
        poll.require_open(VotingMethod.ELECTRONIC)
    except DomainError as error:
        for i, _ in todo:
            results[i] = error
        return
    attendance = facts.attendance
    # Read at every cast, never frozen: a departure recorded later may unseat a deputy.
    seated = domain.seated_on(facts.roster, facts.session.session_date)
    added: dict[str, tuple[int, Cast, Receipt]] = {}
    ballot_ids: set[str] = set()
    for i, c in todo:
        if c.deputy_id in added:  # the same deputy twice in one group: the first one counts
            results[i] = _retried_or_error(added[c.deputy_id][2], c.request_id)
            continue
        try:
            attendance.require_may_vote(c.deputy_id, seated)
        except DomainError as error:
            results[i] = error
            continue
        if c.checked.ballot_id in ballot_ids:  # the same encrypted ballot twice in one group
            results[i] = _refused(BALLOT_ID_USED)
            continue
        ballot_ids.add(c.checked.ballot_id)
        added[c.deputy_id] = (i, c, Receipt(c.request_id, c.checked.tracking_code, c.checked.tracking_hash))
    if not added:
        return
    voters, stored_ids = await repo.add_casts(town_id, poll_id, [
        (deputy, receipt, c.checked.ballot_id, c.checked.entry) for deputy, (_, c, receipt) in added.items()])
    if any(deputy in voters and c.checked.ballot_id not in stored_ids for deputy, (_, c, _) in added.items()):
        # Rolls the group back; the group commit then stores its casts one by one, refusing this one.
        raise _refused(BALLOT_ID_USED)
    if meanwhile := [d for d in added if d not in voters]:  # the deputy's other cast committed meanwhile
        found = await repo.receipts(town_id, poll_id, meanwhile)
        for deputy in meanwhile:
            i, c, _ = added.pop(deputy)
            results[i] = _retried_or_error(found[deputy], c.request_id)
    for i, _, receipt in added.values():
        results[i] = receipt
        # An event in the poll's history: the poll only, no voter, no tracking code.
        uow.record(poll.name, ev.BallotAccepted(poll=poll.name))


def _retried_or_error(earlier: Receipt, request_id: str) -> Receipt | DomainError:
    try:
        return _retried(earlier, request_id)
    except DomainError as error:
        return error


def _retried(earlier: Receipt, request_id: str) -> Receipt:
    if request_id and earlier.request_id == request_id:
        return earlier
    raise FailedPrecondition("this deputy has already voted in this poll", reason="ALREADY_VOTED")


async def record_paper_tally(ctx: Context, caller: Caller, town_id: str, session_id: str, poll_id: str,
                             tally: PaperTally) -> PollView:
    """The tellers' (计票人) counts, entered by town staff."""
    caller.require(town_id, STAFF)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        poll = await repo.poll(town_id, session_id, poll_id, for_update=True)
        view = await _session_view(repo, town_id, await repo.session(town_id, session_id))
        poll.record_paper_tally(tally, view.present)
        await repo.save_poll(poll)
    return PollView(poll, 0)


async def confirm_paper_tally(ctx: Context, caller: Caller, town_id: str, session_id: str,
                              poll_id: str) -> PollView:
    """A scrutineer (the caller's own deputy token) confirms the tellers' counts."""
    caller.require(town_id, DEPUTY)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        poll = await repo.poll(town_id, session_id, poll_id, for_update=True)
        poll.confirm_paper_tally(caller.subject, await repo.session(town_id, session_id))
        await repo.save_poll(poll)
    return PollView(poll, 0)


@dataclass
class Count:
    """What a poll's count found: the tally and who voted (electronic polls)."""
    tally: domain.Tally
    deputies_voted: int
    voters: frozenset[str] = frozenset()


def _paper_count(poll: Poll, session: Session) -> Count:
    if not poll.tally_confirmed(session):
        raise FailedPrecondition("the chief scrutineer and a second scrutineer must confirm the tally",
                                 reason="TALLY_NOT_CONFIRMED")
    return Count(domain.paper_tally_counts(poll), poll.paper_tally.ballots_returned)


@dataclass(frozen=True)
class CloseFacts:
    """The session as it stood when voting ended: the result states these."""
    seated: int
    present: int
    deputies_voted: int
    unseated_voters: int
    closed_at: str

    def as_dict(self) -> dict:
        return {"seated": self.seated, "present": self.present, "deputies_voted": self.deputies_voted,
                "unseated_voters": self.unseated_voters, "closed_at": self.closed_at}


def _close_facts(view: SessionView, count: Count) -> CloseFacts:
    # Present for the poll: those present now and those who voted, among the seated now.
    return CloseFacts(len(view.seated), view.attendance.present_for_poll(view.seated, count.voters),
                      count.deputies_voted, len(count.voters - view.seated), audit.now().isoformat())


class BallotsLost(RuntimeError):
    """The stored ballots are not one per deputy who voted: the close stops (INTERNAL)."""


@dataclass
class Counting:
    """An electronic poll whose scrutineers are decrypting the sums: no result yet."""
    poll: Poll
    board_sha256: str


async def close_poll(ctx: Context, caller: Caller, town_id: str, session_id: str, poll_id: str):
    """Ends voting. A paper poll is counted, decided and its signed result announced; an
    electronic poll goes to COUNTING with its bulletin board published (Counting), and is
    announced when a quorum of scrutineers decrypted the sums (submit_partial_decryption).
    Closing again returns where it stands."""
    caller.require(town_id, STAFF)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        await repo.gate(town_id, poll_id, exclusive=True)
        poll = await repo.poll(town_id, session_id, poll_id, for_update=True)
        if poll.state is PollState.CLOSED:
            return await repo.result(town_id, poll_id)
        if poll.state is PollState.COUNTING:
            return Counting(poll, await repo.board_sha256(town_id, poll_id))
        view = await _session_view(repo, town_id, await repo.session(town_id, session_id))
        if poll.method is VotingMethod.PAPER:
            count = _paper_count(poll, view.session)
            return await _announce_result(ctx, uow, poll, view.session, count, _close_facts(view, count))
        return await _start_count(uow, poll, view)


async def _start_count(uow: UnitOfWork[Repository], poll: Poll, view: SessionView) -> Counting:
    """Sums the stored ballots, freezes the sums and publishes the board the scrutineers
    decrypt. A ballot for each deputy who voted, or the close stops: a damaged store."""
    repo = uow.repo
    box, _ = await repo.ballot_box(poll.town_id, poll.poll_id, for_update=True)
    entries = await repo.ballot_entries(poll.town_id, poll.poll_id)
    voters = await repo.voters(poll.town_id, poll.poll_id)
    if len(entries) != len(voters):
        raise BallotsLost(f"{poll.name}: {len(voters)} deputies voted but {len(entries)} ballots are stored")
    summing = time.process_time()
    box.sum_ballots(entries)
    metrics.CLOSE_SUMS_CPU.inc(time.process_time() - summing)
    box.close()
    text = document(box.board(entries))
    board_hash = sha256(text)
    facts = _close_facts(view, Count(domain.electronic_tally({}, len(voters)), len(voters), voters))
    await repo.save_ballot_box(poll.town_id, poll.poll_id, box, facts.as_dict())
    await repo.save_board(poll.town_id, poll.poll_id, box.state.value, text, board_hash)
    poll.state = PollState.COUNTING
    poll.version += 1
    await repo.save_poll(poll)
    uow.record(poll.name, ev.PollClosed(poll=poll.name, deputies_voted=len(voters), board_sha256=board_hash))
    return Counting(poll, board_hash)


@dataclass
class Progress:
    """Where the count stands after a scrutineer's partial decryption."""
    name: str
    trustees: list[int]
    quorum: int
    counted: bool


async def submit_partial_decryption(ctx: Context, caller: Caller, town_id: str, session_id: str, poll_id: str,
                                    partial: str) -> Progress:
    """A scrutineer's (their own deputy token) partial decryption of the sums; the quorum's
    last one decrypts the counts, decides, signs and announces the result."""
    caller.require(town_id, DEPUTY)
    data = _json_object("partial", partial, "a partial decryption")
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        await repo.gate(town_id, poll_id, exclusive=True)
        poll = await repo.poll(town_id, session_id, poll_id, for_update=True)
        session = await repo.session(town_id, session_id)
        index = (await repo.key_ceremony(session)).index_of(caller.subject)
        if data.get("index") != index:
            raise PermissionDenied("a scrutineer submits only their own partial decryption")
        box, facts = await repo.ballot_box(town_id, poll_id, for_update=True)
        try:
            accepted = box.accept_partial(data)
        except Refused as refused:
            raise _refused(refused) from None
        except Invalid as exc:
            _invalid("partial", str(exc))
        if accepted and box.finish():
            text = document(box.board(await repo.ballot_entries(town_id, poll_id)))
            await repo.save_board(town_id, poll_id, box.state.value, text, sha256(text))
            voters = await repo.voters(town_id, poll_id)
            count = Count(domain.electronic_tally(box.counts_by_option(), box.voters), len(voters), voters)
            await _announce_result(ctx, uow, poll, session, count, CloseFacts(**facts), sha256(text))
        if accepted:
            await repo.save_ballot_box(town_id, poll_id, box)
        return Progress(poll.name + "/bulletinBoard", sorted(box.partials), box.quorum, box.counts is not None)


@dataclass(frozen=True)
class BoardView:
    document: str
    sha256: str
    # COUNTING or COUNTED (services.ballotbox.box.BoxState)
    stage: str
    # The deputies who voted: a scrutineer decrypts only a board listing that many ballots.
    voters: int


async def get_bulletin_board(ctx: Context, caller: Caller, town_id: str, session_id: str, poll_id: str) -> BoardView:
    caller.require(town_id, *READERS, PUBLIC)
    async with ctx.unit_of_work(town_id) as uow:
        poll = await uow.repo.poll(town_id, session_id, poll_id)
        board = await uow.repo.board(town_id, poll_id)
        if board is None:
            raise NotFound(f"{poll.name} has no bulletin board: it is open, or a paper poll")
        return BoardView(board.document, board.sha256, board.stage, await uow.repo.deputies_voted(town_id, poll_id))


async def _announce_result(ctx: Context, uow: UnitOfWork[Repository], poll: Poll, session: Session, count: Count,
                           facts: CloseFacts, board_sha256: str = ""):
    """Decides by the list's rules, signs and announces the result. The close that makes the
    list's decision final announces the year's adopted projects (projects_adopted), once."""
    repo = uow.repo
    signer = ctx.service_settings.keys
    town_id = poll.town_id
    decided, required = decision.decide_poll(
        poll.rules, count.tally.counts, {c.candidate_id: c.rank for c in poll.candidates}, seats=poll.seats,
        seated=facts.seated, present=facts.present, runoff=bool(poll.runoff_of),
        deputies_voted=count.deputies_voted, unseated_voters=facts.unseated_voters,
        ballots_exceed_issued=bool(poll.paper_tally and poll.paper_tally.ballots_returned
                                   > poll.paper_tally.ballots_issued))
    listed = await _candidate_list(repo, town_id, poll.candidate_list_year, for_update=True)
    final = listed.decision.close(poll.name, decided)
    document_ = domain.result_document(domain.ResultFacts(
        town_id=town_id, town_name=ctx.towns.name_of(town_id), poll_name=poll.name,
        session_name=session.name, session_title=session.title, session_date=session.session_date,
        candidate_list=listed.name, runoff_of=poll.runoff_of, method=poll.method, rules=poll.rules, seats=poll.seats,
        candidates=poll.candidates, seated=facts.seated, present=facts.present, deputies_voted=count.deputies_voted,
        tally=count.tally, votes_required=required, decision=decided, closed_at=facts.closed_at,
        board_sha256=board_sha256, paper=poll.paper_tally, unseated_voters=facts.unseated_voters))
    signed = ev.SignedResult(poll=poll.name, document=canonical(document_).decode("utf-8"),
                             signature=signer.sign(document_), public_key=signer.public_key)
    await repo.add_result(town_id, poll.poll_id, signed.document, signed.signature, signed.public_key)
    poll.state = PollState.CLOSED
    poll.version += 1
    await repo.save_poll(poll)
    await repo.save_decision(listed.decision)
    _announce(uow, poll, count, decided, document_["announcement"], signed, board_sha256)
    if final:
        uow.record(listed.name, await _projects_adopted(ctx, repo, listed))
    return await repo.result(town_id, poll.poll_id)


def _announce(uow: UnitOfWork, poll: Poll, count: Count, decided: domain.Decision, announcement: str,
              signed: ev.SignedResult, board_sha256: str) -> None:
    if poll.method is VotingMethod.PAPER:  # an electronic poll's close was announced when voting ended
        uow.record(poll.name, ev.PollClosed(poll=poll.name, deputies_voted=count.deputies_voted))
    uow.record(poll.name, ev.ResultAnnounced(
        poll=poll.name, outcome=decided.outcome.value, adopted=decided.adopted,
        counts=[ev.CandidateCount(candidate_id=c.candidate_id, for_votes=c.for_votes,
                                  against_votes=c.against_votes, abstentions=c.abstentions)
                for c in count.tally.counts],
        valid_ballots=count.tally.valid, invalid_ballots=count.tally.invalid,
        announcement=announcement, document=signed.document, signature=signed.signature,
        public_key=signed.public_key, board_sha256=board_sha256))
    if decided.outcome is Outcome.TIE:
        uow.record(poll.name, ev.RunoffRequired(poll=poll.name, tied=decided.tied, runoff_seats=decided.runoff_seats))


async def _signed_results(ctx: Context, repo: Repository, polls: tuple[str, ...]) -> list[ev.SignedResult]:
    """The signed results of polls (by name), as stored when each closed."""
    found = []
    for name in polls:
        town_id, _, poll_id = POLL.parse("poll", name, ctx.towns)
        result = await repo.result(town_id, poll_id)
        found.append(ev.SignedResult(poll=name, document=result.document, signature=result.signature,
                                     public_key=result.public_key))
    return found


def _adopted_project(p: ListedProject, adoption_rank: int = 0) -> ev.AdoptedProject:
    return ev.AdoptedProject(
        candidate_id=p.candidate_id, proposal=p.proposal, rank=p.rank, adoption_rank=adoption_rank, title=p.title,
        description=p.description, location=p.location, budget_yuan=p.budget_yuan, funding_source=p.funding_source,
        responsible_unit=p.responsible_unit,
        completion_deadline=p.completion_deadline.isoformat() if p.completion_deadline else "")


async def _projects_adopted(ctx: Context, repo: Repository, listed: CandidateList) -> ev.ProjectsAdopted:
    adopted = decision.projects_adopted(listed.decision, list(listed.projects))
    return ev.ProjectsAdopted(
        candidate_list=listed.name, year=adopted.year, seats=adopted.seats,
        adopted=[_adopted_project(a.project, a.adoption_rank) for a in adopted.adopted],
        not_adopted=[_adopted_project(p) for p in adopted.not_adopted], unfilled_seats=adopted.unfilled_seats,
        results=await _signed_results(ctx, repo, adopted.results))


async def get_result(ctx: Context, caller: Caller, town_id: str, session_id: str, poll_id: str):
    caller.require(town_id, *READERS, PUBLIC)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        poll = await repo.poll(town_id, session_id, poll_id)
        result = await repo.result(town_id, poll_id)
        if result is None and poll.state is PollState.COUNTING:
            return Counting(poll, await repo.board_sha256(town_id, poll_id))
        if result is None:
            raise NotFound("the poll has no result yet: it is still open")
        return result


async def file_result(ctx: Context, caller: Caller, town_id: str, session_id: str, poll_id: str):
    """Files the list's final decision with the district standing committee (备案): only the
    poll that decided the list, with the signed results of every poll it rests on. Filing
    again is a no-op."""
    caller.require(town_id, STAFF)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        poll = await repo.poll(town_id, session_id, poll_id, for_update=True)
        result = await repo.result(town_id, poll_id, for_update=True)
        if result is None:
            raise FailedPrecondition("close the poll before filing its result", reason="POLL_OPEN")
        if result.state == domain.ResultState.FILED.value:
            return result
        listed = await _candidate_list(repo, town_id, poll.candidate_list_year)
        listed.decision.require_filable(poll.name)
        await repo.mark_filed(town_id, poll_id)
        poll.version += 1
        await repo.save_poll(poll)
        uow.record(poll.name, ev.ResultFiled(
            poll=poll.name, candidate_list=listed.name, adopted=listed.decision.final_adoption(),
            document=result.document, signature=result.signature, public_key=result.public_key,
            chain=await _signed_results(ctx, repo, listed.decision.results())))
        return await repo.result(town_id, poll_id)
