"""The vote end to end through the real gRPC API, NATS and PostgreSQL."""
import base64
import json
import subprocess
import sys

import grpc
import pytest

from minsheng.voting.v1 import voting_pb2 as pb
from services.stack.runner import ROOT
from services.voting import verify
from tests.helpers import expect_error, field_violations, reason, staff_of
from minsheng.common.v1 import ballot_box_pb2 as box_pb
from services.voting import devices
from services.ballotbox import trustee
from services.ballotbox.ballot import parse
from services.ballotbox.tally import Board, sums
from tests.voting.conftest import SCRUTINEERS, cast, close, open_poll

pytestmark = pytest.mark.integration
DENIED, REFUSED = grpc.StatusCode.PERMISSION_DENIED, grpc.StatusCode.FAILED_PRECONDITION
INVALID = grpc.StatusCode.INVALID_ARGUMENT


def poll_id_of(poll: pb.Poll) -> str:
    return poll.name.rsplit("/", 1)[1]


async def board_of(voting, issuer, poll) -> box_pb.BulletinBoard:
    return await voting.GetBulletinBoard(box_pb.GetBulletinBoardRequest(name=poll.name + "/bulletinBoard"),
                                         metadata=issuer.metadata("citizen", poll.name.split("/")[1], "public"))


async def test_electronic_vote_announced_signed_and_filed(voting, issuer, prepare, sql):
    s = await prepare("xihu", seated=10, present=8, candidates=4, seats=2, scrutineers=2)
    staff = staff_of(issuer, s.town)
    poll = await open_poll(voting, issuer, s)
    assert poll.state == pb.Poll.OPEN and len(poll.candidates) == 4 and poll.seats == 2
    assert json.loads(poll.ballot_manifest)["form"]["options"] == ["for", "against", "abstain"]
    votes = ["FFA-", "FFAA", "FAF-", "FFFA", "F-AA", "FFAF", "AF--", "FA--"]
    codes = [await cast(voting, issuer, s, d, m, poll) for d, m in zip(s.deputies, votes)]
    counting = await voting.ClosePoll(pb.ClosePollRequest(name=poll.name), metadata=staff)
    assert counting.state == pb.PollResult.COUNTING and not counting.document
    read = await voting.GetPollResult(pb.GetPollResultRequest(poll=poll.name), metadata=staff)
    assert read.state == pb.PollResult.COUNTING and read.board_sha256 == counting.board_sha256
    again = await voting.ClosePoll(pb.ClosePollRequest(name=poll.name), metadata=staff)
    assert again.state == pb.PollResult.COUNTING and again.board_sha256 == counting.board_sha256
    board = await board_of(voting, issuer, poll)
    assert board.stage == box_pb.BulletinBoard.COUNTING and board.voters == 8 and board.sha256 == counting.board_sha256
    listed = json.loads(board.document)
    assert sorted(codes) == sorted(b["tracking_code"] for b in listed["ballots"])
    # The close summed the stored ballots: the board lists them all and its sums are theirs.
    stored = [row[0] for row in sql("SELECT entry FROM voting.ballots WHERE poll_id = %s", (poll_id_of(poll),))]
    assert sorted(stored, key=lambda e: e["tracking_hash"]) == listed["ballots"]
    parsed = Board.parse(listed)
    assert parsed.sums == sums(parsed.manifest.form, [parse(e) for e in stored])
    # Three scrutineers, a quorum of two: the third is absent and the count goes on.
    result = await close(voting, issuer, s, poll, present=[s.scrutineers[2], s.scrutineers[0]])
    document = json.loads(result.document)
    # c1: 7 for; c2: 5 for; c3: 2 for; c4: 1 for. More than half of 10 seated = 6 needed.
    assert document["counts"][s.candidate_ids[0]] == [7, 1, 0]
    assert document["counts"][s.candidate_ids[1]] == [5, 2, 1]
    assert list(result.adopted) == [s.candidate_ids[0]]
    assert result.outcome == pb.PollResult.DECIDED
    assert (document["seated_deputies"], document["present_deputies"], document["deputies_voted"]) == (10, 8, 8)
    counted = await board_of(voting, issuer, poll)
    assert counted.stage == box_pb.BulletinBoard.COUNTED and result.board_sha256 == counted.sha256
    assert document["bulletin_board"]["sha256"] == counted.sha256
    bundle = verify.bundle(result.document, result.signature, result.public_key)
    assert verify.check(bundle, result.public_key, counted.document) == []
    again = await voting.ClosePoll(pb.ClosePollRequest(name=poll.name), metadata=staff)
    assert (again.document, again.signature) == (result.document, result.signature)
    filed = await voting.FileResult(pb.FileResultRequest(poll=poll.name), metadata=staff)
    assert filed.state == pb.PollResult.FILED and filed.document == result.document


async def test_a_close_stops_and_changes_nothing_when_a_ballot_of_a_voter_is_missing(voting, issuer, prepare, sql):
    s = await prepare("taoluo", seated=4, present=4, candidates=2, seats=1)
    staff = staff_of(issuer, s.town)
    poll = await open_poll(voting, issuer, s)
    for deputy, marks in zip(s.deputies, ["FA", "FF", "AF"]):
        await cast(voting, issuer, s, deputy, marks, poll)
    # A damaged database: one stored ballot gone, its voter still recorded.
    lost = sql("DELETE FROM voting.ballots WHERE ctid = (SELECT ctid FROM voting.ballots WHERE poll_id = %s LIMIT 1) "
               "RETURNING town_id, poll_id, ballot_id, entry", (poll_id_of(poll),))
    assert len(lost) == 1
    await expect_error(voting.ClosePoll(pb.ClosePollRequest(name=poll.name), metadata=staff),
                       grpc.StatusCode.INTERNAL)
    assert (await voting.GetPoll(pb.GetPollRequest(name=poll.name), metadata=staff)).state == pb.Poll.OPEN
    await expect_error(board_of(voting, issuer, poll), grpc.StatusCode.NOT_FOUND)
    # Repaired, the same poll closes and counts every ballot.
    town, poll_id, ballot_id, entry = lost[0]
    sql("INSERT INTO voting.ballots (town_id, poll_id, ballot_id, entry) VALUES (%s, %s, %s, %s)",
        (town, poll_id, ballot_id, json.dumps(entry)))
    document = json.loads((await close(voting, issuer, s, poll)).document)
    assert document["counts"][s.candidate_ids[0]] == [2, 1, 0] and document["deputies_voted"] == 3


async def test_refusals_outsiders_absentees_other_towns_closed_polls_and_bad_input(voting, issuer, prepare):
    s = await prepare("chentuan", seated=6, present=5, candidates=3, seats=1)
    poll = await open_poll(voting, issuer, s)

    def as_(subject, town=s.town, role="deputy"):
        return issuer.metadata(subject, town, role)
    request = pb.CastBallotRequest(poll=poll.name, ballot=box_pb.EncryptedBallot(json=devices.encrypt(poll, "FA-")),
                                   request_id="r-1")
    await expect_error(voting.CastBallot(request, metadata=as_("not-on-the-roster")), DENIED)
    absent = s.deputies[5]
    await expect_error(voting.CastBallot(request, metadata=as_(absent)), REFUSED)
    await expect_error(voting.CastBallot(request, metadata=as_(s.deputies[0], "nanhu")), DENIED)
    await expect_error(voting.CastBallot(request, metadata=as_(f"staff-{s.town}", role="staff")), DENIED)
    await expect_error(voting.CastBallot(request, metadata=as_("district", None, "district")), DENIED)
    error = await expect_error(voting.CastBallot(pb.CastBallotRequest(poll=poll.name), metadata=as_(s.deputies[0])),
                               INVALID)
    assert field_violations(error) == {"ballot.json", "request_id"}
    forged = json.loads(devices.encrypt(poll, "FA-"))
    forged["selections"][1] = json.loads(devices.encrypt(poll, "FA-"))["selections"][1]
    error = await expect_error(voting.CastBallot(pb.CastBallotRequest(
        poll=poll.name, ballot=box_pb.EncryptedBallot(json=json.dumps(forged)), request_id="r-0"),
        metadata=as_(s.deputies[0])), INVALID)
    assert "not a proven 0 or 1" in error.details()
    first = await voting.CastBallot(request, metadata=as_(s.deputies[0]))
    # The answer was lost: the retry with the same request id gets the same tracking code.
    assert await voting.CastBallot(request, metadata=as_(s.deputies[0])) == first
    await expect_error(cast(voting, issuer, s, s.deputies[0], "AA-", poll), REFUSED)
    # The same encrypted ballot (its ballot id) is taken once, whoever sends it.
    error = await expect_error(voting.CastBallot(request, metadata=as_(s.deputies[1])), REFUSED)
    assert reason(error) == "BALLOT_ID_USED"
    staff = as_(f"staff-{s.town}", role="staff")
    await voting.ClosePoll(pb.ClosePollRequest(name=poll.name), metadata=staff)
    await expect_error(cast(voting, issuer, s, s.deputies[1], "FA-", poll), REFUSED)
    assert await voting.CastBallot(request, metadata=as_(s.deputies[0])) == first  # also after the close
    await close(voting, issuer, s, poll)
    # The district reads the result; another town's staff does not; nobody else closes.
    read = await voting.GetPollResult(pb.GetPollResultRequest(poll=poll.name),
                                      metadata=issuer.metadata("district", None, "district"))
    assert json.loads(read.document)["deputies_voted"] == 1
    await expect_error(voting.GetPoll(pb.GetPollRequest(name=poll.name),
                                      metadata=as_("staff-nanhu", "nanhu", "staff")), DENIED)
    await expect_error(voting.ClosePoll(pb.ClosePollRequest(name=poll.name),
                                        metadata=issuer.metadata("district", None, "district")), DENIED)


async def test_no_poll_without_quorum(voting, issuer, prepare):
    s = await prepare("nanhu", seated=10, present=6)  # two thirds of 10 needs 7
    staff = staff_of(issuer, s.town)
    error = await expect_error(open_poll(voting, issuer, s), REFUSED)
    assert "quorum" in error.details()
    session = await voting.CheckInDeputies(pb.CheckInDeputiesRequest(name=s.session, deputies=[s.deputies[6]]),
                                           metadata=issuer.metadata(s.deputies[6], s.town, "deputy"))
    assert (session.present_count, session.quorum_required, session.quorum_met) == (7, 7, True)
    assert (await open_poll(voting, issuer, s)).state == pb.Poll.OPEN
    # A deputy checks in only themself, and only seated deputies check in at all.
    await expect_error(voting.CheckInDeputies(pb.CheckInDeputiesRequest(name=s.session, deputies=[s.deputies[8]]),
                                              metadata=issuer.metadata(s.deputies[7], s.town, "deputy")), DENIED)
    await expect_error(voting.CheckInDeputies(pb.CheckInDeputiesRequest(name=s.session, deputies=["stranger"]),
                                              metadata=staff), INVALID)


async def test_roster_effective_dates_decide_who_is_seated(voting, issuer, prepare):
    s = await prepare("taoluo", seated=5, present=5)
    staff = staff_of(issuer, s.town)
    parent = f"towns/{s.town}/terms/{s.term}"
    await voting.RecordDeputyLeaving(pb.RecordDeputyLeavingRequest(
        name=f"{parent}/deputies/{s.deputies[4]}", left_office="2023-06-30"), metadata=staff)
    await voting.AddDeputy(pb.AddDeputyRequest(parent=parent, deputy_id=f"{s.term}-late", deputy=pb.Deputy(
        display_name="补选代表", took_office="2024-03-01")), metadata=staff)
    seated = await voting.ListDeputies(pb.ListDeputiesRequest(parent=parent, in_office_on="2024-01-15"),
                                       metadata=staff)
    assert len(seated.deputies) == 4
    everyone = await voting.ListDeputies(pb.ListDeputiesRequest(parent=parent), metadata=staff)
    assert len(everyone.deputies) == 6
    session = await voting.OpenSession(pb.OpenSessionRequest(parent=f"towns/{s.town}", session=pb.Session(
        term=s.term, title="第二次会议", session_date="2024-04-01", chief_scrutineer=s.deputies[0],
        scrutineers=[s.deputies[1]])), metadata=staff)
    assert session.seated_count == 5 and session.quorum_required == 4
    error = await expect_error(voting.AddDeputy(pb.AddDeputyRequest(
        parent=parent, deputy_id="bad id!", deputy=pb.Deputy(took_office="someday")), metadata=staff), INVALID)
    for field in ("deputy_id", "deputy.display_name", "deputy.took_office"):
        assert field in error.details()


async def test_tie_at_the_cut_requires_a_runoff_among_the_tied(voting, issuer, prepare, nats_client):
    s = await prepare("sanzhuang", seated=6, present=6, candidates=3, seats=1)
    staff = staff_of(issuer, s.town)
    runoffs = await nats_client.subscribe(f"minsheng.{s.town}.voting.runoff_required")
    poll = await open_poll(voting, issuer, s)
    for deputy, marks in zip(s.deputies, ["FF-", "FF-", "FFA", "FFA", "AA-", "---"]):
        await cast(voting, issuer, s, deputy, marks, poll)
    result = await close(voting, issuer, s, poll)
    assert result.outcome == pb.PollResult.TIE
    assert list(result.tied) == s.candidate_ids[:2] and not result.adopted and result.runoff_seats == 1
    message = await runoffs.next_msg(timeout=20)
    assert s.candidate_ids[0].encode() in message.data
    runoff = await voting.OpenPoll(pb.OpenPollRequest(parent=s.session, poll=pb.Poll(
        title="再次投票", runoff_of=poll.name, method=pb.ELECTRONIC)), metadata=staff)
    assert [c.candidate_id for c in runoff.candidates] == s.candidate_ids[:2] and runoff.seats == 1
    for deputy, marks in zip(s.deputies, ["F-", "F-", "FA", "AF", "F-", "--"]):
        await cast(voting, issuer, s, deputy, marks, runoff)
    decided = await close(voting, issuer, s, runoff)
    assert decided.outcome == pb.PollResult.DECIDED and list(decided.adopted) == [s.candidate_ids[0]]


async def test_paper_poll_reconciled_and_confirmed_by_two_scrutineers(voting, issuer, prepare):
    s = await prepare("houcun", seated=9, present=8, candidates=2, seats=1)
    staff = staff_of(issuer, s.town)
    chief, second = (issuer.metadata(d, s.town, "deputy") for d in s.deputies[:2])
    counts = [pb.PaperTally.Count(candidate_id=s.candidate_ids[0], for_votes=6, against_votes=1, abstentions=0),
              pb.PaperTally.Count(candidate_id=s.candidate_ids[1], for_votes=3, against_votes=3, abstentions=1)]
    # More ballots returned than issued voids a poll; the list may then be voted on again.
    void = await open_poll(voting, issuer, s, method=pb.PAPER)
    tally = pb.PaperTally(ballots_issued=7, ballots_returned=8, invalid_ballots=1, counts=counts)
    await voting.RecordPaperTally(pb.RecordPaperTallyRequest(poll=void.name, tally=tally), metadata=staff)
    for who in (chief, second):
        await voting.ConfirmPaperTally(pb.ConfirmPaperTallyRequest(poll=void.name), metadata=who)
    voided = await voting.ClosePoll(pb.ClosePollRequest(name=void.name), metadata=staff)
    assert voided.outcome == pb.PollResult.POLL_INVALID and not voided.adopted
    assert voided.void_reason == "BALLOTS_EXCEED_ISSUED" and "收回选票多于发出选票" in voided.announcement
    assert verify.check(verify.bundle(voided.document, voided.signature, voided.public_key)) == []
    poll = await open_poll(voting, issuer, s, method=pb.PAPER)
    tally = pb.PaperTally(ballots_issued=8, ballots_returned=8, invalid_ballots=1, counts=counts)
    await voting.RecordPaperTally(pb.RecordPaperTallyRequest(poll=poll.name, tally=tally), metadata=staff)
    await expect_error(voting.ClosePoll(pb.ClosePollRequest(name=poll.name), metadata=staff), REFUSED)
    outsider = issuer.metadata(s.deputies[5], s.town, "deputy")
    await expect_error(voting.ConfirmPaperTally(pb.ConfirmPaperTallyRequest(poll=poll.name), metadata=outsider),
                       REFUSED)
    await voting.ConfirmPaperTally(pb.ConfirmPaperTallyRequest(poll=poll.name), metadata=second)
    confirmed = await voting.ConfirmPaperTally(pb.ConfirmPaperTallyRequest(poll=poll.name), metadata=chief)
    assert sorted(confirmed.confirmed_by) == sorted(s.deputies[:2])
    result = await voting.ClosePoll(pb.ClosePollRequest(name=poll.name), metadata=staff)
    assert list(result.adopted) == [s.candidate_ids[0]]  # 6 > 9/2
    assert verify.check(verify.bundle(result.document, result.signature, result.public_key)) == []


async def test_the_verifier_command_accepts_a_real_result_and_rejects_a_changed_one(voting, issuer, prepare, tmp_path):
    s = await prepare("xihu", seated=4, present=4, candidates=2, seats=1)
    poll = await open_poll(voting, issuer, s)
    for deputy in s.deputies:
        await cast(voting, issuer, s, deputy, "FA", poll)
    result = await close(voting, issuer, s, poll)
    bundle = verify.bundle(result.document, result.signature, result.public_key)
    published = await voting.GetResultSigningKey(pb.GetResultSigningKeyRequest(),
                                                 metadata=issuer.metadata("citizen", s.town, "public"))
    assert published.public_key == result.public_key and published.algorithm == "Ed25519"
    pinned = base64.b64encode(published.public_key).decode()
    path, board = tmp_path / "result.json", tmp_path / "board.json"
    board.write_text((await board_of(voting, issuer, poll)).document, encoding="utf-8")

    def run(content: dict) -> subprocess.CompletedProcess:
        path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
        return subprocess.run([sys.executable, "-m", "services.voting.verify", str(path), "--board", str(board),
                               "--public-key", pinned], capture_output=True, text=True, cwd=ROOT,
                              env={"PYTHONPATH": f"{ROOT}:{ROOT / 'services' / 'gen'}"})
    accepted = run(bundle)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    bundle["document"]["counts"][s.candidate_ids[0]] = [3, 1, 0]
    rejected = run(bundle)
    assert rejected.returncode == 1 and "REJECTED" in rejected.stdout


async def test_bad_requests_name_every_violated_field_and_change_nothing(voting, issuer, prepare, sql):
    s = await prepare("sanzhuang", seated=3, present=3)
    staff = staff_of(issuer, s.town)
    before = sql("SELECT count(*) FROM voting.sessions WHERE town_id = %s", (s.town,), town=None)
    error = await expect_error(voting.OpenSession(pb.OpenSessionRequest(parent=f"towns/{s.town}", session=pb.Session(
        term="", title="", session_date="15/01/2024", chief_scrutineer=s.deputies[0],
        scrutineers=[s.deputies[0]])), metadata=staff), INVALID)
    assert field_violations(error) == {"session.term", "session.title", "session.session_date",
                                       "session.scrutineers"}
    assert sql("SELECT count(*) FROM voting.sessions WHERE town_id = %s", (s.town,)) == before
    error = await expect_error(voting.OpenPoll(pb.OpenPollRequest(parent=s.session, poll=pb.Poll()), metadata=staff),
                               INVALID)
    assert field_violations(error) == {"poll.title", "poll.method", "poll.candidate_list"}
    error = await expect_error(voting.UpdateVotingRules(pb.UpdateVotingRulesRequest(voting_rules=pb.VotingRules(
        name=f"towns/{s.town}/votingRules", quorum=pb.Fraction(numerator=3, denominator=2),
        majority=pb.Fraction(numerator=1, denominator=0))), metadata=staff), INVALID)
    assert field_violations(error) == {"voting_rules.quorum.numerator", "voting_rules.majority.numerator",
                                       "voting_rules.majority.denominator"}
    await expect_error(voting.OpenPoll(pb.OpenPollRequest(parent=s.session, poll=pb.Poll(
        title="票决", method=pb.ELECTRONIC, candidate_list=f"towns/{s.town}/candidateLists/1999")), metadata=staff),
        grpc.StatusCode.NOT_FOUND)
    poll = await open_poll(voting, issuer, s)
    error = await expect_error(voting.FileResult(pb.FileResultRequest(poll=poll.name), metadata=staff), REFUSED)
    assert reason(error) == "POLL_OPEN"


async def test_town_rules_change_the_ballot_form_and_the_majority_base(voting, issuer, prepare):
    s = await prepare("houcun", seated=9, present=7, candidates=3, seats=1)
    staff = staff_of(issuer, s.town)
    rules_name = f"towns/{s.town}/votingRules"
    defaults = await voting.GetVotingRules(pb.GetVotingRulesRequest(name=rules_name), metadata=staff)
    try:
        await voting.UpdateVotingRules(pb.UpdateVotingRulesRequest(voting_rules=pb.VotingRules(
            name=rules_name, ballot_form=pb.APPROVE_UP_TO_SEATS, majority_base=pb.PRESENT)), metadata=staff)
        poll = await open_poll(voting, issuer, s)
    finally:
        await voting.UpdateVotingRules(pb.UpdateVotingRulesRequest(voting_rules=defaults), metadata=staff)
    assert poll.rules.ballot_form == pb.APPROVE_UP_TO_SEATS
    # Four approve c1 (more than half of the 7 present). Approving two for the 1 seat is refused
    # at cast, while the deputy can still correct the ballot; they then approve one.
    assert json.loads(poll.ballot_manifest)["form"] == {"kind": "approval", "candidates": s.candidate_ids,
                                                         "max_approvals": 1}
    for deputy, marks in zip(s.deputies, ["F--", "F--", "F--", "F--", "FF-", "-F-", "---"]):
        if marks == "FF-":  # the device refuses to encrypt it; the server refuses its proofs
            with pytest.raises(ValueError):
                devices.encrypt(poll, marks)
            marks = "-F-"
        await cast(voting, issuer, s, deputy, marks, poll)
    result = await close(voting, issuer, s, poll)
    document = json.loads(result.document)
    assert (document["valid_ballots"], document["invalid_ballots"], document["votes_required"]) == (7, 0, 4)
    assert list(result.adopted) == [s.candidate_ids[0]]


async def test_only_the_scrutineers_decrypt_only_their_own_part_and_only_after_the_close(voting, issuer, prepare):
    s = await prepare("taoluo", seated=4, present=4, candidates=2, seats=1, scrutineers=2)
    poll = await open_poll(voting, issuer, s)
    for deputy in s.deputies:
        await cast(voting, issuer, s, deputy, "FA", poll)
    states = SCRUTINEERS[s.session].states
    name = poll.name + "/bulletinBoard"

    def submit(deputy: str, partial: dict):
        return voting.SubmitPartialDecryption(box_pb.SubmitPartialDecryptionRequest(
            name=name, partial=box_pb.PartialDecryption(json=json.dumps(partial))),
            metadata=issuer.metadata(deputy, s.town, "deputy"))
    chief, second, third = s.scrutineers
    error = await expect_error(submit(chief, {"index": 1, "parts": []}), REFUSED)
    assert reason(error) == "POLL_OPEN"
    await expect_error(voting.GetBulletinBoard(box_pb.GetBulletinBoardRequest(name=name),
                                               metadata=staff_of(issuer, s.town)), grpc.StatusCode.NOT_FOUND)
    await voting.ClosePoll(pb.ClosePollRequest(name=poll.name), metadata=staff_of(issuer, s.town))
    board = json.loads((await board_of(voting, issuer, poll)).document)
    mine = trustee.decrypt(states[third], board, 4)
    await expect_error(submit(s.deputies[3], mine), DENIED)  # not a scrutineer
    await expect_error(submit(chief, mine), DENIED)  # another scrutineer's part
    forged = json.loads(json.dumps(mine))
    forged["parts"][0][0]["part"] = trustee.decrypt(states[chief], board, 4)["parts"][0][0]["part"]
    error = await expect_error(submit(third, forged), INVALID)
    assert "does not verify" in error.details()
    progress = await submit(third, mine)
    assert (list(progress.trustees), progress.quorum, progress.counted) == ([3], 2, False)
    assert list((await submit(third, mine)).trustees) == [3]  # again: nothing new
    progress = await submit(second, trustee.decrypt(states[second], board, 4))
    assert (list(progress.trustees), progress.counted) == ([2, 3], True)
    result = await voting.GetPollResult(pb.GetPollResultRequest(poll=poll.name), metadata=staff_of(issuer, s.town))
    assert json.loads(result.document)["counts"][s.candidate_ids[0]] == [4, 0, 0]
