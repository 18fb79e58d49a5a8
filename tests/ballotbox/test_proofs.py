"""Honest proofs verify; a proof, ciphertext or decryption part with any byte changed does not;
a proof is valid only for its context and label."""
from hypothesis import given, settings, strategies as st

from services.ballotbox.elgamal import Ciphertext, encrypt, partial_decryption
from services.ballotbox.group import Point, Scalar
from services.ballotbox.proofs import (Proof, RangeProof, prove_decryption, prove_knowledge, prove_range,
                                       verify_decryption, verify_knowledge, verify_range)
from tests.ballotbox.helpers import chunks, flipped, keypair

CONTEXT = bytes(range(64))
LABEL = (b"ballot-id-16byte", "selection", 3, 1)
EXAMPLES = settings(max_examples=20, deadline=None)
byte_changes = st.tuples(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=255))


@st.composite
def ranges(draw):
    lo = draw(st.integers(min_value=0, max_value=3))
    hi = draw(st.integers(min_value=lo, max_value=lo + 4))
    return lo, hi, draw(st.integers(min_value=lo, max_value=hi))


def _proof_bytes(proof: RangeProof) -> bytes:
    return b"".join(map(bytes, proof.challenges + proof.responses))


def _proof_from(data: bytes, branches: int) -> RangeProof | None:
    values = chunks(data, Scalar.decode)
    return None if values is None else RangeProof(values[:branches], values[branches:])


@EXAMPLES
@given(ranges(), byte_changes)
def test_range_proofs_verify_and_any_changed_byte_fails(bounds, change):
    lo, hi, value = bounds
    _, key = keypair()
    nonce = Scalar.random()
    ct = encrypt(value, key, nonce)
    proof = prove_range(ct, nonce, value, lo, hi, key, CONTEXT, LABEL)
    assert verify_range(proof, ct, lo, hi, key, CONTEXT, LABEL)
    changed = _proof_from(flipped(_proof_bytes(proof), *change), hi - lo + 1)
    assert changed is None or not verify_range(changed, ct, lo, hi, key, CONTEXT, LABEL)
    points = chunks(flipped(bytes(ct.alpha) + bytes(ct.beta), *change), Point.decode)
    assert points is None or not verify_range(proof, Ciphertext(*points), lo, hi, key, CONTEXT, LABEL)


@EXAMPLES
@given(ranges())
def test_range_proofs_are_bound_to_context_label_range_and_key(bounds):
    lo, hi, value = bounds
    _, key = keypair()
    nonce = Scalar.random()
    ct = encrypt(value, key, nonce)
    proof = prove_range(ct, nonce, value, lo, hi, key, CONTEXT, LABEL)
    assert not verify_range(proof, ct, lo, hi, key, bytes(64), LABEL)
    assert not verify_range(proof, ct, lo, hi, key, CONTEXT, LABEL[:-1] + (2,))
    assert not verify_range(proof, ct, lo, hi, keypair()[1], CONTEXT, LABEL)
    assert not verify_range(proof, ct, lo, hi + 1, key, CONTEXT, LABEL)


@EXAMPLES
@given(st.integers(min_value=0, max_value=6), st.integers(min_value=0, max_value=3))
def test_a_value_outside_the_range_cannot_be_proven_inside(value, claimed):
    """The prover lies about the value (the only way to attempt it): the proof fails."""
    _, key = keypair()
    nonce = Scalar.random()
    ct = encrypt(value, key, nonce)
    if value != claimed:
        assert not verify_range(prove_range(ct, nonce, claimed, 0, 3, key, CONTEXT, LABEL), ct, 0, 3, key,
                                CONTEXT, LABEL)


@EXAMPLES
@given(byte_changes)
def test_schnorr_proofs_verify_and_any_changed_byte_fails(change):
    secret, public = keypair()
    bound = (CONTEXT, 2, 0, b"transport")
    proof = prove_knowledge(secret, public, bound)
    assert verify_knowledge(proof, public, bound)
    assert not verify_knowledge(proof, public, (CONTEXT, 3, 0, b"transport"))
    values = chunks(flipped(bytes(proof.challenge) + bytes(proof.response), *change), Scalar.decode)
    assert values is None or not verify_knowledge(Proof(*values), public, bound)
    other = chunks(flipped(bytes(public), *change), Point.decode)
    assert other is None or not verify_knowledge(proof, other[0], bound)


@EXAMPLES
@given(byte_changes)
def test_decryption_proofs_verify_and_any_changed_byte_fails(change):
    share, public_share = keypair()
    ct = encrypt(5, keypair()[1], Scalar.random())
    part = partial_decryption(ct, share)
    proof = prove_decryption(share, public_share, ct, part, CONTEXT, 2)
    assert verify_decryption(proof, public_share, ct, part, CONTEXT, 2)
    assert not verify_decryption(proof, public_share, ct, part, CONTEXT, 3)
    changed_part = chunks(flipped(bytes(part), *change), Point.decode)
    assert changed_part is None or not verify_decryption(proof, public_share, ct, changed_part[0], CONTEXT, 2)
    values = chunks(flipped(bytes(proof.challenge) + bytes(proof.response), *change), Scalar.decode)
    assert values is None or not verify_decryption(Proof(*values), public_share, ct, part, CONTEXT, 2)


def test_a_part_made_with_another_share_fails():
    share, public_share = keypair()
    ct = encrypt(1, keypair()[1], Scalar.random())
    wrong = Scalar.random()
    part = partial_decryption(ct, wrong)
    assert not verify_decryption(prove_decryption(share, public_share, ct, part, CONTEXT, 1), public_share, ct, part,
                                 CONTEXT, 1)
