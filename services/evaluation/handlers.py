"""Use cases of evaluation: one unit of work each, the state change and its events together.
Every step on an evaluation or an assessment locks its row first."""
import json

from minsheng.events.v1 import evaluation_events_pb2 as ev
from services.ballotbox.box import BoxState, Invalid, Receipt, Refused, document, sha256
from services.evaluation import domain, report
from services.evaluation.assessment import Assessment, open_assessment
from services.evaluation.domain import Evaluation, GradingBase, ItemEdit
from services.platform import audit, signing, workers
from services.platform.auth import DEPUTY, DISTRICT, STAFF, Caller
from services.platform.errors import FailedPrecondition, FieldViolation, InvalidArgument
from services.platform.pseudonyms import attendance_digest
from services.platform.uow import Context, UnitOfWork

READERS = (STAFF, DEPUTY, DISTRICT)
STATUS_NUMBERS = {s: i for i, s in enumerate(domain.FinalStatus, 1)}
GRADE_NUMBERS = {g: i for i, g in enumerate(domain.Grade, 1)}


def grade_event(project: str, g: domain.Grade, t: domain.Tally) -> ev.ProjectGrade:
    return ev.ProjectGrade(project=project, grade=GRADE_NUMBERS[g], satisfied=t.satisfied,
                           basically_satisfied=t.basically_satisfied, unsatisfied=t.unsatisfied, blank=t.blank)


def _grades(e: Evaluation) -> list[ev.ProjectGrade]:
    return [grade_event(i.project, i.grade, i.tally) for i in e.items if i.grade]


async def open_evaluation(ctx: Context, caller: Caller, town_id: str, *, year: int, session: str,
                          grading_base: GradingBase) -> Evaluation:
    """Once per year: opening it again returns the evaluation already open."""
    caller.require(town_id, STAFF)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        known = await repo.session(town_id, session)
        evaluation = domain.open_evaluation(
            town_id=town_id, year=year, session=session, session_date=known.session_date, grading_base=grading_base,
            projects=await repo.projects_of(town_id, year), actor=caller.subject, now=audit.now())
        if not await repo.add_evaluation(evaluation):
            return await repo.evaluation(town_id, year)
        uow.record(evaluation.name, ev.EvaluationOpened(
            evaluation=evaluation.name, year=year, session=session, project_count=len(evaluation.items),
            grading_base=grading_base.value))
    return evaluation


async def get_evaluation(ctx: Context, caller: Caller, town_id: str, year: int) -> Evaluation:
    caller.require(town_id, *READERS)
    async with ctx.unit_of_work(town_id) as uow:
        return await uow.repo.evaluation(town_id, year)


async def _change(ctx: Context, town_id: str, year: int, change) -> Evaluation:
    async with ctx.unit_of_work(town_id) as uow:
        evaluation = await uow.repo.evaluation(town_id, year, for_update=True)
        change(uow, evaluation)
        await uow.repo.save_evaluation(evaluation)
    return evaluation


async def edit_report(ctx: Context, caller: Caller, town_id: str, year: int, summary: str,
                      edits: list[ItemEdit]) -> Evaluation:
    caller.require(town_id, STAFF)
    return await _change(ctx, town_id, year,
                         lambda uow, e: e.edit_report(summary, edits, caller.subject, audit.now()))


async def submit_report(ctx: Context, caller: Caller, town_id: str, year: int) -> Evaluation:
    caller.require(town_id, STAFF)

    def change(uow, e: Evaluation):
        e.submit_report(caller.subject, audit.now())
        uow.record(e.name, ev.CompletionReportSubmitted(evaluation=e.name, year=e.year, projects=[
            ev.ReportedProject(project=i.project, status=STATUS_NUMBERS[i.status], budget_yuan=i.budget_yuan,
                               spent_yuan=i.spent_yuan, completed_on=i.completed_on.isoformat() if i.completed_on else "")
            for i in e.items]))
    return await _change(ctx, town_id, year, change)


# --- The satisfaction assessment -----------------------------------------------------------

async def open_assessment_of(ctx: Context, caller: Caller, town_id: str, year: int, request_id: str) -> Assessment:
    caller.require(town_id, STAFF)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        if request_id and (earlier := await repo.assessment_by_request(town_id, request_id)):
            return earlier
        evaluation = await repo.evaluation(town_id, year, for_update=True)
        projects = evaluation.projects_to_assess()
        if evaluation.assessments and (await repo.assessment(town_id, year, evaluation.assessments)).state \
                is not BoxState.COUNTED:
            raise FailedPrecondition("the last assessment is not counted", reason="ASSESSMENT_OPEN")
        session = await repo.session(town_id, evaluation.session)
        if session.key_record is None:
            raise FailedPrecondition("the session's key ceremony is not complete", reason="NO_SESSION_KEY")
        now = audit.now()
        assessment = open_assessment(town_id=town_id, year=year, round=evaluation.assessments + 1, projects=projects,
                                     seated_count=session.seated_count, present=frozenset(session.present_digests),
                                     key_record=session.key_record, now=now)
        evaluation.assessment_opened(caller.subject, now)
        await repo.add_assessment(assessment, request_id or None)
        await repo.save_evaluation(evaluation)
        uow.record(assessment.name, ev.AssessmentOpened(
            assessment=assessment.name, evaluation=evaluation.name, round=assessment.round, projects=projects,
            seated_count=assessment.seated_count, present_count=assessment.present_count,
            key_fingerprint=assessment.box.record.fingerprint()))
    return assessment


async def get_assessment(ctx: Context, caller: Caller, town_id: str, year: int, round: int) -> Assessment:
    caller.require(town_id, *READERS)
    async with ctx.unit_of_work(town_id) as uow:
        return await uow.repo.assessment(town_id, year, round)


def _invalid(field_name: str, reason: str):
    raise InvalidArgument([FieldViolation(field_name, reason)], message=f"invalid {field_name}: {reason}")


def _json_object(field_name: str, text: str) -> dict:
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        _invalid(field_name, "not a JSON object")
    return data


async def cast(ctx: Context, caller: Caller, town_id: str, year: int, round: int, ballot: str,
               request_id: str) -> Receipt:
    """A present deputy's encrypted ballot, once. Its proofs are checked before the
    transaction (CPU only, off the event loop); the cast adds it to the box's sums under the
    assessment's row lock. A retry with the same request id returns the first receipt."""
    caller.require(town_id, DEPUTY)
    data = _json_object("ballot", ballot)
    async with ctx.unit_of_work(town_id) as uow:
        assessment = await uow.repo.assessment(town_id, year, round)
        session = (await uow.repo.evaluation(town_id, year)).session
        digest = attendance_digest(ctx.service_settings.attendance_digest_key, session, caller.subject)
        if earlier := await uow.repo.receipt(assessment, digest):
            return _retried(earlier, request_id)
        assessment.may_cast(digest)
    try:
        checked, _ = await workers.run(assessment.box.check, data)
    except Invalid as exc:
        _invalid("ballot", str(exc))
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        assessment = await repo.assessment(town_id, year, round, for_update=True)
        if earlier := await repo.receipt(assessment, digest):
            return _retried(earlier, request_id)
        try:
            receipt, new = assessment.cast(checked, request_id, None,
                                           await repo.ballot_id_taken(assessment, checked.ballot_id))
        except Refused as refused:
            raise FailedPrecondition(str(refused), reason=refused.reason) from None
        if new:
            await repo.add_cast(assessment, digest, receipt, checked)
            await repo.save_assessment(assessment)
    return receipt


def _retried(earlier: Receipt, request_id: str) -> Receipt:
    """A lost answer never costs the deputy their tracking code; another cast is refused."""
    if request_id and earlier.request_id == request_id:
        return earlier
    raise FailedPrecondition("the deputy has cast their ballot in this assessment", reason="ALREADY_VOTED")


async def close(ctx: Context, caller: Caller, town_id: str, year: int, round: int) -> Assessment:
    """Casting ends: the board is fixed for the scrutineers. Closing again changes nothing."""
    caller.require(town_id, STAFF)
    async with ctx.unit_of_work(town_id) as uow:
        assessment = await uow.repo.assessment(town_id, year, round, for_update=True)
        assessment.box.close()
        await uow.repo.save_assessment(assessment)
    return assessment


async def get_board(ctx: Context, caller: Caller, town_id: str, year: int, round: int) -> tuple[Assessment, str]:
    """The board's text once casting ended: every ballot, the sums, and once counted the decryptions."""
    caller.require(town_id, *READERS)
    async with ctx.unit_of_work(town_id) as uow:
        assessment = await uow.repo.assessment(town_id, year, round)
        if assessment.state is BoxState.OPEN:
            raise FailedPrecondition("the board is published when the assessment closes", reason="ASSESSMENT_OPEN")
        return assessment, document(assessment.box.board(await uow.repo.entries(assessment)))


async def submit_partial(ctx: Context, caller: Caller, town_id: str, year: int, round: int,
                         partial: str) -> Assessment:
    """A scrutineer's partial decryption; the one that makes the quorum counts and grades."""
    caller.require(town_id, DEPUTY)
    data = _json_object("partial.json", partial)
    now = audit.now()
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        assessment = await repo.assessment(town_id, year, round, for_update=True)
        try:
            if not assessment.accept_partial(caller.subject, data):
                return assessment
        except Invalid as exc:
            _invalid("partial.json", str(exc))
        except Refused as refused:
            raise FailedPrecondition(str(refused), reason=refused.reason) from None
        evaluation = await repo.evaluation(town_id, year, for_update=True)
        grades = assessment.count(evaluation.grading_base)
        await repo.save_assessment(assessment)
        if grades is not None:
            evaluation.graded(grades, caller.subject, now)
            await repo.save_evaluation(evaluation)
            board = document(assessment.box.board(await repo.entries(assessment)))
            _record_grades(uow, evaluation, assessment, grades, sha256(board))
    return assessment


def _record_grades(uow: UnitOfWork, evaluation: Evaluation, a: Assessment, grades, board_sha256: str) -> None:
    uow.record(a.name, ev.AssessmentClosed(
        assessment=a.name, evaluation=evaluation.name, year=a.year, seated_count=a.seated_count,
        present_count=a.present_count, ballots_cast=a.box.voters,
        grades=[grade_event(p, g, t) for p, (g, t) in grades.items()], board_hash=board_sha256))
    deadline = domain.rectification_deadline(evaluation.session_date)
    for project, (g, t) in grades.items():
        if g is domain.Grade.UNSATISFIED:
            uow.record(project, ev.RectificationRequired(
                project=project, evaluation=evaluation.name, assessment=a.name, year=a.year,
                grade=grade_event(project, g, t), rectification_deadline=deadline.isoformat(),
                statement=domain.grade_statement(g, t)))


# --- The written report ---------------------------------------------------------------------

async def issue_report(ctx: Context, caller: Caller, town_id: str, year: int, comments: list[str]):
    """The written report, or after a re-assessment its next revision, filed with the district."""
    caller.require(town_id, STAFF)
    signer = ctx.service_settings.signer
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        evaluation = await repo.evaluation(town_id, year, for_update=True)
        now = audit.now()
        evaluation.issue_report(caller.subject, now)
        previous = await repo.latest_report(town_id, year)
        revision = previous.revision + 1 if previous else 1
        pdf, document = await _written(ctx, repo, evaluation, comments, now, revision,
                                       supersedes=sha256(previous.document) if previous else None)
        text, signature = signing.canonical(document).decode("utf-8"), signer.sign(document)
        await repo.add_report(town_id, year, revision=revision, pdf=pdf, document=text, signature=signature,
                              public_key=signer.public_key, issued_at=now)
        await repo.save_evaluation(evaluation)
        grades = _grades(evaluation)
        name = domain.REPORT.format(town=town_id, year=str(year))
        uow.record(evaluation.name, ev.EvaluationReportIssued(evaluation=evaluation.name, year=year, report=name,
                                                              pdf_sha256=report.sha256(pdf), grades=grades,
                                                              revision=revision))
        uow.record(evaluation.name, ev.EvaluationFiled(evaluation=evaluation.name, year=year,
                                                       session=evaluation.session, grades=grades, document=text,
                                                       signature=signature, public_key=signer.public_key,
                                                       revision=revision))
        return await repo.report(town_id, year)


async def _written(ctx: Context, repo, evaluation: Evaluation, comments: list[str], now, revision: int,
                   supersedes: str | None) -> tuple[bytes, dict]:
    """The PDF and the document that signs its figures."""
    first = await repo.assessment(evaluation.town_id, evaluation.year, 1)
    town_name = ctx.towns.name_of(evaluation.town_id)
    session_title = (await repo.session(evaluation.town_id, evaluation.session)).title
    deputies = dict(town_name=town_name, session_title=session_title, seated=first.seated_count,
                    present=first.present_count, comments=comments)
    pdf = report.render(evaluation, revision=revision, **deputies)
    return pdf, report.document(evaluation, pdf_sha256=report.sha256(pdf), issued_at=now, revision=revision,
                                supersedes=supersedes, assessments=await _counted_assessments(repo, evaluation),
                                **deputies)


async def _counted_assessments(repo, evaluation: Evaluation) -> list[dict]:
    """Each counted assessment as the signed report states it (its board's hash, not the board)."""
    counted = []
    for round in range(1, evaluation.assessments + 1):
        a = await repo.assessment(evaluation.town_id, evaluation.year, round)
        if a.state is BoxState.COUNTED:
            board = document(a.box.board(await repo.entries(a)))
            counted.append({"assessment": a.name, "projects": list(a.projects), "ballots_cast": a.box.voters,
                            "present_deputies": a.present_count, "board_sha256": sha256(board)})
    return counted


async def get_report(ctx: Context, caller: Caller, town_id: str, year: int):
    caller.require(town_id, *READERS)
    async with ctx.unit_of_work(town_id) as uow:
        return await uow.repo.report(town_id, year)
