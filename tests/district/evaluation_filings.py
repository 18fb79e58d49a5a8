"""Written evaluation reports as the evaluation service files them (EvaluationFiled), signed
with a given key: genuine, tampered after signing, or miscounted before signing; and their
later revisions, each naming the one before it by its hash (or not)."""
import hashlib

from minsheng.district.v1 import district_pb2 as pb
from minsheng.events.v1.evaluation_events_pb2 import EvaluationFiled, ProjectGrade
from services.platform import signing
from tests.helpers import staff_of, wait_for

GRADE_NUMBERS = {"SATISFIED": 1, "BASICALLY_SATISFIED": 2, "UNSATISFIED": 3}
# project number -> (satisfied, basically satisfied, unsatisfied, blank) of 40 ballots, 50 seated
COUNTS = {1: (30, 8, 2, 0), 2: (20, 12, 8, 0), 3: (10, 10, 20, 0)}
GRADES = {1: "SATISFIED", 2: "BASICALLY_SATISFIED", 3: "UNSATISFIED"}


def report_document(town: str, year: int, grades: dict[int, str] | None = None, revision: int = 1,
                    supersedes: str | None = None) -> dict:
    """`supersedes`: the hash a later revision names (by default one that names no filed document)."""
    grades = grades or GRADES
    evaluation = f"towns/{town}/evaluations/{year}"
    projects = [{"project": f"towns/{town}/projects/{year}-{n}", "title": f"项目{n}", "status": "COMPLETED",
                 "budget_yuan": 100, "spent_yuan": 90, "grade": grades[n],
                 "counts": dict(zip(("satisfied", "basically_satisfied", "unsatisfied", "blank"), COUNTS[n]))}
                for n in COUNTS]
    return {"kind": "minsheng.evaluation.v1.report", "version": 2, "revision": revision,
            "supersedes": (supersedes or "2" * 64) if revision > 1 else None, "evaluation": evaluation, "town": town,
            "town_name": town, "year": year, "session": f"towns/{town}/sessions/s{year + 1}",
            "session_title": "第一次会议", "seated_deputies": 50, "present_deputies": 40, "grading_base": "SEATED",
            "projects": projects,
            "assessments": [{"assessment": f"{evaluation}/assessments/1", "projects": [p["project"] for p in projects],
                             "ballots_cast": 40, "present_deputies": 40, "board_sha256": "0" * 64}],
            "comment_count": 0, "pdf_sha256": "1" * 64, "issued_at": f"{year + 1}-01-20T09:00:00+00:00"}


def filed(signer: signing.Signer, town: str, year: int, *, tamper: bool = False,
          grades: dict[int, str] | None = None, revision: int = 1, supersedes: str | None = None) -> EvaluationFiled:
    """`tamper`: a count raised after signing; `grades`: a miscount signed as it stands."""
    document = report_document(town, year, grades, revision, supersedes)
    text, signature = signing.canonical(document).decode("utf-8"), signer.sign(document)
    if tamper:
        text = text.replace('"satisfied":30', '"satisfied":31')
    return EvaluationFiled(evaluation=document["evaluation"], year=year, session=document["session"],
                           grades=[ProjectGrade(project=p["project"], grade=GRADE_NUMBERS[p["grade"]],
                                                satisfied=p["counts"]["satisfied"])
                                   for p in document["projects"]],
                           document=text, signature=signature, public_key=signer.public_key, revision=revision)


def new_signer() -> signing.Signer:
    return signing.signer_from(signing.new_signing_key())


def revised(signer: signing.Signer, earlier: EvaluationFiled, **changes) -> EvaluationFiled:
    """The next revision of `earlier`, signed with `signer`, naming it as the one it supersedes
    (or what `supersedes` says)."""
    changes = {"supersedes": hashlib.sha256(earlier.document.encode("utf-8")).hexdigest()} | changes
    return filed(signer, earlier.evaluation.split("/")[1], earlier.year, revision=earlier.revision + 1, **changes)


async def evaluation_filings(stub, issuer, town: str, year: int, count: int):
    """The town's receipts of the year's evaluation reports from the district, once `count` are there."""
    async def found():
        filings = (await stub.ListFilings(pb.ListFilingsRequest(parent=f"towns/{town}", year=year),
                                          metadata=staff_of(issuer, town))).filings
        filings = [f for f in filings if f.kind == "EVALUATION"]
        return filings if len(filings) >= count else None
    return await wait_for(found)
