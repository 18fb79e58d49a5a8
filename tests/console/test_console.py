"""The console in a real browser against the real stack: a citizen on a phone submits and
follows a proposal, town staff screen and answer it and run the session, deputies vote and assess,
scrutineers decrypt at the close, the district sees its figures."""
import json
import re
import time

import pytest
from playwright.async_api import expect

from minsheng.common.v1.ballot_box_pb2 import GetBulletinBoardRequest, SubmitPartialDecryptionRequest
from minsheng.evaluation.v1 import evaluation_pb2 as ev
from minsheng.voting.v1 import voting_pb2 as pb
from tests.console.conftest import OFFICE, PHONE, TABLET
from tests.district import test_views
from tests.evaluation.client import deputy as evaluating_deputy
from tests.evaluation.client import encrypted
from tests.evaluation.test_assessment import assessed_year
from tests.gateway.helpers import YEAR, _rfc3339
from tests.helpers import staff_of
from tests.supervision.client import Supervision, adopted
from tests.voting.conftest import SCRUTINEERS, cast, close, key_ceremony, open_poll

pytestmark = pytest.mark.integration
# Columns of the dashboard's table of towns.
RECEIVED, ADOPTED, COMPLETED, LATE, CARRIED_OVER, BUDGET, SPENT, OVERDUE = 0, 3, 4, 5, 6, 7, 8, 9
SUPERVISED_YEAR = 2103


async def until_the_dashboard_shows(page, town: str, column: int, value: str):
    """The town's row once `column` reads `value`: the district's read models follow the events,
    so the page is reloaded until then."""
    table = page.get_by_test_id("towns")
    row = table.get_by_role("row", name=f"测试{town[1:]}镇")
    for _ in range(40):
        await expect(table).to_be_visible()  # loaded
        if await row.count() and await row.locator("td").nth(column).inner_text() == value:
            break
        await page.wait_for_timeout(500)
        await page.reload()
    await expect(row.locator("td").nth(column)).to_have_text(value)
    return row


async def test_the_console_is_served_under_a_strict_content_security_policy(client):
    page = await client.get("/console/", headers={"X-Forwarded-Proto": "https"})
    assert page.status_code == 200 and '<div id="app">' in page.text
    policy = page.headers["content-security-policy"]
    assert "script-src 'self' 'wasm-unsafe-eval';" in policy and "unsafe-inline" not in policy
    assert "<script>" not in page.text  # no inline script: only <script type="module" src=...>
    assert page.headers["strict-transport-security"].startswith("max-age=")
    assert "strict-transport-security" not in (await client.get("/console/")).headers  # plain HTTP: no HSTS
    assert (await client.get("/console/public")).text == page.text  # the app's own routes


async def test_local_sign_in_mints_only_the_stack_s_roles_and_towns(client, new_town):
    good = await client.post("/console/local-sign-in", json={"role": "staff", "town": new_town})
    assert good.status_code == 200 and good.json()["subject"] == f"staff-{new_town}"
    assert (await client.post("/console/local-sign-in", json={"role": "system", "town": new_town})).status_code == 400
    assert (await client.post("/console/local-sign-in", json={"role": "staff", "town": "nowhere"})).status_code == 400
    token = good.json()["token"]
    proposals = await client.get(f"/v1/towns/{new_town}/proposals", headers={"Authorization": f"Bearer {token}"})
    assert proposals.status_code == 200  # the services accept what it minted


async def test_a_citizen_on_a_phone_submits_a_proposal_and_follows_it(open_console, town):
    year = time.gmtime().tm_year + 1  # the collection for next year, open now
    await town.ok("POST", f"/v1/towns/{town.town}/collectionCycles", town.staff, json={
        "year": year, "title": f"{year}年民生实事项目征集公告", "announcement": "欢迎群众提出建议。",
        "opensAt": _rfc3339(time.time() - 60), "closesAt": _rfc3339(time.time() + 3600)})
    citizen = await open_console(PHONE)
    page = citizen.page
    await citizen.sign_in("public", town.town)
    await expect(page.get_by_role("heading", name=f"{year}年民生实事项目征集公告")).to_be_visible()
    await expect(page.get_by_text("欢迎群众提出建议。")).to_be_visible()

    await page.get_by_role("button", name="提交").click()  # nothing filled in: the server says what is missing
    title = page.get_by_label("项目名称")
    await expect(title).to_have_attribute("aria-invalid", "true")
    await expect(page.locator(".field.invalid").first).to_contain_text(re.compile("项目名称.*必填"))
    await citizen.shot("public-errors")

    await title.fill("村口路灯安装")
    await page.get_by_label("建议内容").fill("村口到小学路段夜间无照明，建议安装路灯十盏。")
    await page.get_by_label("实施地点").fill("一村村口")
    await page.get_by_label("类别").fill("公共设施")
    await page.get_by_label("估算金额（元）").fill("80000")
    await page.get_by_label("完成时限").fill("当年内")
    await page.get_by_label("姓名").fill("张三")
    await page.get_by_label("联系电话").fill("13912345678")
    await page.get_by_role("button", name="提交").click()
    receipt = page.get_by_test_id("receipt")
    await expect(receipt).to_have_text(re.compile(r"^[2-9A-Z]{4,}"))
    code = await receipt.inner_text()
    await citizen.shot("public-submitted")

    await page.locator(".success").get_by_role("link", name="查询进度").click()
    await expect(page.get_by_test_id("state")).to_have_text("已受理")
    await expect(page.get_by_label("回执码")).to_have_value(code)
    await citizen.shot("public-follow")

    await page.get_by_role("button", name="English").click()
    await expect(page.get_by_test_id("state")).to_have_text("Received")
    assert citizen.problems == []


async def test_town_staff_screen_and_answer_with_the_server_s_field_errors(open_console, town):
    await town.open_cycle()
    proposal = await town.submit(title="文化广场健身器材")
    staff = await open_console(OFFICE)
    page = staff.page
    await staff.sign_in("staff", town.town)
    row = page.get_by_role("row", name="文化广场健身器材")
    await expect(row).to_contain_text("已受理")
    await row.get_by_role("button").click()

    await page.get_by_label("初审结论").select_option("NOT_SHORTLISTED")
    await page.get_by_role("button", name="初审", exact=True).click()  # no explanation for the proposer
    explanation = page.get_by_label("说明（政策解释）")
    await expect(explanation).to_have_attribute("aria-invalid", "true")
    await staff.shot("staff-field-error")

    await explanation.fill("该项目属于县级道路改造范围，已转交区交通局。")
    await page.get_by_role("button", name="初审", exact=True).click()
    await expect(page.get_by_role("status")).to_have_text("已保存")
    await expect(page.get_by_role("row", name="文化广场健身器材")).to_have_count(0)  # screened

    await page.get_by_label("待答复").check()  # what is still owed an answer
    await page.get_by_role("row", name="文化广场健身器材").get_by_role("button").click()
    await page.get_by_role("button", name="答复", exact=True).click()  # an empty answer
    await expect(page.get_by_label("答复内容")).to_have_attribute("aria-invalid", "true")
    await page.get_by_label("答复内容").fill("感谢您的建议，已转交区交通局统筹安排。")
    await page.get_by_role("button", name="答复", exact=True).click()
    await expect(page.get_by_role("status")).to_have_text("已保存")
    await expect(page.get_by_role("row", name="文化广场健身器材")).to_have_count(0)  # answered
    await staff.shot("staff-proposals")

    followed = await town.ok("GET", f"/v1/towns/{town.town}/proposals:follow", town.public,
                             params={"receiptCode": proposal["receiptCode"]})
    assert followed["state"] == "NOT_SHORTLISTED"
    assert followed["answer"]["text"] == "感谢您的建议，已转交区交通局统筹安排。"
    assert staff.problems == []


async def test_the_district_dashboard_shows_each_town_s_figures(open_console, town):
    await town.open_cycle()
    for title in ("村道硬化", "路灯安装", "垃圾分类亭"):
        await town.submit(title=title)
    district = await open_console(TABLET)
    page = district.page
    await district.sign_in("district")
    await until_the_dashboard_shows(page, town.town, RECEIVED, "3")
    await expect(page.locator("canvas").first).to_be_visible()
    await district.charts_drawn()
    await district.shot("district-dashboard")
    assert district.problems == []


async def test_the_district_dashboard_shows_completed_carried_over_and_money_from_the_read_models(
        open_console, new_town, nats_client, monkeypatch):
    """Three adopted projects of 100,000 yuan: two completed (one late, 190,000 spent), one carried
    over: the district tests' supervised year, in a year of its own (their totals are the year's)."""
    monkeypatch.setattr(test_views, "YEAR", SUPERVISED_YEAR)
    await test_views.a_supervised_year(nats_client.jetstream(), new_town)
    district = await open_console(TABLET)
    page = district.page
    await district.sign_in("district")
    await page.get_by_label("年度").fill(str(SUPERVISED_YEAR))
    row = await until_the_dashboard_shows(page, new_town, CARRIED_OVER, "1")
    cells = [await row.locator("td").nth(n).inner_text() for n in (ADOPTED, COMPLETED, LATE, CARRIED_OVER, BUDGET,
                                                                    SPENT, OVERDUE)]
    assert cells == ["3", "2", "1", "1", "300,000", "190,000", "2"]
    await expect(page.get_by_test_id("total-completed")).not_to_have_text("0")
    await district.charts_drawn()
    await district.shot("district-completed")
    assert district.problems == []


async def test_a_deputy_on_a_tablet_checks_in_votes_and_finds_the_tracking_code_on_the_board(
        open_console, issuer, voting, prepare, new_town):
    """The ballot is encrypted in the browser (libsodium's WebAssembly, under the console's CSP),
    cast to the voting service, counted with the others by the scrutineers, and found on the board."""
    s = await prepare(new_town, seated=3, present=2, candidates=3, seats=2, scrutineers=1)
    me = s.deputies[2]
    deputy = await open_console(TABLET)
    page = deputy.page
    await deputy.sign_in("deputy", new_town, subject=me)
    await page.get_by_label("会议").fill(s.session.split("/", 2)[2])
    await page.get_by_role("button", name="签到").click()
    await expect(page.get_by_role("status")).to_have_text("已签到")

    poll = await open_poll(voting, issuer, s)
    await page.get_by_label("表决事项").fill(poll.name)
    await page.get_by_role("button", name="打开选票").click()
    await page.get_by_role("group", name="民生项目1").get_by_label("赞成").check()
    await page.get_by_role("group", name="民生项目2").get_by_label("反对").press("Space")  # by keyboard
    await deputy.shot("deputy-ballot")
    await page.get_by_role("button", name="确认投票").click()
    await expect(page.get_by_test_id("review")).to_contain_text("民生项目3: 弃权")  # unmarked: abstain
    await page.get_by_role("button", name="投出选票").click()
    code = page.get_by_test_id("tracking")
    await expect(code).to_have_text(re.compile(r"^([0-9A-Z]{4}-){3}[0-9A-Z]{4}$"))
    await expect(page.get_by_role("alert")).to_have_count(0)  # the server's tracking hash is the device's
    await deputy.shot("deputy-tracking-code")

    await cast(voting, issuer, s, s.deputies[0], "FF-", poll)
    await cast(voting, issuer, s, s.deputies[1], "FAA", poll)
    result = await close(voting, issuer, s, poll)
    counts = json.loads(result.document)["counts"]
    assert [counts[c] for c in s.candidate_ids] == [[3, 0, 0], [1, 2, 0], [0, 1, 2]]  # mine: for, against, -
    await page.get_by_role("button", name="公告板").click()
    await expect(page.get_by_role("status").last).to_have_text("已在公告板上找到您的追踪码")
    assert deputy.problems == []


async def test_two_scrutineers_decrypt_from_the_page_and_the_poll_is_counted(
        open_console, issuer, voting, prepare, new_town, tmp_path):
    """Each scrutineer loads their own key file into the page, which checks the board and submits
    only the partial decryption: the second one makes the quorum and the poll is counted."""
    s = await prepare(new_town, seated=3, present=3, candidates=2, seats=1, scrutineers=2)
    poll = await open_poll(voting, issuer, s)
    for deputy, marks in zip(s.deputies, ("FA", "FF", "A-")):
        await cast(voting, issuer, s, deputy, marks, poll)
    staff = staff_of(issuer, new_town)
    closed = await voting.ClosePoll(pb.ClosePollRequest(name=poll.name), metadata=staff)
    assert closed.state == pb.PollResult.COUNTING
    states = SCRUTINEERS[s.session].states
    quorum = next(iter(states.values())).ceremony.quorum
    assert quorum == 2

    for n, deputy in enumerate(s.scrutineers[:2], 1):
        key_file = tmp_path / f"{deputy}.state"
        states[deputy].save(key_file)
        scrutineer = await open_console(TABLET)
        page = scrutineer.page
        await scrutineer.sign_in("deputy", new_town, subject=deputy)
        await page.get_by_role("link", name="监票解密").click()
        await page.get_by_label("监票人密钥文件").set_input_files(str(key_file))
        await expect(page.get_by_test_id("trustee")).to_contain_text(f"第 {states[deputy].index} 号监票人")
        await page.get_by_label("表决事项").fill(poll.name)
        await page.get_by_label("会上宣布的投票人数").fill("2")  # not what the board lists
        await page.get_by_role("button", name="核验并解密").click()
        await expect(page.get_by_role("alert")).to_contain_text("the board lists 3 ballots, not the 2 announced")
        await page.get_by_label("会上宣布的投票人数").fill("3")
        await page.get_by_role("button", name="核验并解密").click()
        progress = page.get_by_test_id("progress")
        await expect(progress).to_have_text("已达法定人数，计票完成" if n == quorum else "已提交：1 / 2 名监票人完成解密",
                                            timeout=30_000)
        await scrutineer.shot(f"scrutineer-close-{n}")
        assert scrutineer.problems == []

    result = await voting.GetPollResult(pb.GetPollResultRequest(poll=poll.name), metadata=staff)
    counts = json.loads(result.document)["counts"]
    assert [counts[c] for c in s.candidate_ids] == [[2, 1, 0], [1, 1, 1]]


async def test_a_deputy_rates_each_project_in_the_satisfaction_assessment_on_a_tablet(
        open_console, channel_to, issuer, nats_client, sql, new_town, stack):
    """The ballot (满意 / 不满意 / blank) is encrypted in the browser under the session's key and
    counted by the evaluation service with another deputy's."""
    client, scrutineers, assessment = await assessed_year(channel_to, issuer, nats_client, sql, new_town, stack)
    deputy = await open_console(TABLET)
    page = deputy.page
    await deputy.sign_in("deputy", new_town, subject=evaluating_deputy(new_town, 4))
    await page.get_by_role("link", name="满意度测评").click()
    await page.get_by_label("测评事项").fill(assessment.name.split("/", 2)[2])
    await page.get_by_role("button", name="打开测评票").click()
    first = page.get_by_role("group", name="道路硬化1号")
    await expect(first).to_contain_text("按期完成")
    await expect(page.get_by_role("group", name="道路硬化3号")).to_contain_text("资金未到位")  # the explanation
    await first.get_by_label("满意", exact=True).check()
    await page.get_by_role("group", name="道路硬化2号").get_by_label("不满意").check()
    await deputy.shot("deputy-assessment")
    await page.get_by_role("button", name="确认投票").click()
    await expect(page.get_by_test_id("review")).to_contain_text("道路硬化3号: 未评")
    await page.get_by_role("button", name="投出选票").click()
    await expect(page.get_by_test_id("tracking")).to_have_text(re.compile(r"^([0-9A-Z]{4}-){3}[0-9A-Z]{4}$"))
    await expect(page.get_by_role("alert")).to_have_count(0)  # the service's tracking hash is the device's
    assert deputy.problems == []

    stub = client.stub
    await stub.CastAssessmentBallot(ev.CastAssessmentBallotRequest(
        name=assessment.name, ballot=encrypted(assessment, dict.fromkeys(assessment.projects, "满意")),
        request_id="other"), metadata=client.deputy(5))
    counting = await stub.CloseAssessment(ev.CloseAssessmentRequest(name=assessment.name), metadata=client.staff)
    assert counting.ballots_cast == 2
    name = f"{assessment.name}/bulletinBoard"
    board = await stub.GetBulletinBoard(GetBulletinBoardRequest(name=name), metadata=client.deputy(1))
    for n in (1, 2):
        await stub.SubmitPartialDecryption(SubmitPartialDecryptionRequest(
            name=name, partial=scrutineers.partial(n, board.document, 2)), metadata=client.deputy(n))
    counted = await stub.GetAssessment(ev.GetAssessmentRequest(name=assessment.name), metadata=client.staff)
    assert [(c.satisfied, c.basically_satisfied, c.unsatisfied, c.blank) for c in counted.counts] == [
        (2, 0, 0, 0), (1, 0, 1, 0), (1, 0, 0, 1)]


async def test_town_staff_check_deputies_in_open_and_close_a_poll_at_the_session(
        open_console, issuer, voting, prepare, new_town):
    s = await prepare(new_town, seated=3, present=0, candidates=2, seats=1, scrutineers=1)
    staff = await open_console(OFFICE)
    page = staff.page
    await staff.sign_in("staff", new_town)
    await page.get_by_role("link", name="人代会").click()
    await page.get_by_label("会议").fill(s.session.split("/", 2)[2])
    await page.get_by_role("button", name="打开会议").click()
    attendance = page.get_by_test_id("attendance")
    await expect(attendance).to_contain_text("实到 0 名，实有代表 3 名")
    await expect(attendance).to_contain_text("未达法定人数")
    await expect(page.get_by_test_id("roster").locator("tbody tr")).to_have_count(3)
    for deputy in s.deputies[:2]:
        await page.get_by_label(f"签到 {deputy}").check()
    await page.get_by_role("button", name="签到", exact=True).click()
    await expect(attendance).to_contain_text("实到 2 名")
    await expect(attendance).to_contain_text("已达法定人数")

    await key_ceremony(voting, issuer, s)  # the scrutineers' devices, before the first electronic poll
    await page.get_by_label("候选项目名单").fill(s.candidate_list.split("/", 2)[2])
    await page.get_by_role("button", name="发起表决").click()
    poll_name = await page.get_by_test_id("poll-name").inner_text()
    poll = await voting.GetPoll(pb.GetPollRequest(name=poll_name), metadata=staff_of(issuer, new_town))
    assert (poll.state, poll.method, len(poll.candidates)) == (pb.Poll.OPEN, pb.ELECTRONIC, 2)
    await staff.shot("staff-session")
    await cast(voting, issuer, s, s.deputies[0], "FA", poll)
    await page.get_by_role("button", name="结束表决").click()
    await expect(page.get_by_test_id("result")).to_have_text("投票已结束，等待监票人解密计票")
    assert staff.problems == []


async def test_town_staff_open_and_close_the_collection(open_console, new_town):
    staff = await open_console(OFFICE)
    page = staff.page
    await staff.sign_in("staff", new_town)
    await page.get_by_role("link", name="征集周期").click()
    await page.get_by_label("公告正文").fill("请围绕群众最关心的民生问题提出建议。")
    await page.get_by_label("开始时间").fill("2026-12-10T09:00")
    await page.get_by_label("截止时间").fill("2026-12-01T17:00")  # before it opens
    await page.get_by_role("button", name="发布征集公告").click()
    closes = page.get_by_label("截止时间")
    await expect(closes).to_have_attribute("aria-invalid", "true")
    await expect(page.locator(".field.invalid")).to_contain_text("须晚于开始时间")  # the server's error, in Chinese
    await staff.shot("staff-cycle-error")

    await closes.fill("2027-01-31T17:00")
    await page.get_by_role("button", name="发布征集公告").click()
    await expect(page.get_by_test_id("cycle-state")).to_contain_text("征集中")
    await page.get_by_role("button", name="结束征集").click()
    await expect(page.get_by_test_id("cycle-state")).to_contain_text("已结束")
    assert staff.problems == []


async def test_the_public_read_the_progress_notice_and_the_district_sees_adopted_money(
        open_console, town, nats_client, channel_to, issuer):
    supervision = Supervision(channel_to("supervision"), issuer, town.town)
    await supervision.adopt(nats_client.jetstream(), [adopted(town.town, 1), adopted(town.town, 2, budget=450000)])
    await supervision.under_way(supervision.project(1))
    await supervision.report(supervision.project(1))  # 20% done

    citizen = await open_console(PHONE)
    page = citizen.page
    await citizen.sign_in("public", town.town)
    await page.get_by_role("link", name="项目公示").click()
    await page.get_by_label("年度").fill(str(YEAR))
    first = page.locator(".project", has_text="民生项目1")
    await expect(first.get_by_role("progressbar")).to_have_attribute("value", "20")
    await expect(page.locator(".project", has_text="民生项目2")).to_contain_text("450,000")
    await citizen.shot("public-notice")

    district = await open_console(TABLET)
    await district.sign_in("district")
    row = await until_the_dashboard_shows(district.page, town.town, ADOPTED, "2")
    await expect(row.locator("td").nth(BUDGET)).to_have_text("750,000")
    assert citizen.problems == district.problems == []
