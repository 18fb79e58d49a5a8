"""Demo stage 5, evaluation (评议): each town's year is evaluated at the first session of the
next year. The government's completion report is drafted from supervision's record, edited and
submitted; the session's scrutineers hold the key ceremony; every deputy present rates every
project by secret ballot on their device (here: the ballot box's encryption in this process);
the scrutineers decrypt the sums; the grades follow the town's rule: most projects 满意, some
基本满意, at least one 不满意, which goes back to supervision; the written report (PDF) is
issued, filed with the district, and written under the stack's folder."""
import asyncio
import json
import random

import grpc

from minsheng.common.v1.ballot_box_pb2 import EncryptedBallot
from minsheng.evaluation.v1 import evaluation_pb2 as pb
from minsheng.evaluation.v1.evaluation_pb2_grpc import EvaluationServiceStub
from minsheng.voting.v1 import voting_pb2 as vpb
from minsheng.voting.v1.voting_pb2_grpc import VotingServiceStub
from services.ballotbox.ballot import encrypt_ballot
from services.ballotbox.ceremony import KeyRecord
from services.ballotbox.poll import ASSESSMENT_OPTIONS, Manifest, context
from services.stack.demo.common import DemoContext, say, wait_for
from services.voting import devices

TERM = "19"
ABSENT = 5             # the last seated deputies are away from the session of the next year
# The shares of 满意 and 基本满意 by a project's place in the report, in turn; the project to be
# rated 不满意 by most is a completed one, so that it goes back to supervision. Its shares keep
# 满意 plus 基本满意 far below half the seated deputies whatever the draw (at 0.20 and 0.25 a
# town's draw once came out 基本满意).
SHARES = ((0.85, 0.12), (0.80, 0.15), (0.44, 0.40), (0.75, 0.20))
UNSATISFIED_SHARE = (0.10, 0.15)


def _choices(projects: list[str], unsatisfied: str, rng: random.Random) -> dict[str, str]:
    chosen = {}
    for i, project in enumerate(projects):
        satisfied, basically = UNSATISFIED_SHARE if project == unsatisfied else SHARES[i % len(SHARES)]
        r = rng.random()
        chosen[project] = ASSESSMENT_OPTIONS[0 if r < satisfied else 1 if r < satisfied + basically else 2]
    return chosen


class Town:
    def __init__(self, ctx: DemoContext, voting: VotingServiceStub, evaluation: EvaluationServiceStub, town: dict):
        self.ctx, self.voting, self.stub, self.town = ctx, voting, evaluation, town
        self.id, self.year = town["id"], ctx.year
        self.staff = ctx.staff(self.id)
        self.name = f"towns/{self.id}/evaluations/{self.year}"
        self.present: list[int] = []

    def deputy(self, n: int):
        return self.ctx.deputy(self.id, n)

    async def session(self) -> vpb.Session:
        """The first session of the next year, with its attendance: the seated deputies but a few."""
        date = f"{self.year + 1}-02-26"
        roster = await self.voting.ListDeputies(vpb.ListDeputiesRequest(
            parent=f"towns/{self.id}/terms/{TERM}", in_office_on=date), metadata=self.staff)
        seated = sorted(int(d.name.rsplit("-", 1)[1]) for d in roster.deputies)
        self.present = seated[:-ABSENT]
        session = await self.voting.OpenSession(vpb.OpenSessionRequest(
            parent=f"towns/{self.id}", request_id=f"session-{self.year + 1}", session=vpb.Session(
                term=TERM, title=f"第十九届人民代表大会第{self.year + 1 - 2021}次会议", session_date=date,
                chief_scrutineer=f"deputy-{self.id}-001", scrutineers=[f"deputy-{self.id}-002", f"deputy-{self.id}-003"])),
            metadata=self.staff)
        return await self.voting.CheckInDeputies(vpb.CheckInDeputiesRequest(
            name=session.name, deputies=[f"deputy-{self.id}-{n:03d}" for n in self.present]), metadata=self.staff)

    async def key_ceremony(self, session: str) -> devices.Scrutineers:
        """Each scrutineer's device, with their own token; their shares in their files."""
        return await devices.hold_key_ceremony(self.voting, session, f"deputy-{self.id}-001", self.deputy_by_id,
                                               self.ctx.stack.folder / "scrutineers" / self.id / str(self.year + 1))

    def deputy_by_id(self, deputy: str):
        return self.ctx.stack.issuer.metadata(deputy, self.id, "deputy")

    async def completion_report(self, session: str) -> pb.Evaluation:
        request = pb.OpenEvaluationRequest(parent=f"towns/{self.id}", evaluation=pb.Evaluation(
            year=self.year, session=session))

        async def opened():
            try:
                return await self.stub.OpenEvaluation(request, metadata=self.staff)
            except grpc.aio.AioRpcError:  # the session has not reached the evaluation service yet
                return None
        evaluation = await wait_for(opened, what=f"{self.id}'s session reaching evaluation")
        edits = [pb.ItemEdit(project=i.project, explanation=i.explanation or "工程量调整，已纳入下一年度跟踪监督")
                 for i in evaluation.items if i.status not in (pb.COMPLETED, pb.COMPLETED_LATE)]
        await self.stub.EditCompletionReport(pb.EditCompletionReportRequest(
            name=self.name, summary=f"{self.year}年{len(evaluation.items)}件民生实事项目总体推进顺利。", items=edits),
            metadata=self.staff)
        return await self.stub.SubmitCompletionReport(pb.SubmitCompletionReportRequest(name=self.name),
                                                      metadata=self.staff)

    async def assess(self, report: pb.Evaluation, scrutineers: devices.Scrutineers) -> pb.Assessment:
        """Every present deputy's device encrypts and casts at once; the assessment closes; the
        chief scrutineer and the third decrypt the sums (two of three suffice)."""
        async def opened():
            try:
                return await self.stub.OpenAssessment(pb.OpenAssessmentRequest(
                    parent=self.name, request_id=f"assessment-{self.year}"), metadata=self.staff)
            except grpc.aio.AioRpcError:  # the session's key has not reached the evaluation service yet
                return None
        assessment = await wait_for(opened, what=f"{self.id}'s session key reaching evaluation")
        manifest = Manifest.from_json(json.loads(assessment.manifest))
        record = KeyRecord.from_json(json.loads(assessment.key_record))
        ctx_hash = context(manifest, record.hash(), record.joint_key())
        rng = random.Random(self.id)
        unsatisfied = [i.project for i in report.items if i.status in (pb.COMPLETED, pb.COMPLETED_LATE)][-1]

        async def cast(n: int) -> None:
            marks = manifest.form.marks(_choices(list(assessment.projects), unsatisfied, rng))
            ballot = encrypt_ballot(manifest.form, marks, record.joint_key(), ctx_hash)
            await self.stub.CastAssessmentBallot(pb.CastAssessmentBallotRequest(
                name=assessment.name, ballot=EncryptedBallot(json=json.dumps(ballot.to_json())),
                request_id=f"cast-{n}"), metadata=self.deputy(n))
        await asyncio.gather(*(cast(n) for n in self.present))
        await self.stub.CloseAssessment(pb.CloseAssessmentRequest(name=assessment.name), metadata=self.staff)
        await devices.decrypt(self.stub, assessment.name, scrutineers, [f"deputy-{self.id}-001", f"deputy-{self.id}-003"],
                              self.deputy_by_id)
        return await self.stub.GetAssessment(pb.GetAssessmentRequest(name=assessment.name), metadata=self.staff)

    async def report(self) -> pb.EvaluationReport:
        report = await self.stub.IssueEvaluationReport(pb.IssueEvaluationReportRequest(
            name=self.name, comments=["建议对不满意项目明确整改时限，整改结果向代表通报"]), metadata=self.staff)
        folder = self.ctx.stack.folder / "results"
        folder.mkdir(exist_ok=True)
        (folder / f"evaluation-{self.id}-{self.year}.pdf").write_bytes(report.pdf)
        return report

    async def run(self) -> list[pb.ProjectCount]:
        session = await self.session()
        scrutineers = await self.key_ceremony(session.name)
        report = await self.completion_report(session.name)
        closed = await self.assess(report, scrutineers)
        await self.report()
        grades = [pb.Grade.Name(c.grade) for c in closed.counts]
        say(f"  {self.town['name']}: {len(report.items)} projects, {closed.ballots_cast} ballots; "
            + ", ".join(f"{g} {grades.count(g)}" for g in ("SATISFIED", "BASICALLY_SATISFIED", "UNSATISFIED")))
        return list(closed.counts)


async def run(ctx: DemoContext) -> None:
    say(f"\n== Evaluation (评议) of {ctx.year}, at the sessions of {ctx.year + 1}")
    if not ctx.results.get("adopted"):
        say("  skipped: no adopted projects (the voting stage has not run)")
        return
    async with ctx.channel("voting") as voting_channel, ctx.channel("evaluation") as channel:
        voting, stub = VotingServiceStub(voting_channel), EvaluationServiceStub(channel)
        counts = []
        for town in [t for t in ctx.towns if ctx.results["adopted"].get(t["id"])]:
            counts += await Town(ctx, voting, stub, town).run()
    unsatisfied = sum(c.grade == pb.UNSATISFIED for c in counts)
    ctx.results["evaluated"] = counts
    say(f"  district: {len(counts)} projects assessed, {unsatisfied} 不满意: rectified and carried into "
        f"{ctx.year + 1}'s follow-up supervision; the reports are under {ctx.stack.folder / 'results'}")
