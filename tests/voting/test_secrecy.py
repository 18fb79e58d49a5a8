"""Secrecy: with a copy of the voting database (its heap files and WAL), every secret the
services hold and every log, no deputy's choice can be recovered; nothing in events, logs or
metrics names a voter with a ballot; a lost cast answer never costs the tracking code."""
import base64
import json
import urllib.request
from pathlib import Path

import grpc
import psycopg
import pytest
from nacl.public import PrivateKey

from minsheng.common.v1 import ballot_box_pb2 as box_pb
from minsheng.events.v1 import voting_events_pb2 as ev
from minsheng.events.v1.envelope_pb2 import Envelope
from minsheng.voting.v1 import voting_pb2 as pb
from minsheng.voting.v1 import voting_pb2_grpc
from services.ballotbox.ceremony import KeyRecord
from services.ballotbox.elgamal import lagrange
from services.ballotbox.group import G, InvalidEncoding, Scalar
from services.platform import events
from services.stack.runner import wait_serving
from services.voting import devices
from tests.helpers import staff_of, wait_for
from tests.voting.conftest import SCRUTINEERS, cast, close, open_poll

pytestmark = pytest.mark.integration


def test_the_application_can_only_add_to_who_voted_and_the_ballots(stack, sql):
    for table in ("ballots", "ballots_cast"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            sql(f"UPDATE voting.{table} SET poll_id = poll_id", role="app", town="xihu")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            sql(f"DELETE FROM voting.{table}", role="app", town="xihu")


def test_no_table_keeps_a_key_that_decrypts_and_ballots_keep_no_time_or_sequence(stack, sql):
    tables = {t for t, in sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'voting'")}
    assert "poll_keys" not in tables
    assert not sql("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'voting' "
                   "AND (column_name LIKE '%%private%%' OR column_name LIKE '%%secret%%')")
    columns = sql("SELECT column_name, data_type, column_default FROM information_schema.columns "
                  "WHERE table_schema = 'voting' AND table_name = 'ballots' ORDER BY column_name")
    assert [c[0] for c in columns] == ["ballot_id", "entry", "poll_id", "town_id"]
    assert not [c for c in columns if c[2] or "time" in c[1] or "date" in c[1]]


def encodings(secret: bytes) -> list[bytes]:
    """Every way a 32-byte secret might be written down: raw, hex, base64 (standard and URL-safe)."""
    b64 = base64.b64encode(secret)
    return [secret, secret.hex().encode(), b64, b64.rstrip(b"="), base64.urlsafe_b64encode(secret).rstrip(b"=")]


def files_under(*folders: Path) -> bytes:
    return b"".join(p.read_bytes() for folder in folders for p in folder.rglob("*") if p.is_file())


def env_candidates(env: dict[str, str]) -> list[bytes]:
    """Every 32-byte value a service's settings hold (base64 or hex decoded): what a thief of
    the environment would try as a key."""
    found = []
    for value in env.values():
        for decode in (base64.b64decode, base64.urlsafe_b64decode, bytes.fromhex):
            try:
                raw = decode(value.strip() + ("=" * (-len(value.strip()) % 4) if decode is not bytes.fromhex else ""))
            except ValueError:
                continue
            if len(raw) >= 32:
                found += [raw[i:i + 32] for i in range(0, len(raw) - 31, 16)]
    return found


async def test_a_stolen_database_environment_and_debug_logs_decrypt_no_ballot(stack, issuer, prepare, sql):
    debug_api = stack.start_service("voting", "api", supervised=False, MINSHENG_LOG_LEVEL="DEBUG")
    wait_serving(debug_api)
    try:
        voting = voting_pb2_grpc.VotingServiceStub(grpc.aio.insecure_channel(debug_api.target))
        s = await prepare("xihu", seated=5, present=5, candidates=3, seats=1, scrutineers=2)
        poll = await open_poll(voting, issuer, s)
        for deputy, marks in zip(s.deputies, ["FA-", "AF-", "FFA", "-AF", "FA-"]):
            await cast(voting, issuer, s, deputy, marks, poll)
        result = await close(voting, issuer, s, poll)
    finally:
        stack.stop_process(debug_api)
    assert json.loads(result.document)["counts"][s.candidate_ids[0]] == [3, 1, 1]
    sql("CHECKPOINT")  # the heap pages on disk, not only in the WAL
    scrutineers = SCRUTINEERS[s.session]
    states = list(scrutineers.states.values())
    record_hash = states[0].record_hash
    quorum = {st.index: st.share for st in states[:2]}
    joint_secret = Scalar(0)
    for index, share in quorum.items():
        joint_secret = joint_secret + lagrange(index, quorum) * share
    secrets = [bytes(st.share) for st in states] + [st.transport_key for st in states] + [bytes(joint_secret)]
    stolen = files_under(stack.pg.data / "base", stack.pg.data / "pg_wal", stack.pg.data / "global")
    stolen += b"".join(p.read_bytes() for p in stack.folder.glob("*.log"))
    envs = [p.env for p in stack.processes] + [debug_api.env]
    stolen += json.dumps(envs).encode()
    # The copy is real: it holds the encrypted ballots, and the log of the api at DEBUG.
    assert b"ballot_id" in stolen and b'"level": "DEBUG"' in debug_api.log.read_bytes()
    for secret in secrets:
        for written in encodings(secret):
            assert written not in stolen
    # Nothing the services' settings hold is the scrutineers' key, a share of it, or a key that
    # opens the shares the server keeps sealed to the scrutineers' devices.
    found = await voting_record(stack, issuer, s)
    targets = {bytes(found.joint_key()), *(bytes(found.public_share(t.index)) for t in found.trustees)}
    transport_publics = {t.transport_key for t in found.trustees}
    for candidate in {c for env in envs for c in env_candidates(env)}:
        try:
            assert bytes(Scalar.decode(candidate) * G) not in targets
        except InvalidEncoding:
            pass
        assert bytes(PrivateKey(candidate).public_key) not in transport_publics
    assert found.hash() == record_hash


async def voting_record(stack, issuer, s) -> KeyRecord:
    stub = voting_pb2_grpc.VotingServiceStub(grpc.aio.insecure_channel(stack.api("voting").target))
    found = await stub.GetKeyCeremony(pb.GetKeyCeremonyRequest(name=s.session + "/keyCeremony"),
                                      metadata=staff_of(issuer, s.town))
    return KeyRecord.from_json(json.loads(found.key_record))


async def test_a_lost_answer_never_costs_the_tracking_code(voting, issuer, prepare):
    s = await prepare("nanhu", seated=3, present=3, candidates=2, seats=1)
    poll = await open_poll(voting, issuer, s)
    deputy = issuer.metadata(s.deputies[0], s.town, "deputy")
    request = pb.CastBallotRequest(poll=poll.name, ballot=box_pb.EncryptedBallot(json=devices.encrypt(poll, "FA")),
                                   request_id="lost-answer")
    with pytest.raises(grpc.aio.AioRpcError) as lost:
        await voting.CastBallot(request, metadata=deputy, timeout=0.001)
    assert lost.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    receipt = await voting.CastBallot(request, metadata=deputy)  # the device retries with the same request id
    assert await voting.CastBallot(request, metadata=deputy) == receipt
    result = await close(voting, issuer, s, poll)
    board = await voting.GetBulletinBoard(box_pb.GetBulletinBoardRequest(name=poll.name + "/bulletinBoard"),
                                          metadata=staff_of(issuer, s.town))
    assert [b["tracking_code"] for b in json.loads(board.document)["ballots"]] == [receipt.tracking_code]
    assert json.loads(result.document)["deputies_voted"] == 1


async def test_no_identity_or_content_in_events_logs_metrics_and_identical_votes_differ(
        voting, issuer, prepare, nats_client, sql, stack):
    received: list[Envelope] = []

    async def collect(message):
        received.append(Envelope.FromString(message.data))
    subscription = await nats_client.subscribe("minsheng.taoluo.voting.>", cb=collect)
    s = await prepare("taoluo", seated=4, present=4, candidates=3, seats=1)
    staff = staff_of(issuer, s.town)
    poll = await open_poll(voting, issuer, s)
    codes = [await cast(voting, issuer, s, deputy, "FA-", poll) for deputy in s.deputies]
    poll_id = poll.name.rsplit("/", 1)[1]
    stored = [json.dumps(e) for e, in sql("SELECT entry FROM voting.ballots WHERE poll_id = %s", (poll_id,))]
    assert len(set(stored)) == 4  # the same vote four times, four ciphertexts
    assert len({len(e) for e in stored}) == 1  # and their sizes say nothing
    await close(voting, issuer, s, poll)
    await voting.FileResult(pb.FileResultRequest(poll=poll.name), metadata=staff)

    async def filed():
        return any(e.event_type == "result_filed" and e.aggregate_id == poll.name for e in received)
    await wait_for(filed, what="the ResultFiled event")
    await subscription.unsubscribe()
    mine = [e for e in received if e.aggregate_id in (poll.name, s.session)]
    assert [e.event_type for e in mine] == ["session_opened", "attendance_recorded", "key_ceremony_completed",
                                            "poll_opened"] + ["ballot_accepted"] * 4 + \
        ["poll_closed", "result_announced", "result_filed"]
    completed = events.unpack(mine[2])
    assert list(completed.key.trustees) == s.scrutineers and completed.key.quorum == 2
    for envelope in mine:
        if envelope.event_type == "ballot_accepted":
            assert events.unpack(envelope) == ev.BallotAccepted(poll=poll.name)
        # The scrutineers are named by the session (and its key record); no voter is named anywhere.
        named = s.scrutineers if envelope.event_type == "key_ceremony_completed" else []
        for secret in [d for d in s.deputies if d not in named] + codes:
            assert secret.encode() not in envelope.SerializeToString()
    metrics = urllib.request.urlopen(f"http://127.0.0.1:{stack.api('voting').metrics_port}/metrics").read().decode()
    logs = "".join(p.read_text(errors="replace") for p in stack.folder.glob("voting-*.log"))
    for secret in [*codes, *s.deputies]:
        assert secret not in metrics and secret not in logs
    assert "minsheng_rpc_requests_total" in metrics and "CastBallot" in metrics
