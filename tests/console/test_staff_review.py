"""Town staff's review, session preparation, paper tally and filing pages in a real browser
against the real stack: each page driven through a town's steps, then what the services hold
read back through the gateway."""
import uuid

import pytest
from playwright.async_api import expect

from tests.console.conftest import OFFICE, TABLET
from tests.gateway.helpers import YEAR, bearer
from tests.helpers import wait_for
from tests.voting.conftest import publish_candidate_list

pytestmark = pytest.mark.integration
TITLES = ("村道硬化", "路灯安装", "垃圾分类亭")


async def shortlisted(town) -> None:
    await town.open_cycle()
    for title in TITLES:
        proposal = await town.submit(title=title)
        await town.shortlist(proposal["name"])


async def until_rows(page, button: str, table, count: int) -> None:
    """Items and lists arrive by events: the page is asked again until they are there."""
    for _ in range(40):
        if await table.locator("tbody tr").count() >= count:
            return
        await page.get_by_role("button", name=button, exact=True).click()
        await page.wait_for_timeout(500)
    await expect(table.locator("tbody tr")).to_have_count(count)


async def assess(page, title: str, urgency: int, deadline: str = f"{YEAR}-11-30") -> None:
    item = page.get_by_role("region", name=title)
    await item.get_by_label("急需程度").select_option(str(urgency))
    for label in ("成熟程度", "受益面", "投入产出", "年内可完成", "合法合规", "安全环保"):
        await item.get_by_label(label).select_option("4")
    await item.get_by_label("估算金额（元）").fill("300000")
    await item.get_by_label("已落实资金（元）").fill("300000")
    await item.get_by_label("用地已落实").check()
    await item.get_by_label("评估结论").select_option("RECOMMEND")
    await item.get_by_label("理由", exact=True).fill("群众需求迫切，条件成熟")
    await item.get_by_label("项目名称").fill(f"{title}项目")
    await item.get_by_label("实施内容").fill(f"实施{title}")
    await item.get_by_label("实施地点").fill("一村")
    await item.get_by_label("预算（元）").fill("300000")
    await item.get_by_label("资金来源").fill("镇财政")
    await item.get_by_label("责任单位").fill("镇建设办")
    await item.get_by_label("完成期限").fill(deadline)
    await item.get_by_role("button", name="保存评估").click()


async def test_town_staff_run_the_review_from_the_work_group_to_the_approved_candidate_list(open_console, town):
    await shortlisted(town)
    staff = await open_console(OFFICE)
    page = staff.page
    await staff.sign_in("staff", town.town)
    await page.get_by_role("link", name="审查论证").click()
    await page.get_by_label("年度").fill(str(YEAR))
    await page.get_by_label("审查名称").fill(f"{YEAR}年民生实事项目审查论证")
    await page.get_by_role("button", name="开始审查").click()
    await expect(page.get_by_test_id("review-state")).to_contain_text("审查中")

    deputy, expert = page.get_by_role("group", name="成员 1"), page.get_by_role("group", name="成员 2")
    await deputy.get_by_label("姓名").fill("王代表")
    await deputy.get_by_label("专业领域").fill("综合")
    await deputy.get_by_label("账号（可选）").fill(f"deputy-{town.town}-001")
    await expect(expert.get_by_label("身份")).to_have_value("SECTOR_EXPERT")
    await expert.get_by_label("姓名").fill("李工")
    await expert.get_by_label("专业领域").fill("交通")
    await page.get_by_role("button", name="组建工作专班").click()
    await expect(page.get_by_test_id("work-group")).to_contain_text("m2 李工")

    items = page.get_by_test_id("items")
    await until_rows(page, "查看", items, len(TITLES))
    for n, title in enumerate(TITLES):
        await page.get_by_role("button", name=f"办理 {title}").click()
        item = page.get_by_role("region", name=title)
        await item.get_by_label("王代表（人大代表）").check()
        await item.get_by_label("李工（行业专家）").check()
        await item.get_by_role("button", name="指定评估人").click()
        await expect(items.get_by_role("row", name=title)).to_contain_text("王代表、李工")
        await item.get_by_label("日期").fill(f"{YEAR}-03-0{n + 1}")
        await item.get_by_label("参加人员（逗号分隔）").fill("王代表，李工")
        await item.get_by_label("情况记录").fill("实地察看，情况属实")
        await item.get_by_role("button", name="记录活动").click()
        await expect(item).to_contain_text("实地察看：实地察看，情况属实")
        if n == 0:  # a project finished the year after: the server's error stands next to the deadline
            await assess(page, title, 5, deadline=f"{YEAR + 1}-06-30")
            deadline = item.get_by_label("完成期限")
            await expect(deadline).to_have_attribute("aria-invalid", "true")
            await expect(item.locator(".field.invalid")).to_contain_text(f"民生实事项目须在 {YEAR} 年内完成")
            await staff.shot("staff-review-error")
        await assess(page, title, 5 - n)
        await expect(items.get_by_role("row", name=title)).to_contain_text("推荐")
    ranking = page.get_by_test_id("ranking")
    await expect(ranking.locator("li")).to_have_count(3)
    await expect(ranking.locator("li").first).to_contain_text("村道硬化")  # the most urgent first

    item = page.get_by_role("region", name="垃圾分类亭")  # the last one chosen: staff move it up
    await item.get_by_label("新位次").fill("1")
    await item.get_by_label("调整理由").fill("群众呼声最高")
    await item.get_by_role("button", name="调整排名", exact=True).click()
    await expect(ranking.locator("li").first).to_contain_text("垃圾分类亭")
    await staff.shot("staff-review")
    await page.get_by_role("button", name="提请主席团研究").click()
    await expect(page.get_by_test_id("review-state")).to_contain_text("已提请主席团")

    await page.get_by_label("会议记录").fill("镇人大主席团第三次会议研究讨论")
    await page.get_by_role("button", name="增加调整").click()
    change = page.get_by_role("group", name="调整 1")
    await change.get_by_label("项目", exact=True).select_option(label="路灯安装")
    await change.get_by_role("textbox", name="理由").fill("已列入区级计划")
    await page.get_by_role("button", name="记录主席团决定").click()
    await expect(page.get_by_test_id("review-state")).to_contain_text("主席团已研究")

    await page.get_by_label("审定记录").fill("镇党委扩大会议审定")
    await page.get_by_label("应选项目数").fill("1")
    await page.get_by_role("button", name="审定候选项目名单").click()
    await expect(page.get_by_test_id("review-state")).to_contain_text("候选项目已审定")
    await expect(page.get_by_test_id("candidates").locator("li")).to_have_count(2)
    await staff.shot("staff-review-approved")
    assert staff.problems == []

    review = await town.ok("GET", f"/v1/towns/{town.town}/reviews/{YEAR}", town.staff)
    assert review["state"] == "APPROVED"
    assert [m["name"] for m in review["workGroup"]] == ["王代表", "李工"]
    assert [r["title"] for r in review["ranking"]] == ["垃圾分类亭", "村道硬化"]  # the move, less the removal
    removal, = review["presidiumDecision"]["removals"]
    assert removal["reason"] == "已列入区级计划"
    assert review["candidateList"]["seats"] == 1
    assert [c["project"]["title"] for c in review["candidateList"]["candidates"]] == ["垃圾分类亭项目", "村道硬化项目"]
    items = (await town.ok("GET", f"/v1/{review['name']}/items", town.staff))["items"]
    assert all(i["assessors"] == ["m1", "m2"] and len(i["activities"]) == 1 for i in items)

    async def at_the_vote():  # the approved list reaches the voting service
        lists = await town.ok("GET", f"/v1/towns/{town.town}/candidateLists", town.staff)
        return [c["title"] for found in lists.get("candidateLists", []) for c in found["candidates"]]
    assert await wait_for(at_the_vote, what="the candidate list at the vote") == ["垃圾分类亭项目", "村道硬化项目"]


async def test_town_staff_prepare_the_session_count_a_paper_poll_and_its_runoff_and_file_the_decision(
        open_console, town, js, issuer):
    year = 10_000 + uuid.uuid4().int % 990_000  # a list of its own
    ids = await publish_candidate_list(js, town.town, year, count=3, seats=2)

    async def at_the_vote():  # the page reads the approved lists when it opens
        lists = await town.ok("GET", f"/v1/towns/{town.town}/candidateLists", town.staff)
        return any(found["year"] == year for found in lists.get("candidateLists", []))
    await wait_for(at_the_vote, what="the approved candidate list")
    term, deputies = f"t{uuid.uuid4().hex[:6]}", [f"d{n}" for n in range(1, 4)]
    staff = await open_console(TABLET)  # at the session
    page = staff.page
    await staff.sign_in("staff", town.town)
    await page.get_by_role("link", name="人代会").click()
    await page.get_by_label("届次").fill(term)
    for n, deputy in enumerate(deputies, 1):
        await page.get_by_label("代表账号", exact=True).fill(deputy)
        await page.get_by_label("姓名", exact=True).fill(f"代表{n}")
        await page.get_by_label("就职日期").fill("2021-01-01")
        await page.get_by_role("button", name="增加代表").click()
        await expect(page.get_by_test_id("term-roster").locator("tbody tr")).to_have_count(n)
    await page.get_by_label("大会名称").fill("镇第十九届人民代表大会第三次会议")
    await page.get_by_label("开会日期").fill("2024-01-15")
    await page.get_by_label("总监票人（代表账号）").fill("d1")
    await page.get_by_label("监票人（代表账号，逗号分隔）").fill("d2")
    await page.get_by_role("button", name="召开会议").click()
    attendance = page.get_by_test_id("attendance")
    await expect(attendance).to_contain_text("实到 0 名，实有代表 3 名，法定人数 2 名")
    for deputy in deputies:
        await page.get_by_label(f"签到 {deputy}").check()
    await page.get_by_role("button", name="签到", exact=True).click()
    await expect(attendance).to_contain_text("已达法定人数")

    await expect(page.get_by_test_id("approved-lists")).to_contain_text(f"candidateLists/{year} · 应选 2 项")
    await page.get_by_label("候选项目名单").fill(f"candidateLists/{year}")
    await page.get_by_label("表决方式").select_option("PAPER")
    await page.get_by_role("button", name="发起表决").click()
    poll = await page.get_by_test_id("poll-name").inner_text()
    await staff.shot("staff-session-prepared")

    await page.get_by_role("link", name="录入纸质选票计票结果").click()  # the tally page opens the poll
    # The session page has 表决事项 fields too: the tally page first, then its own field.
    await expect(page.get_by_role("heading", level=1)).to_have_text("纸质选票计票")
    await expect(page.get_by_label("表决事项", exact=True)).to_have_value(poll)
    await page.get_by_label("发出选票").fill("5")  # more than the 3 present
    await enter_tally(page, {"民生项目1": (3, 0, 0), "民生项目2": (2, 1, 0), "民生项目3": (2, 1, 0)})
    issued = page.get_by_label("发出选票")
    await expect(issued).to_have_attribute("aria-invalid", "true")
    await expect(page.locator(".field.invalid")).to_contain_text("须在 0 到实到人数 3 之间")
    await staff.shot("staff-tally-error")
    await issued.fill("3")
    await page.get_by_role("button", name="录入计票结果").click()
    await expect(page.get_by_role("status")).to_have_text("计票结果已录入")
    await confirmed_and_closed(page, town, issuer, poll)
    await expect(page.get_by_test_id("adopted")).to_have_text("民生项目1")
    await expect(page.get_by_test_id("tied")).to_have_text("民生项目2、民生项目3")  # tied at the cut for the second seat

    await page.get_by_role("button", name="发起再次表决").click()
    await expect(page.get_by_label("表决事项", exact=True)).not_to_have_value(poll)
    runoff = await page.get_by_label("表决事项", exact=True).input_value()
    await enter_tally(page, {"民生项目2": (2, 1, 0), "民生项目3": (1, 2, 0)}, issued=3)
    await expect(page.get_by_role("status")).to_have_text("计票结果已录入")
    await confirmed_and_closed(page, town, issuer, runoff)
    await expect(page.get_by_test_id("adopted")).to_contain_text("民生项目2")
    await page.get_by_role("button", name="报送备案").click()
    await expect(page.get_by_test_id("filed")).to_be_visible()
    state = page.get_by_test_id("filing-state")
    for _ in range(40):  # the district receives the filing by its events
        await page.get_by_role("button", name="查看回执").click()
        if await state.count():
            break
        await page.wait_for_timeout(500)
    await expect(state).to_have_text("备案通过")
    await expect(page.get_by_test_id("receipt")).to_contain_text("已核验签名文件 2 份")  # the poll and its runoff
    await staff.shot("staff-tally-filed")
    assert staff.problems == []

    first = await town.ok("GET", f"/v1/{poll}/result", town.staff)
    assert (first["outcome"], first["tied"]) == ("TIE", ids[1:])
    result = await town.ok("GET", f"/v1/{runoff}/result", town.staff)
    assert (result["outcome"], result["state"]) == ("DECIDED", "FILED")
    held = await town.ok("GET", f"/v1/{runoff}", town.staff)
    assert (held["runoffOf"], held["paperTally"]["ballotsIssued"]) == (poll, 3)
    assert sorted(held["confirmedBy"]) == ["d1", "d2"]
    decision = (await town.ok("GET", f"/v1/towns/{town.town}/candidateLists/{year}", town.staff))["decision"]
    assert (decision["state"], decision["adopted"], decision["finalPoll"]) == ("DECIDED", ids[:2], runoff)
    session = await town.ok("GET", f"/v1/{poll.rsplit('/polls/', 1)[0]}", town.staff)
    assert (session["presentCount"], session["chiefScrutineer"], session["scrutineers"]) == (3, "d1", ["d2"])
    roster = await town.ok("GET", f"/v1/towns/{town.town}/terms/{term}/deputies", town.staff)
    assert [d["displayName"] for d in roster["deputies"]] == ["代表1", "代表2", "代表3"]
    filing = await town.ok("GET", f"/v1/towns/{town.town}/filings/{year}/{runoff.rsplit('/', 1)[1]}", town.district)
    assert filing["accepted"] and filing["adopted"] == ids[:2]


async def enter_tally(page, counts: dict[str, tuple[int, int, int]], issued: int | None = None) -> None:
    """The tellers' counts: every ballot returned and valid, for / against / abstain per candidate."""
    if issued is not None:
        await page.get_by_label("发出选票").fill(str(issued))
    await page.get_by_label("收回选票").fill("3")
    for title, marks in counts.items():
        for option, count in zip(("赞成", "反对", "弃权"), marks):
            await page.get_by_label(f"{option} {title}").fill(str(count))
    await page.get_by_role("button", name="录入计票结果").click()


async def confirmed_and_closed(page, town, issuer, poll: str) -> None:
    """The chief scrutineer and a scrutineer confirm the tally on their own devices, then staff close."""
    for scrutineer in ("d1", "d2"):
        await town.ok("POST", f"/v1/{poll}:confirmPaperTally", bearer(issuer.issue(scrutineer, town.town, "deputy")),
                      json={})
    await page.get_by_role("button", name="刷新").click()
    await expect(page.get_by_test_id("confirmed")).to_have_text("已确认的监票人：d1、d2")
    await page.get_by_role("button", name="结束表决并宣布结果").click()


async def test_the_english_switch_shows_english_on_the_review_tally_and_session_pages(open_console, new_town):
    staff = await open_console(TABLET)
    page = staff.page
    await staff.sign_in("staff", new_town)
    await page.get_by_role("link", name="审查论证").click()
    await page.get_by_role("button", name="English").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Review and candidate list")
    await expect(page.get_by_role("button", name="Open the review")).to_be_visible()
    await page.get_by_role("link", name="Tally and filing").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Paper ballot tally")
    await page.get_by_role("link", name="Session").click()
    await expect(page.get_by_role("button", name="Convene the session")).to_be_visible()
    await expect(page.get_by_label("Chief scrutineer (deputy account)")).to_be_visible()
    await staff.shot("staff-review-english")
    assert staff.problems == []
