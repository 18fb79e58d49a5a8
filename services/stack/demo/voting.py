"""Demo stage 3, voting (票决): each town's congress session checks in its deputies, has
quorum, votes by secret electronic ballot on the approved candidate list (and a runoff if
the cut ties), announces the signed result on the spot and files the list's final decision
with the district; the result is verified against the service's published signing key, and
every candidate's proposer is told the outcome, which they follow by receipt code."""
import asyncio
import base64
import json

from minsheng.collection.v1 import collection_pb2 as cpb
from minsheng.collection.v1.collection_pb2_grpc import CollectionServiceStub
from minsheng.voting.v1 import voting_pb2 as pb
from minsheng.voting.v1.voting_pb2_grpc import VotingServiceStub
from services.stack.demo.common import DemoContext, say, wait_for
from services.stack.demo.towns import plan_of
from services.voting import verify

TERM = "19"
TOOK_OFFICE = "2021-10-01"
# The share of deputies voting 'for' each candidate, by list rank: the last few fall short.
FOR_PERCENT = (96, 94, 92, 90, 89, 88, 86, 84, 82, 80, 52, 46, 40, 35, 30)


def _marks(deputy: int, candidates: list[pb.PollCandidate], town_index: int) -> list[pb.CastBallotRequest.Choice]:
    """A deterministic spread of for / against / abstain (unmarked)."""
    choices = []
    for i, candidate in enumerate(candidates):
        share = FOR_PERCENT[min(candidate.rank - 1, len(FOR_PERCENT) - 1)]
        r = (deputy * 37 + i * 11 + town_index * 7) % 100
        if r < share:
            choices.append(pb.CastBallotRequest.Choice(candidate_id=candidate.candidate_id, mark=pb.FOR))
        elif r < share + (100 - share) // 2:
            choices.append(pb.CastBallotRequest.Choice(candidate_id=candidate.candidate_id, mark=pb.AGAINST))
    return choices


def _present(town_id: str) -> range:
    """The seated deputies (all but the last, who left office) but the town's absent."""
    plan = plan_of(town_id)
    return range(1, plan.deputies - plan.absent)


async def _roster(ctx: DemoContext, stub, town_id: str) -> None:
    staff = ctx.staff(town_id)
    parent = f"towns/{town_id}/terms/{TERM}"
    deputies = plan_of(town_id).deputies  # on the roster; the last left office before the session
    for n in range(1, deputies + 1):
        await stub.AddDeputy(pb.AddDeputyRequest(parent=parent, deputy_id=f"deputy-{town_id}-{n:03d}", deputy=pb.Deputy(
            display_name=f"代表{n:03d}", took_office=TOOK_OFFICE)), metadata=staff)
    await stub.RecordDeputyLeaving(pb.RecordDeputyLeavingRequest(
        name=f"{parent}/deputies/deputy-{town_id}-{deputies:03d}", left_office=f"{ctx.year - 1}-09-30"),
        metadata=staff)


async def _session(ctx: DemoContext, stub, town: dict) -> pb.Session:
    town_id, staff = town["id"], ctx.staff(town["id"])
    session = await stub.OpenSession(pb.OpenSessionRequest(parent=f"towns/{town_id}", request_id=f"session-{ctx.year}",
                                                            session=pb.Session(
        term=TERM, title=f"第十九届人民代表大会第{ctx.year - 2021}次会议", session_date=f"{ctx.year}-02-20",
        chief_scrutineer=f"deputy-{town_id}-001", scrutineers=[f"deputy-{town_id}-002", f"deputy-{town_id}-003"])),
        metadata=staff)
    present = [f"deputy-{town_id}-{n:03d}" for n in _present(town_id)]
    return await stub.CheckInDeputies(pb.CheckInDeputiesRequest(name=session.name, deputies=present), metadata=staff)


async def _vote(ctx: DemoContext, stub, town_index: int, town_id: str, poll: pb.Poll) -> pb.PollResult:
    """Every present deputy casts at once; then the poll closes."""
    async def cast(n: int) -> str:
        response = await stub.CastBallot(pb.CastBallotRequest(poll=poll.name, choices=_marks(n, poll.candidates,
                                                                                             town_index)),
                                         metadata=ctx.deputy(town_id, n))
        return response.tracking_code
    await asyncio.gather(*(cast(n) for n in _present(town_id)))
    return await stub.ClosePoll(pb.ClosePollRequest(name=poll.name), metadata=ctx.staff(town_id))


async def _candidate_list(ctx: DemoContext, stub, town_id: str, expected: set[str]) -> pb.CandidateList:
    name = f"towns/{town_id}/candidateLists/{ctx.year}"

    async def arrived():
        response = await stub.ListCandidateLists(pb.ListCandidateListsRequest(parent=f"towns/{town_id}"),
                                                 metadata=ctx.staff(town_id))
        return next((c for c in response.candidate_lists
                     if c.name == name and {x.candidate_id for x in c.candidates} == expected), None)
    return await wait_for(arrived, what=f"{town_id}'s approved candidate list reaching voting")


def _print_result(ctx: DemoContext, town: dict, session: pb.Session, poll: pb.Poll, result: pb.PollResult,
                  signing_key: bytes) -> bool:
    document = json.loads(result.document)
    titles = {c.candidate_id: c.title for c in poll.candidates}
    problems = verify.check(verify.bundle(result.document, result.signature, result.public_key), signing_key)
    path = ctx.stack.folder / "results" / f"{town['id']}-{ctx.year}.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(verify.bundle(result.document, result.signature, result.public_key),
                               ensure_ascii=False, indent=1), encoding="utf-8")
    say(f"  {town['name']} {session.title} ({session.session_date}): {session.seated_count} seated, "
        f"{session.present_count} present, quorum {session.quorum_required}: met")
    say(f"    {len(poll.candidates)} candidates for {poll.seats} seats; {document['ballots']} ballots "
        f"({document['valid_ballots']} valid, {document['invalid_ballots']} invalid); "
        f"'for' votes needed: {document['votes_required']} (more than half of all seated)")
    for rank, candidate_id in enumerate(document["adopted"], 1):
        f, a, n = document["counts"][candidate_id]
        say(f"    adopted {rank:>2}. {titles[candidate_id]}  for {f} / against {a} / abstain {n}")
    for candidate_id in [c for c in titles if c not in document["adopted"]]:
        f, a, n = document["counts"][candidate_id]
        say(f"    not adopted  {titles[candidate_id]}  for {f} / against {a} / abstain {n}")
    say(f"    {document['announcement']}")
    check = "OK" if not problems else "FAILED: " + "; ".join(problems)
    state = pb.PollResult.State.Name(result.state)
    say(f"    filed with the district ({state}); signature (published key) and recount: "
        f"{check}; {path.name}")
    return not problems


async def _proposers_told(ctx: DemoContext, town_id: str, candidate_list: pb.CandidateList) -> None:
    """Every candidate's proposer follows the proposal by receipt code to the vote's outcome."""
    codes = [ctx.results["receipt_codes"][c.proposal] for c in candidate_list.candidates]
    outcomes = (cpb.Proposal.ADOPTED, cpb.Proposal.NOT_ADOPTED)
    async with ctx.channel("collection") as channel:
        stub = CollectionServiceStub(channel)

        async def told():
            followed = [await stub.FollowProposal(cpb.FollowProposalRequest(parent=f"towns/{town_id}",
                                                                            receipt_code=code),
                                                  metadata=ctx.public(town_id, 0)) for code in codes]
            return followed if all(p.state in outcomes for p in followed) else None
        followed = await wait_for(told, what=f"{town_id}'s proposers told the vote's outcome")
    adopted = sum(p.state == cpb.Proposal.ADOPTED for p in followed)
    say(f"    proposers told by receipt code: {adopted} adopted, {len(followed) - adopted} not adopted, e.g.: "
        f"{followed[0].answer.text}")


async def _town(ctx: DemoContext, stub, town_index: int, town: dict, signing_key: bytes) -> bool:
    town_id, staff = town["id"], ctx.staff(town["id"])
    candidate_list = await _candidate_list(ctx, stub, town_id, set(ctx.results["candidates"][town_id]))
    await _roster(ctx, stub, town_id)
    session = await _session(ctx, stub, town)
    poll = await stub.OpenPoll(pb.OpenPollRequest(parent=session.name, request_id=f"poll-{ctx.year}", poll=pb.Poll(
        title=f"{ctx.year}年民生实事项目票决", candidate_list=candidate_list.name, method=pb.ELECTRONIC)),
        metadata=staff)
    result = await _vote(ctx, stub, town_index, town_id, poll)
    if result.outcome == pb.PollResult.TIE:
        say(f"  {town['name']}: tie at the cut among {len(result.tied)}: runoff for {result.runoff_seats} seat(s)")
        poll = await stub.OpenPoll(pb.OpenPollRequest(parent=session.name, poll=pb.Poll(
            title="再次投票", runoff_of=poll.name, method=pb.ELECTRONIC)), metadata=staff)
        result = await _vote(ctx, stub, town_index + 1, town_id, poll)
    filed = await stub.FileResult(pb.FileResultRequest(poll=poll.name), metadata=staff)
    decided = await stub.GetCandidateList(pb.GetCandidateListRequest(name=candidate_list.name), metadata=staff)
    ctx.results["adopted"][town_id] = list(decided.decision.adopted)
    verified = _print_result(ctx, town, session, poll, filed, signing_key)
    if ctx.results.get("receipt_codes"):
        await _proposers_told(ctx, town_id, decided)
    return verified


async def run(ctx: DemoContext) -> None:
    say(f"\n== Voting (票决), {ctx.year}")
    candidates = ctx.results.get("candidates")
    if not candidates:
        say("  skipped: no approved candidate lists (the review stage has not run)")
        return
    ctx.results["adopted"] = {}
    async with ctx.channel("voting") as channel:
        stub = VotingServiceStub(channel)
        # The key the service publishes: verifiers pin it, not the key a document carries.
        published = await stub.GetResultSigningKey(pb.GetResultSigningKeyRequest(), metadata=ctx.district())
        verified = [await _town(ctx, stub, i, town, published.public_key)
                    for i, town in enumerate(ctx.towns) if town["id"] in candidates]
    if not all(verified):
        raise RuntimeError("demo: a voting result failed verification")
    say(f"  check any filed result yourself, against the published signing key: python -m services.voting.verify "
        f"{ctx.stack.folder / 'results'}/<town>-{ctx.year}.json "
        f"--public-key {base64.b64encode(published.public_key).decode('ascii')}")
