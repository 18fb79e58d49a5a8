"""Town staff's oversight page in a real browser against the real stack: the roster and a
supervision group with its projects, an inspection and its finding sent for rectification,
answered and verified, the completion accepted (验收), the year's calendar and inquiry, and the
progress sheet out and back; then what the supervision service holds, read through the gateway."""
import csv
import io
from datetime import date, timedelta

import pytest
from playwright.async_api import expect

from tests.console.conftest import OFFICE, TABLET
from tests.supervision.client import YEAR, Supervision, adopted, report_message

pytestmark = pytest.mark.integration


async def completion_reported(supervision: Supervision, js) -> str:
    """Two adopted projects; the first under way with its completion reported."""
    await supervision.adopt(js, [adopted(supervision.town, 1), adopted(supervision.town, 2)])
    first = supervision.project(1)
    await supervision.under_way(first)
    await supervision.report(first, report_message(percent_complete=100, spent_yuan=300000, claims_completion=True))
    return first


async def add_supervisor(roster, supervisor_id: str, name: str, level: str, account: str = "") -> None:
    await roster.get_by_label("编号（小写字母、数字、-）").fill(supervisor_id)
    await roster.get_by_label("姓名").fill(name)
    await roster.get_by_label("代表层级").select_option(label=level)
    await roster.get_by_label("代表活动小组").fill("第一代表活动小组")
    await roster.get_by_label("登录账号").fill(account)
    await roster.get_by_role("button", name="加入名册").click()


async def test_town_staff_form_a_group_inspect_rectify_and_accept_a_project(
        open_console, town, nats_client, channel_to, issuer, new_town):
    supervision = Supervision(channel_to("supervision"), issuer, new_town)
    first = await completion_reported(supervision, nats_client.jetstream())
    staff = await open_console(OFFICE)
    page = staff.page
    await staff.sign_in("staff", new_town)
    await page.get_by_role("link", name="监督小组与整改").click()
    await page.get_by_label("监督年度").fill(str(YEAR))
    await page.get_by_role("button", name="查看").click()
    await expect(page.get_by_test_id("oversight-projects").locator("tbody tr")).to_have_count(2)

    roster = page.get_by_role("region", name="监督员名册")
    await add_supervisor(roster, "Wang Wu", "王五", "市人大代表", f"deputy-{new_town}-001")
    supervisor_id = roster.get_by_label("编号（小写字母、数字、-）")
    await expect(supervisor_id).to_have_attribute("aria-invalid", "true")
    await expect(roster.locator(".field.invalid", has=page.get_by_label("编号（小写字母、数字、-）", exact=True))
                 ).to_contain_text("只能用小写字母、数字和 -")
    await staff.shot("staff-oversight-error")
    await supervisor_id.fill("wang")
    await roster.get_by_role("button", name="加入名册").click()
    await expect(roster.get_by_test_id("supervisors")).to_contain_text("王五（wang）")
    await add_supervisor(roster, "li", "李四", "镇人大代表")
    await expect(roster.get_by_test_id("supervisors")).to_contain_text("李四（li）")

    groups = page.get_by_role("region", name="专项监督小组")
    await groups.get_by_label("小组编号").fill("group-1")
    await groups.get_by_label("小组名称").fill("第一专项监督小组")
    await groups.get_by_role("group", name="小组成员").get_by_label("王五").check()
    await groups.get_by_role("group", name="小组成员").get_by_label("李四").check()
    await groups.get_by_label("组长").select_option(label="王五")
    await groups.get_by_role("button", name="组建监督小组").click()
    await expect(groups.get_by_test_id("groups")).to_contain_text("第一专项监督小组")
    await groups.get_by_label("民生项目1 的负责监督员").select_option(label="王五")
    await groups.get_by_role("button", name="保存分配").click()
    await expect(groups.get_by_test_id("groups")).to_contain_text("民生项目1：王五")

    inspections = page.get_by_role("region", name="视察调研")
    await inspections.get_by_label("监督小组").select_option(label="第一专项监督小组")
    await inspections.get_by_label("方式").select_option(label="集中视察")
    await inspections.get_by_label("日期").fill(f"{YEAR}-06-20")
    await inspections.get_by_role("group", name="参加人员").get_by_label("王五").check()
    await inspections.get_by_role("group", name="视察的项目").get_by_label("民生项目1").check()
    await inspections.get_by_role("button", name="增加问题").click()
    await inspections.get_by_label("问题 1 涉及的项目").select_option(label="民生项目1")
    await inspections.get_by_label("问题 1 内容").fill("施工围挡不规范")
    await inspections.get_by_role("button", name="保存视察记录").click()
    await expect(inspections.get_by_test_id("inspections")).to_contain_text("民生项目1：施工围挡不规范")

    await page.get_by_role("button", name="办理 民生项目1").click()
    project = page.get_by_role("region", name="民生项目1")
    await project.get_by_label("问题", exact=True).select_option(label=f"{YEAR}-06-20 施工围挡不规范")
    await project.get_by_label("整改期限").fill(f"{YEAR}-07-31")
    await project.get_by_role("button", name="发出整改通知").click()
    rectification = project.get_by_role("article", name="第 1 号：施工围挡不规范")
    await expect(rectification.get_by_test_id("rectification-state")).to_have_text("待整改")
    await rectification.get_by_label("整改情况").fill("已更换标准围挡")
    await rectification.get_by_role("button", name="记录整改答复").click()
    await expect(rectification.get_by_test_id("rectification-state")).to_have_text("已答复，待核查")
    await rectification.get_by_label("退回重新整改").check()
    await rectification.get_by_role("button", name="提交核查结论").click()  # no reason, no new deadline
    for label in ("理由（退回时必填）", "新的整改期限（退回时）"):
        await expect(rectification.get_by_label(label)).to_have_attribute("aria-invalid", "true")
    await rectification.get_by_label("理由（退回时必填）").fill("围挡高度不足")
    await rectification.get_by_label("新的整改期限（退回时）").fill((date.today() + timedelta(days=30)).isoformat())
    await rectification.get_by_role("button", name="提交核查结论").click()
    await expect(rectification.get_by_test_id("rectification-state")).to_have_text("待整改")
    await expect(rectification).to_contain_text("退回：围挡高度不足")
    await rectification.get_by_label("整改情况").fill("已更换标准围挡")
    await rectification.get_by_role("button", name="记录整改答复").click()
    await expect(rectification.get_by_test_id("rectification-state")).to_have_text("已答复，待核查")
    await rectification.get_by_label("整改通过").check()
    await rectification.get_by_role("button", name="提交核查结论").click()
    await expect(rectification.get_by_test_id("rectification-state")).to_have_text("整改已通过")

    await project.get_by_label("验收通过").check()
    await project.get_by_role("button", name="提交验收结论").click()
    await expect(project.get_by_test_id("verifications")).to_contain_text("验收通过")
    await expect(project).to_contain_text("已验收完成")
    await staff.shot("staff-oversight")

    held = await town.ok("GET", f"/v1/{first}", town.staff)
    assert (held["state"], held["supervisionGroup"], held["supervisor"]) == (
        "COMPLETED", f"towns/{new_town}/supervisionGroups/group-1", "wang")
    assert held["verifications"][0]["accepted"] is True
    fixes = (await town.ok("GET", f"/v1/{first}/rectifications", town.staff))["rectifications"]
    assert [(r["state"], r["finding"], len(r["answers"]), [c.get("accepted", False) for c in r["checks"]])
            for r in fixes] == [("ACCEPTED", "施工围挡不规范", 2, [False, True])]
    seen = (await town.ok("GET", f"/v1/towns/{new_town}/inspections?year={YEAR}", town.staff))["inspections"]
    assert [(i["kind"], i["participants"], i["findings"][0]["project"]) for i in seen] == [
        ("FOCUSED_INSPECTION", ["wang"], first)]
    roster_held = (await town.ok("GET", f"/v1/towns/{new_town}/supervisors", town.staff))["supervisors"]
    assert {(s["name"].rsplit("/", 1)[1], s["level"]) for s in roster_held} == {("wang", "CITY"), ("li", "TOWN")}
    assert staff.problems == []


def filled(sheet: str, project: str, percent: int) -> bytes:
    """The exported CSV with the project's row filled in as a unit would, the other rows left out."""
    header, *rows = list(csv.reader(io.StringIO(sheet)))
    row = dict(zip(header, next(r for r in rows if r[0] == project)))
    row |= {"报告日期 report_date": f"{YEAR}-06-30", "完成进度% percent_complete": str(percent),
            "已支出(元) spent_yuan": "100000", "进展情况 text": "主体完工"}
    out = io.StringIO()
    csv.writer(out).writerows([header, [row[h] for h in header]])
    return out.getvalue().encode("utf-8")


async def test_town_staff_set_the_calendar_record_the_inquiry_and_take_back_the_progress_sheet(
        open_console, town, nats_client, channel_to, issuer, new_town, tmp_path):
    supervision = Supervision(channel_to("supervision"), issuer, new_town)
    await supervision.adopt(nats_client.jetstream(), [adopted(new_town, 1), adopted(new_town, 2)])
    first = supervision.project(1)
    await supervision.under_way(first)
    await supervision.form_group([first])
    staff = await open_console(TABLET)
    page = staff.page
    await staff.sign_in("staff", new_town)
    await page.goto(f"{staff.base}/console/staff/oversight")
    await page.get_by_label("监督年度").fill(str(YEAR))
    await page.get_by_role("button", name="查看").click()

    calendar = page.get_by_role("region", name="年度监督安排")
    await calendar.get_by_label("选题 1", exact=True).fill("农村道路")
    await calendar.get_by_role("group", name="选题 1 涉及的项目").get_by_label("民生项目1").check()
    await calendar.get_by_label("年中督导进度日期").fill(f"{YEAR}-07-15")
    await calendar.get_by_label("年终询问效果日期").fill(f"{YEAR}-12-20")
    await calendar.get_by_role("button", name="保存监督安排").click()
    await calendar.get_by_label("询问日期").fill(f"{YEAR}-12-20")
    await calendar.get_by_label("问题 1 提问代表").select_option(label="王五")
    await calendar.get_by_label("问题 1 内容").fill("道路何时完工？")
    await calendar.get_by_label("问题 1 政府答复").fill("年底前完工。")
    await calendar.get_by_label("问题 1 答复人").fill("副镇长")
    await calendar.get_by_role("button", name="记录年终询问").click()
    await expect(calendar.get_by_test_id("inquiry")).to_have_text(f"{YEAR}-12-20 已询问 1 个问题")

    sheet = page.get_by_role("region", name="进度表")
    await sheet.get_by_label("文件格式").select_option("CSV")
    await sheet.get_by_role("button", name="生成进度表").click()
    async with page.expect_download() as download:
        await sheet.get_by_role("link", name=f"下载 progress-{new_town}-{YEAR}.csv").click()
    exported = tmp_path / "exported.csv"
    await (await download.value).save_as(exported)
    upload = tmp_path / "progress.csv"
    upload.write_bytes(filled(exported.read_text("utf-8-sig"), first, 150))
    await sheet.get_by_label("填好的进度表").set_input_files(upload)
    await sheet.get_by_role("button", name="导入进度表").click()
    await expect(sheet.get_by_test_id("sheet-errors")).to_contain_text("第 2 行「完成进度%」：须在 0 到 100 之间")
    await staff.shot("staff-oversight-sheet")
    upload.write_bytes(filled(exported.read_text("utf-8-sig"), first, 60))
    await sheet.get_by_label("填好的进度表").set_input_files(upload)
    await sheet.get_by_role("button", name="导入进度表").click()
    await expect(sheet.get_by_role("status")).to_have_text("已导入 1 条进度，0 行无变化")

    held = await town.ok("GET", f"/v1/towns/{new_town}/supervisionCalendars/{YEAR}", town.staff)
    assert (held["topics"][0]["projects"], held["inquiry"]["questions"][0]["askedBy"]) == ([first], "wang")
    project = await town.ok("GET", f"/v1/{first}", town.staff)
    assert (project["percentComplete"], project["spentYuan"], project["lastReportDate"]) == (
        60, "100000", f"{YEAR}-06-30")
    assert staff.problems == []
