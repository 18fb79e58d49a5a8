"""Demo stage 3, voting (票决): each town's congress session checks in its deputies, has
quorum, and its three scrutineers (the chief scrutineer and two scrutineers) hold the key
ceremony on their own devices: each keeps a share of the session's key in its own file
(.stack/scrutineers/<town>/<deputy>.state), any two of them decrypt. The deputies' devices
encrypt their ballots on the approved candidate list (and a runoff if the cut ties); at the
close one scrutineer is absent and the other two decrypt the sums; the signed result is
announced on the spot and the list's final decision filed with the district. The result and
its bulletin board are verified against the service's published signing key, and every
candidate's proposer is told the outcome, which they follow by receipt code."""
import asyncio
import base64
import json

from minsheng.collection.v1 import collection_pb2 as cpb
from minsheng.collection.v1.collection_pb2_grpc import CollectionServiceStub
from minsheng.voting.v1 import voting_pb2 as pb
from minsheng.voting.v1.voting_pb2_grpc import VotingServiceStub
from minsheng.common.v1 import ballot_box_pb2 as box_pb
from services.ballotbox import trustee
from services.stack.demo.common import DemoContext, say, wait_for
from services.stack.demo.towns import plan_of
from services.voting import devices, verify

TERM = "19"
TOOK_OFFICE = "2021-10-01"
# The share of deputies voting 'for' each candidate, by list rank: the last few fall short.
FOR_PERCENT = (96, 94, 92, 90, 89, 88, 86, 84, 82, 80, 52, 46, 40, 35, 30)


def _marks(deputy: int, candidates: list[pb.PollCandidate], town_index: int) -> str:
    """A deterministic spread of for / against / abstain: 'F', 'A' or '-' per candidate."""
    marks = ""
    for i, candidate in enumerate(candidates):
        share = FOR_PERCENT[min(candidate.rank - 1, len(FOR_PERCENT) - 1)]
        r = (deputy * 37 + i * 11 + town_index * 7) % 100
        marks += "F" if r < share else "A" if r < share + (100 - share) // 2 else "-"
    return marks


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


def _scrutineers(town_id: str) -> list[str]:
    return [f"deputy-{town_id}-{n:03d}" for n in (1, 2, 3)]


async def _key_ceremony(ctx: DemoContext, stub, town_id: str, session: pb.Session) -> devices.Scrutineers:
    """Each scrutineer's device takes its steps with the scrutineer's own token; each share is
    kept in that scrutineer's file. A stack that already held the ceremony reads the files."""
    def metadata_of(deputy: str):
        return ctx.stack.issuer.metadata(deputy, town_id, "deputy")
    folder = ctx.stack.folder / "scrutineers" / town_id
    chief = _scrutineers(town_id)[0]
    found = await stub.GetKeyCeremony(pb.GetKeyCeremonyRequest(name=session.name + "/keyCeremony"),
                                      metadata=metadata_of(chief))
    if found.state == pb.KeyCeremony.COMPLETE:
        return devices.Scrutineers(session.name, {d: trustee.TrusteeState.load(folder / f"{d}.state")
                                                  for d in found.trustees}, folder)
    scrutineers = await devices.hold_key_ceremony(stub, session.name, chief, metadata_of, folder)
    found = await stub.GetKeyCeremony(pb.GetKeyCeremonyRequest(name=session.name + "/keyCeremony"),
                                      metadata=metadata_of(chief))
    say(f"  {town_id}: the scrutineers' key ceremony: {len(found.trustees)} trustees, any {found.quorum} decrypt; "
        f"joint key fingerprint {found.fingerprint}; shares in {folder}")
    return scrutineers


async def _vote(ctx: DemoContext, stub, town_index: int, town_id: str, poll: pb.Poll,
                scrutineers: devices.Scrutineers) -> pb.PollResult:
    """Every present deputy's device encrypts and casts at once; the poll closes; the chief
    scrutineer and the third decrypt the sums (the second is absent: two of three suffice)."""
    async def cast(n: int) -> str:
        receipt = await devices.cast(stub, poll, _marks(n, poll.candidates, town_index), ctx.deputy(town_id, n),
                                     request_id=f"{poll.name.rsplit('/', 1)[1]}-{n}")
        return receipt.tracking_code
    await asyncio.gather(*(cast(n) for n in _present(town_id)))
    staff = ctx.staff(town_id)
    await stub.ClosePoll(pb.ClosePollRequest(name=poll.name), metadata=staff)
    chief, _, third = _scrutineers(town_id)
    await devices.decrypt(stub, poll.name, scrutineers, [chief, third],
                          lambda deputy: ctx.stack.issuer.metadata(deputy, town_id, "deputy"))
    return await stub.GetPollResult(pb.GetPollResultRequest(poll=poll.name), metadata=staff)


async def _candidate_list(ctx: DemoContext, stub, town_id: str, expected: set[str]) -> pb.CandidateList:
    name = f"towns/{town_id}/candidateLists/{ctx.year}"

    async def arrived():
        response = await stub.ListCandidateLists(pb.ListCandidateListsRequest(parent=f"towns/{town_id}"),
                                                 metadata=ctx.staff(town_id))
        return next((c for c in response.candidate_lists
                     if c.name == name and {x.candidate_id for x in c.candidates} == expected), None)
    return await wait_for(arrived, what=f"{town_id}'s approved candidate list reaching voting")


def _print_result(ctx: DemoContext, town: dict, session: pb.Session, poll: pb.Poll, result: pb.PollResult,
                  signing_key: bytes, board: str) -> bool:
    document = json.loads(result.document)
    titles = {c.candidate_id: c.title for c in poll.candidates}
    problems = verify.check(verify.bundle(result.document, result.signature, result.public_key), signing_key, board)
    path = ctx.stack.folder / "results" / f"{town['id']}-{ctx.year}.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(verify.bundle(result.document, result.signature, result.public_key),
                               ensure_ascii=False, indent=1), encoding="utf-8")
    path.with_suffix(".board.json").write_text(board, encoding="utf-8")
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
    say(f"    filed with the district ({state}); signature (published key), every ballot's proofs, the sums, "
        f"the scrutineers' decryptions and the decision: {check}; {path.name}")
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
    scrutineers = await _key_ceremony(ctx, stub, town_id, session)
    poll = await stub.OpenPoll(pb.OpenPollRequest(parent=session.name, request_id=f"poll-{ctx.year}", poll=pb.Poll(
        title=f"{ctx.year}年民生实事项目票决", candidate_list=candidate_list.name, method=pb.ELECTRONIC)),
        metadata=staff)
    result = await _vote(ctx, stub, town_index, town_id, poll, scrutineers)
    if result.outcome == pb.PollResult.TIE:
        say(f"  {town['name']}: tie at the cut among {len(result.tied)}: runoff for {result.runoff_seats} seat(s)")
        poll = await stub.OpenPoll(pb.OpenPollRequest(parent=session.name, poll=pb.Poll(
            title="再次投票", runoff_of=poll.name, method=pb.ELECTRONIC)), metadata=staff)
        result = await _vote(ctx, stub, town_index + 1, town_id, poll, scrutineers)
    filed = await stub.FileResult(pb.FileResultRequest(poll=poll.name), metadata=staff)
    decided = await stub.GetCandidateList(pb.GetCandidateListRequest(name=candidate_list.name), metadata=staff)
    ctx.results["adopted"][town_id] = list(decided.decision.adopted)
    board = await stub.GetBulletinBoard(box_pb.GetBulletinBoardRequest(name=poll.name + "/bulletinBoard"),
                                        metadata=staff)
    verified = _print_result(ctx, town, session, poll, filed, signing_key, board.document)
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
    results = ctx.stack.folder / "results"
    say(f"  check any filed result and its bulletin board yourself, against the published signing key: "
        f"python -m services.voting.verify {results}/<town>-{ctx.year}.json --board {results}/<town>-{ctx.year}.board.json "
        f"--public-key {base64.b64encode(published.public_key).decode('ascii')}")
