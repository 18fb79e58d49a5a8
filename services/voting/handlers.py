"""Use cases of voting: one transaction each, the state change and its events together.

Nothing here logs, measures or emits a deputy's identity together with a ballot: a cast
writes the voter to `ballots_cast` and the sealed ballot to `ballots` in one transaction,
and its event names only the poll."""
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import date

from minsheng.events.v1 import voting_events_pb2 as ev
from minsheng.events.v1.envelope_pb2 import Envelope
from minsheng.events.v1.review_events_pb2 import CandidateListApproved
from services.platform import audit
from services.platform.auth import DEPUTY, DISTRICT, PUBLIC, STAFF, Caller
from services.platform.errors import FailedPrecondition, NotFound, PermissionDenied, Violations
from services.platform.names import town_of
from services.platform.uow import Context, UnitOfWork
from services.voting import domain
from services.voting.domain import (CANDIDATE_LIST, LISTED_REVIEW, POLL, Candidate, Deputy, Mark, Outcome,
                                    PaperTally, Poll, PollState, Session, VotingMethod, VotingRules)
from services.voting.keys import VotingKeys, canonical, open_ballot, seal_ballot
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
    candidates = [Candidate(c.candidate_id, c.rank, c.title) for c in approved.candidates]
    ids = [c.candidate_id for c in candidates]
    if not ids or len(set(ids)) != len(ids) or not 1 <= approved.seats <= len(ids) or not approved.year:
        raise ValueError("candidate list without year, candidates or a seat count within them")
    if len(ids) > domain.MAX_CANDIDATES or any(not c.title or len(c.title) > 200 for c in candidates):
        raise ValueError(f"candidate list of more than {domain.MAX_CANDIDATES} candidates or with bad titles")
    review = LISTED_REVIEW.format(town=town_id, year=approved.year)
    if approved.review != review or not all(town_of(i) == town_id for i in ids):
        raise ValueError(f"candidate list for town {town_id!r} names another town's or year's review")
    await uow.repo.save_candidate_list(
        town_id, year=approved.year, review=approved.review, seats=approved.seats,
        candidates=sorted(candidates, key=lambda c: c.rank), approval_record=approved.approval_record)


async def get_candidate_list(ctx: Context, caller: Caller, town_id: str, year: int):
    caller.require(town_id, *READERS)
    async with ctx.unit_of_work(town_id) as uow:
        return await uow.repo.candidate_list(town_id, year)


async def list_candidate_lists(ctx: Context, caller: Caller, town_id: str):
    caller.require(town_id, *READERS)
    async with ctx.unit_of_work(town_id) as uow:
        return await uow.repo.candidate_lists(town_id)


# --- Sessions and attendance ---------------------------------------------------------------

@dataclass
class SessionView:
    session: Session
    quorum_required: int

    @property
    def quorum_met(self) -> bool:
        return self.session.present >= self.quorum_required


async def _session_view(repo: Repository, town_id: str, session: Session) -> SessionView:
    rules = await repo.rules(town_id)
    return SessionView(session, rules.quorum_required(len(session.seated)))


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


async def check_in(ctx: Context, caller: Caller, town_id: str, session_id: str, deputy_ids: list[str]) -> SessionView:
    """Attendance (签到): staff check deputies in; a deputy may check in alone."""
    caller.require(town_id, STAFF, DEPUTY)
    if not caller.has(STAFF) and deputy_ids != [caller.subject]:
        raise PermissionDenied("a deputy checks in only themself")
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        session = await repo.session(town_id, session_id, for_update=True)
        v = Violations()
        for i, deputy_id in enumerate(deputy_ids):
            v.check(deputy_id in session.seated, f"deputies[{i}]", "not a seated deputy of this session")
        v.raise_if_any()
        await repo.check_in(town_id, session_id, deputy_ids)
        session.present = await repo.present_count(town_id, session_id)
        view = await _session_view(repo, town_id, session)
        uow.record(session.name, ev.AttendanceRecorded(
            session=session.name, present_count=session.present, seated_count=len(session.seated),
            quorum_met=view.quorum_met))
    return view


# --- Polls ----------------------------------------------------------------------------------

async def _poll_candidates(ctx: Context, repo: Repository, town_id: str, session_id: str, *,
                           candidate_list_year: int, runoff_of: str) -> tuple[int, int, tuple[Candidate, ...]]:
    """(list year, seats, candidates) of a new poll: the approved list, or the tied of a runoff."""
    if not runoff_of:
        row = await repo.candidate_list(town_id, candidate_list_year)
        return row.year, row.seats, tuple(Candidate(**c) for c in row.candidates)
    _, earlier_session, earlier_poll = POLL.parse("poll.runoff_of", runoff_of, ctx.towns)
    earlier = await repo.poll(town_id, earlier_session, earlier_poll)
    result = await repo.result(town_id, earlier_poll)
    document = json.loads(result.document) if result else {}
    if earlier_session != session_id or document.get("outcome") != Outcome.TIE.value:
        raise FailedPrecondition("a runoff follows a tied poll of the same session", reason="NO_TIE_TO_DECIDE")
    tied = set(document["tied"])
    return (earlier.candidate_list_year, document["runoff_seats"],
            tuple(c for c in earlier.candidates if c.candidate_id in tied))


async def open_poll(ctx: Context, caller: Caller, town_id: str, session_id: str, *,
                    title: str, method: VotingMethod, candidate_list_year: int, runoff_of: str,
                    request_id: str) -> Poll:
    caller.require(town_id, STAFF)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        if request_id and (earlier := await repo.poll_by_request(town_id, session_id, request_id)):
            return earlier
        session = await repo.session(town_id, session_id, for_update=True)
        view = await _session_view(repo, town_id, session)
        if not view.quorum_met:
            raise FailedPrecondition(f"no quorum: {session.present} present, {view.quorum_required} needed",
                                     reason="NO_QUORUM")
        year, seats, candidates = await _poll_candidates(ctx, repo, town_id, session_id,
                                                         candidate_list_year=candidate_list_year,
                                                         runoff_of=runoff_of)
        public_key, sealed_private_key = ctx.service_settings.keys.new_poll_key()
        poll = Poll(town_id=town_id, session_id=session_id, poll_id=uuid.uuid4().hex, candidate_list_year=year,
                    title=title, seats=seats, candidates=candidates, method=method,
                    rules=await repo.rules(town_id), public_key=public_key, runoff_of=runoff_of)
        if not await repo.add_poll(poll, sealed_private_key, request_id or None):
            return await repo.poll_by_request(town_id, session_id, request_id)
        uow.record(poll.name, ev.PollOpened(
            poll=poll.name, candidate_list=CANDIDATE_LIST.format(town=town_id, year=year), seats=seats,
            candidate_count=len(candidates), method=method.value, runoff_of=runoff_of))
    return poll


@dataclass
class PollView:
    poll: Poll
    deputies_voted: int


async def get_poll(ctx: Context, caller: Caller, town_id: str, session_id: str, poll_id: str) -> PollView:
    caller.require(town_id, *READERS)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        poll = await repo.poll(town_id, session_id, poll_id)
        return PollView(poll, await repo.deputies_voted(town_id, poll_id))


async def cast_ballot(ctx: Context, caller: Caller, town_id: str, session_id: str, poll_id: str,
                      choices: list[tuple[str, Mark]]) -> str:
    """A present deputy's ballot, once. Casts hold the poll's gate shared, so many run at once;
    closing holds it exclusive and waits for them: none is lost, none lands after the close."""
    caller.require(town_id, DEPUTY)
    deputy_id = caller.subject
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        await repo.gate(town_id, poll_id, exclusive=False)
        poll = await repo.poll(town_id, session_id, poll_id)
        poll.require_open(VotingMethod.ELECTRONIC)
        session = await repo.session(town_id, session_id)
        if deputy_id not in session.seated:
            raise PermissionDenied("only the session's seated deputies vote")
        if not await repo.is_present(town_id, session_id, deputy_id):
            raise FailedPrecondition("check in at the session before voting", reason="NOT_CHECKED_IN")
        marks = domain.ballot_marks(poll, choices)
        if not await repo.record_voter(town_id, poll_id, deputy_id):
            raise FailedPrecondition("this deputy has already voted in this poll", reason="ALREADY_VOTED")
        tracking_code = domain.new_tracking_code()
        await repo.add_ballot(town_id, poll_id, tracking_code, seal_ballot(poll.public_key, marks))
        name = POLL.format(town=town_id, session=session_id, poll=poll_id)
        # An event in the poll's history. Its number says only where the cast came among the
        # casts, as its time does; stored ballots keep no order to match it against.
        uow.record(name, ev.BallotAccepted(poll=name))
    return tracking_code


async def record_paper_tally(ctx: Context, caller: Caller, town_id: str, session_id: str, poll_id: str,
                             tally: PaperTally) -> PollView:
    """The tellers' (计票人) counts, entered by town staff."""
    caller.require(town_id, STAFF)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        poll = await repo.poll(town_id, session_id, poll_id, for_update=True)
        session = await repo.session(town_id, session_id)
        poll.record_paper_tally(tally, session.present)
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


async def _electronic_count(repo: Repository, keys: VotingKeys, poll: Poll) -> tuple[domain.Tally, list, list, int]:
    """Decrypts every ballot in a shuffled order, then counts."""
    sealed = await repo.sealed_ballots(poll.town_id, poll.poll_id)
    secrets.SystemRandom().shuffle(sealed)
    private_key = keys.open_poll_key(await repo.sealed_private_key(poll.town_id, poll.poll_id))
    contents = [open_ballot(private_key, ciphertext) for _, ciphertext in sealed]
    voted = await repo.deputies_voted(poll.town_id, poll.poll_id)
    if voted != len(sealed):
        raise FailedPrecondition(f"{voted} deputies voted but {len(sealed)} ballots are stored",
                                 reason="BALLOTS_INCONSISTENT")
    counted = domain.tally(poll.candidate_ids(), contents, poll.rules.ballot_form, poll.seats)
    return counted, [code for code, _ in sealed], contents, voted


async def close_poll(ctx: Context, caller: Caller, town_id: str, session_id: str, poll_id: str):
    """Ends voting, counts and signs the result; closing again returns the stored result."""
    caller.require(town_id, STAFF)
    keys = ctx.service_settings.keys
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        await repo.gate(town_id, poll_id, exclusive=True)
        poll = await repo.poll(town_id, session_id, poll_id, for_update=True)
        if poll.state is PollState.CLOSED:
            return await repo.result(town_id, poll_id)
        session = await repo.session(town_id, session_id)
        codes: list[str] = []
        contents: list[str] = []
        if poll.method is VotingMethod.ELECTRONIC:
            counted, codes, contents, voted = await _electronic_count(repo, keys, poll)
        else:
            if not poll.tally_confirmed(session):
                raise FailedPrecondition("the chief scrutineer and a second scrutineer must confirm the tally",
                                         reason="TALLY_NOT_CONFIRMED")
            counted, voted = domain.paper_tally_counts(poll), poll.paper_tally.ballots_returned
        seated = len(session.seated)
        required = poll.rules.votes_required(seated, session.present)
        if poll.paper_tally and poll.paper_tally.ballots_returned > poll.paper_tally.ballots_issued:
            decision = domain.Decision(Outcome.POLL_INVALID)
        else:
            domain.check_turnout(voted, session.present, seated)
            decision = domain.decide(counted.counts, {c.candidate_id: c.rank for c in poll.candidates},
                                     poll.seats, required)
        name = poll.name
        document = domain.result_document(domain.ResultFacts(
            town_id=town_id, town_name=ctx.towns.name_of(town_id), poll_name=name,
            session_name=session.name, session_title=session.title,
            session_date=session.session_date,
            candidate_list=CANDIDATE_LIST.format(town=town_id, year=poll.candidate_list_year), runoff_of=poll.runoff_of,
            method=poll.method, rules=poll.rules, seats=poll.seats, candidates=poll.candidates, seated=seated,
            present=session.present, deputies_voted=voted, tally=counted, votes_required=required,
            decision=decision, closed_at=audit.now().isoformat(), tracking_codes=codes, ballots=contents,
            paper=poll.paper_tally))
        signature = keys.sign(document)
        text = canonical(document).decode("utf-8")
        await repo.add_result(town_id, poll_id, text, signature, keys.public_key)
        if poll.method is VotingMethod.ELECTRONIC:
            await repo.destroy_poll_key(town_id, poll_id)
        poll.state = PollState.CLOSED
        poll.version += 1
        uow.record(name, ev.PollClosed(poll=name, deputies_voted=voted))
        uow.record(name, ev.ResultAnnounced(
            poll=name, outcome=decision.outcome.value, adopted=decision.adopted,
            counts=[ev.CandidateCount(candidate_id=c.candidate_id, for_votes=c.for_votes,
                                      against_votes=c.against_votes, abstentions=c.abstentions)
                    for c in counted.counts],
            valid_ballots=counted.valid, invalid_ballots=counted.invalid, announcement=document["announcement"],
            document=text, signature=signature, public_key=keys.public_key))
        if decision.outcome is Outcome.TIE:
            uow.record(name, ev.RunoffRequired(
                poll=name, tied=decision.tied, runoff_seats=decision.runoff_seats))
        await repo.save_poll(poll)
        return await repo.result(town_id, poll_id)


async def get_result(ctx: Context, caller: Caller, town_id: str, session_id: str, poll_id: str):
    caller.require(town_id, *READERS, PUBLIC)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        await repo.poll(town_id, session_id, poll_id)
        result = await repo.result(town_id, poll_id)
        if result is None:
            raise NotFound("the poll has no result yet: it is still open")
        return result


async def file_result(ctx: Context, caller: Caller, town_id: str, session_id: str, poll_id: str):
    """Files the signed result with the district standing committee (备案); filing again is a no-op."""
    caller.require(town_id, STAFF)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        poll = await repo.poll(town_id, session_id, poll_id, for_update=True)
        result = await repo.result(town_id, poll_id, for_update=True)
        if result is None:
            raise FailedPrecondition("close the poll before filing its result", reason="POLL_OPEN")
        if result.state == domain.ResultState.FILED.value:
            return result
        await repo.mark_filed(town_id, poll_id)
        poll.version += 1
        await repo.save_poll(poll)
        name = poll.name
        document = json.loads(result.document)
        uow.record(name, ev.ResultFiled(
            poll=name, candidate_list=document["candidate_list"], adopted=document["adopted"],
            document=result.document, signature=result.signature, public_key=result.public_key))
        return await repo.result(town_id, poll_id)
