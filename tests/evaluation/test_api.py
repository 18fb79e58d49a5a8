"""The evaluation API against the real stack: a year opened from supervision's and voting's
events, the completion report edited and frozen, bad input and other towns refused."""
import grpc
import pytest

from minsheng.evaluation.v1 import evaluation_pb2 as pb
from tests.evaluation.client import YEAR, Evaluation
from tests.events import collect, envelopes
from tests.helpers import expect_error, field_violations, reason, staff_of

pytestmark = pytest.mark.integration


async def year_of(channel_to, issuer, nats_client, sql, town, stack) -> Evaluation:
    client = Evaluation(channel_to("evaluation"), issuer, town)
    js = nats_client.jetstream()
    await client.supervised(js, 1)
    await client.supervised(js, 2, completed_on="2023-11-20")
    await client.supervised(js, 3, completed_on=None, carried_over="征地手续未办结，2024年6月底前完工")
    await client.supervised(js, 4, completed_on=None)
    await client.session_held(js, stack, range(1, 9))
    await client.heard(sql)
    return client


async def test_a_year_is_opened_once_from_the_events_and_its_report_drafted(channel_to, issuer, new_town,
                                                                            nats_client, sql, stack):
    client = await year_of(channel_to, issuer, nats_client, sql, new_town, stack)
    opened = await client.open()
    assert await client.open() == opened
    assert opened.name == client.name and opened.state == pb.Evaluation.DRAFTING and opened.grading_base == pb.SEATED
    assert [(i.project, i.status) for i in opened.items] == [
        (client.project(1), pb.COMPLETED), (client.project(2), pb.COMPLETED_LATE),
        (client.project(3), pb.CARRIED_OVER), (client.project(4), pb.UNFINISHED)]
    first = opened.items[0]
    assert (first.budget_yuan, first.spent_yuan, first.completed_on) == (100000, 90000, "2023-10-01")
    assert opened.items[2].explanation == "征地手续未办结，2024年6月底前完工"
    published = envelopes(await collect(nats_client.jetstream(), f"minsheng.{new_town}.evaluation.>", expected=1))
    assert [(e.event_type, e.aggregate_id) for e in published] == [("evaluation_opened", client.name)]


async def test_the_report_is_edited_then_submitted_and_frozen(channel_to, issuer, new_town, nats_client, sql,
                                                              stack):
    client = await year_of(channel_to, issuer, nats_client, sql, new_town, stack)
    await client.open()
    submit = pb.SubmitCompletionReportRequest(name=client.name)
    error = await expect_error(client.stub.SubmitCompletionReport(submit, metadata=client.staff),
                               grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "EXPLANATION_MISSING"
    edited = await client.stub.EditCompletionReport(pb.EditCompletionReportRequest(
        name=client.name, summary="全年项目总体推进顺利", items=[
            pb.ItemEdit(project=client.project(4), explanation="资金下达较晚，已列入2024年计划"),
            pb.ItemEdit(project=client.project(1), work_done="硬化道路3.2公里")]), metadata=client.staff)
    assert edited.summary == "全年项目总体推进顺利" and edited.items[0].work_done == "硬化道路3.2公里"
    submitted = await client.stub.SubmitCompletionReport(submit, metadata=client.staff)
    assert submitted.state == pb.Evaluation.REPORT_SUBMITTED
    error = await expect_error(client.stub.EditCompletionReport(pb.EditCompletionReportRequest(
        name=client.name, summary="改"), metadata=client.staff), grpc.StatusCode.FAILED_PRECONDITION)
    assert (await client.get()).summary == "全年项目总体推进顺利"
    published = envelopes(await collect(nats_client.jetstream(), f"minsheng.{new_town}.evaluation.>", expected=2))
    assert [e.event_type for e in published] == ["evaluation_opened", "completion_report_submitted"]


async def test_bad_input_and_other_towns_are_refused(channel_to, issuer, new_town, other_town, nats_client, sql,
                                                    stack):
    client = await year_of(channel_to, issuer, nats_client, sql, new_town, stack)
    stub = client.stub
    bad = pb.OpenEvaluationRequest(parent=f"towns/{new_town}", request_id="r" * 65,
                                   evaluation=pb.Evaluation(year=1999))
    error = await expect_error(stub.OpenEvaluation(bad, metadata=client.staff), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"evaluation.year", "evaluation.session", "request_id"}
    elsewhere = pb.OpenEvaluationRequest(parent=f"towns/{new_town}", evaluation=pb.Evaluation(
        year=YEAR, session=f"towns/{other_town}/sessions/s"))
    error = await expect_error(stub.OpenEvaluation(elsewhere, metadata=client.staff), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"evaluation.session"}
    error = await expect_error(client.open(year=YEAR + 1), grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "SESSION_OF_ANOTHER_YEAR"
    outsider = staff_of(issuer, other_town)
    await expect_error(stub.OpenEvaluation(pb.OpenEvaluationRequest(parent=f"towns/{new_town}", evaluation=pb.Evaluation(
        year=YEAR, session=client.session)), metadata=outsider), grpc.StatusCode.PERMISSION_DENIED)
    await client.open()
    for call in (stub.GetEvaluation(pb.GetEvaluationRequest(name=client.name), metadata=outsider),
                 stub.SubmitCompletionReport(pb.SubmitCompletionReportRequest(name=client.name), metadata=outsider),
                 stub.GetEvaluationReport(pb.GetEvaluationReportRequest(name=f"{client.name}/report"),
                                          metadata=outsider)):
        await expect_error(call, grpc.StatusCode.PERMISSION_DENIED)
    await expect_error(stub.SubmitCompletionReport(pb.SubmitCompletionReportRequest(name=client.name),
                                                   metadata=client.deputy(1)), grpc.StatusCode.PERMISSION_DENIED)
    error = await expect_error(stub.EditCompletionReport(pb.EditCompletionReportRequest(
        name=client.name, items=[pb.ItemEdit(project=f"towns/{other_town}/projects/{YEAR}-1")]),
        metadata=client.staff), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"items[0].project"}
    await expect_error(stub.GetAssessment(pb.GetAssessmentRequest(name=f"{client.name}/assessments/x"),
                                          metadata=client.staff), grpc.StatusCode.INVALID_ARGUMENT)
    error = await expect_error(stub.OpenAssessment(pb.OpenAssessmentRequest(parent=client.name), metadata=client.staff),
                               grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "EVALUATION_DRAFTING"
