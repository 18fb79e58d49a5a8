"""The satisfaction assessment by secret ballot through the real stack: the session's key from
its scrutineers' ceremony, encrypted ballots cast by the deputies present (once, a retry gets
its tracking code back, a forged ballot refused), the sums decrypted by a quorum of
scrutineers, grades by the town's rule at the edge of half, the board accepted by the
independent verifier, the rectification for 不满意, the signed PDF report and the
re-assessment of what was graded 不满意."""
import asyncio
import io
import json

import grpc
import pytest
from pypdf import PdfReader

from minsheng.common.v1.ballot_box_pb2 import (BulletinBoard, EncryptedBallot, GetBulletinBoardRequest,
                                               PartialDecryption, SubmitPartialDecryptionRequest)
from minsheng.evaluation.v1 import evaluation_pb2 as pb
from services.ballotbox import verify
from services.platform import signing
from services.voting.trustee import BoardServer, decrypt_board, service_of
from tests.evaluation.client import Evaluation, Scrutineers, encrypted
from tests.events import collect, envelopes
from tests.helpers import expect_error, field_violations, reason

pytestmark = pytest.mark.integration
OK, BASIC, NO = "满意", "基本满意", "不满意"
# Deputies 1..8 present of 10 seated: the base is 10, and exactly half (5) is not more than half.
CHOICES = {1: (OK, OK, OK), 2: (OK, OK, OK), 3: (OK, OK, OK), 4: (OK, OK, OK), 5: (OK, OK, BASIC),
           6: (OK, BASIC, NO), 7: (NO, NO, NO), 8: (BASIC, NO, None)}


async def assessed_year(channel_to, issuer, nats_client, sql, town, stack):
    client = Evaluation(channel_to("evaluation"), issuer, town)
    js = nats_client.jetstream()
    for n in (1, 2):
        await client.supervised(js, n)
    await client.supervised(js, 3, completed_on=None, carried_over="资金未到位，2024年6月底前完工")
    await client.session_held(js, stack, range(1, 9))
    scrutineers = Scrutineers(client.session, town)
    await client.key_ceremony_completed(js, scrutineers.record)
    await client.heard(sql)
    await client.open()
    await client.stub.SubmitCompletionReport(pb.SubmitCompletionReportRequest(name=client.name), metadata=client.staff)
    assessment = await client.stub.OpenAssessment(pb.OpenAssessmentRequest(parent=client.name, request_id="a1"),
                                                  metadata=client.staff)
    return client, scrutineers, assessment


def ballot_of(assessment, marks) -> EncryptedBallot:
    return encrypted(assessment, {p: m for p, m in zip(assessment.projects, marks) if m})


async def test_an_assessment_from_ballots_to_grades_report_and_reassessment(stack, channel_to, issuer, new_town,
                                                                          other_town, nats_client, sql):
    client, scrutineers, assessment = await assessed_year(channel_to, issuer, nats_client, sql, new_town, stack)
    stub = client.stub
    assert (assessment.state, assessment.seated_count, assessment.present_count, assessment.quorum) == (
        pb.Assessment.OPEN, 10, 8, 2)
    assert list(assessment.projects) == [client.project(n) for n in (1, 2, 3)]

    def cast(n: int, ballot: EncryptedBallot, request_id: str = ""):
        return stub.CastAssessmentBallot(pb.CastAssessmentBallotRequest(
            name=assessment.name, ballot=ballot, request_id=request_id or f"cast-{n}"), metadata=client.deputy(n))
    forged = json.loads(ballot_of(assessment, CHOICES[1]).json)
    forged["selections"][0][1] = forged["selections"][1][1]  # a selection moved from another project
    error = await expect_error(cast(2, EncryptedBallot(json=json.dumps(forged)), "forged"),
                               grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"ballot"}
    receipts = {n: await cast(n, ballot_of(assessment, marks)) for n, marks in CHOICES.items()}
    assert await cast(1, ballot_of(assessment, CHOICES[1])) == receipts[1]  # a retry: the same tracking code
    error = await expect_error(cast(1, ballot_of(assessment, CHOICES[1]), "another"), grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "ALREADY_VOTED"
    await expect_error(cast(9, ballot_of(assessment, CHOICES[1])), grpc.StatusCode.PERMISSION_DENIED)  # absent
    await expect_error(stub.CastAssessmentBallot(pb.CastAssessmentBallotRequest(
        name=assessment.name, ballot=ballot_of(assessment, CHOICES[1]), request_id="x"),
        metadata=issuer.metadata("deputy-x", other_town, "deputy")), grpc.StatusCode.PERMISSION_DENIED)
    board_name = f"{assessment.name}/bulletinBoard"
    error = await expect_error(stub.GetBulletinBoard(GetBulletinBoardRequest(name=board_name), metadata=client.staff),
                               grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "ASSESSMENT_OPEN"

    counting = await stub.CloseAssessment(pb.CloseAssessmentRequest(name=assessment.name), metadata=client.staff)
    assert (counting.state, counting.ballots_cast) == (pb.Assessment.COUNTING, 8)
    board = await stub.GetBulletinBoard(GetBulletinBoardRequest(name=board_name), metadata=client.deputy(4))
    assert (board.stage, board.voters) == (BulletinBoard.COUNTING, 8)
    assert sorted(b["tracking_code"] for b in json.loads(board.document)["ballots"]) == sorted(
        r.tracking_code for r in receipts.values())

    def submit(n: int, by: int):
        return stub.SubmitPartialDecryption(SubmitPartialDecryptionRequest(
            name=board_name, partial=scrutineers.partial(n, board.document, 8)), metadata=client.deputy(by))
    await expect_error(submit(1, 2), grpc.StatusCode.PERMISSION_DENIED)  # another trustee's part
    await expect_error(submit(1, 5), grpc.StatusCode.PERMISSION_DENIED)  # not a scrutineer
    forged_part = json.loads(scrutineers.partial(1, board.document, 8).json)
    forged_part["parts"][0][0]["part"] = forged_part["parts"][0][1]["part"]
    error = await expect_error(stub.SubmitPartialDecryption(SubmitPartialDecryptionRequest(
        name=board_name, partial=PartialDecryption(json=json.dumps(forged_part))), metadata=client.deputy(1)),
        grpc.StatusCode.INVALID_ARGUMENT)
    progress = await submit(1, 1)
    assert (list(progress.trustees), progress.quorum, progress.counted) == ([1], 2, False)
    # The third scrutineer runs the trustee tool's decrypt step against the evaluation service.
    tool = BoardServer(stack.api("evaluation").target, service_of(board_name, None),
                       issuer.issue(f"deputy-{new_town}-003", new_town, "deputy"))
    assert (await asyncio.to_thread(decrypt_board, tool, board_name, scrutineers.states[2], 8)).counted
    closed = await stub.GetAssessment(pb.GetAssessmentRequest(name=assessment.name), metadata=client.staff)
    assert closed.state == pb.Assessment.COUNTED
    assert [(c.grade, c.satisfied, c.basically_satisfied, c.unsatisfied, c.blank) for c in closed.counts] == [
        (pb.SATISFIED, 6, 1, 1, 0),             # 6 of 10 seated: more than half
        (pb.BASICALLY_SATISFIED, 5, 1, 2, 0),   # 5 满意 is exactly half; with 基本满意 6
        (pb.UNSATISFIED, 4, 1, 2, 1)]           # 4 + 1: exactly half; one left it blank
    assert list(closed.decrypted_by) == [f"deputy-{new_town}-001", f"deputy-{new_town}-003"]
    counted = await stub.GetBulletinBoard(GetBulletinBoardRequest(name=board_name), metadata=client.staff)
    assert counted.stage == BulletinBoard.COUNTED
    published = json.loads(counted.document)
    assert verify.check(published) == []
    published["counts"][0][0] += 1
    assert verify.check(published)

    required = [e for e in envelopes(await collect(nats_client.jetstream(), f"minsheng.{new_town}.evaluation.>",
                                                   expected=5)) if e.event_type == "rectification_required"]
    assert [e.aggregate_id for e in required] == [client.project(3)]

    issued = await stub.IssueEvaluationReport(pb.IssueEvaluationReportRequest(
        name=client.name, comments=["建议加快资金拨付"]), metadata=client.staff)
    assert issued == await stub.GetEvaluationReport(pb.GetEvaluationReportRequest(name=f"{client.name}/report"),
                                                    metadata=client.deputy(2))
    document = json.loads(issued.document)
    assert signing.verifies(document, issued.signature, issued.public_key)
    assert [(p["grade"], p["counts"]["satisfied"]) for p in document["projects"]] == [
        ("SATISFIED", 6), ("BASICALLY_SATISFIED", 5), ("UNSATISFIED", 4)]
    text = "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(issued.pdf)).pages)
    for expected in ("2023年民生实事项目书面评议报告", "道路硬化1号", "道路硬化3号", "实有代表10名", "出席8名", "基本满意",
                     "资金未到位", "建议加快资金拨付"):
        assert expected in text, expected
    await expect_error(stub.IssueEvaluationReport(pb.IssueEvaluationReportRequest(name=client.name),
                                                  metadata=client.staff), grpc.StatusCode.FAILED_PRECONDITION)
    again = await stub.OpenAssessment(pb.OpenAssessmentRequest(parent=client.name), metadata=client.staff)
    assert (again.round, list(again.projects)) == (2, [client.project(3)])
    published = envelopes(await collect(nats_client.jetstream(), f"minsheng.{new_town}.evaluation.>", expected=8))
    assert [e.event_type for e in published] == [
        "evaluation_opened", "completion_report_submitted", "assessment_opened", "assessment_closed",
        "rectification_required", "evaluation_report_issued", "evaluation_filed", "assessment_opened"]
