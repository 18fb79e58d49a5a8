"""One final decision per candidate list, through the real gRPC API, NATS and PostgreSQL:
one poll at a time, runoffs that fill the seats, projects_adopted once, only the final
decision filed, who is seated and present on the day, and polls that decide nothing."""
import json

import grpc
import pytest

from minsheng.events.v1.voting_events_pb2 import ProjectsAdopted
from minsheng.voting.v1 import voting_pb2 as pb
from services.platform import events
from services.voting import verify
from tests.events import collect, envelopes
from tests.helpers import expect_error, field_violations, reason, staff_of
from tests.voting.conftest import SESSION_DATE, Setting, cast, close, open_poll

pytestmark = pytest.mark.integration
DENIED, REFUSED = grpc.StatusCode.PERMISSION_DENIED, grpc.StatusCode.FAILED_PRECONDITION
INVALID = grpc.StatusCode.INVALID_ARGUMENT


async def vote(voting, issuer, s: Setting, poll: pb.Poll, *marks: str) -> None:
    """The setting's deputies in order cast `marks` on the poll's own candidates."""
    for deputy, m in zip(s.deputies, marks):
        await cast(voting, issuer, s, deputy, m, poll)


async def runoff(voting, issuer, s: Setting, tied: pb.Poll) -> pb.Poll:
    return await voting.OpenPoll(pb.OpenPollRequest(parent=s.session, poll=pb.Poll(
        title="再次投票", runoff_of=tied.name, method=pb.ELECTRONIC)), metadata=staff_of(issuer, s.town))


async def decision(voting, issuer, s: Setting) -> pb.CandidateListDecision:
    listed = await voting.GetCandidateList(pb.GetCandidateListRequest(name=s.candidate_list),
                                           metadata=staff_of(issuer, s.town))
    return listed.decision


def file(voting, issuer, s: Setting, poll: pb.Poll):
    return voting.FileResult(pb.FileResultRequest(poll=poll.name), metadata=staff_of(issuer, s.town))


async def test_one_poll_at_a_time_none_after_the_decision_and_one_filed_result(voting, issuer, prepare, sql):
    s = await prepare("xihu", seated=5, present=5, candidates=3, seats=1)
    poll = await open_poll(voting, issuer, s)
    error = await expect_error(open_poll(voting, issuer, s), REFUSED)
    assert reason(error) == "POLL_ALREADY_OPEN"
    assert (await decision(voting, issuer, s)).open_poll == poll.name
    await vote(voting, issuer, s, poll, "F--", "F--", "F--", "-F-")
    assert (await close(voting, issuer, s, poll)).outcome == pb.PollResult.DECIDED
    for _ in range(3):  # the probe opened four polls on one list: now the decided list takes none
        assert reason(await expect_error(open_poll(voting, issuer, s), REFUSED)) == "LIST_DECIDED"
    assert reason(await expect_error(runoff(voting, issuer, s, poll), REFUSED)) == "LIST_DECIDED"
    await file(voting, issuer, s, poll)
    year = int(s.candidate_list.rsplit("/", 1)[1])
    assert sql("SELECT count(*) FROM voting.polls WHERE town_id = %s AND candidate_list_year = %s",
               (s.town, year)) == [(1,)]
    listed = await decision(voting, issuer, s)
    assert listed.state == pb.CandidateListDecision.DECIDED and list(listed.adopted) == [s.candidate_ids[0]]
    assert listed.final_poll == poll.name


async def test_a_runoff_fills_the_seat_by_most_votes_and_projects_adopted_is_emitted_once(
        voting, issuer, prepare, nats_client):
    s = await prepare("sanzhuang", seated=6, present=6, candidates=3, seats=1)
    first = await open_poll(voting, issuer, s)
    await vote(voting, issuer, s, first, "FF-", "FF-", "FFA", "FFA", "AA-", "---")
    tie = await close(voting, issuer, s, first)
    assert tie.outcome == pb.PollResult.TIE and list(tie.tied) == s.candidate_ids[:2]
    assert reason(await expect_error(open_poll(voting, issuer, s), REFUSED)) == "RUNOFF_REQUIRED"
    assert reason(await expect_error(file(voting, issuer, s, first), REFUSED)) == "LIST_NOT_DECIDED"
    second = await runoff(voting, issuer, s, first)
    assert [c.candidate_id for c in second.candidates] == s.candidate_ids[:2] and second.seats == 1
    assert second.rules.runoff_rule == pb.MOST_VOTES
    # The probe: 3 for c1, 2 for c2, 1 abstains. The absolute majority (4 of 6) lost the seat;
    # 以得票多的当选 fills it.
    await vote(voting, issuer, s, second, "F-", "F-", "F-", "-F", "-F", "--")
    decided = await close(voting, issuer, s, second)
    assert decided.outcome == pb.PollResult.DECIDED and list(decided.adopted) == [s.candidate_ids[0]]
    assert json.loads(decided.document)["votes_required"] == 0 and "以得票多的当选" in decided.announcement
    for result in (tie, decided):
        assert verify.check(verify.bundle(result.document, result.signature, result.public_key)) == []
    assert reason(await expect_error(file(voting, issuer, s, first), REFUSED)) == "NOT_THE_FINAL_DECISION"
    filed = await file(voting, issuer, s, second)
    assert filed.state == pb.PollResult.FILED

    received = [e for e in envelopes(await collect(nats_client.jetstream(),
                                                   events.subject(s.town, "voting", "projects_adopted"), expected=1))
                if e.aggregate_id == s.candidate_list]
    assert len(received) == 1
    adopted = events.unpack(received[0])
    year = int(s.candidate_list.rsplit("/", 1)[1])
    assert isinstance(adopted, ProjectsAdopted) and (adopted.year, adopted.seats) == (year, 1)
    assert [(p.candidate_id, p.adoption_rank) for p in adopted.adopted] == [(s.candidate_ids[0], 1)]
    project = adopted.adopted[0]
    assert (project.proposal, project.title, project.budget_yuan, project.funding_source, project.responsible_unit,
            project.completion_deadline, project.rank) == (f"towns/{s.town}/proposals/p1", "民生项目1", 100000,
                                                           "镇财政", "镇政府", "2024-12-31", 1)
    assert [p.candidate_id for p in adopted.not_adopted] == s.candidate_ids[1:]
    assert [(r.poll, r.document, r.signature) for r in adopted.results] == [
        (first.name, tie.document, tie.signature), (second.name, decided.document, decided.signature)]


async def test_a_runoff_that_ties_again_needs_another_runoff(voting, issuer, prepare):
    s = await prepare("nanhu", seated=6, present=6, candidates=3, seats=1)
    first = await open_poll(voting, issuer, s)
    await vote(voting, issuer, s, first, "FF-", "FF-", "FF-", "FF-", "---", "---")
    assert (await close(voting, issuer, s, first)).outcome == pb.PollResult.TIE
    second = await runoff(voting, issuer, s, first)
    await vote(voting, issuer, s, second, "F-", "F-", "F-", "-F", "-F", "-F")
    again = await close(voting, issuer, s, second)
    assert again.outcome == pb.PollResult.TIE and list(again.tied) == s.candidate_ids[:2] and not again.adopted
    assert reason(await expect_error(runoff(voting, issuer, s, first), REFUSED)) == "NOT_THE_TIED_POLL"
    third = await runoff(voting, issuer, s, second)
    await vote(voting, issuer, s, third, "-F", "-F", "-F", "-F", "F-", "F-")
    assert list((await close(voting, issuer, s, third)).adopted) == [s.candidate_ids[1]]
    listed = await decision(voting, issuer, s)
    assert [p.poll for p in listed.polls] == [first.name, second.name, third.name]
    assert listed.final_poll == third.name and list(listed.adopted) == [s.candidate_ids[1]]


async def test_a_poll_without_ballots_is_announced_as_such_and_the_list_voted_on_again(voting, issuer, prepare):
    s = await prepare("taoluo", seated=4, present=4, candidates=2, seats=1)
    empty = await open_poll(voting, issuer, s)
    none = await close(voting, issuer, s, empty)
    assert none.outcome == pb.PollResult.NO_VOTES and not none.adopted and "未收到选票" in none.announcement
    assert verify.check(verify.bundle(none.document, none.signature, none.public_key)) == []
    assert reason(await expect_error(file(voting, issuer, s, empty), REFUSED)) == "LIST_NOT_DECIDED"
    again = await open_poll(voting, issuer, s)
    await vote(voting, issuer, s, again, "F-", "F-", "F-")
    assert list((await close(voting, issuer, s, again)).adopted) == [s.candidate_ids[0]]
    listed = await decision(voting, issuer, s)
    assert [(p.outcome, p.void_reason) for p in listed.polls] == [(pb.PollResult.NO_VOTES, "NO_VOTES"),
                                                                  (pb.PollResult.DECIDED, "")]


async def test_a_departure_dated_before_the_session_unseats_the_deputy_even_after_it_opened(voting, issuer, prepare):
    s = await prepare("houcun", seated=6, present=6, candidates=2, seats=1)
    staff = staff_of(issuer, s.town)

    async def leave(deputy: str) -> None:
        await voting.RecordDeputyLeaving(pb.RecordDeputyLeavingRequest(
            name=f"towns/{s.town}/terms/{s.term}/deputies/{deputy}", left_office="2023-12-31"), metadata=staff)
    poll = await open_poll(voting, issuer, s)
    await vote(voting, issuer, s, poll, "F-", "F-", "F-")
    await leave(s.deputies[5])
    session = await voting.GetSession(pb.GetSessionRequest(name=s.session), metadata=staff)
    assert (session.seated_count, session.present_count) == (5, 5)
    await expect_error(cast(voting, issuer, s, s.deputies[5], "F-", poll), DENIED)
    # One who already voted is unseated too: their secret ballot cannot be taken out.
    await leave(s.deputies[0])
    void = await close(voting, issuer, s, poll)
    assert (void.outcome, void.void_reason) == (pb.PollResult.POLL_INVALID, "UNSEATED_VOTER")
    document = json.loads(void.document)
    assert (document["seated_deputies"], document["present_deputies"], document["deputies_voted"],
            document["unseated_voters"]) == (4, 4, 3, 1)
    assert verify.check(verify.bundle(void.document, void.signature, void.public_key)) == []


async def test_self_check_in_closes_when_a_poll_opens_and_staff_corrections_need_a_reason(
        voting, issuer, prepare, sql):
    s = await prepare("xihu", seated=6, present=4, candidates=2, seats=1)
    staff = staff_of(issuer, s.town)

    def check_in(deputies, metadata, **fields):
        return voting.CheckInDeputies(pb.CheckInDeputiesRequest(name=s.session, deputies=deputies, **fields),
                                      metadata=metadata)
    latecomer, absentee = s.deputies[4], s.deputies[5]
    as_latecomer = issuer.metadata(latecomer, s.town, "deputy")
    assert (await voting.GetSession(pb.GetSessionRequest(name=s.session), metadata=staff)).check_in_open
    poll = await open_poll(voting, issuer, s)
    error = await expect_error(check_in([latecomer], as_latecomer), REFUSED)
    assert reason(error) == "CHECK_IN_CLOSED"
    await expect_error(check_in([latecomer], as_latecomer, absent=True), DENIED)  # only staff correct
    assert field_violations(await expect_error(check_in([latecomer], staff), INVALID)) == {"reason"}
    corrected = await check_in([latecomer], staff, reason="签到机故障，本人在场")
    assert (corrected.present_count, corrected.check_in_open) == (5, False)
    await vote(voting, issuer, s, poll, "F-", "F-", "F-", "F-")
    await cast(voting, issuer, s, latecomer, "-F", poll)
    result = await close(voting, issuer, s, poll)
    assert json.loads(result.document)["present_deputies"] == 5
    # After the close: a correction is recorded, and the closed poll's result stays as signed.
    await check_in([s.deputies[3]], staff, absent=True, reason="会后核实：提前离会")
    await expect_error(check_in([absentee], staff, absent=True), INVALID)
    again = await voting.GetPollResult(pb.GetPollResultRequest(poll=poll.name), metadata=staff)
    assert (again.document, again.signature) == (result.document, result.signature)
    session_id = s.session.rsplit("/", 1)[1]
    assert sql("SELECT deputy_id, present, reason FROM voting.attendance_corrections WHERE session_id = %s "
               "ORDER BY position", (session_id,)) == [(latecomer, True, "签到机故障，本人在场"),
                                                       (s.deputies[3], False, "会后核实：提前离会")]


async def test_quorum_lost_by_the_close_voids_the_poll(voting, issuer, prepare):
    s = await prepare("chentuan", seated=6, present=4, candidates=2, seats=1)
    poll = await open_poll(voting, issuer, s)
    await vote(voting, issuer, s, poll, "F-")
    await voting.CheckInDeputies(pb.CheckInDeputiesRequest(name=s.session, deputies=s.deputies[1:3], absent=True,
                                                           reason="离会"), metadata=staff_of(issuer, s.town))
    void = await close(voting, issuer, s, poll)
    assert (void.outcome, void.void_reason) == (pb.PollResult.POLL_INVALID, "NO_QUORUM_AT_CLOSE")
    assert "计票时出席代表不足法定人数" in void.announcement


async def test_a_majority_of_the_whole_base_is_refused_and_changes_nothing(voting, issuer, new_town):
    staff = staff_of(issuer, new_town)
    name = f"towns/{new_town}/votingRules"
    before = await voting.GetVotingRules(pb.GetVotingRulesRequest(name=name), metadata=staff)
    error = await expect_error(voting.UpdateVotingRules(pb.UpdateVotingRulesRequest(voting_rules=pb.VotingRules(
        name=name, majority=pb.Fraction(numerator=1, denominator=1))), metadata=staff), INVALID)
    assert field_violations(error) == {"voting_rules.majority.numerator"}
    assert await voting.GetVotingRules(pb.GetVotingRulesRequest(name=name), metadata=staff) == before


async def test_a_runoff_is_held_at_the_session_of_the_tie(voting, issuer, prepare):
    s = await prepare("houcun", seated=4, present=4, candidates=2, seats=1)
    first = await open_poll(voting, issuer, s)
    await vote(voting, issuer, s, first, "FF", "FF", "FF", "--")
    assert (await close(voting, issuer, s, first)).outcome == pb.PollResult.TIE
    staff = staff_of(issuer, s.town)
    other = await voting.OpenSession(pb.OpenSessionRequest(parent=f"towns/{s.town}", session=pb.Session(
        term=s.term, title="第二次会议", session_date=SESSION_DATE, chief_scrutineer=s.deputies[0],
        scrutineers=[s.deputies[1]])), metadata=staff)
    await voting.CheckInDeputies(pb.CheckInDeputiesRequest(name=other.name, deputies=s.deputies), metadata=staff)
    error = await expect_error(voting.OpenPoll(pb.OpenPollRequest(parent=other.name, poll=pb.Poll(
        title="再次投票", runoff_of=first.name, method=pb.ELECTRONIC)), metadata=staff), REFUSED)
    assert reason(error) == "NO_TIE_TO_DECIDE"
