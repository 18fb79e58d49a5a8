"""The scrutineers' key ceremony over gRPC: each trustee runs the ballot box's trustee library
on their own device and talks to the server with their own deputy token; the server checks
every proof and keeps only public parts and sealed shares."""
import json

import grpc
import pytest

from minsheng.voting.v1 import voting_pb2 as pb
from services.ballotbox import trustee
from services.ballotbox.ceremony import Ceremony, KeyRecord
from services.ballotbox.group import G, encode
from services.voting import trustee as voting_trustee
from tests.helpers import expect_error, field_violations, reason, staff_of, violations
from tests.voting.conftest import cast

pytestmark = pytest.mark.integration
DENIED, REFUSED = grpc.StatusCode.PERMISSION_DENIED, grpc.StatusCode.FAILED_PRECONDITION
INVALID = grpc.StatusCode.INVALID_ARGUMENT


class Trustees:
    """The session's scrutineers, each with their own token and their tool's private state."""

    def __init__(self, voting, issuer, s, deputies: list[str]):
        self.voting, self.name, self.deputies = voting, s.session + "/keyCeremony", deputies
        self.meta = {d: issuer.metadata(d, s.town, "deputy") for d in deputies}
        self.states: dict[str, trustee.TrusteeState] = {}

    async def get(self) -> pb.KeyCeremony:
        return await self.voting.GetKeyCeremony(pb.GetKeyCeremonyRequest(name=self.name),
                                                metadata=self.meta[self.deputies[0]])

    async def ceremony(self) -> Ceremony:
        found = await self.get()
        return Ceremony(found.name, tuple(found.trustees), found.quorum)

    def publish(self, deputy: str, public) -> pb.PublishTrusteeKeyRequest:
        return self.voting.PublishTrusteeKey(pb.PublishTrusteeKeyRequest(
            name=self.name, public_part=json.dumps(public.to_json())), metadata=self.meta[deputy])

    async def keygen(self) -> KeyRecord:
        ceremony = await self.ceremony()
        for d in self.deputies:
            self.states[d], public = trustee.keygen(ceremony, d)
            await self.publish(d, public)
        return KeyRecord.from_json(json.loads((await self.get()).key_record))

    def post(self, deputy: str, shares: list[dict], as_deputy: str | None = None):
        return self.voting.PostKeyShares(pb.PostKeySharesRequest(name=self.name, shares=[json.dumps(m) for m in shares]),
                                         metadata=self.meta[as_deputy or deputy])

    def confirm(self, deputy: str, fingerprint: str):
        return self.voting.ConfirmTrusteeKey(pb.ConfirmTrusteeKeyRequest(name=self.name, fingerprint=fingerprint),
                                             metadata=self.meta[deputy])

    async def receive(self, deputy: str, record: KeyRecord) -> None:
        mine = await self.voting.ListKeyShares(pb.ListKeySharesRequest(name=self.name), metadata=self.meta[deputy])
        trustee.receive(self.states[deputy], record, [json.loads(m) for m in mine.shares])


async def test_three_scrutineers_make_a_two_of_three_key_the_server_cannot_use(voting, issuer, prepare, sql):
    s = await prepare(scrutineers=2)
    t = Trustees(voting, issuer, s, s.deputies[:3])
    record = await t.keygen()
    for d in t.deputies:
        await t.post(d, trustee.deal(t.states[d], record))
    for d in t.deputies:
        await t.receive(d, record)
        done = await t.confirm(d, record.fingerprint())
    assert done.state == pb.KeyCeremony.COMPLETE
    assert list(done.trustees) == t.deputies and done.quorum == 2 and list(done.confirmed) == t.deputies
    assert done.fingerprint == record.fingerprint()
    # Each trustee's share matches its public share in the record; the server stored only
    # public parts and sealed shares: no share, in any encoding it uses, is in its rows.
    for i, d in enumerate(t.deputies, 1):
        assert t.states[d].share * G == record.public_share(i)
    rows = sql("SELECT public::text, shares::text FROM voting.key_ceremonies WHERE session_id = %s",
               (s.session.rsplit("/", 1)[1],))
    assert len(rows) == 3
    stored = "".join(a + b for a, b in rows)
    assert not any(encode(st.share) in stored for st in t.states.values())


async def test_only_trustees_publish_their_own_proven_part_once(voting, issuer, prepare, other_town):
    s = await prepare(scrutineers=2)
    t = Trustees(voting, issuer, s, s.deputies[:4])
    chief, second, _, outsider = t.deputies
    found = await voting.GetKeyCeremony(pb.GetKeyCeremonyRequest(name=t.name), metadata=staff_of(issuer, s.town))
    assert found.state == pb.KeyCeremony.AWAITING_KEYS and found.key_record == "" and len(found.trustees) == 3
    ceremony = await t.ceremony()
    _, public = trustee.keygen(ceremony, chief)
    await expect_error(t.publish(outsider, public), DENIED)
    assert "public_part" in field_violations(await expect_error(t.publish(second, public), INVALID))
    bent = public.to_json()
    bent["proofs"][0], bent["proofs"][1] = bent["proofs"][1], bent["proofs"][0]
    error = await expect_error(voting.PublishTrusteeKey(pb.PublishTrusteeKeyRequest(
        name=t.name, public_part=json.dumps(bent)), metadata=t.meta[chief]), INVALID)
    assert "proof" in violations(error)["public_part"]
    await expect_error(voting.PublishTrusteeKey(pb.PublishTrusteeKeyRequest(name=t.name, public_part="{}"),
                                                metadata=t.meta[chief]), INVALID)
    await expect_error(voting.PublishTrusteeKey(pb.PublishTrusteeKeyRequest(
        name=t.name, public_part=json.dumps(public.to_json())), metadata=staff_of(issuer, s.town)), DENIED)
    # Publishing again is a no-op; another part is refused.
    await t.publish(chief, public)
    await t.publish(chief, public)
    assert reason(await expect_error(t.publish(chief, trustee.keygen(ceremony, chief)[1]), REFUSED)) == "KEY_PUBLISHED"
    # No dealing before every part is in, no confirming before every share is dealt.
    assert reason(await expect_error(t.post(chief, []), REFUSED)) == "KEYS_MISSING"
    assert reason(await expect_error(t.confirm(chief, "x"), REFUSED)) == "SHARES_MISSING"
    found = await t.get()
    assert list(found.published) == [chief] and found.state == pb.KeyCeremony.AWAITING_KEYS
    await expect_error(voting.GetKeyCeremony(pb.GetKeyCeremonyRequest(name=t.name),
                                             metadata=staff_of(issuer, other_town)), DENIED)


async def test_shares_go_to_every_other_trustee_and_the_fingerprint_must_match(voting, issuer, prepare):
    s = await prepare(scrutineers=2)
    t = Trustees(voting, issuer, s, s.deputies[:3])
    first, second, third = t.deputies
    record = await t.keygen()
    assert (await t.get()).state == pb.KeyCeremony.DEALING
    shares = trustee.deal(t.states[first], record)
    assert "shares" in field_violations(await expect_error(t.post(first, shares[:1]), INVALID))
    assert "shares" in field_violations(await expect_error(t.post(first, shares, as_deputy=second), INVALID))
    await t.post(first, shares)
    await t.post(first, shares)
    for d in (second, third):
        await t.post(d, trustee.deal(t.states[d], record))
    mine = await voting.ListKeyShares(pb.ListKeySharesRequest(name=t.name), metadata=t.meta[second])
    assert sorted(json.loads(m)["from"] for m in mine.shares) == [1, 3]
    assert {json.loads(m)["to"] for m in mine.shares} == {2}
    assert reason(await expect_error(t.confirm(second, "0000-0000-0000-0000"), REFUSED)) == "KEY_MISMATCH"
    found = await t.confirm(second, record.fingerprint())
    assert found.state == pb.KeyCeremony.DEALING and list(found.confirmed) == [second]


async def test_the_trustee_command_runs_the_ceremony_from_each_scrutineers_device(voting, issuer, prepare, stack,
                                                                                   tmp_path, monkeypatch, capsys):
    s = await prepare(scrutineers=2)
    deputies = s.deputies[:3]

    def run(deputy: str, *command: str) -> str:
        monkeypatch.setenv(voting_trustee.TOKEN_ENV, issuer.issue(deputy, s.town, "deputy"))
        code = voting_trustee.main([command[0], "--server", stack.api("voting").target, "--session", s.session,
                                    "--state", str(tmp_path / f"{deputy}.state"), *command[1:]])
        out, err = capsys.readouterr()
        assert code == 0, err
        return out

    for d in deputies:
        assert "fingerprint" in run(d, "keygen", "--deputy", d)
    assert (tmp_path / f"{deputies[0]}.state").stat().st_mode & 0o077 == 0
    for d in deputies:
        assert run(d, "shares").count("trustee ") == 3
    printed = {run(d, "receive").rsplit(" ", 1)[1].strip() for d in deputies}
    done = await voting.GetKeyCeremony(pb.GetKeyCeremonyRequest(name=s.session + "/keyCeremony"),
                                       metadata=staff_of(issuer, s.town))
    assert done.state == pb.KeyCeremony.COMPLETE and printed == {done.fingerprint}
    # The server's refusal reaches the scrutineer: a second keygen, from another device.
    monkeypatch.setenv(voting_trustee.TOKEN_ENV, issuer.issue(deputies[0], s.town, "deputy"))
    assert voting_trustee.main(["keygen", "--server", stack.api("voting").target, "--session", s.session,
                                "--state", str(tmp_path / "again.state"), "--deputy", deputies[0]]) == 1
    assert "refused" in capsys.readouterr().err

    # A poll under that key, counted by two of the three from their devices' state files.
    staff = staff_of(issuer, s.town)
    poll = await voting.OpenPoll(pb.OpenPollRequest(parent=s.session, poll=pb.Poll(
        title="票决", candidate_list=s.candidate_list, method=pb.ELECTRONIC)), metadata=staff)
    for d in s.deputies[:3]:
        await cast(voting, issuer, s, d, "FA-A", poll)
    await voting.ClosePoll(pb.ClosePollRequest(name=poll.name), metadata=staff)

    def decrypt(deputy: str, ballots: int) -> int:
        monkeypatch.setenv(voting_trustee.TOKEN_ENV, issuer.issue(deputy, s.town, "deputy"))
        return voting_trustee.main(["decrypt", "--server", stack.api("voting").target, "--state",
                                    str(tmp_path / f"{deputy}.state"), "--board", poll.name + "/bulletinBoard",
                                    "--ballots", str(ballots)])
    assert decrypt(deputies[2], 2) == 1  # fewer voted than the board lists: a trap, refused
    assert "not the 2 announced" in capsys.readouterr().err
    assert decrypt(deputies[2], 3) == 0 and "1 of the quorum of 2" in capsys.readouterr().out
    assert decrypt(deputies[0], 3) == 0 and "the counts are decrypted" in capsys.readouterr().out
    result = await voting.GetPollResult(pb.GetPollResultRequest(poll=poll.name), metadata=staff)
    assert json.loads(result.document)["counts"][s.candidate_ids[0]] == [3, 0, 0]


def test_the_trustee_command_picks_the_service_by_the_boards_name():
    assert voting_trustee.service_of("towns/t/sessions/s/polls/p/bulletinBoard", None) == "voting"
    assert voting_trustee.service_of("towns/t/evaluations/2024/assessment/bulletinBoard", None) == "evaluation"
    assert voting_trustee.service_of("towns/t/sessions/s/polls/p/bulletinBoard", "evaluation") == "evaluation"
