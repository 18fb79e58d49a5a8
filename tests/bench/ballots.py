"""Benchmark of the encrypted vote on a running local stack (the voting service, issue 11):
160 deputies, 20 candidates, for/against/abstain, three scrutineers with a quorum of two.

- cast: the CPU the server spends verifying one ballot's proofs; 160 deputies casting at the
  same moment (every ballot accepted), against 160 bare database commits (two inserts each,
  16 connections) measured in the same run, the casts split into their two parts as the
  voting api counts them (services.voting.metrics): the proofs' check (CPU per ballot) and
  the group commits' wall time while the checks let the ballots out; and storing apart from
  the proofs, against the bare commits: the same burst in a second poll, its proofs checked
  beforehand, stored at once through the api's store path (the first cast handed over to the
  last committed);
- close: ClosePoll (it sums the 160 stored ballots, the homomorphic tally, whose CPU the api
  counts, and writes the 3.6 MB board), the three scrutineers' partial decryptions with
  proofs (their devices' CPU, without their check of the board), and the server accepting
  them: each part's proofs checked, the counts combined at the quorum, the decision signed;
- the independent verifier on that result and its board; a scrutineer's check of the board.

`make bench` reports `bench(stack)`; `python -m tests.bench.ballots` runs it on a stack of its own."""
import asyncio
import json
import os
import time
import urllib.request
import uuid

import grpc
import nats
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from minsheng.common.v1 import ballot_box_pb2 as box_pb
from minsheng.voting.v1 import voting_pb2 as pb
from minsheng.voting.v1.voting_pb2_grpc import VotingServiceStub
from services.ballotbox.box import Box, Receipt
from services.ballotbox.ceremony import KeyRecord
from services.ballotbox.poll import Manifest
from services.ballotbox.tally import decrypt_sums
from services.ballotbox.verify import check_before_decryption
from tests.bench.stack import bench_stack
from services.platform.db import Database
from services.platform.towns import TownRegistry
from services.platform.uow import Context, DatabaseUnits
from services.voting import devices, verify
from services.voting.handlers import Cast, store_casts
from services.voting.service import SPEC
from tests.bench import floors
from tests.helpers import staff_of
from tests.voting.conftest import publish_candidate_list, wait_for_list

DEPUTIES = 160
CANDIDATES = 20
SEATS = 10
CONNECTIONS = 16
OPTIONS = [("grpc.max_receive_message_length", 64 * 1024 * 1024)]
# services.voting.metrics' count of store_casts' group commits (here: those of this process).
GROUPS_COUNTED = "minsheng_voting_cast_store_groups_total"
# The voting api's count of the CPU its closes spent summing the stored ballots.
CLOSE_SUMS_COUNTED = "minsheng_voting_close_sums_cpu_seconds_total"


def _cpu(action, repeat: int = 1) -> tuple[float, object]:
    """CPU seconds of one call (process time: not inflated by other processes on the machine)."""
    started = time.process_time()
    for _ in range(repeat):
        result = action()
    return (time.process_time() - started) / repeat, result


async def _prepare(stub, stack, town: str) -> tuple[pb.Poll, list[str], devices.Scrutineers]:
    staff = staff_of(stack.issuer, town)
    term = "bench-" + uuid.uuid4().hex[:8]
    year = 1_000_000 + uuid.uuid4().int % 1_000_000  # a candidate list of its own
    nc = await nats.connect(stack.nats.url)
    try:
        await publish_candidate_list(nc.jetstream(), town, year, CANDIDATES, SEATS)
    finally:
        await nc.close()
    deputies = [f"{term}-{i:03d}" for i in range(DEPUTIES)]
    await asyncio.gather(*(stub.AddDeputy(pb.AddDeputyRequest(
        parent=f"towns/{town}/terms/{term}", deputy_id=d,
        deputy=pb.Deputy(display_name="代表", took_office="2021-01-01")), metadata=staff) for d in deputies))
    session = await stub.OpenSession(pb.OpenSessionRequest(parent=f"towns/{town}", session=pb.Session(
        term=term, title="基准测试会议", session_date="2024-02-20", chief_scrutineer=deputies[0],
        scrutineers=deputies[1:3])), metadata=staff)
    await stub.CheckInDeputies(pb.CheckInDeputiesRequest(name=session.name, deputies=deputies), metadata=staff)
    scrutineers = await devices.hold_key_ceremony(stub, session.name, deputies[0],
                                                  lambda d: stack.issuer.metadata(d, town, "deputy"))
    list_name = f"towns/{town}/candidateLists/{year}"
    await wait_for_list(stub, list_name, staff, CANDIDATES)
    poll = await stub.OpenPoll(pb.OpenPollRequest(parent=session.name, poll=pb.Poll(
        title="基准测试票决", candidate_list=list_name, method=pb.ELECTRONIC)), metadata=staff)
    return poll, deputies, scrutineers


def _verification_cpu(poll: pb.Poll, key_record: str, ballot: str) -> float:
    """The server's proof check of one ballot (Box.check), in this process."""
    box = Box(Manifest.from_json(json.loads(poll.ballot_manifest)), KeyRecord.from_json(json.loads(key_record)))
    seconds, _ = _cpu(lambda: box.check(json.loads(ballot)), 3)
    return seconds


def _cast_metrics(stack) -> dict[str, float]:
    """The voting api's counters of the cast's two parts and the close's sums (services.voting.metrics)."""
    port = stack.api("voting").metrics_port
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as answer:
        text = answer.read().decode()
    return {sample.name: sample.value for family in text_string_to_metric_families(text)
            for sample in family.samples if sample.name.startswith("minsheng_voting_") and sample.name.endswith("_total")}


async def _store_checked(stack, town: str, poll: pb.Poll, deputies: list[str], ballots: list[str]) -> dict:
    """Storing apart from the proofs: the same burst of 160 casts, their proofs checked
    beforehand (in this process), given at once to the voting api's store path (the group
    use case store_casts, through the platform's group commit and unit of work, on a pool
    like the api's) in this process: the time from the first cast handed over to the last
    one committed, and the group commits it took."""
    _, _, _, session_id, _, poll_id = poll.name.split("/")
    database = Database(stack.database_url("api"))
    await database.open()
    try:
        ctx = Context(towns=TownRegistry(()), unit_of_work=DatabaseUnits(database, SPEC.tables, SPEC.name,
                                                                           SPEC.repository))
        async with ctx.unit_of_work(town) as uow:
            box, _ = await uow.repo.ballot_box(town, poll_id)
        casts = [Cast(session_id, poll_id, deputy, f"r{i}", box.check(json.loads(ballot)))
                 for i, (deputy, ballot) in enumerate(zip(deputies, ballots))]
        before = REGISTRY.get_sample_value(GROUPS_COUNTED) or 0.0
        started = time.perf_counter()
        stored = await asyncio.gather(*(ctx.together(store_casts, town, cast) for cast in casts))
        seconds = time.perf_counter() - started
        assert all(isinstance(receipt, Receipt) for receipt in stored), stored
        return {"seconds": seconds, "groups": int(REGISTRY.get_sample_value(GROUPS_COUNTED) - before)}
    finally:
        await database.close()


async def _decrypt_and_submit(stub, poll: pb.Poll, scrutineers: devices.Scrutineers, metadata_of) -> tuple:
    """Each scrutineer's partial decryption (CPU, on its device) and the server accepting it."""
    name = poll.name + "/bulletinBoard"
    board = await stub.GetBulletinBoard(box_pb.GetBulletinBoardRequest(name=name), metadata=metadata_of(""))
    data = json.loads(board.document)
    check_seconds, (parsed, problems) = _cpu(lambda: check_before_decryption(data))
    assert not problems, problems
    device_cpu, submit_seconds = 0.0, 0.0
    for deputy, state in scrutineers.states.items():
        cpu, partial = _cpu(lambda: decrypt_sums(state.share, state.index, parsed))
        device_cpu += cpu
        started = time.perf_counter()
        await stub.SubmitPartialDecryption(box_pb.SubmitPartialDecryptionRequest(
            name=name, partial=box_pb.PartialDecryption(json=json.dumps(partial))), metadata=metadata_of(deputy))
        submit_seconds += time.perf_counter() - started
    return check_seconds, device_cpu, submit_seconds, len(board.document)


async def bench(stack, town: str = "xihu") -> dict:
    async with grpc.aio.insecure_channel(stack.api("voting").target, options=OPTIONS) as channel:
        stub = VotingServiceStub(channel)
        poll, deputies, scrutineers = await _prepare(stub, stack, town)
        staff = staff_of(stack.issuer, town)
        found = await stub.GetKeyCeremony(pb.GetKeyCeremonyRequest(name=poll.name.rsplit("/polls/", 1)[0]
                                                                   + "/keyCeremony"), metadata=staff)
        marks = ["".join("FFA-"[(i + j) % 4] for j in range(CANDIDATES)) for i in range(DEPUTIES)]
        ballots = [devices.encrypt(poll, m) for m in marks]  # the deputies' devices, beforehand
        verify_cpu = _verification_cpu(poll, found.key_record, ballots[0])
        requests = [pb.CastBallotRequest(poll=poll.name, ballot=box_pb.EncryptedBallot(json=b), request_id=f"r{i}")
                    for i, b in enumerate(ballots)]
        tokens = [stack.issuer.metadata(d, town, "deputy") for d in deputies]
        before = await asyncio.to_thread(_cast_metrics, stack)
        started = time.perf_counter()
        receipts = await asyncio.gather(*(stub.CastBallot(r, metadata=t) for r, t in zip(requests, tokens)))
        cast_seconds = time.perf_counter() - started
        after = await asyncio.to_thread(_cast_metrics, stack)
        spent = {name: after[name] - before.get(name, 0.0) for name in after}
        assert len({r.tracking_code for r in receipts}) == DEPUTIES
        replay_poll, replay_deputies, _ = await _prepare(stub, stack, town)
        replayed = await _store_checked(stack, town, replay_poll, replay_deputies,
                                        [devices.encrypt(replay_poll, m) for m in marks])
        commits_seconds = (await floors.database_commits(stack.pg.url(user="postgres", database=stack.roles.database),
                                                         DEPUTIES, CONNECTIONS))["seconds"]
        summed = (await asyncio.to_thread(_cast_metrics, stack))[CLOSE_SUMS_COUNTED]
        started = time.perf_counter()
        counting = await stub.ClosePoll(pb.ClosePollRequest(name=poll.name), metadata=staff)
        close_seconds = time.perf_counter() - started
        assert counting.state == pb.PollResult.COUNTING
        close_sums_cpu = (await asyncio.to_thread(_cast_metrics, stack))[CLOSE_SUMS_COUNTED] - summed

        def metadata_of(deputy: str):
            return stack.issuer.metadata(deputy, town, "deputy") if deputy else staff
        check_seconds, device_cpu, submit_seconds, board_bytes = await _decrypt_and_submit(
            stub, poll, scrutineers, metadata_of)
        result = await stub.GetPollResult(pb.GetPollResultRequest(poll=poll.name), metadata=staff)
        board = await stub.GetBulletinBoard(box_pb.GetBulletinBoardRequest(name=poll.name + "/bulletinBoard"),
                                            metadata=staff)
    bundle = verify.bundle(result.document, result.signature, result.public_key)
    verifier_seconds, problems = _cpu(lambda: verify.check(bundle, result.public_key, board.document))
    assert problems == [] and json.loads(result.document)["ballots"] == DEPUTIES
    close_total = close_seconds + device_cpu + submit_seconds
    store_seconds = spent["minsheng_voting_cast_store_seconds_total"]
    return {
        "load_average_1_5_15_min": [round(x, 1) for x in os.getloadavg()],
        "voting_ballot_proof_check_cpu_ms_20_candidates": round(verify_cpu * 1000, 1),
        "voting_160_concurrent_casts_all_accepted_seconds": round(cast_seconds, 3),
        "voting_casts_per_second": round(DEPUTIES / cast_seconds, 1),
        # The casts' two parts, as the voting api counted them: the proofs' check, CPU in its
        # worker processes, per ballot; and, while the proofs' checks let the ballots out one
        # by one, the group commits' wall time (one at a time per town).
        "voting_server_proof_check_cpu_ms_per_ballot": round(
            spent["minsheng_voting_proof_check_cpu_seconds_total"] * 1000 / DEPUTIES, 1),
        "voting_160_casts_storing_seconds_live": round(store_seconds, 3),
        "voting_160_casts_storing_groups_live": int(spent["minsheng_voting_cast_store_groups_total"]),
        # Storing the burst apart from its proofs: 160 casts whose proofs were checked
        # beforehand, stored at once through the same path (_store_checked).
        "voting_160_checked_casts_stored_at_once_seconds": round(replayed["seconds"], 3),
        "voting_160_checked_casts_stored_at_once_groups": replayed["groups"],
        "bare_160_commits_16_connections_seconds": round(commits_seconds, 3),
        "voting_casts_storing_vs_bare_commits": round(replayed["seconds"] / commits_seconds, 2),
        "voting_casts_storing_live_vs_bare_commits": round(store_seconds / commits_seconds, 2),
        "voting_casts_vs_bare_commits": round(cast_seconds / commits_seconds, 1),
        "voting_close_poll_rpc_seconds": round(close_seconds, 3),
        # Of which summing the 160 stored ballots (CPU, on the api's event loop): what the
        # casts no longer do.
        "voting_close_poll_sums_cpu_seconds": round(close_sums_cpu, 3),
        "voting_3_partial_decryptions_device_cpu_seconds": round(device_cpu, 3),
        "voting_3_partial_decryptions_accepted_signed_seconds": round(submit_seconds, 3),
        "voting_close_to_signed_result_160_ballots_20_candidates_seconds": round(close_total, 3),
        "voting_board_megabytes": round(board_bytes / 1e6, 2),
        "scrutineer_board_check_cpu_seconds": round(check_seconds, 2),
        "verifier_cpu_seconds": round(verifier_seconds, 2),
    }


def main() -> None:
    with bench_stack(["voting"]) as stack:
        print(json.dumps(asyncio.run(bench(stack)), indent=2))


if __name__ == "__main__":
    main()
