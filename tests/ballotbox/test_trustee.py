"""The key ceremony and the scrutineers' command-line tool."""
import copy
import json
import os

import pytest

from services.ballotbox import trustee, verify
from services.ballotbox.ballot import encrypt_ballot
from services.ballotbox.ceremony import Ceremony, KeyRecord, TrusteePublic
from services.ballotbox.group import G, Scalar
from services.ballotbox.poll import ApprovalForm, Manifest, context
from services.ballotbox.tally import bulletin_board, finish
from tests.ballotbox.conftest import run_ceremony

CEREMONY = Ceremony("towns/t/sessions/k", ("a", "b", "c"), 2)


def _started():
    states, publics = zip(*(trustee.keygen(CEREMONY, t) for t in CEREMONY.trustees))
    return list(states), list(publics)


def test_every_trustee_ends_with_a_share_of_one_joint_key(keys):
    record = keys.record
    assert record.problems() == []
    for state in keys.states:
        assert state.coefficients is None and state.share * G == record.public_share(state.index)
    # Any two shares interpolate the joint secret's public key: w1*Y1 + w3*Y3 = K.
    from services.ballotbox.elgamal import lagrange
    assert lagrange(1, [1, 3]) * record.public_share(1) + lagrange(3, [1, 3]) * record.public_share(3) \
        == record.joint_key()
    assert KeyRecord.from_json(json.loads(json.dumps(record.to_json()))) == record


def test_a_quorum_of_one_of_one_works():
    keys = run_ceremony(Ceremony("solo", ("only",), 1))
    assert keys.states[0].share * G == keys.record.joint_key()


def test_a_bad_share_is_caught_and_its_dealer_named():
    states, publics = _started()
    record = trustee.key_record(CEREMONY, publics)
    messages = [m for s in states for m in trustee.deal(s, record)]
    states[0].coefficients[1] = Scalar.random()  # trustee 1 now deals from another polynomial
    messages = [m for m in messages if m["from"] != 1] + trustee.deal(states[0], record)
    with pytest.raises(trustee.CeremonyError, match="the share from trustee 1 does not match its commitments"):
        trustee.receive(states[1], record, messages)


def test_missing_shares_and_another_key_record_are_refused():
    states, publics = _started()
    record = trustee.key_record(CEREMONY, publics)
    messages = trustee.deal(states[0], record) + trustee.deal(states[1], record)
    with pytest.raises(trustee.CeremonyError, match=r"no share yet from trustees \[3\]"):
        trustee.receive(states[1], record, [m for m in messages if m["from"] == 1])
    replaced = trustee.keygen(CEREMONY, "c")[1]
    other = trustee.key_record(CEREMONY, publics[:2] + [replaced])
    with pytest.raises(trustee.CeremonyError, match="differs from the one this trustee dealt shares for"):
        trustee.receive(states[1], other, messages)


def test_a_share_redirected_to_another_trustee_cannot_be_used():
    states, publics = _started()
    record = trustee.key_record(CEREMONY, publics)
    for s in states:
        trustee.deal(s, record)
    to_two = [m for m in trustee.deal(states[0], record) if m["to"] == 2][0]
    with pytest.raises(trustee.CeremonyError, match="cannot be opened"):
        trustee.receive(states[2], record, [dict(to_two, to=3)])


def test_public_parts_with_bad_proofs_or_a_swapped_transport_key_are_refused():
    states, publics = _started()
    swapped = TrusteePublic(publics[1].index, publics[1].commitments, publics[1].proofs, bytes(32))
    with pytest.raises(trustee.CeremonyError, match="trustee 2: a proof of knowledge"):
        trustee.key_record(CEREMONY, [publics[0], swapped, publics[2]])
    with pytest.raises(trustee.CeremonyError, match="every trustee's public part"):
        trustee.key_record(CEREMONY, publics[:2])
    assert publics[0].fingerprint(CEREMONY) != swapped.fingerprint(CEREMONY)


def test_the_state_file_is_private_and_round_trips(tmp_path):
    state, _ = trustee.keygen(CEREMONY, "b")
    path = tmp_path / "state.json"
    state.save(path)
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert trustee.TrusteeState.load(path) == state
    os.chmod(path, 0o644)
    with pytest.raises(trustee.CeremonyError, match="may be read by others"):
        trustee.TrusteeState.load(path)


def _cli(*args) -> int:
    return trustee.main([str(a) for a in args])


def test_the_command_line_tool_from_keygen_to_a_verified_board(tmp_path, capsys):
    ceremony_file = tmp_path / "ceremony.json"
    ceremony_file.write_text(json.dumps(CEREMONY.to_json()))
    folders = {t: tmp_path / t for t in CEREMONY.trustees}
    publics = [folders[t] / "public.json" for t in CEREMONY.trustees]
    for t, folder in folders.items():
        folder.mkdir()
        assert _cli("keygen", "--ceremony", ceremony_file, "--trustee", t, "--state", folder / "state",
                    "--public", folder / "public.json") == 0
    assert _cli("keygen", "--ceremony", ceremony_file, "--trustee", "a", "--state", folders["a"] / "state",
                "--public", tmp_path / "again.json") == 1
    for folder in folders.values():
        assert _cli("shares", "--state", folder / "state", "--publics", *publics, "--out-dir", tmp_path / "mail") == 0
    assert "compare these fingerprints aloud" in capsys.readouterr().out
    for folder in folders.values():
        assert _cli("receive", "--state", folder / "state", "--publics", *publics,
                    "--shares", *sorted((tmp_path / "mail").iterdir())) == 0
    fingerprints = {line.split()[-1] for line in capsys.readouterr().out.splitlines()}
    assert len(fingerprints) == 1  # every trustee has the same joint key

    record = trustee.key_record(CEREMONY, [TrusteePublic.from_json(json.loads(p.read_text())) for p in publics])
    form = ApprovalForm(("x", "y", "z"), 2)
    manifest = Manifest("towns/t/sessions/k/polls/1", form)
    ctx = context(manifest, record.hash(), record.joint_key())
    votes = [["x"], ["x", "y"], [], ["z", "x"]]
    board_file = tmp_path / "board.json"
    board_file.write_text(json.dumps(bulletin_board(
        manifest, record, [encrypt_ballot(form, form.marks(v), record.joint_key(), ctx) for v in votes])))
    for t in ("a", "c"):
        assert _cli("decrypt", "--state", folders[t] / "state", "--board", board_file, "--ballots", 4,
                    "--out", tmp_path / f"partial-{t}.json") == 0
    assert _cli("decrypt", "--state", folders["b"] / "state", "--board", board_file, "--ballots", 5,
                "--out", tmp_path / "partial-b.json") == 1
    closed = finish(json.loads(board_file.read_text()),
                    [json.loads((tmp_path / f"partial-{t}.json").read_text()) for t in ("a", "c")])
    assert closed["counts"] == [[3], [1], [1]]
    closed_file = tmp_path / "closed.json"
    closed_file.write_text(json.dumps(closed))
    capsys.readouterr()
    assert verify.main([str(closed_file)]) == 0
    assert "x: approve 3" in capsys.readouterr().out
    tampered = copy.deepcopy(closed)
    tampered["counts"][2][0] = 2
    closed_file.write_text(json.dumps(tampered))
    assert verify.main([str(closed_file)]) == 1
    assert "REJECTED" in capsys.readouterr().out
