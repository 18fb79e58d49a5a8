"""A re-assessment after rectification issues the written report's next revision through the
real stack: the grade it changed, a document chained to the one it supersedes, both kept, and
the revision filed with the district apart from the first, accepted there as linked to it."""
import hashlib
import io
import json

import grpc
import pytest
from pypdf import PdfReader

from minsheng.common.v1.ballot_box_pb2 import GetBulletinBoardRequest, SubmitPartialDecryptionRequest
from minsheng.district.v1.district_pb2_grpc import DistrictServiceStub
from minsheng.evaluation.v1 import evaluation_pb2 as pb
from minsheng.events.v1.evaluation_events_pb2 import EvaluationFiled
from services.evaluation import verify
from services.platform import signing
from tests.district.evaluation_filings import evaluation_filings
from tests.evaluation.test_assessment import CHOICES, assessed_year, ballot_of
from tests.events import collect, envelopes
from tests.helpers import expect_error, reason

pytestmark = pytest.mark.integration


async def counted(client, scrutineers, assessment, choices: dict[int, tuple]) -> None:
    """Every deputy in `choices` casts, the assessment closes, and scrutineers 1 and 3 decrypt."""
    stub = client.stub
    for n, marks in choices.items():
        await stub.CastAssessmentBallot(pb.CastAssessmentBallotRequest(
            name=assessment.name, ballot=ballot_of(assessment, marks), request_id=f"{assessment.round}-{n}"),
            metadata=client.deputy(n))
    await stub.CloseAssessment(pb.CloseAssessmentRequest(name=assessment.name), metadata=client.staff)
    board_name = f"{assessment.name}/bulletinBoard"
    board = await stub.GetBulletinBoard(GetBulletinBoardRequest(name=board_name), metadata=client.staff)
    for n in (1, 3):
        await stub.SubmitPartialDecryption(SubmitPartialDecryptionRequest(
            name=board_name, partial=scrutineers.partial(n, board.document, len(choices))), metadata=client.deputy(n))


async def test_a_reassessment_issues_the_next_revision_chained_to_the_first(stack, channel_to, issuer, new_town,
                                                                           nats_client, sql):
    client, scrutineers, first_round = await assessed_year(channel_to, issuer, nats_client, sql, new_town, stack)
    stub = client.stub
    await counted(client, scrutineers, first_round, CHOICES)
    first = await stub.IssueEvaluationReport(pb.IssueEvaluationReportRequest(name=client.name), metadata=client.staff)
    assert first.revision == 1
    error = await expect_error(stub.IssueEvaluationReport(pb.IssueEvaluationReportRequest(name=client.name),
                                                          metadata=client.staff), grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "EVALUATION_REPORT_ISSUED"

    second_round = await stub.OpenAssessment(pb.OpenAssessmentRequest(parent=client.name), metadata=client.staff)
    assert list(second_round.projects) == [client.project(3)]
    await counted(client, scrutineers, second_round, {n: ("满意",) for n in range(1, 9)})
    assert (await client.get()).state == pb.Evaluation.ASSESSED  # the new grade is owed a report

    second = await stub.IssueEvaluationReport(pb.IssueEvaluationReportRequest(name=client.name), metadata=client.staff)
    document = json.loads(second.document)
    assert (second.revision, document["revision"]) == (2, 2)
    assert document["supersedes"] == hashlib.sha256(first.document.encode("utf-8")).hexdigest()
    assert signing.verifies(document, second.signature, second.public_key) and verify.check_document(document) == []
    assert [p["grade"] for p in document["projects"]] == ["SATISFIED", "BASICALLY_SATISFIED", "SATISFIED"]
    text = "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(second.pdf)).pages)
    assert "第2版：整改后重新测评，替代第1版" in text
    assert await stub.GetEvaluationReport(pb.GetEvaluationReportRequest(name=f"{client.name}/report"),
                                          metadata=client.staff) == second

    published = envelopes(await collect(nats_client.jetstream(), f"minsheng.{new_town}.evaluation.>", expected=11))
    filed = [EvaluationFiled.FromString(e.payload.value) for e in published if e.event_type == "evaluation_filed"]
    assert [(f.revision, f.document) for f in filed] == [(1, first.document), (2, second.document)]

    # The district files each revision apart, revision 2 accepted because it names revision 1 as filed.
    receipts = await evaluation_filings(DistrictServiceStub(channel_to("district")), issuer, new_town, 2023, 2)
    assert [(f.name, f.accepted, list(f.problems)) for f in receipts] == [
        (f"towns/{new_town}/filings/2023/evaluation", True, []),
        (f"towns/{new_town}/filings/2023/evaluation-2", True, [])]
