"""Checks a filed written evaluation report (书面评议报告) from its signed document alone: the
signature (against a pinned key), that the deputies add up, and that every grade follows from
its counts by the grading rule the document states.

Independent of the evaluation service: it imports none of its code. The grading rule is
written again here from its published statement (README, "Evaluation"): 满意 if 满意 votes
exceed half of the base (all seated deputies, or those present, as the document's
grading_base says); otherwise 基本满意 if 满意 and 基本满意 together exceed half; otherwise
不满意. The ballots themselves are on each assessment's bulletin board, whose SHA-256 the
document names: whoever holds the board checks it with services.ballotbox.verify."""
from services.platform.signing import verifies

KIND = "minsheng.evaluation.v1.report"


def grade_of(counts: dict, base: int) -> str:
    if 2 * counts["satisfied"] > base:
        return "SATISFIED"
    if 2 * (counts["satisfied"] + counts["basically_satisfied"]) > base:
        return "BASICALLY_SATISFIED"
    return "UNSATISFIED"


def _grading_assessments(d: dict) -> dict[str, dict]:
    """project -> the last counted assessment that rated it (a re-assessment replaces a grade)."""
    last = {}
    for a in d["assessments"]:
        for project in a["projects"]:
            last[project] = a
    return last


def _project_problems(d: dict, p: dict, a: dict | None) -> list[str]:
    name, counts = p["project"], p["counts"]
    if p["grade"] is None:
        return [] if counts is None and a is None else [f"{name}: counts without a grade"]
    if counts is None or a is None:
        return [f"{name}: graded without the counts of an assessment"]
    if sum(counts[k] for k in ("satisfied", "basically_satisfied", "unsatisfied", "blank")) != a["ballots_cast"]:
        return [f"{name}: its counts do not add up to the {a['ballots_cast']} ballots of {a['assessment']}"]
    base = d["seated_deputies"] if d["grading_base"] == "SEATED" else a["present_deputies"]
    expected = grade_of(counts, base)
    return [] if expected == p["grade"] else [f"{name}: the counts make it {expected}, the report says {p['grade']}"]


def check_document(d: dict) -> list[str]:
    """Every problem of the document's figures; empty when they hold."""
    if d.get("kind") != KIND or d.get("version", 1) < 2:
        return ["not a written evaluation report of version 2 or later (which states its assessments)"]
    problems = []
    revision = d.get("revision", 1)
    if not isinstance(revision, int) or revision < 1 or (revision > 1) != bool(d.get("supersedes")):
        problems.append("a revision is a whole number from 1, and every later one names the one it supersedes")
    if d["grading_base"] not in ("SEATED", "PRESENT"):
        problems.append(f"unknown grading base {d['grading_base']!r}")
    for a in d["assessments"]:
        if not a["ballots_cast"] <= a["present_deputies"] <= d["seated_deputies"]:
            problems.append(f"{a['assessment']}: ballots cast <= present <= seated does not hold")
    last = _grading_assessments(d)
    for p in d["projects"]:
        problems += _project_problems(d, p, last.get(p["project"]))
    return problems


def check(document: dict, signature: bytes, public_key: bytes, trusted_key: bytes | None) -> list[str]:
    """The signature against the trusted key, then the figures."""
    if trusted_key is not None and public_key != trusted_key:
        return ["signed by another key than the trusted one"]
    if not verifies(document, signature, public_key):
        return ["the signature does not match the document"]
    try:
        return check_document(document)
    except (KeyError, TypeError, AttributeError) as exc:
        return [f"not a written evaluation report ({type(exc).__name__}: {exc})"]
