"""The encrypted poll's rules (services.ballotbox.box): cast once with an idempotent request id,
running sums or the stored ballots summed at the close, the close, a quorum of partial
decryptions, the board the verifier accepts."""
import json

import pytest

from services.ballotbox import box as boxes
from services.ballotbox import trustee, verify
from services.ballotbox.ballot import encrypt_ballot
from services.ballotbox.box import Box, BoxState, Invalid, Receipt, Refused
from services.ballotbox.poll import ApprovalForm, ChoiceForm, Manifest
from tests.ballotbox.conftest import choices


def new_box(keys, form=None) -> Box:
    form = form or ChoiceForm(("p1", "p2", "p3"))
    return Box.open(Manifest("towns/t/sessions/s/polls/b", form), keys.record)


def encrypted(box: Box, i: int) -> dict:
    form = box.manifest.form
    return encrypt_ballot(form, form.marks(choices(form, i)), box.record.joint_key(), box.context).to_json()


def test_a_cast_is_once_per_voter_and_a_retry_returns_the_same_receipt(keys):
    box = new_box(keys)
    checked = box.check(encrypted(box, 0))
    receipt, new = box.cast(checked, "req-1", None, False)
    assert new and box.voters == 1 and receipt.tracking_code == checked.tracking_code
    again, new = box.cast(box.check(encrypted(box, 1)), "req-1", receipt, False)
    assert again == receipt and not new and box.voters == 1
    with pytest.raises(Refused) as refused:
        box.cast(box.check(encrypted(box, 2)), "req-2", receipt, False)
    assert refused.value.reason == "ALREADY_VOTED"
    with pytest.raises(Refused) as refused:
        box.cast(checked, "req-3", None, True)
    assert refused.value.reason == "BALLOT_ID_USED" and box.voters == 1


def test_a_ballot_that_breaks_the_form_or_is_malformed_is_invalid_with_the_reason(keys):
    box = new_box(keys)
    form = box.manifest.form
    bad, other_ballot = encrypted(box, 0), encrypted(box, 1)
    bad["selections"][0] = other_ballot["selections"][0]  # proofs bound to another ballot id
    with pytest.raises(Invalid, match="candidate p1, option for: not a proven 0 or 1"):
        box.check(bad)
    with pytest.raises(Invalid, match="malformed ballot"):
        box.check({"ballot_id": "x"})
    other = Box.open(Manifest("towns/t/sessions/s/polls/other", form), keys.record)
    with pytest.raises(Invalid):  # proofs bound to another poll
        box.check(encrypted(other, 0))


def test_close_count_at_quorum_and_the_board_verifies(keys):
    box = new_box(keys)
    entries = []
    for i in range(5):
        checked = box.check(encrypted(box, i))
        box.cast(checked, f"r{i}", None, False)
        entries.append(checked.entry)
    with pytest.raises(Refused):
        box.accept_partial({"index": 1, "parts": []})
    box = Box.from_json(json.loads(json.dumps(box.to_json())))  # as stored
    box.close()
    with pytest.raises(Refused) as refused:
        box.cast(box.check(encrypted(box, 9)), "late", None, False)
    assert refused.value.reason == "POLL_CLOSED"
    counting = box.board(entries)
    assert verify.check_before_decryption(counting)[1] == []
    first = trustee.decrypt(keys.states[0], counting, 5)
    assert box.accept_partial(first) and not box.accept_partial(first) and not box.finish()
    forged = json.loads(json.dumps(trustee.decrypt(keys.states[2], counting, 5)))
    forged["parts"][0][0]["part"] = first["parts"][0][0]["part"]
    with pytest.raises(Invalid, match="does not verify"):
        box.accept_partial(forged)
    assert box.accept_partial(trustee.decrypt(keys.states[2], counting, 5)) and box.finish()
    assert box.state is BoxState.COUNTED
    board = box.board(entries)
    assert verify.check(board) == []
    expected = {c: {o: sum(choices(box.manifest.form, i)[c] == o for i in range(5)) for o in box.manifest.form.options}
                for c in box.manifest.form.candidates}
    assert box.counts_by_option() == expected == verify.counts(board)
    text = boxes.document(board)
    assert boxes.sha256(text) == boxes.sha256(boxes.document(json.loads(text)))


def test_the_close_sums_the_stored_ballots_as_the_running_sums_would(keys):
    running, stored = new_box(keys), new_box(keys)
    entries = []
    for i in range(4):
        checked = running.check(encrypted(running, i))
        running.cast(checked, f"r{i}", None, False)
        entries.append(json.loads(json.dumps(checked.entry)))  # as stored
    stored.sum_ballots(entries)
    assert stored.sums == running.sums and stored.voters == running.voters == 4
    stored.close()
    for state in keys.states[:2]:
        stored.accept_partial(trustee.decrypt(state, stored.board(entries), 4))
    assert stored.finish() and verify.check(stored.board(entries)) == []
    assert stored.counts_by_option() == {c: {o: sum(choices(stored.manifest.form, i)[c] == o for i in range(4))
                                             for o in stored.manifest.form.options}
                                         for c in stored.manifest.form.candidates}
    empty = new_box(keys)
    empty.sum_ballots([])
    assert empty.voters == 0 and empty.sums == new_box(keys).sums


@pytest.mark.parametrize("damage", [
    lambda e: e["selections"][0][1].update(alpha="not base64url!"),
    lambda e: e["selections"][1][0].update(beta=e["selections"][1][0]["beta"][:-2]),
    lambda e: e["selections"][2].pop(),
    lambda e: e.pop("selections"),
    lambda e: e.update(selections=None),
])
def test_summing_a_damaged_stored_ballot_raises_and_keeps_the_sums(keys, damage):
    box = new_box(keys)
    entries = [box.check(encrypted(box, i)).entry for i in range(2)]
    damaged = json.loads(json.dumps(entries[1]))
    damage(damaged)
    with pytest.raises(ValueError, match="malformed ballot"):
        box.sum_ballots([entries[0], damaged])
    assert box.voters == 0 and box.sums == new_box(keys).sums


def test_an_approval_box_counts_approvals(keys):
    form = ApprovalForm(("a", "b", "c"), 2)
    box = new_box(keys, form)
    entries = []
    for i, approved in enumerate([{"a"}, {"a", "c"}, set()]):
        checked = box.check(encrypt_ballot(form, form.marks(approved), box.record.joint_key(), box.context).to_json())
        box.cast(checked, f"r{i}", None, False)
        entries.append(checked.entry)
    box.close()
    for state in keys.states[:2]:
        box.accept_partial(trustee.decrypt(state, box.board(entries), 3))
    assert box.finish() and box.counts_by_option() == {"a": {"approve": 2}, "b": {"approve": 0}, "c": {"approve": 1}}


def test_receipts_round_trip():
    r = Receipt("req", "AAAA-BBBB-CCCC-DDDD", "ab" * 32)
    assert Receipt.from_json(r.to_json()) == r
