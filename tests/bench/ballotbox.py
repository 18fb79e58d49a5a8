"""Benchmark of the ballot box (CPU only, no stack): a poll of 160 deputies on 20 candidates,
for/against/abstain, three scrutineers with a quorum of two, all three present at the close.

- encrypting one ballot (the voter's device) and verifying it (the server at cast);
- the close: adding the 160 ballots, three partial decryptions with their proofs, and the
  server combining them (checking every part's proof, Lagrange, discrete logarithms);
- one trustee's check of the board before it decrypts, and the independent verifier.

Each figure is also given as a ratio to a baseline measured in the same run: one libsodium
variable-base scalar multiplication. `make bench` reports `bench()`;
`python -m tests.bench.ballotbox` runs it alone."""
import json
import time

from services.ballotbox import trustee
from services.ballotbox.ballot import encrypt_ballot, problem
from services.ballotbox.ceremony import Ceremony, KeyRecord
from services.ballotbox.group import G, Scalar
from services.ballotbox.poll import ChoiceForm, Manifest, context
from services.ballotbox.tally import Board, bulletin_board, decrypt_sums, finish, sums
from services.ballotbox.verify import check, check_before_decryption

DEPUTIES = 160
CANDIDATES = 20


def _cpu(action, repeat: int = 1) -> tuple[float, object]:
    """CPU seconds of one call (process time: not inflated by other processes on the machine)."""
    started = time.process_time()
    for _ in range(repeat):
        result = action()
    return (time.process_time() - started) / repeat, result


def _baseline() -> float:
    """One variable-base scalar multiplication."""
    s = Scalar.random()
    p = s * G
    seconds, _ = _cpu(lambda: s * p, 2000)
    return seconds


def _ceremony() -> tuple[list[trustee.TrusteeState], KeyRecord]:
    ceremony = Ceremony("bench", ("chief", "second", "third"), 2)
    states, publics = zip(*(trustee.keygen(ceremony, t) for t in ceremony.trustees))
    record = trustee.key_record(ceremony, list(publics))
    messages = [m for s in states for m in trustee.deal(s, record)]
    for s in states:
        trustee.receive(s, record, messages)
    return list(states), record


def bench() -> dict:
    mult = _baseline()
    states, record = _ceremony()
    form = ChoiceForm(tuple(f"p{i:02d}" for i in range(CANDIDATES)))
    manifest = Manifest("bench/polls/1", form)
    key = record.joint_key()
    ctx = context(manifest, record.hash(), key)
    marks = [form.marks({c: form.options[(i + j) % 3] for j, c in enumerate(form.candidates)})
             for i in range(DEPUTIES)]
    encrypt_seconds, first = _cpu(lambda: encrypt_ballot(form, marks[0], key, ctx), 5)
    verify_seconds, found = _cpu(lambda: problem(first, form, key, ctx), 5)
    assert found is None
    ballots = [encrypt_ballot(form, m, key, ctx) for m in marks]

    sums_seconds, _ = _cpu(lambda: sums(form, ballots))
    board_json = bulletin_board(manifest, record, ballots)
    board = Board.parse(board_json)
    partial_seconds = []
    partials = []
    for s in states:
        seconds, partial = _cpu(lambda: decrypt_sums(s.share, s.index, board))
        partial_seconds.append(seconds)
        partials.append(partial)
    finish_seconds, closed = _cpu(lambda: finish(board_json, partials))
    assert closed["counts"][0] == [54, 53, 53]
    close_seconds = sums_seconds + sum(partial_seconds) + finish_seconds
    trustee_check_seconds, (_, problems) = _cpu(lambda: check_before_decryption(board_json))
    verifier_seconds, problems = _cpu(lambda: check(closed))
    assert problems == []

    def ms(seconds: float) -> float:
        return round(seconds * 1000, 2)

    return {
        "poll": f"{DEPUTIES} ballots x {CANDIDATES} candidates x 3 options, 3 trustees (quorum 2), all present",
        "baseline_scalar_multiplication_us": round(mult * 1e6, 1),
        "encrypt_ballot_ms": ms(encrypt_seconds),
        "verify_ballot_ms": ms(verify_seconds),
        "verify_ballot_in_scalar_multiplications": round(verify_seconds / mult),
        "close_ms": {"sums": ms(sums_seconds), "partial_decryptions_3_trustees": ms(sum(partial_seconds)),
                     "combine_with_part_proofs_checked_and_dlog": ms(finish_seconds), "total": ms(close_seconds)},
        "close_in_scalar_multiplications": round(close_seconds / mult),
        "trustee_board_check_before_decrypting_s": round(trustee_check_seconds, 2),
        "verifier_s": round(verifier_seconds, 2),
        "verifier_in_scalar_multiplications": round(verifier_seconds / mult),
        "board_json_bytes": len(json.dumps(closed)),
    }


if __name__ == "__main__":
    print(json.dumps(bench(), indent=2, ensure_ascii=False))
