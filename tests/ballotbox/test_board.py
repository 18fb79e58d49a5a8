"""End to end: 3 trustees, quorum 2, 30 ballots, one trustee absent at the close; then every
kind of tampering with the published board is caught, with its reason."""
import copy

import pytest

from services.ballotbox import trustee
from services.ballotbox.ballot import encrypt_ballot
from services.ballotbox.group import G, Scalar, decode_point, encode
from services.ballotbox.tally import Board, NotEnoughTrustees, finish, sums
from services.ballotbox.verify import check, counts
from tests.ballotbox.conftest import BALLOTS


def test_counts_are_right_with_one_trustee_absent_and_the_verifier_accepts(poll):
    assert [d["index"] for d in poll.board["decryptions"]] == [1, 3]
    # Ballots 0..11 rotate the options (4 each per candidate); ballots 12..29 are all "for".
    assert counts(poll.board) == {c: {"for": 22, "against": 4, "abstain": 4} for c in ("p1", "p2", "p3", "p4")}
    assert check(poll.board) == []


def test_every_quorum_gives_the_same_counts(poll, keys):
    for pair in ((0, 1), (1, 2)):
        partials = [trustee.decrypt(keys.states[i], poll.open_board, BALLOTS) for i in pair]
        assert finish(poll.open_board, partials)["counts"] == poll.board["counts"]


def _extra_ballot(poll, keys) -> dict:
    form = poll.manifest.form
    b = encrypt_ballot(form, form.marks({c: "against" for c in form.candidates}), keys.record.joint_key(), poll.context)
    return {"tracking_hash": b.tracking_hash(poll.context).hex(), "tracking_code": b.tracking_code(poll.context),
            **b.to_json()}


def _resorted(board):
    board["ballots"].sort(key=lambda e: e["tracking_hash"])


def test_an_added_ballot_is_caught(board, poll, keys):
    board["ballots"].append(_extra_ballot(poll, keys))
    _resorted(board)
    assert "candidate p1, option for: the sum is not the sum of the listed ballots" in check(board)


def test_an_added_ballot_with_sums_recomputed_is_caught_by_the_decryption_proofs(board, poll, keys):
    board["ballots"].append(_extra_ballot(poll, keys))
    _resorted(board)
    board["sums"] = [[ct.to_json() for ct in row] for row in sums(poll.manifest.form, Board.parse(board).ballots)]
    assert check(board)[0] == "trustee 1: a proof of correct decryption does not verify"


def test_a_dropped_ballot_is_caught(board):
    board["ballots"].pop(7)
    assert "candidate p2, option against: the sum is not the sum of the listed ballots" in check(board)


def test_a_ballot_listed_twice_is_caught(board):
    board["ballots"].insert(3, copy.deepcopy(board["ballots"][3]))
    problems = check(board)
    assert any(p.endswith("its ballot id is listed twice") for p in problems)


def test_an_altered_ballot_is_caught(board):
    entry = board["ballots"][5]
    old, new = entry["selections"][2][1]["beta"], encode(decode_point(entry["selections"][2][1]["beta"]) + G)
    entry["selections"][2][1]["beta"] = new
    problems = check(board)
    assert f"ballot {entry['tracking_code']}: the tracking code is not the hash of the ballot" in problems
    assert f"ballot {entry['tracking_code']}: candidate p3, option against: not a proven 0 or 1" in problems
    assert old != new


def test_a_ballot_that_is_not_an_encoding_makes_the_board_malformed(board):
    board["ballots"][0]["selections"][0][0]["alpha"] = "not base64!"
    assert check(board)[0].startswith("malformed board")


def test_an_altered_sum_is_caught(board):
    cell = board["sums"][3][2]
    cell["beta"] = encode(decode_point(cell["beta"]) + G)
    assert check(board) == ["candidate p4, option abstain: the sum is not the sum of the listed ballots"]


def test_an_altered_partial_decryption_is_caught(board):
    cell = board["decryptions"][1]["parts"][0][0]
    cell["part"] = encode(decode_point(cell["part"]) + G)
    assert check(board) == ["trustee 3: a proof of correct decryption does not verify"]


def test_an_altered_count_is_caught(board):
    board["counts"][0][0] -= 1
    board["counts"][0][1] += 1
    assert check(board) == ["candidate p1, option for: the count is not the decrypted sum",
                            "candidate p1, option against: the count is not the decrypted sum"]


def test_counts_that_do_not_add_up_are_caught(board):
    board["counts"][1][2] += 1
    assert "candidate p2: the options' counts add up to 31, not 30 ballots" in check(board)


@pytest.mark.parametrize("mangle", [lambda b: b.update(counts=5), lambda b: b["decryptions"].append(7),
                                    lambda b: b["decryptions"][0].update(parts="x"), lambda b: b.pop("sums")])
def test_malformed_decryptions_and_counts_are_reported_not_raised(board, mangle):
    mangle(board)
    assert check(board)[0].startswith("malformed")


def test_fewer_decryptions_than_the_quorum_are_caught(board):
    board["decryptions"].pop()
    assert check(board) == ["needs partial decryptions of at least 2 distinct trustees"]
    board["decryptions"].append(copy.deepcopy(board["decryptions"][0]))
    assert check(board) == ["needs partial decryptions of at least 2 distinct trustees"]


def test_a_changed_key_or_context_is_caught(board):
    bad_context = dict(board, context="00" * 64)
    assert check(bad_context) == ["the context is not the hash of the manifest and the key record"]
    trustees = board["key"]["trustees"]
    trustees[0]["commitments"][1] = encode(Scalar.random() * G)
    board["key"].pop("joint_key")
    assert check(board) == ["trustee 1: a proof of knowledge of a coefficient does not verify"]


def test_the_server_refuses_to_finish_without_a_quorum_of_valid_parts(poll, keys):
    good = trustee.decrypt(keys.states[0], poll.open_board, BALLOTS)
    forged = copy.deepcopy(trustee.decrypt(keys.states[1], poll.open_board, BALLOTS))
    forged["parts"][1][1]["part"] = encode(Scalar.random() * G)
    with pytest.raises(NotEnoughTrustees, match="trustee 2: a proof of correct decryption does not verify"):
        finish(poll.open_board, [good, forged, good])


def test_a_trustee_refuses_to_decrypt_a_sum_that_is_not_the_sum_of_the_ballots(poll, keys):
    board = copy.deepcopy(poll.open_board)
    board["sums"][0][0] = {k: board["ballots"][0]["selections"][0][0][k] for k in ("alpha", "beta")}
    with pytest.raises(trustee.CeremonyError, match="refusing to decrypt: candidate p1, option for"):
        trustee.decrypt(keys.states[0], board, BALLOTS)


def test_a_trustee_refuses_to_decrypt_fewer_ballots_than_were_cast(poll, keys):
    with pytest.raises(trustee.CeremonyError, match="lists 30 ballots, not the 31 announced"):
        trustee.decrypt(keys.states[0], poll.open_board, BALLOTS + 1)
