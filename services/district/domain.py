"""Rules of the district (区级). Pure: no gRPC, SQL or NATS here.

A filing (备案) is a town's final vote result, or its written evaluation report, lodged with
the district standing committee. A vote result is accepted only when every signed result
document it rests on verifies against the town's pinned voting key and recounts with the
independent verifier's checks (services.voting.verify); an evaluation report when it verifies
against the town's pinned evaluation key and its grades follow from its counts
(services.evaluation.verify), and, from its revision 2, when the revision before it was
accepted and is the very document it names as superseded. Both verifiers are standalone
modules of pure checks: the district imports none of those services' handlers or models."""
import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from services.evaluation import verify as evaluation_verify
from services.platform.names import NamePattern, town_of
from services.voting import verify

FILING = NamePattern("towns/{town}/filings/{year}/{filing}")
TOWN_YEAR = NamePattern("towns/{town}/years/{year}")


@dataclass(frozen=True)
class SignedDocument:
    poll: str
    document: str
    signature: bytes
    public_key: bytes


@dataclass
class Filing:
    town_id: str
    year: int
    id: str
    poll: str
    candidate_list: str
    adopted: list[str]
    accepted: bool
    problems: list[str]
    filed_at: datetime
    documents: int = field(default=1)
    # VOTE, or EVALUATION (then `poll` holds the evaluation's name, towns/{town}/evaluations/{year}).
    kind: str = field(default="VOTE")

    @property
    def name(self) -> str:
        return FILING.format(town=self.town_id, year=self.year, filing=self.id)


def year_of_list(candidate_list: str) -> int | None:
    """towns/{town}/candidateLists/{year} -> year, None for another shape."""
    parts = candidate_list.split("/")
    if len(parts) != 4 or parts[2] != "candidateLists" or not (parts[3].isascii() and parts[3].isdigit()):
        return None
    return int(parts[3])


def document_problems(town_id: str, signed: SignedDocument, pinned_key: bytes) -> list[str]:
    """What the independent verifier finds wrong with one signed result, prefixed by its poll."""
    if town_of(signed.poll) != town_id:
        return [f"{signed.poll}: a poll of another town"]
    try:
        result = verify.bundle(signed.document, signed.signature, signed.public_key)
        problems = verify.check(result, pinned_key)
    except (ValueError, KeyError, TypeError) as exc:
        problems = [f"not a result document ({type(exc).__name__})"]
    else:
        # A genuine result of another poll, filed again under this one, counts for nothing.
        if result["document"]["poll"] != signed.poll:
            problems.append(f"the document is the result of {result['document']['poll']}")
    return [f"{signed.poll}: {p}" for p in problems]


def check_filing(town_id: str, documents: list[SignedDocument], pinned_key: bytes | None) -> list[str]:
    """Every reason to refuse the filing; empty when it is accepted. Each poll once."""
    if pinned_key is None:
        return [f"no result signing key is pinned for town {town_id!r}"]
    seen, problems = set(), []
    for signed in documents:
        if signed.poll not in seen:
            seen.add(signed.poll)
            problems += document_problems(town_id, signed, pinned_key)
    return problems


def documents_of(filed) -> list[SignedDocument]:
    """The deciding poll's signed result (voting's ResultFiled) and every result its decision rests on."""
    final = SignedDocument(filed.poll, filed.document, filed.signature, filed.public_key)
    return [final] + [SignedDocument(s.poll, s.document, s.signature, s.public_key) for s in filed.chain]


def filing_id(poll: str) -> str:
    """A filing is named after the poll that made the decision final: one per decision."""
    return poll.rsplit("/", 1)[-1]


# An evaluation report is filed once per town, year and revision; the first revision under this id.
EVALUATION_FILING = "evaluation"


def evaluation_filing_id(revision: int) -> str:
    """The first revision keeps the plain id; each later one is a filing of its own."""
    return EVALUATION_FILING if revision <= 1 else f"{EVALUATION_FILING}-{revision}"


def document_sha256(document: str) -> str:
    """What a later revision names in "supersedes": the SHA-256 of the signed document's text
    (the canonical JSON, UTF-8) exactly as it was filed."""
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def supersedes_of(document: str) -> str | None:
    """The hash a revision's document names as the one it supersedes; None when it names none
    or is no document (check_evaluation_filing reports both)."""
    try:
        named = json.loads(document).get("supersedes")
    except (ValueError, AttributeError):
        return None
    return named if isinstance(named, str) and named else None


def supersession_problems(revision: int, supersedes: str | None, earlier_sha256: str,
                          earlier_accepted: bool) -> list[str]:
    """What is wrong with revision `revision`'s link to the revision before it, as the district
    filed that one (its document's SHA-256, and whether it was accepted): a revision stands only
    on an accepted one, and must name that very document."""
    problems = []
    if not earlier_accepted:
        problems.append(f"revision {revision - 1}, which it supersedes, was refused")
    if supersedes is not None and supersedes != earlier_sha256:
        # Empty for a revision filed before the district kept the hashes (until a rebuild).
        known = earlier_sha256 or "unknown"
        problems.append(f"it supersedes a document of SHA-256 {supersedes}, but revision {revision - 1} "
                        f"as filed has SHA-256 {known}")
    return problems


GRADES = ("SATISFIED", "BASICALLY_SATISFIED", "UNSATISFIED")


def check_evaluation_filing(town_id: str, filed, pinned_key: bytes | None) -> list[str]:
    """Every reason to refuse a filed evaluation report (evaluation's EvaluationFiled); empty
    when it is accepted: the signature against the pinned key, the document is this town's
    evaluation of the year, the event's grades are the document's, and the grades follow from
    the counts (services.evaluation.verify)."""
    if pinned_key is None:
        return [f"no evaluation signing key is pinned for town {town_id!r}"]
    try:
        d = json.loads(filed.document)
        stated = (d["town"], d["evaluation"], d["year"], d.get("revision", 1))
        grades = {p["project"]: p["grade"] for p in d["projects"] if p["grade"]}
    except (ValueError, KeyError, TypeError):
        return ["not a written evaluation report document"]
    problems = evaluation_verify.check(d, filed.signature, filed.public_key, pinned_key)
    if stated != (town_id, filed.evaluation, filed.year, max(filed.revision, 1)):
        problems.append(f"the document is revision {stated[3]} of the report of {stated[1]} ({stated[2]})")
    if {g.project: GRADES[g.grade - 1] for g in filed.grades if 1 <= g.grade <= 3} != grades:
        problems.append("the filed grades are not the signed report's")
    return problems
