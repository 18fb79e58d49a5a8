"""Thin gRPC layer: requests to use cases, domain objects to messages. Errors are
mapped by the platform's edge interceptor."""
import json

from minsheng.common.v1 import ballot_box_pb2 as box_pb
from minsheng.evaluation.v1 import evaluation_pb2 as pb
from minsheng.evaluation.v1 import evaluation_pb2_grpc
from services.ballotbox.box import BoxState, sha256
from services.evaluation import handlers
from services.evaluation.assessment import ASSESSMENT, BOARD, Assessment
from services.evaluation.domain import EVALUATION, REPORT, SESSION, Evaluation, GradingBase, ItemEdit
from services.platform import protomap
from services.platform.auth import caller
from services.platform.errors import FieldViolation, InvalidArgument, Violations
from services.platform.names import TOWN
from services.platform.server import Server
from services.platform.uow import Context

MAX_ROUNDS = 20


def _round(field: str, value: str) -> int:
    if not (value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_ROUNDS):
        raise InvalidArgument([FieldViolation(field, f"the assessment is a round number, 1 to {MAX_ROUNDS}")])
    return int(value)


def _item(i) -> pb.ReportItem:
    return pb.ReportItem(
        project=i.project, title=i.title, responsible_unit=i.responsible_unit, budget_yuan=i.budget_yuan,
        spent_yuan=i.spent_yuan, status=pb.FinalStatus.Value(i.status.value),
        completion_deadline=i.completion_deadline.isoformat(),
        completed_on=i.completed_on.isoformat() if i.completed_on else "", percent_complete=i.percent_complete,
        work_done=i.work_done, explanation=i.explanation, grade=pb.Grade.Value(i.grade.value) if i.grade else 0)


def evaluation_message(e: Evaluation) -> pb.Evaluation:
    return pb.Evaluation(
        name=e.name, year=e.year, session=e.session, grading_base=pb.GradingBase.Value(e.grading_base.value),
        state=pb.Evaluation.State.Value(e.state.value), summary=e.summary, items=[_item(i) for i in e.items],
        assessments=[ASSESSMENT.format(town=e.town_id, year=str(e.year), assessment=str(n))
                     for n in range(1, e.assessments + 1)],
        create_time=protomap.timestamp(e.created_at), history=protomap.history(e.history))


def assessment_message(a: Assessment) -> pb.Assessment:
    box = a.box
    return pb.Assessment(
        name=a.name, round=a.round, projects=a.projects, state=pb.Assessment.State.Value(box.state.value),
        seated_count=a.seated_count, present_count=a.present_count, ballots_cast=box.voters,
        manifest=json.dumps(box.manifest.to_json(), ensure_ascii=False), key_record=json.dumps(box.record.to_json()),
        decrypted_by=[a.trustees[i - 1] for i in sorted(box.partials)], quorum=box.quorum,
        counts=[pb.ProjectCount(project=p, grade=pb.Grade.Value(g.value), satisfied=t.satisfied,
                                basically_satisfied=t.basically_satisfied, unsatisfied=t.unsatisfied, blank=t.blank)
                for p, (g, t) in a.grades.items()],
        create_time=protomap.timestamp(a.created_at))


def report_message(row) -> pb.EvaluationReport:
    return pb.EvaluationReport(name=REPORT.format(town=row.town_id, year=str(row.year)), pdf=row.pdf,
                               document=row.document, signature=row.signature, public_key=row.public_key,
                               issue_time=protomap.timestamp(row.issued_at), revision=row.revision)


class EvaluationServicer(evaluation_pb2_grpc.EvaluationServiceServicer):
    def __init__(self, ctx: Context):
        self.ctx = ctx

    def _assessment(self, field: str, name: str, pattern=ASSESSMENT) -> tuple[str, int, int]:
        town, year, n = pattern.parse(field, name, self.ctx.towns)
        return town, year, _round(field, n)

    async def OpenEvaluation(self, request, context):
        town, = TOWN.parse("parent", request.parent, self.ctx.towns)
        e = request.evaluation
        v = Violations()
        v.check(2000 <= e.year <= 2100, "evaluation.year", "a year such as 2023")
        v.check(len(request.request_id) <= 64, "request_id", "longer than 64 characters")
        base = protomap.enum_of(v, "evaluation.grading_base", e.grading_base, pb.GradingBase, GradingBase)
        if not e.session:
            v.add("evaluation.session", "the session of the next year, towns/{town}/sessions/{session}")
        v.raise_if_any()
        session_town, _ = SESSION.parse("evaluation.session", e.session, self.ctx.towns)
        if session_town != town:
            raise InvalidArgument([FieldViolation("evaluation.session", "a session of the same town")])
        return evaluation_message(await handlers.open_evaluation(
            self.ctx, caller(), town, year=e.year, session=e.session, grading_base=base or GradingBase.SEATED))

    async def GetEvaluation(self, request, context):
        town, year = EVALUATION.parse("name", request.name, self.ctx.towns)
        return evaluation_message(await handlers.get_evaluation(self.ctx, caller(), town, year))

    async def EditCompletionReport(self, request, context):
        town, year = EVALUATION.parse("name", request.name, self.ctx.towns)
        edits = [ItemEdit(i.project, i.work_done, i.explanation) for i in request.items]
        return evaluation_message(await handlers.edit_report(self.ctx, caller(), town, year, request.summary, edits))

    async def SubmitCompletionReport(self, request, context):
        town, year = EVALUATION.parse("name", request.name, self.ctx.towns)
        return evaluation_message(await handlers.submit_report(self.ctx, caller(), town, year))

    async def OpenAssessment(self, request, context):
        town, year = EVALUATION.parse("parent", request.parent, self.ctx.towns)
        v = Violations()
        v.check(len(request.request_id) <= 64, "request_id", "longer than 64 characters")
        v.raise_if_any()
        return assessment_message(await handlers.open_assessment_of(self.ctx, caller(), town, year, request.request_id))

    async def GetAssessment(self, request, context):
        return assessment_message(await handlers.get_assessment(self.ctx, caller(),
                                                                *self._assessment("name", request.name)))

    async def CastAssessmentBallot(self, request, context):
        town, year, n = self._assessment("name", request.name)
        v = Violations()
        v.check(0 < len(request.request_id) <= 64, "request_id", "required, at most 64 characters")
        v.check(bool(request.ballot.json), "ballot.json", "required")
        v.raise_if_any()
        receipt = await handlers.cast(self.ctx, caller(), town, year, n, request.ballot.json, request.request_id)
        return box_pb.CastReceipt(tracking_code=receipt.tracking_code, tracking_hash=receipt.tracking_hash)

    async def CloseAssessment(self, request, context):
        return assessment_message(await handlers.close(self.ctx, caller(), *self._assessment("name", request.name)))

    async def GetBulletinBoard(self, request, context):
        assessment, text = await handlers.get_board(self.ctx, caller(), *self._assessment("name", request.name, BOARD))
        counted = assessment.state is BoxState.COUNTED
        return box_pb.BulletinBoard(name=request.name, document=text, sha256=sha256(text), voters=assessment.box.voters,
                                    stage=box_pb.BulletinBoard.COUNTED if counted else box_pb.BulletinBoard.COUNTING)

    async def SubmitPartialDecryption(self, request, context):
        assessment = await handlers.submit_partial(self.ctx, caller(), *self._assessment("name", request.name, BOARD),
                                                   request.partial.json)
        return box_pb.DecryptionProgress(name=request.name, trustees=sorted(assessment.box.partials),
                                         quorum=assessment.box.quorum,
                                         counted=assessment.state is BoxState.COUNTED)

    async def IssueEvaluationReport(self, request, context):
        town, year = EVALUATION.parse("name", request.name, self.ctx.towns)
        v = Violations()
        for i, comment in enumerate(request.comments):
            v.text(f"comments[{i}]", comment, max_len=2000)
        v.raise_if_any()
        return report_message(await handlers.issue_report(self.ctx, caller(), town, year, list(request.comments)))

    async def GetEvaluationReport(self, request, context):
        town, year = REPORT.parse("name", request.name, self.ctx.towns)
        return report_message(await handlers.get_report(self.ctx, caller(), town, year))


def register(server: Server, ctx: Context) -> None:
    server.add(evaluation_pb2_grpc.add_EvaluationServiceServicer_to_server, EvaluationServicer(ctx),
               pb.DESCRIPTOR.services_by_name["EvaluationService"].full_name)
