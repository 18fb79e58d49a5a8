"""The independent verifier: checks a bulletin board (tally.py) from the document alone.

    python -m services.ballotbox.verify BOARD.json

In order: the key ceremony (every trustee's proofs of knowledge, the joint key), the context
hash, every ballot (its proofs, its tracking hash and code, no ballot id twice), that the sums
are the sums of the listed ballots, every partial decryption's proof (at least a quorum of
distinct trustees), and that the combined decryption of every sum is the published count.
It does not judge the outcome: the rules that turn counts into a decision belong to the poll's
owner. A verifier of a poll's result runs `check` and then its own rules on `counts(board)`
(services/voting's verifier does, for the projects adopted). Exit status 0 when every check passes."""
import argparse
import json
import sys
from pathlib import Path

from services.ballotbox import ballot as ballots
from services.ballotbox.elgamal import combine, multiple
from services.ballotbox.poll import ApprovalForm
from services.ballotbox.tally import Board, partial_problem, parts_of, sums


def _ballot_problems(data: dict, board: Board) -> list[str]:
    problems = []
    key, ctx, form = board.record.joint_key(), board.context, board.manifest.form
    seen: set[bytes] = set()
    for entry, b in zip(data["ballots"], board.ballots):
        code = b.tracking_code(ctx)
        listed = f"ballot {entry.get('tracking_code')}"  # named as the voter finds it on the board
        if b.ballot_id in seen:
            problems.append(f"{listed}: its ballot id is listed twice")
        seen.add(b.ballot_id)
        if entry.get("tracking_hash") != b.tracking_hash(ctx).hex() or entry.get("tracking_code") != code:
            problems.append(f"{listed}: the tracking code is not the hash of the ballot")
        reason = ballots.problem(b, form, key, ctx)
        if reason:
            problems.append(f"{listed}: {reason}")
    hashes = [e.get("tracking_hash") for e in data["ballots"]]
    if hashes != sorted(hashes):
        problems.append("the ballots are not listed in the order of their tracking hashes")
    return problems


def _sum_problems(board: Board) -> list[str]:
    form = board.manifest.form
    expected = sums(form, board.ballots)
    return [f"candidate {form.candidates[c]}, option {form.options[o]}: the sum is not the sum of the listed ballots"
            for c, row in enumerate(expected) for o, ct in enumerate(row)
            if len(board.sums) != len(expected) or len(board.sums[c]) != len(row) or board.sums[c][o] != ct]


def check_before_decryption(data: dict) -> tuple[Board | None, list[str]]:
    """The board as trustees receive it at the close: everything but decryptions and counts."""
    try:
        board = Board.parse(data)
    except ValueError as exc:
        return None, [str(exc)]
    problems = board.record.problems()
    if problems:
        return board, problems
    if board.context != board.expected_context():
        return board, ["the context is not the hash of the manifest and the key record"]
    return board, _ballot_problems(data, board) + _sum_problems(board)


def _count_problems(board: Board, counts: list[list[int]]) -> list[str]:
    form = board.manifest.form
    n = len(board.ballots)
    if [len(r) for r in counts] != [len(form.options)] * len(form.candidates) or \
            not all(isinstance(x, int) and 0 <= x <= n for r in counts for x in r):
        return ["the counts do not have the form's shape, or a count is outside 0..ballots"]
    if isinstance(form, ApprovalForm):
        return [] if sum(r[0] for r in counts) <= n * form.max_approvals else ["more approvals than the ballots allow"]
    return [f"candidate {c}: the options' counts add up to {sum(r)}, not {n} ballots"
            for c, r in zip(form.candidates, counts)
            if sum(r) > n or (sum(r) < n and not form.blank_allowed)]


def _decryption_problems(data: dict, board: Board) -> list[str]:
    partials = data.get("decryptions")
    counts = data.get("counts")
    if not isinstance(partials, list) or counts is None:
        return ["the board has no decryptions or no counts"]
    indexes = [p.get("index") for p in partials]
    if len(set(indexes)) != len(indexes) or len(indexes) < board.record.ceremony.quorum:
        return [f"needs partial decryptions of at least {board.record.ceremony.quorum} distinct trustees"]
    problems = [p for p in (partial_problem(partial, board) for partial in partials) if p]
    problems += _count_problems(board, counts)
    if problems:
        return problems
    grids = {p["index"]: parts_of(p) for p in partials}
    form = board.manifest.form
    return [f"candidate {form.candidates[c]}, option {form.options[o]}: the count is not the decrypted sum"
            for c, row in enumerate(board.sums) for o, ct in enumerate(row)
            if combine(ct, {i: g[c][o] for i, g in grids.items()}) != multiple(counts[c][o])]


def check(data: dict) -> list[str]:
    """Every problem found; an empty list means the board is correct."""
    board, problems = check_before_decryption(data)
    if board is None or problems:
        return problems
    try:
        return _decryption_problems(data, board)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        return [f"malformed decryptions or counts: {exc!r}"]


def counts(data: dict) -> dict[str, dict[str, int]]:
    """candidate -> option -> count, for the poll's rules (after `check` found nothing)."""
    form = data["manifest"]["form"]
    options = form.get("options", ["approve"])
    return {c: dict(zip(options, row)) for c, row in zip(form["candidates"], data["counts"])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.ballotbox.verify", description=__doc__.split("\n")[0])
    parser.add_argument("board", type=Path, help="the bulletin board, JSON")
    args = parser.parse_args(argv)
    try:
        data = json.loads(args.board.read_text(encoding="utf-8"))
        problems = check(data)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        problems = [f"not a bulletin board: {exc!r}"]
    if problems:
        print("REJECTED\n  " + "\n  ".join(problems))
        return 1
    print(f"OK {data['manifest']['poll']}: {len(data['ballots'])} ballots, proofs, sums and decryptions verified")
    for candidate, by_option in counts(data).items():
        print(f"  {candidate}: " + ", ".join(f"{o} {n}" for o, n in by_option.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
