"""Town staff's supervision and evaluation pages in a real browser against the real stack: a
project's plan, progress and carry-over with the server's field errors, what is overdue, and a
year's completion report, its assessment and the written report's PDF."""
import io

import pytest
from playwright.async_api import expect
from pypdf import PdfReader

from minsheng.common.v1.ballot_box_pb2 import GetBulletinBoardRequest, SubmitPartialDecryptionRequest
from minsheng.evaluation.v1 import evaluation_pb2 as ev
from tests.console.conftest import OFFICE, TABLET
from tests.evaluation.client import Evaluation, Scrutineers, encrypted
from tests.supervision.client import YEAR, Supervision, adopted

pytestmark = pytest.mark.integration


async def test_town_staff_plan_report_and_carry_over_projects_and_see_what_is_overdue(
        open_console, new_town, nats_client, channel_to, issuer):
    supervision = Supervision(channel_to("supervision"), issuer, new_town)
    await supervision.adopt(nats_client.jetstream(), [adopted(new_town, 1), adopted(new_town, 2)])
    staff = await open_console(OFFICE)
    page = staff.page
    await staff.sign_in("staff", new_town)
    await page.get_by_role("link", name="项目监督").click()
    await page.get_by_label("监督年度").fill(str(YEAR))
    await page.get_by_role("button", name="查看").click()
    rows = page.get_by_test_id("projects").locator("tbody tr")
    await expect(rows).to_have_count(2)
    await expect(rows.first).to_contain_text("已逾期")  # its deadline, 2024-11-30, has passed

    await page.get_by_role("button", name="办理 民生项目1").click()
    await expect(page.get_by_role("heading", name="民生项目1")).to_be_visible()
    await page.get_by_label("节点 1 名称").fill("开工")
    await page.get_by_label("节点 1 完成日期").fill("2025-03-01")  # after the project's deadline
    await page.get_by_label("联系电话").fill("电话")
    await page.get_by_role("button", name="保存实施计划").click()
    for label in ("节点 1 完成日期", "第 1 项用途", "联系电话"):
        await expect(page.get_by_label(label)).to_have_attribute("aria-invalid", "true")
    await expect(page.locator(".field.invalid", has=page.get_by_label("节点 1 完成日期"))).to_contain_text(
        "2024-11-30")
    await staff.shot("staff-supervision-errors")
    await page.get_by_label("节点 1 完成日期").fill("2024-04-30")
    await page.get_by_label("第 1 项用途").fill("工程")
    await page.get_by_label("联系人").fill("张工")
    await page.get_by_label("联系电话").fill("0633-1234567")
    await page.get_by_role("button", name="保存实施计划").click()
    await expect(page.get_by_role("status")).to_have_text("已保存")
    await page.get_by_role("button", name="批准实施计划").click()
    await expect(page.get_by_role("button", name="批准实施计划")).to_have_count(0)  # the project shown again
    await expect(rows.first).to_contain_text("实施中")

    await page.get_by_label("报告日期").fill("2024-05-02")
    await page.get_by_label("完成百分比").fill("120")
    await page.get_by_role("button", name="提交进度报告").click()
    await expect(page.get_by_label("完成百分比")).to_have_attribute("aria-invalid", "true")
    await page.get_by_label("完成百分比").fill("20")
    await page.get_by_label("已支出（元）").fill("50000")
    await page.get_by_label("达到的节点").select_option(label="开工")
    await page.get_by_label("进展情况").fill("已开工")
    await page.get_by_role("button", name="提交进度报告").click()
    await expect(page.get_by_test_id("reports")).to_contain_text("2024-05-02：完成 20%，已支出 50,000 元")
    await expect(page.get_by_test_id("overdue")).to_contain_text("已超过完成时限 2024-11-30")
    await staff.shot("staff-supervision")
    project = await supervision.get(supervision.project(1))
    assert (project.percent_complete, project.spent_yuan, project.plan.milestones[0].reached_date) == (
        20, 50000, "2024-05-02")

    await page.get_by_role("button", name="办理 民生项目2").click()
    await expect(page.get_by_role("heading", name="民生项目2")).to_be_visible()
    await page.get_by_role("button", name="结转至下一年度").click()  # no deadline
    await expect(page.get_by_label("新的完成时限")).to_have_attribute("aria-invalid", "true")
    await page.get_by_label("新的完成时限").fill(f"{YEAR + 1}-06-30")
    await page.get_by_role("button", name="结转至下一年度").click()  # no explanation
    await expect(page.get_by_label("政府书面说明")).to_have_attribute("aria-invalid", "true")
    await expect(page.get_by_label("新的完成时限")).to_have_attribute("aria-invalid", "false")
    await page.get_by_label("政府书面说明").fill("资金未到位，2025年6月底前完工")
    await page.get_by_role("button", name="结转至下一年度").click()
    await expect(page.get_by_test_id("carry-overs")).to_contain_text(f"已结转至 {YEAR + 1} 年")
    carried = await supervision.get(supervision.project(2))
    assert (carried.current_deadline, carried.carry_overs[0].explanation) == (f"{YEAR + 1}-06-30",
                                                                             "资金未到位，2025年6月底前完工")
    assert staff.problems == []


async def test_town_staff_submit_the_completion_report_open_the_assessment_and_download_the_written_report(
        open_console, channel_to, issuer, nats_client, sql, new_town, stack, tmp_path):
    client = Evaluation(channel_to("evaluation"), issuer, new_town)
    js = nats_client.jetstream()
    for n in (1, 2):
        await client.supervised(js, n)
    await client.supervised(js, 3, completed_on=None)  # unfinished: the government must explain
    await client.session_held(js, stack, range(1, 9))
    scrutineers = Scrutineers(client.session, new_town)
    await client.key_ceremony_completed(js, scrutineers.record)
    await client.heard(sql)

    staff = await open_console(TABLET)
    page = staff.page
    await staff.sign_in("staff", new_town)
    await page.get_by_role("link", name="满意度测评").click()
    await page.get_by_label("项目年度").fill("2023")
    await page.get_by_label("测评会议").fill(client.session.split("/", 2)[2])
    await page.get_by_role("button", name="开始评议").click()
    state = page.get_by_test_id("evaluation-state")
    await expect(state).to_have_text("报告草稿")
    await page.get_by_role("group", name="道路硬化1号").get_by_label("完成情况").fill("硬化道路二公里，已通车。")
    await page.get_by_role("button", name="提交报告").click()
    unfinished = page.get_by_role("group", name="道路硬化3号")
    await expect(unfinished.get_by_label("政府说明")).to_have_attribute("aria-invalid", "true")
    await expect(unfinished).to_contain_text("未完成的项目须填写政府说明")
    await expect(page.get_by_role("group", name="道路硬化2号").get_by_label("政府说明")).not_to_have_attribute(
        "aria-invalid", "true")
    await staff.shot("staff-evaluation-error")
    await unfinished.get_by_label("政府说明").fill("资金未到位，2024年6月底前完工")
    await page.get_by_role("button", name="提交报告").click()
    await expect(state).to_have_text("报告已提交，可发起测评")
    submitted = await client.get()
    assert (submitted.items[0].work_done, submitted.items[2].explanation) == ("硬化道路二公里，已通车。",
                                                                             "资金未到位，2024年6月底前完工")

    await page.get_by_role("button", name="发起满意度测评").click()
    assessments = page.get_by_test_id("assessments")
    await expect(assessments).to_contain_text("第 1 轮 投票中")
    assessment = await client.stub.GetAssessment(ev.GetAssessmentRequest(name=f"{client.name}/assessments/1"),
                                                 metadata=client.staff)
    await client.stub.CastAssessmentBallot(ev.CastAssessmentBallotRequest(
        name=assessment.name, ballot=encrypted(assessment, dict.fromkeys(assessment.projects, "满意")),
        request_id="one"), metadata=client.deputy(4))
    await page.get_by_role("button", name="结束投票").click()
    await expect(assessments).to_contain_text("已结束投票，待监票人解密")
    board = f"{assessment.name}/bulletinBoard"
    document = (await client.stub.GetBulletinBoard(GetBulletinBoardRequest(name=board),
                                                    metadata=client.deputy(1))).document
    for n in (1, 2):
        await client.stub.SubmitPartialDecryption(SubmitPartialDecryptionRequest(
            name=board, partial=scrutineers.partial(n, document, 1)), metadata=client.deputy(n))
    await page.get_by_role("button", name="刷新").click()
    await expect(state).to_have_text("测评已完成")
    await page.get_by_label("代表意见").fill("建议加快资金拨付")
    await page.get_by_role("button", name="印发书面评议报告").click()
    await expect(state).to_have_text("书面评议报告已印发")
    async with page.expect_download() as download:
        await page.get_by_role("link", name="下载书面评议报告（PDF）").click()
    pdf = tmp_path / "report.pdf"
    await (await download.value).save_as(pdf)
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "道路硬化3号" in text and "建议加快资金拨付" in text
    await staff.shot("staff-evaluation")
    assert staff.problems == []
