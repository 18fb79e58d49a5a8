import dataclasses

import pytest

from services.ballotbox import ballot
from services.ballotbox.ballot import encrypt_ballot, parse, problem
from services.ballotbox.poll import (ASSESSMENT_OPTIONS, ApprovalForm, ChoiceForm, InvalidForm, Manifest,
                                     form_from_json)
from tests.ballotbox.helpers import keypair

CONTEXT = bytes(range(64))
KEY = keypair()[1]
VOTE = ChoiceForm(("p1", "p2", "p3"))
APPROVE_ONE = ApprovalForm(("p1", "p2", "p3"), 1)


@pytest.fixture
def lying_prover(monkeypatch):
    """A client that claims every total and mark is within its range, whatever it encrypted."""
    real = ballot.prove_range
    monkeypatch.setattr(ballot, "prove_range", lambda ct, nonce, value, lo, hi, *rest:
                        real(ct, nonce, min(max(value, lo), hi), lo, hi, *rest))


def test_honest_ballots_of_every_form_are_accepted():
    assessment = ChoiceForm(("x", "y"), ASSESSMENT_OPTIONS, blank_allowed=True)
    for form, marks in ((VOTE, VOTE.marks({"p1": "for", "p2": "against", "p3": "abstain"})),
                        (APPROVE_ONE, APPROVE_ONE.marks(["p2"])), (APPROVE_ONE, APPROVE_ONE.marks([])),
                        (assessment, assessment.marks({"x": "基本满意"}))):
        assert problem(encrypt_ballot(form, marks, KEY, CONTEXT), form, KEY, CONTEXT) is None


@pytest.mark.parametrize("form, marks, reason", [
    (APPROVE_ONE, [[1], [1], [0]], "more than 1 approvals"),
    (APPROVE_ONE, [[2], [0], [0]], "candidate p1, option approve: not a proven 0 or 1"),
    (VOTE, [[2, 0, 0], [1, 0, 0], [1, 0, 0]], "candidate p1, option for: not a proven 0 or 1"),
    (VOTE, [[1, 0, 0], [1, 1, 0], [0, 0, 1]], "candidate p2: not exactly one option"),
    (VOTE, [[1, 0, 0], [0, 0, 0], [0, 0, 1]], "candidate p2: not exactly one option"),
])
def test_ballots_breaking_the_form_are_refused(lying_prover, form, marks, reason):
    assert problem(encrypt_ballot(form, marks, KEY, CONTEXT), form, KEY, CONTEXT) == reason


def test_a_ballot_is_valid_only_for_its_poll_and_key():
    b = encrypt_ballot(VOTE, VOTE.marks({c: "for" for c in VOTE.candidates}), KEY, CONTEXT)
    assert problem(b, VOTE, KEY, bytes(64)) is not None
    assert problem(b, VOTE, keypair()[1], CONTEXT) is not None
    assert problem(b, ChoiceForm(("p1", "p2")), KEY, CONTEXT) == "the ballot does not have the form's selections"


def test_moving_or_copying_selections_breaks_their_proofs():
    b = encrypt_ballot(VOTE, VOTE.marks({"p1": "for", "p2": "against", "p3": "for"}), KEY, CONTEXT)
    swapped = dataclasses.replace(b, selections=(b.selections[1], b.selections[0], b.selections[2]))
    assert problem(swapped, VOTE, KEY, CONTEXT) is not None
    other = encrypt_ballot(VOTE, VOTE.marks({"p1": "against", "p2": "against", "p3": "for"}), KEY, CONTEXT)
    copied = dataclasses.replace(other, selections=(b.selections[0],) + other.selections[1:])
    assert problem(copied, VOTE, KEY, CONTEXT) is not None


def test_json_round_trip_and_tracking_codes():
    b = encrypt_ballot(VOTE, VOTE.marks({c: "abstain" for c in VOTE.candidates}), KEY, CONTEXT)
    again = parse(b.to_json())
    assert again == b and problem(again, VOTE, KEY, CONTEXT) is None
    code = b.tracking_code(CONTEXT)
    assert len(code) == 19 and code.count("-") == 3 and not set(code) & set("ILOU")
    assert b.tracking_hash(CONTEXT)[:10] != encrypt_ballot(
        VOTE, VOTE.marks({c: "abstain" for c in VOTE.candidates}), KEY, CONTEXT).tracking_hash(CONTEXT)[:10]
    assert b.tracking_hash(bytes(64)) != b.tracking_hash(CONTEXT)


def test_any_changed_character_of_a_ballot_is_refused_or_changes_its_tracking_code():
    b = encrypt_ballot(APPROVE_ONE, APPROVE_ONE.marks(["p1"]), KEY, CONTEXT)
    data = b.to_json()
    alpha = data["selections"][1][0]["alpha"]
    for i in (0, 10, 42):
        changed = alpha[:i] + ("A" if alpha[i] != "A" else "B") + alpha[i + 1:]
        data["selections"][1][0]["alpha"] = changed
        try:
            tampered = parse(data)
        except ValueError:
            continue
        assert problem(tampered, APPROVE_ONE, KEY, CONTEXT) is not None
        assert tampered.tracking_hash(CONTEXT) != b.tracking_hash(CONTEXT)


@pytest.mark.parametrize("mangle", [
    lambda d: d.pop("totals"),
    lambda d: d.update(ballot_id="short"),
    lambda d: d["selections"][0][0].update(alpha="!"),
    lambda d: d["selections"][0][0]["proof"].update(c=[1, 2]),
])
def test_malformed_ballots_raise_value_error(mangle):
    data = encrypt_ballot(APPROVE_ONE, APPROVE_ONE.marks([]), KEY, CONTEXT).to_json()
    mangle(data)
    with pytest.raises(ValueError):
        parse(data)


def test_forms_check_their_definition_and_the_voters_marks():
    with pytest.raises(InvalidForm):
        ApprovalForm(("a", "b"), 3)
    with pytest.raises(InvalidForm):
        ChoiceForm(("a", "a"))
    with pytest.raises(InvalidForm):
        ChoiceForm(("a",), ("only",))
    with pytest.raises(InvalidForm):
        APPROVE_ONE.marks(["p1", "p2"])
    with pytest.raises(InvalidForm):
        VOTE.marks({"p1": "for"})  # the voting client fills "abstain" for unmarked candidates
    with pytest.raises(InvalidForm):
        VOTE.marks({"p1": "maybe", "p2": "for", "p3": "for"})
    assert ChoiceForm(("a", "b"), blank_allowed=True).marks({"a": "for"}) == [[1, 0, 0], [0, 0, 0]]


def test_manifests_round_trip_and_hash_every_field():
    manifest = Manifest("towns/t/sessions/s/polls/p", ChoiceForm(("x", "y"), ASSESSMENT_OPTIONS))
    assert Manifest.from_json(manifest.to_json()) == manifest
    variants = [Manifest("towns/t/sessions/s/polls/q", manifest.form),
                Manifest(manifest.poll, ChoiceForm(("x", "y"))),
                Manifest(manifest.poll, ChoiceForm(("y", "x"), ASSESSMENT_OPTIONS)),
                Manifest(manifest.poll, ChoiceForm(("x", "y"), ASSESSMENT_OPTIONS, blank_allowed=True)),
                Manifest(manifest.poll, ApprovalForm(("x", "y"), 1)), Manifest(manifest.poll, ApprovalForm(("x", "y"), 2))]
    assert len({m.hash() for m in [manifest, *variants]}) == 7
    assert form_from_json(APPROVE_ONE.to_json()) == APPROVE_ONE
