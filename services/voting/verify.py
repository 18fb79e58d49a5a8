"""Checks a published voting result from the published documents alone: the signature, the
bulletin board of an electronic poll (every encrypted ballot's proofs, that the sums are the
products of the ballots, every scrutineer's decryption proof, the counts), turnout, and that
the decision follows from the counts by the rules the document states.

    python -m services.voting.verify RESULT.json [--board BOARD.json] [--public-key BASE64]

RESULT.json is {"document": {...}, "signature": base64, "public_key": base64}, as written by
`bundle()` from a PollResult (document, signature, public_key); BOARD.json is the poll's
bulletin board exactly as GetBulletinBoard serves it (its SHA-256 is in the signed document).
Pass --public-key (the key GetResultSigningKey publishes) to pin the signer; without it the
document's own key is used, which proves integrity but not who signed. Without --board an
electronic result's counts are checked against the rules but not against the ballots.
Exit status 0 when every check passes.

Independent of the voting service: it imports none of its code. The decision rules are
written again here from their published statement (README, "Voting"); the board is checked
by the ballot box's verifier (services.ballotbox.verify), a library of the published
cryptographic checks that the service uses but does not own, and the signature's format is
the platform's (services.platform.signing)."""
import argparse
import base64
import json
import sys
from pathlib import Path

from services.ballotbox import verify as board_verifier
from services.ballotbox.box import sha256
from services.platform.signing import verifies

VOTE_OPTIONS = ["for", "against", "abstain"]


def bundle(document: str, signature: bytes, public_key: bytes) -> dict:
    """What a verifier reads: the document as JSON, signature and key in base64."""
    return {"document": json.loads(document), "signature": base64.b64encode(signature).decode("ascii"),
            "public_key": base64.b64encode(public_key).decode("ascii")}


def check_signature(result: dict, trusted_key: bytes | None) -> list[str]:
    key = base64.b64decode(result["public_key"])
    if trusted_key is not None and key != trusted_key:
        return ["signed by another key than the trusted one"]
    if not verifies(result["document"], base64.b64decode(result["signature"]), key):
        return ["the signature does not match the document"]
    return []


# --- The rules, as published ------------------------------------------------------------------

def quorum_required(rules: dict, seated: int) -> int:
    """At least quorum x seated present."""
    q = rules["quorum"]
    return -(-seated * q["numerator"] // q["denominator"])


def votes_required(rules: dict, seated: int, present: int) -> int:
    """'For' votes must exceed majority x base (seated or present deputies)."""
    base = seated if rules["majority_base"] == "SEATED" else present
    m = rules["majority"]
    return base * m["numerator"] // m["denominator"] + 1


def adoption(for_votes: dict[str, int], ranks: dict[str, int], seats: int, required: int) -> dict:
    """The passing ('for' >= required) ranked by votes, list rank for display order; the top
    `seats` adopted, unless equal votes straddle the cut: then a TIE naming the tied."""
    passing = sorted((c for c in for_votes if for_votes[c] >= required), key=lambda c: (-for_votes[c], ranks[c]))
    if len(passing) <= seats or for_votes[passing[seats - 1]] != for_votes[passing[seats]]:
        adopted = passing[:seats]
        return _decision("DECIDED", passing, adopted, unfilled_seats=seats - len(adopted))
    cut = for_votes[passing[seats - 1]]
    adopted = [c for c in passing if for_votes[c] > cut]
    return _decision("TIE", passing, adopted, tied=[c for c in passing if for_votes[c] == cut],
                     runoff_seats=seats - len(adopted))


def _decision(outcome: str, passing=(), adopted=(), *, tied=(), runoff_seats=0, unfilled_seats=0,
              void_reason="") -> dict:
    return {"outcome": outcome, "passing": list(passing), "adopted": list(adopted), "tied": list(tied),
            "runoff_seats": runoff_seats, "unfilled_seats": unfilled_seats, "void_reason": void_reason}


def expected_decision(d: dict) -> tuple[dict, int]:
    """What the counts decide by the document's rules (version 2 and later), and the votes required."""
    rules, seated, present = d["rules"], d["seated_deputies"], d["present_deputies"]
    most_votes_runoff = bool(d["runoff_of"]) and rules.get("runoff_rule", "MOST_VOTES") == "MOST_VOTES"
    required = 0 if most_votes_runoff else votes_required(rules, seated, present)
    for_votes = {c: d["counts"][c][0] for c in d["counts"]}
    void = [reason for reason, applies in (
        ("BALLOTS_EXCEED_ISSUED", _returned_exceed_issued(d)), ("UNSEATED_VOTER", d["unseated_voters"] > 0),
        ("BALLOTS_EXCEED_PRESENT", d["deputies_voted"] > present),
        ("NO_QUORUM_AT_CLOSE", present < quorum_required(rules, seated))) if applies]
    if void:
        return _decision("POLL_INVALID", void_reason=void[0]), required
    if not any(for_votes.values()):
        return _decision("NO_VOTES"), required
    ranks = {c["candidate_id"]: c["rank"] for c in d["candidates"]}
    return adoption(for_votes, ranks, d["seats"], required), required


def _returned_exceed_issued(d: dict) -> bool:
    return d["method"] == "PAPER" and d["paper"]["ballots_returned"] > d["paper"]["ballots_issued"]


def check_decision(d: dict) -> list[str]:
    if d.get("version", 1) == 1:  # every poll, runoffs too, by the first poll's rule
        required = votes_required(d["rules"], d["seated_deputies"], d["present_deputies"])
        if _returned_exceed_issued(d):
            return [] if d["outcome"] == "POLL_INVALID" else ["returned > issued must void the poll"]
        ranks = {c["candidate_id"]: c["rank"] for c in d["candidates"]}
        expected = adoption({c: n[0] for c, n in d["counts"].items()}, ranks, d["seats"], required)
        fields = ["outcome", "passing", "adopted", "tied", "runoff_seats"]
    else:
        expected, required = expected_decision(d)
        fields = list(expected)
    problems = []
    if required != d["votes_required"]:
        problems.append(f"the rules require {required} votes, the document says {d['votes_required']}")
    if [d[f] for f in fields] != [expected[f] for f in fields]:
        problems.append("the adopted projects do not follow from the counts and the rules")
    return problems


# --- Ballots ------------------------------------------------------------------------------------

def _form_problems(d: dict, form: dict) -> list[str]:
    ids = [c["candidate_id"] for c in d["candidates"]]
    if d["rules"]["ballot_form"] == "APPROVE_UP_TO_SEATS":
        expected = {"kind": "approval", "candidates": ids, "max_approvals": d["seats"]}
    else:
        expected = {"kind": "choice", "candidates": ids, "options": VOTE_OPTIONS, "blank_allowed": False}
    return [] if form == expected else ["the board's ballot form is not the poll's candidates and rules"]


def _board_counts(board: dict) -> dict[str, list[int]]:
    """candidate -> [for, against, abstain] from the board's decrypted counts."""
    found = board_verifier.counts(board)
    return {c: [n.get("for", n.get("approve", 0)), n.get("against", 0), n.get("abstain", 0)]
            for c, n in found.items()}


def check_board(d: dict, board_text: str) -> list[str]:
    """An electronic result against its bulletin board: the board is the one the signed
    document names, every check of the ballot box's verifier passes, and the counts, ballots
    and form are the board's."""
    if sha256(board_text) != d["bulletin_board"]["sha256"]:
        return ["the bulletin board is not the one the result names (SHA-256 differs)"]
    board = json.loads(board_text)
    problems = board_verifier.check(board)
    if problems:
        return ["bulletin board: " + p for p in problems]
    if board["manifest"]["poll"] != d["poll"]:
        problems.append("the bulletin board is of another poll")
    problems += _form_problems(d, board["manifest"]["form"])
    if len(board["ballots"]) != d["ballots"]:
        problems.append(f"ballots added or removed: the board lists {len(board['ballots'])}, "
                        f"the result counts {d['ballots']}")
    if not problems and _board_counts(board) != d["counts"]:
        problems.append("the counts are not the board's decrypted counts")
    return problems


def check_electronic(d: dict, board_text: str | None) -> list[str]:
    problems = []
    if not d["ballots"] == d["deputies_voted"] == d["valid_ballots"] or d["invalid_ballots"]:
        problems.append(f"ballots added or removed: {d['ballots']} counted, {d['deputies_voted']} deputies voted, "
                        f"{d['valid_ballots']} valid and {d['invalid_ballots']} invalid (an invalid one is refused at cast)")
    n = d["ballots"]
    if d["rules"]["ballot_form"] == "FOR_AGAINST_ABSTAIN":
        if any(sum(counts) != n for counts in d["counts"].values()):
            problems.append("a candidate's for + against + abstain differs from the ballots "
                            "(every encrypted ballot has one option per candidate)")
    elif any(a or b or f > n for f, a, b in d["counts"].values()) or \
            sum(f for f, _, _ in d["counts"].values()) > n * d["seats"]:
        problems.append("the approvals do not fit the ballots (at most the seats on each)")
    if board_text is not None:
        problems += check_board(d, board_text)
    return problems


def check_paper(d: dict) -> list[str]:
    paper = d["paper"]
    problems = []
    if d["ballots"] != paper["ballots_returned"]:
        problems.append("ballots counted differ from ballots returned")
    if d["rules"]["ballot_form"] == "FOR_AGAINST_ABSTAIN":
        if any(sum(counts) != d["valid_ballots"] for counts in d["counts"].values()):
            problems.append("a candidate's for + against + abstain differs from the valid ballots")
    return problems


def check(result: dict, trusted_key: bytes | None = None, board_text: str | None = None) -> list[str]:
    """Every problem found; an empty list means the result stands."""
    d = result["document"]
    problems = check_signature(result, trusted_key)
    # A poll void because more voted than are present, or because a voter is no longer
    # seated, says so (checked with the decision).
    voted_ok = d["deputies_voted"] <= d["present_deputies"] or \
        d.get("void_reason") in ("BALLOTS_EXCEED_PRESENT", "UNSEATED_VOTER")
    if not voted_ok or d["present_deputies"] > d["seated_deputies"]:
        problems.append("deputies who voted <= present <= seated does not hold")
    if d["valid_ballots"] + d["invalid_ballots"] != d["ballots"]:
        problems.append("valid + invalid ballots differ from the ballots counted")
    if d["method"] == "PAPER":
        problems += check_paper(d)
    elif d.get("version", 1) >= 3:
        problems += check_electronic(d, board_text)
    else:
        problems.append("an electronic result before version 3 rests on decrypted ballots: not accepted")
    return problems + check_decision(d)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.voting.verify", description=__doc__.split("\n")[0])
    parser.add_argument("result", type=Path, help="RESULT.json")
    parser.add_argument("--board", type=Path, help="the poll's bulletin board, as GetBulletinBoard serves it")
    parser.add_argument("--public-key", help="the service's Ed25519 public key, base64 of 32 bytes")
    args = parser.parse_args(argv)
    try:
        result = json.loads(args.result.read_text(encoding="utf-8"))
        trusted = base64.b64decode(args.public_key) if args.public_key else None
        board = args.board.read_text(encoding="utf-8") if args.board else None
        problems = check(result, trusted, board)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        problems = [f"not a result document: {exc!r}"]
    if problems:
        print("REJECTED\n  " + "\n  ".join(problems))
        return 1
    d = result["document"]
    board = " and its bulletin board" if args.board else ""
    print(f"OK {d['poll']}: signature valid{board}, {d['ballots']} ballots ({d['valid_ballots']} valid), "
          f"outcome {d['outcome']}, adopted {len(d['adopted'])} of {d['seats']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
