"""The independent verifier (services.voting.verify) on a real encrypted poll, built in process
with the ballot box as the service and the scrutineers' devices would: it accepts the genuine
result and board, and rejects an added, dropped or altered ballot, proof or sum, even when a
dishonest server signs a result naming the altered board."""
import copy
import json
from datetime import date

import pytest

from services.ballotbox import trustee
from services.ballotbox.ballot import encrypt_ballot
from services.ballotbox.box import Box, document, sha256
from services.ballotbox.ceremony import Ceremony
from services.ballotbox.group import G, encode
from services.voting import domain, verify
from services.voting.domain import VotingMethod
from tests.ballotbox.conftest import run_ceremony
from tests.voting.test_domain import fresh_keys, poll

MARKS = [{"c1": "for", "c2": "for", "c3": "against"}, {"c1": "for", "c2": "abstain", "c3": "for"},
         {"c1": "against", "c2": "for", "c3": "for"}, {"c1": "for", "c2": "for", "c3": "abstain"}]
SIGNER = fresh_keys()


@pytest.fixture(scope="module")
def election():
    keys = run_ceremony(Ceremony("towns/xihu/sessions/s/keyCeremony", ("chief", "second", "third"), 2))
    p = poll(n=3, seats=2)
    box = Box.open(domain.ballot_manifest(p), keys.record)
    form, key = box.manifest.form, keys.record.joint_key()
    entries = []
    for i, marks in enumerate(MARKS):
        checked = box.check(encrypt_ballot(form, form.marks(marks), key, box.context).to_json())
        box.cast(checked, f"r{i}", None, False)
        entries.append(checked.entry)
    box.close()
    counting = box.board(entries)
    for state in (keys.states[2], keys.states[0]):  # the second scrutineer is absent
        box.accept_partial(trustee.decrypt(state, counting, len(MARKS)))
    assert box.finish()
    extra = encrypt_ballot(form, form.marks(MARKS[0]), key, box.context).to_json()
    return p, box.board(entries), extra


def signed(p, board: dict) -> tuple[dict, str]:
    """The result a server would sign for this board (its counts, its hash), and the board's text."""
    text = document(board)
    counts = {c: {o: n for o, n in zip(board["manifest"]["form"]["options"], row)}
              for c, row in zip(board["manifest"]["form"]["candidates"], board.get("counts") or [[0, 0, 0]] * 3)}
    tally = domain.electronic_tally(counts, len(board["ballots"]))
    required = p.rules.votes_required(5, 5)
    facts = domain.ResultFacts(
        town_id="xihu", town_name="西湖镇", poll_name=p.name, session_name="towns/xihu/sessions/s",
        session_title="第一次会议", session_date=date(2024, 1, 15), candidate_list="towns/xihu/candidateLists/2024",
        runoff_of="", method=VotingMethod.ELECTRONIC, rules=p.rules, seats=p.seats, candidates=p.candidates,
        seated=5, present=5, deputies_voted=len(board["ballots"]), tally=tally, votes_required=required,
        decision=domain.decide(tally.counts, {c.candidate_id: c.rank for c in p.candidates}, p.seats, required),
        closed_at="2024-01-15T10:00:00+08:00", board_sha256=sha256(text))
    d = domain.result_document(facts)
    return verify.bundle(json.dumps(d, ensure_ascii=False), SIGNER.sign(d), SIGNER.public_key), text


def test_the_genuine_result_and_board_verify(election, tmp_path):
    p, board, _ = election
    result, text = signed(p, board)
    assert verify.check(result, SIGNER.public_key, text) == []
    assert result["document"]["counts"] == {"c1": [3, 1, 0], "c2": [3, 0, 1], "c3": [2, 1, 1]}
    (tmp_path / "r.json").write_text(json.dumps(result), encoding="utf-8")
    (tmp_path / "b.json").write_text(text, encoding="utf-8")
    assert verify.main([str(tmp_path / "r.json"), "--board", str(tmp_path / "b.json")]) == 0
    (tmp_path / "b.json").write_text(text.replace('"c1"', '"c9"', 1), encoding="utf-8")
    assert verify.main([str(tmp_path / "r.json"), "--board", str(tmp_path / "b.json")]) == 1


def test_a_board_other_than_the_signed_one_is_refused(election):
    p, board, _ = election
    result, text = signed(p, board)
    changed = copy.deepcopy(board)
    changed["ballots"].pop()
    assert verify.check(result, SIGNER.public_key, document(changed)) == [
        "the bulletin board is not the one the result names (SHA-256 differs)"]


def problems_after(election, change) -> list[str]:
    """A dishonest server changes the board, then signs a result naming the changed board."""
    p, board, extra = election
    changed = copy.deepcopy(board)
    change(changed, extra)
    result, text = signed(p, changed)
    return verify.check(result, SIGNER.public_key, text)


def test_an_added_ballot_is_found(election):
    def add(board, extra):
        entry = {"tracking_hash": "f" * 64, "tracking_code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ", **extra}
        board["ballots"].append(entry)
    found = problems_after(election, add)
    assert any("the tracking code is not the hash of the ballot" in p for p in found)
    assert any("the sum is not the sum of the listed ballots" in p for p in found)


def test_a_dropped_ballot_is_found(election):
    found = problems_after(election, lambda board, _: board["ballots"].pop(1))
    assert any("the sum is not the sum of the listed ballots" in p for p in found)


def test_an_altered_ballot_or_proof_is_found(election):
    def alter_ciphertext(board, _):
        board["ballots"][0]["selections"][0][0]["alpha"] = encode(G)
    assert any("not a proven 0 or 1" in p for p in problems_after(election, alter_ciphertext))

    def alter_proof(board, _):
        proof = board["ballots"][2]["totals"][1]
        proof["v"][0], proof["c"][0] = proof["c"][0], proof["v"][0]
    assert any("not exactly one option" in p for p in problems_after(election, alter_proof))


def test_an_altered_sum_or_decryption_or_count_is_found(election):
    def alter_sum(board, _):
        board["sums"][0][0], board["sums"][0][1] = board["sums"][0][1], board["sums"][0][0]
    found = problems_after(election, alter_sum)
    assert any("the sum is not the sum of the listed ballots" in p for p in found)

    def alter_part(board, _):
        parts = board["decryptions"][0]["parts"]
        parts[0][0], parts[0][1] = parts[0][1], parts[0][0]
    assert any("a proof of correct decryption does not verify" in p for p in problems_after(election, alter_part))

    p, board, _ = election
    result, text = signed(p, board)
    result["document"]["counts"]["c3"] = [1, 1, 2]  # and the signature no longer holds
    found = verify.check(result, SIGNER.public_key, text)
    assert "the signature does not match the document" in found
    assert "the counts are not the board's decrypted counts" in found
