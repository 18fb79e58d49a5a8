"""Thin gRPC layer: requests to use cases, domain objects to messages. Errors are
mapped by the platform's edge interceptor. Nothing here logs a request."""
import json

from minsheng.common.v1 import ballot_box_pb2 as box_pb
from minsheng.voting.v1 import voting_pb2 as pb
from minsheng.voting.v1 import voting_pb2_grpc
from services.ballotbox.group import encode
from services.platform import protomap
from services.platform.auth import caller
from services.platform.errors import Violations
from services.platform.names import TOWN, NamePattern
from services.platform.uow import Context
from services.platform.server import Server
from services.voting import domain, handlers
from services.voting.key_ceremony import KEY_CEREMONY, KeyCeremony
from services.voting.decision import CandidateList, CandidateListDecision, ListedProject, ListState
from services.voting.domain import (CANDIDATE_LIST, DEPUTY, POLL, RULES, SESSION, TERM, BallotForm, Deputy,
                                    Fraction, MajorityBase, PaperTally, RunoffRule, VotingMethod, VotingRules)

BOARD = NamePattern("towns/{town}/sessions/{session}/polls/{poll}/bulletinBoard")
# A ballot of 100 candidates (the most a poll has) with three options is about 110 kB.
MAX_BALLOT_CHARS = 400_000
MAX_PARTIAL_CHARS = 400_000


def rules_message(town_id: str, r: VotingRules) -> pb.VotingRules:
    return pb.VotingRules(
        name=RULES.format(town=town_id), ballot_form=pb.BallotForm.Value(r.ballot_form.value),
        quorum=pb.Fraction(numerator=r.quorum.numerator, denominator=r.quorum.denominator),
        majority_base=pb.MajorityBase.Value(r.majority_base.value),
        majority=pb.Fraction(numerator=r.majority.numerator, denominator=r.majority.denominator),
        runoff_rule=pb.RunoffRule.Value(r.runoff_rule.value))


def deputy_message(d: Deputy) -> pb.Deputy:
    return pb.Deputy(name=d.name, display_name=d.display_name,
                     took_office=d.took_office.isoformat(),
                     left_office=d.left_office.isoformat() if d.left_office else "")


def candidate_message(p: ListedProject) -> pb.Candidate:
    return pb.Candidate(
        candidate_id=p.candidate_id, rank=p.rank, title=p.title, budget_yuan=p.budget_yuan,
        responsible_unit=p.responsible_unit,
        completion_deadline=p.completion_deadline.isoformat() if p.completion_deadline else "",
        proposal=p.proposal, location=p.location, funding_source=p.funding_source, description=p.description)


def decision_message(d: CandidateListDecision) -> pb.CandidateListDecision:
    message = pb.CandidateListDecision(
        state=pb.CandidateListDecision.State.Value(d.state.value), open_poll=d.open_poll,
        polls=[pb.CandidateListDecision.PollRecord(
            poll=p.poll, outcome=pb.PollResult.Outcome.Value(p.outcome.value), adopted=p.adopted, tied=p.tied,
            runoff_seats=p.runoff_seats, unfilled_seats=p.unfilled_seats, void_reason=p.void_reason)
            for p in d.polls])
    if d.state is ListState.DECIDED:
        message.adopted.extend(d.final_adoption())
        message.unfilled_seats = d.unfilled_seats
        message.final_poll = d.results()[-1]
    return message


def candidate_list_message(c: CandidateList) -> pb.CandidateList:
    return pb.CandidateList(
        name=c.name, review=c.review, year=c.year, seats=c.seats,
        candidates=[candidate_message(p) for p in c.projects], approval_record=c.approval_record,
        decision=decision_message(c.decision))


def session_message(view: handlers.SessionView) -> pb.Session:
    s = view.session
    return pb.Session(name=s.name, term=s.term, title=s.title,
                      session_date=s.session_date.isoformat(), chief_scrutineer=s.chief_scrutineer,
                      scrutineers=list(s.scrutineers), state=pb.Session.OPEN, seated_count=len(view.seated),
                      present_count=view.present, quorum_required=view.quorum_required, quorum_met=view.quorum_met,
                      check_in_open=view.attendance.check_in_open)


def poll_message(view: handlers.PollView) -> pb.Poll:
    p = view.poll
    message = pb.Poll(
        name=p.name, candidate_list=CANDIDATE_LIST.format(town=p.town_id, year=p.candidate_list_year), title=p.title, seats=p.seats,
        candidates=[pb.PollCandidate(candidate_id=c.candidate_id, rank=c.rank, title=c.title) for c in p.candidates],
        method=pb.VotingMethod.Value(p.method.value), rules=rules_message(p.town_id, p.rules),
        state=pb.Poll.State.Value(p.state.value), runoff_of=p.runoff_of, confirmed_by=list(p.confirmed_by),
        deputies_voted=view.deputies_voted)
    if box := view.box:
        message.ballot_manifest = json.dumps(box.manifest.to_json(), ensure_ascii=False)
        message.joint_key = encode(box.record.joint_key())
        message.context = box.context.hex()
    if t := p.paper_tally:
        message.paper_tally.CopyFrom(pb.PaperTally(
            ballots_issued=t.ballots_issued, ballots_returned=t.ballots_returned, invalid_ballots=t.invalid_ballots,
            counts=[pb.PaperTally.Count(candidate_id=c, for_votes=f, against_votes=a, abstentions=n)
                    for c, (f, a, n) in t.counts.items()]))
    return message


def key_ceremony_message(c: KeyCeremony) -> pb.KeyCeremony:
    record = c.key_record()
    return pb.KeyCeremony(
        name=c.name, trustees=list(c.ceremony.trustees), quorum=c.ceremony.quorum,
        state=pb.KeyCeremony.State.Value(c.state.value), published=[c.who(i) for i in sorted(c.trustees)],
        confirmed=[c.who(i) for i, t in sorted(c.trustees.items()) if t.confirmed],
        key_record=json.dumps(record.to_json()) if record else "", fingerprint=record.fingerprint() if record else "")


def result_message(row) -> pb.PollResult:
    if isinstance(row, handlers.Counting):
        return pb.PollResult(name=row.poll.name + "/result", state=pb.PollResult.COUNTING,
                             board_sha256=row.board_sha256)
    document = json.loads(row.document)
    return pb.PollResult(
        name=document["poll"] + "/result", outcome=pb.PollResult.Outcome.Value(document["outcome"]),
        state=pb.PollResult.State.Value(row.state), announcement=document["announcement"],
        adopted=document["adopted"], tied=document["tied"], runoff_seats=document["runoff_seats"],
        document=row.document, signature=row.signature, public_key=row.public_key,
        # Documents of version 1 have neither.
        unfilled_seats=document.get("unfilled_seats", 0), void_reason=document.get("void_reason", ""),
        board_sha256=document.get("bulletin_board", {}).get("sha256", ""))


def _rules(v: Violations, m: pb.VotingRules) -> VotingRules:
    defaults = VotingRules()
    return VotingRules(
        ballot_form=protomap.enum_of(v, "voting_rules.ballot_form", m.ballot_form, pb.BallotForm, BallotForm)
        or defaults.ballot_form,
        quorum=Fraction(m.quorum.numerator, m.quorum.denominator) if m.HasField("quorum") else defaults.quorum,
        majority_base=protomap.enum_of(v, "voting_rules.majority_base", m.majority_base, pb.MajorityBase,
                                       MajorityBase) or defaults.majority_base,
        majority=Fraction(m.majority.numerator, m.majority.denominator) if m.HasField("majority")
        else defaults.majority,
        runoff_rule=protomap.enum_of(v, "voting_rules.runoff_rule", m.runoff_rule, pb.RunoffRule, RunoffRule)
        or defaults.runoff_rule)


def _paper_tally(v: Violations, m: pb.PaperTally) -> PaperTally:
    ids = [c.candidate_id for c in m.counts]
    v.check(len(set(ids)) == len(ids), "tally.counts", "counts a candidate twice")
    return PaperTally(m.ballots_issued, m.ballots_returned, m.invalid_ballots,
                      {c.candidate_id: (c.for_votes, c.against_votes, c.abstentions) for c in m.counts})


class VotingServicer(voting_pb2_grpc.VotingServiceServicer):
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.keys = ctx.service_settings.keys

    def _parse(self, pattern: NamePattern, field: str, name: str) -> tuple:
        return pattern.parse(field, name, self.ctx.towns)

    async def GetVotingRules(self, request, context):
        town, = self._parse(RULES, "name", request.name)
        return rules_message(town, await handlers.get_rules(self.ctx, caller(), town))

    async def UpdateVotingRules(self, request, context):
        town, = self._parse(RULES, "voting_rules.name", request.voting_rules.name)
        v = Violations()
        rules = _rules(v, request.voting_rules)
        v.raise_if_any()
        return rules_message(town, await handlers.update_rules(self.ctx, caller(), town, rules))

    async def AddDeputy(self, request, context):
        town, term = self._parse(TERM, "parent", request.parent)
        v = Violations()
        domain.check_id(v, "parent", term)
        domain.check_id(v, "deputy_id", request.deputy_id)
        v.text("deputy.display_name", request.deputy.display_name, max_len=50)
        took = protomap.date_of(v, "deputy.took_office", request.deputy.took_office, required=True)
        left = protomap.date_of(v, "deputy.left_office", request.deputy.left_office, required=False)
        if took and left:
            v.check(took < left, "deputy.left_office", "must be after took_office")
        v.raise_if_any()
        deputy = Deputy(town, term, request.deputy_id, request.deputy.display_name, took, left)
        return deputy_message(await handlers.add_deputy(self.ctx, caller(), deputy))

    async def RecordDeputyLeaving(self, request, context):
        town, term, deputy_id = self._parse(DEPUTY, "name", request.name)
        v = Violations()
        left = protomap.date_of(v, "left_office", request.left_office, required=True)
        v.raise_if_any()
        return deputy_message(await handlers.record_deputy_leaving(self.ctx, caller(), town, term, deputy_id, left))

    async def ListDeputies(self, request, context):
        town, term = self._parse(TERM, "parent", request.parent)
        v = Violations()
        on = protomap.date_of(v, "in_office_on", request.in_office_on, required=False)
        v.raise_if_any()
        found = await handlers.list_deputies(self.ctx, caller(), town, term, on)
        return pb.ListDeputiesResponse(deputies=[deputy_message(d) for d in found])

    async def GetCandidateList(self, request, context):
        town, year = self._parse(CANDIDATE_LIST, "name", request.name)
        return candidate_list_message(await handlers.get_candidate_list(self.ctx, caller(), town, year))

    async def ListCandidateLists(self, request, context):
        town, = self._parse(TOWN, "parent", request.parent)
        rows = await handlers.list_candidate_lists(self.ctx, caller(), town)
        return pb.ListCandidateListsResponse(candidate_lists=[candidate_list_message(r) for r in rows])

    async def OpenSession(self, request, context):
        town, = self._parse(TOWN, "parent", request.parent)
        s = request.session
        v = Violations()
        session_date = protomap.date_of(v, "session.session_date", s.session_date, required=True)
        domain.validate_session(term=s.term, title=s.title, chief_scrutineer=s.chief_scrutineer,
                                scrutineers=list(s.scrutineers), v=v)
        v.check(len(request.request_id) <= 64, "request_id", "longer than 64 characters")
        v.raise_if_any()
        view = await handlers.open_session(
            self.ctx, caller(), town, term=s.term, title=s.title, session_date=session_date,
            chief_scrutineer=s.chief_scrutineer, scrutineers=list(s.scrutineers), request_id=request.request_id)
        return session_message(view)

    async def GetKeyCeremony(self, request, context):
        town, session_id = self._parse(KEY_CEREMONY, "name", request.name)
        return key_ceremony_message(await handlers.get_key_ceremony(self.ctx, caller(), town, session_id))

    async def PublishTrusteeKey(self, request, context):
        town, session_id = self._parse(KEY_CEREMONY, "name", request.name)
        v = Violations()
        v.check(len(request.public_part) <= 64_000, "public_part", "longer than 64000 characters")
        v.raise_if_any()
        return key_ceremony_message(await handlers.publish_trustee_key(
            self.ctx, caller(), town, session_id, request.public_part))

    async def PostKeyShares(self, request, context):
        town, session_id = self._parse(KEY_CEREMONY, "name", request.name)
        v = Violations()
        # A session has a handful of scrutineers; a sealed share is a few hundred bytes.
        v.check(len(request.shares) <= 100 and all(len(m) <= 4096 for m in request.shares), "shares",
                "at most 100 shares of at most 4096 characters")
        v.raise_if_any()
        return key_ceremony_message(await handlers.post_key_shares(
            self.ctx, caller(), town, session_id, list(request.shares)))

    async def ListKeyShares(self, request, context):
        town, session_id = self._parse(KEY_CEREMONY, "name", request.name)
        shares = await handlers.list_key_shares(self.ctx, caller(), town, session_id)
        return pb.ListKeySharesResponse(shares=[json.dumps(m) for m in shares])

    async def ConfirmTrusteeKey(self, request, context):
        town, session_id = self._parse(KEY_CEREMONY, "name", request.name)
        return key_ceremony_message(await handlers.confirm_trustee_key(
            self.ctx, caller(), town, session_id, request.fingerprint))

    async def GetSession(self, request, context):
        town, session_id = self._parse(SESSION, "name", request.name)
        return session_message(await handlers.get_session(self.ctx, caller(), town, session_id))

    async def CheckInDeputies(self, request, context):
        town, session_id = self._parse(SESSION, "name", request.name)
        v = Violations()
        v.check(0 < len(request.deputies) <= 200, "deputies", "name 1 to 200 deputies")
        v.check(len(set(request.deputies)) == len(request.deputies), "deputies", "names a deputy twice")
        v.raise_if_any()
        view = await handlers.check_in(self.ctx, caller(), town, session_id, list(request.deputies),
                                       present=not request.absent, reason=request.reason)
        return session_message(view)

    async def OpenPoll(self, request, context):
        town, session_id = self._parse(SESSION, "parent", request.parent)
        p = request.poll
        v = Violations()
        v.text("poll.title", p.title, max_len=200)
        method = protomap.enum_of(v, "poll.method", p.method, pb.VotingMethod, VotingMethod, required=True)
        v.check(len(request.request_id) <= 64, "request_id", "longer than 64 characters")
        year = 0
        if p.runoff_of:
            runoff_town, _, _ = self._parse(POLL, "poll.runoff_of", p.runoff_of)
            v.check(runoff_town == town, "poll.runoff_of", "belongs to another town")
            v.check(not p.candidate_list, "poll.candidate_list", "a runoff takes its candidates from the tie")
        else:
            if p.candidate_list:
                list_town, year = self._parse(CANDIDATE_LIST, "poll.candidate_list", p.candidate_list)
                v.check(list_town == town, "poll.candidate_list", "belongs to another town")
            else:
                v.add("poll.candidate_list", "required (or runoff_of)")
        v.raise_if_any()
        return poll_message(await handlers.open_poll(self.ctx, caller(), town, session_id, title=p.title,
                                                     method=method, candidate_list_year=year,
                                                     runoff_of=p.runoff_of, request_id=request.request_id))

    async def GetPoll(self, request, context):
        town, session_id, poll_id = self._parse(POLL, "name", request.name)
        return poll_message(await handlers.get_poll(self.ctx, caller(), town, session_id, poll_id))

    async def CastBallot(self, request, context):
        town, session_id, poll_id = self._parse(POLL, "poll", request.poll)
        v = Violations()
        v.check(0 < len(request.ballot.json) <= MAX_BALLOT_CHARS, "ballot.json",
                f"an encrypted ballot's JSON of at most {MAX_BALLOT_CHARS} characters")
        v.check(0 < len(request.request_id) <= 64, "request_id", "1 to 64 characters, chosen by the device per ballot")
        v.raise_if_any()
        receipt = await handlers.cast_ballot(self.ctx, caller(), town, session_id, poll_id, request.ballot.json,
                                             request.request_id)
        return box_pb.CastReceipt(tracking_code=receipt.tracking_code, tracking_hash=receipt.tracking_hash)

    async def RecordPaperTally(self, request, context):
        town, session_id, poll_id = self._parse(POLL, "poll", request.poll)
        v = Violations()
        tally = _paper_tally(v, request.tally)
        v.raise_if_any()
        view = await handlers.record_paper_tally(self.ctx, caller(), town, session_id, poll_id, tally)
        return poll_message(view)

    async def ConfirmPaperTally(self, request, context):
        town, session_id, poll_id = self._parse(POLL, "poll", request.poll)
        return poll_message(await handlers.confirm_paper_tally(self.ctx, caller(), town, session_id, poll_id))

    async def ClosePoll(self, request, context):
        town, session_id, poll_id = self._parse(POLL, "name", request.name)
        return result_message(await handlers.close_poll(self.ctx, caller(), town, session_id, poll_id))

    async def GetPollResult(self, request, context):
        town, session_id, poll_id = self._parse(POLL, "poll", request.poll)
        return result_message(await handlers.get_result(self.ctx, caller(), town, session_id, poll_id))

    async def FileResult(self, request, context):
        town, session_id, poll_id = self._parse(POLL, "poll", request.poll)
        return result_message(await handlers.file_result(self.ctx, caller(), town, session_id, poll_id))

    async def GetBulletinBoard(self, request, context):
        town, session_id, poll_id = self._parse(BOARD, "name", request.name)
        board = await handlers.get_bulletin_board(self.ctx, caller(), town, session_id, poll_id)
        return box_pb.BulletinBoard(name=request.name, document=board.document, sha256=board.sha256,
                                    stage=box_pb.BulletinBoard.Stage.Value(board.stage), voters=board.voters)

    async def SubmitPartialDecryption(self, request, context):
        town, session_id, poll_id = self._parse(BOARD, "name", request.name)
        v = Violations()
        v.check(0 < len(request.partial.json) <= MAX_PARTIAL_CHARS, "partial.json",
                f"a partial decryption's JSON of at most {MAX_PARTIAL_CHARS} characters")
        v.raise_if_any()
        progress = await handlers.submit_partial_decryption(self.ctx, caller(), town, session_id, poll_id,
                                                            request.partial.json)
        return box_pb.DecryptionProgress(name=progress.name, trustees=progress.trustees, quorum=progress.quorum,
                                         counted=progress.counted)

    async def GetResultSigningKey(self, request, context):
        caller()  # any authenticated caller may read it
        return pb.ResultSigningKey(public_key=self.keys.public_key, algorithm="Ed25519")


def register(server: Server, ctx: Context) -> None:
    server.add(voting_pb2_grpc.add_VotingServiceServicer_to_server, VotingServicer(ctx),
               pb.DESCRIPTOR.services_by_name["VotingService"].full_name)
