"""Encrypted ballots: encrypted on the voter's device, checked by the server at cast, listed on
the bulletin board with their tracking codes.

A ballot is a grid of selections (poll.py), each an ElGamal encryption of 0 or 1 with a range
proof 0..1, and one range proof per group of the form on the sum of its selections. Every proof
is bound to the poll's context and to its place on this ballot: (ballot_id, "selection",
candidate, option) or (ballot_id, "total", group). ballot_id is 16 random bytes chosen by the
encrypting device; a poll accepts a ballot_id once, so copying part of someone's ballot into
one's own (whose proofs would then need the other ballot's id) is refused as a duplicate.

The tracking code is a hash of everything on the ballot: `tracking_hash` (32 bytes, hex) and
its short form for people (`short_code`, 16 Crockford base32 characters)."""
import os
from contextlib import contextmanager
from dataclasses import dataclass

from services.ballotbox.ceremony import short_code
from services.ballotbox.elgamal import Ciphertext, add_all, encrypt
from services.ballotbox.group import InvalidEncoding, Point, Scalar, decode_bytes, digest, encode
from services.ballotbox.poll import Form, Group
from services.ballotbox.proofs import RangeProof, prove_range, verify_range

BALLOT_ID_BYTES = 16


@dataclass(frozen=True, slots=True)
class Selection:
    ciphertext: Ciphertext
    proof: RangeProof

    def to_json(self) -> dict:
        return {**self.ciphertext.to_json(), "proof": self.proof.to_json()}

    @classmethod
    def from_json(cls, data: dict) -> "Selection":
        return cls(Ciphertext.from_json(data), RangeProof.from_json(data["proof"]))


def _proof_parts(proof: RangeProof) -> tuple:
    return (len(proof.challenges), *proof.challenges, len(proof.responses), *proof.responses)


@dataclass(frozen=True)
class EncryptedBallot:
    ballot_id: bytes
    selections: tuple[tuple[Selection, ...], ...]  # [candidate][option]
    totals: tuple[RangeProof, ...]  # one per group of the form

    def _parts(self) -> list:
        parts: list = [self.ballot_id, len(self.selections)]
        for row in self.selections:
            parts.append(len(row))
            for s in row:
                parts += [s.ciphertext.alpha, s.ciphertext.beta, *_proof_parts(s.proof)]
        parts.append(len(self.totals))
        for proof in self.totals:
            parts += _proof_parts(proof)
        return parts

    def tracking_hash(self, context: bytes) -> bytes:
        return digest("tracking", context, *self._parts())[:32]

    def tracking_code(self, context: bytes) -> str:
        return short_code(self.tracking_hash(context))

    def ciphertexts(self) -> list[list[Ciphertext]]:
        return [[s.ciphertext for s in row] for row in self.selections]

    def to_json(self) -> dict:
        return {"ballot_id": encode(self.ballot_id),
                "selections": [[s.to_json() for s in row] for row in self.selections],
                "totals": [p.to_json() for p in self.totals]}

    @classmethod
    def from_json(cls, data: dict) -> "EncryptedBallot":
        """Raises InvalidEncoding (or KeyError/TypeError) on anything malformed."""
        return cls(decode_bytes(data["ballot_id"], BALLOT_ID_BYTES),
                   tuple(tuple(map(Selection.from_json, row)) for row in data["selections"]),
                   tuple(map(RangeProof.from_json, data["totals"])))


def selection_label(ballot_id: bytes, candidate: int, option: int) -> tuple:
    return (ballot_id, "selection", candidate, option)


def total_label(ballot_id: bytes, group: int) -> tuple:
    return (ballot_id, "total", group)


def encrypt_ballot(form: Form, marks: list[list[int]], key: Point, context: bytes,
                   ballot_id: bytes | None = None) -> EncryptedBallot:
    """The voter's device: `marks` from form.marks(...). ValueError if they break the form."""
    ballot_id = os.urandom(BALLOT_ID_BYTES) if ballot_id is None else ballot_id
    nonces = [[Scalar.random() for _ in form.options] for _ in form.candidates]
    selections = tuple(
        tuple(_selection(marks[c][o], nonces[c][o], key, context, selection_label(ballot_id, c, o))
              for o in range(len(form.options)))
        for c in range(len(form.candidates)))
    totals = []
    for g, group in enumerate(form.groups()):
        total = add_all(selections[c][o].ciphertext for c, o in group.cells)
        nonce = Scalar(0)
        for c, o in group.cells:
            nonce = nonce + nonces[c][o]
        value = sum(marks[c][o] for c, o in group.cells)
        totals.append(prove_range(total, nonce, value, group.lo, group.hi, key, context, total_label(ballot_id, g)))
    return EncryptedBallot(ballot_id, selections, tuple(totals))


def _selection(mark: int, nonce: Scalar, key: Point, context: bytes, label: tuple) -> Selection:
    ct = encrypt(mark, key, nonce)
    return Selection(ct, prove_range(ct, nonce, mark, 0, 1, key, context, label))


def _group_problem(form: Form, group: Group) -> str:
    if len(group.cells) == len(form.candidates) * len(form.options) and group.hi < len(group.cells):
        return f"more than {group.hi} approvals"
    candidate = form.candidates[group.cells[0][0]]
    return f"candidate {candidate}: not {'at most' if group.lo == 0 else 'exactly'} one option"


def problem(ballot: EncryptedBallot, form: Form, key: Point, context: bytes) -> str | None:
    """The server at cast, and the verifier: None for a valid ballot, else the first reason."""
    if len(ballot.selections) != len(form.candidates) or any(len(r) != len(form.options) for r in ballot.selections):
        return "the ballot does not have the form's selections"
    groups = form.groups()
    if len(ballot.totals) != len(groups):
        return "the ballot does not have one total proof per group of the form"
    for c, row in enumerate(ballot.selections):
        for o, s in enumerate(row):
            if not verify_range(s.proof, s.ciphertext, 0, 1, key, context, selection_label(ballot.ballot_id, c, o)):
                return f"candidate {form.candidates[c]}, option {form.options[o]}: not a proven 0 or 1"
    for g, (group, proof) in enumerate(zip(groups, ballot.totals)):
        total = add_all(ballot.selections[c][o].ciphertext for c, o in group.cells)
        if not verify_range(proof, total, group.lo, group.hi, key, context, total_label(ballot.ballot_id, g)):
            return _group_problem(form, group)
    return None


@contextmanager
def _malformed():
    try:
        yield
    except (InvalidEncoding, KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"malformed ballot: {exc}") from exc


def parse(data: dict) -> EncryptedBallot:
    """A ballot from its JSON; ValueError naming the problem when it is malformed."""
    with _malformed():
        return EncryptedBallot.from_json(data)


def ciphertexts_of(data: dict) -> list[list[Ciphertext]]:
    """Only the ciphertexts of a ballot's JSON, [candidate][option], its proofs left unread
    (what the sums need: half the CPU of `parse`); ValueError when they are malformed."""
    with _malformed():
        return [[Ciphertext.from_json(s) for s in row] for row in data["selections"]]
