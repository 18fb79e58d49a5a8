"""Checks a published voting result: the signature, the counts, and that no ballot was
added or removed.

    python -m services.voting.verify RESULT.json [--public-key BASE64]

RESULT.json is {"document": {...}, "signature": base64, "public_key": base64}, as written by
`bundle()` from a PollResult (document, signature, public_key). Pass --public-key (the
service's published key) to pin the signer; without it the document's own key is used,
which proves integrity but not who signed. Exit status 0 when every check passes."""
import argparse
import base64
import json
import sys
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from services.voting import domain
from services.voting.decision import decide_poll
from services.voting.domain import BallotForm, CandidateCount, Outcome, VoidReason, VotingMethod, VotingRules
from services.voting.keys import canonical


def bundle(document: str, signature: bytes, public_key: bytes) -> dict:
    """What a verifier reads: the document as JSON, signature and key in base64."""
    return {"document": json.loads(document), "signature": base64.b64encode(signature).decode("ascii"),
            "public_key": base64.b64encode(public_key).decode("ascii")}


def check_signature(result: dict, trusted_key: bytes | None) -> list[str]:
    key = base64.b64decode(result["public_key"])
    if trusted_key is not None and key != trusted_key:
        return ["signed by another key than the trusted one"]
    try:
        Ed25519PublicKey.from_public_bytes(key).verify(base64.b64decode(result["signature"]),
                                                       canonical(result["document"]))
    except (InvalidSignature, ValueError):
        return ["the signature does not match the document"]
    return []


def _counts(d: dict) -> tuple[CandidateCount, ...]:
    return tuple(CandidateCount(c["candidate_id"], *d["counts"][c["candidate_id"]]) for c in d["candidates"])


def check_ballots(d: dict) -> list[str]:
    """Electronic polls: every ballot is listed once, and the counts are its recount."""
    problems = []
    codes, contents = d["tracking_codes"], d["ballot_contents"]
    if len(set(codes)) != len(codes):
        problems.append("a tracking code is listed twice")
    if not len(codes) == len(contents) == d["ballots"] == d["deputies_voted"]:
        problems.append(f"ballots added or removed: {len(codes)} tracking codes, {len(contents)} ballots listed, "
                        f"{d['ballots']} counted, {d['deputies_voted']} deputies voted")
    ids = [c["candidate_id"] for c in d["candidates"]]
    recount = domain.tally(ids, contents, BallotForm(d["rules"]["ballot_form"]), d["seats"])
    if (recount.valid, recount.invalid) != (d["valid_ballots"], d["invalid_ballots"]):
        problems.append(f"recount gives {recount.valid} valid and {recount.invalid} invalid ballots")
    if recount.counts != _counts(d):
        problems.append("the counts differ from a recount of the listed ballots")
    return problems


def check_paper(d: dict) -> list[str]:
    paper = d["paper"]
    problems = []
    if d["ballots"] != paper["ballots_returned"]:
        problems.append("ballots counted differ from ballots returned")
    valid = d["valid_ballots"]
    if BallotForm(d["rules"]["ballot_form"]) is BallotForm.FOR_AGAINST_ABSTAIN:
        if any(sum(counts) != valid for counts in d["counts"].values()):
            problems.append("a candidate's for + against + abstain differs from the valid ballots")
    return problems


def _returned_exceed_issued(d: dict) -> bool:
    return d["method"] == VotingMethod.PAPER.value and d["paper"]["ballots_returned"] > d["paper"]["ballots_issued"]


def _decision_v1(d: dict, rules: VotingRules, ranks: dict[str, int]) -> tuple[domain.Decision | None, int]:
    """Documents of version 1: every poll, runoffs too, by the first poll's rule."""
    required = rules.votes_required(d["seated_deputies"], d["present_deputies"])
    if _returned_exceed_issued(d):
        return None, required
    return domain.decide(_counts(d), ranks, d["seats"], required), required


def check_decision(d: dict) -> list[str]:
    rules = VotingRules.from_dict(d["rules"])
    ranks = {c["candidate_id"]: c["rank"] for c in d["candidates"]}
    if d.get("version", 1) == 1:
        decision, required = _decision_v1(d, rules, ranks)
        if decision is None:
            return [] if d["outcome"] == Outcome.POLL_INVALID.value else ["returned > issued must void the poll"]
    else:
        decision, required = decide_poll(rules, _counts(d), ranks, seats=d["seats"], seated=d["seated_deputies"],
                                         present=d["present_deputies"], runoff=bool(d["runoff_of"]),
                                         deputies_voted=d["deputies_voted"], unseated_voters=d["unseated_voters"],
                                         ballots_exceed_issued=_returned_exceed_issued(d))
    problems = []
    if required != d["votes_required"]:
        problems.append(f"the rules require {required} votes, the document says {d['votes_required']}")
    stated = [d["outcome"], d["passing"], d["adopted"], d["tied"], d["runoff_seats"]]
    expected = [decision.outcome.value, list(decision.passing), list(decision.adopted), list(decision.tied),
                decision.runoff_seats]
    if d.get("version", 1) > 1:
        stated += [d["unfilled_seats"], d["void_reason"]]
        expected += [decision.unfilled_seats, decision.void_reason.value if decision.void_reason else ""]
    if stated != expected:
        problems.append("the adopted projects do not follow from the counts and the rules")
    return problems


def check(result: dict, trusted_key: bytes | None = None) -> list[str]:
    """Every problem found; an empty list means the result stands."""
    d = result["document"]
    problems = check_signature(result, trusted_key)
    # A poll void because more voted than are present, or because a voter is no longer
    # seated, says so (checked with the decision).
    voted_ok = d["deputies_voted"] <= d["present_deputies"] or \
        d.get("void_reason") in (VoidReason.BALLOTS_EXCEED_PRESENT.value, VoidReason.UNSEATED_VOTER.value)
    if not voted_ok or d["present_deputies"] > d["seated_deputies"]:
        problems.append("deputies who voted <= present <= seated does not hold")
    if d["valid_ballots"] + d["invalid_ballots"] != d["ballots"]:
        problems.append("valid + invalid ballots differ from the ballots counted")
    problems += check_ballots(d) if d["method"] == VotingMethod.ELECTRONIC.value else check_paper(d)
    return problems + check_decision(d)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.voting.verify", description=__doc__.split("\n")[0])
    parser.add_argument("result", type=Path, help="RESULT.json")
    parser.add_argument("--public-key", help="the service's Ed25519 public key, base64 of 32 bytes")
    args = parser.parse_args(argv)
    try:
        result = json.loads(args.result.read_text(encoding="utf-8"))
        trusted = base64.b64decode(args.public_key) if args.public_key else None
        problems = check(result, trusted)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        problems = [f"not a result document: {exc!r}"]
    if problems:
        print("REJECTED\n  " + "\n  ".join(problems))
        return 1
    d = result["document"]
    print(f"OK {d['poll']}: signature valid, {d['ballots']} ballots ({d['valid_ballots']} valid), "
          f"outcome {d['outcome']}, adopted {len(d['adopted'])} of {d['seats']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
