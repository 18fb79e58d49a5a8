"""The scrutineers' key ceremony in their browsers against the real stack, then the close of a
poll under its key from the key files they saved."""
import json

import pytest
from playwright.async_api import expect

from minsheng.voting.v1 import voting_pb2 as pb
from tests.console.conftest import PHONE, TABLET
from tests.helpers import staff_of
from tests.voting.conftest import cast

pytestmark = pytest.mark.integration


async def test_three_scrutineers_hold_the_key_ceremony_in_their_browsers_and_two_decrypt_the_poll(
        open_console, issuer, voting, prepare, new_town, tmp_path):
    """Each scrutineer's page makes their key, publishes only its public part, deals and receives
    the sealed shares and offers the key file to save; a poll under that key is then counted from
    two of the saved files, in the browser again."""
    s = await prepare(new_town, seated=4, present=4, candidates=2, seats=1, scrutineers=2)
    pages = {}
    for deputy in s.scrutineers:
        scrutineer = await open_console(PHONE if deputy == s.scrutineers[1] else TABLET)
        await scrutineer.sign_in("deputy", new_town, subject=deputy)
        page = scrutineer.page
        await page.get_by_role("link", name="密钥生成").click()
        await expect(page.get_by_role("heading", name="监票人密钥生成")).to_be_visible()
        await page.get_by_label("会议").fill(s.session.split("/", 2)[2])
        await page.get_by_role("button", name="打开", exact=True).click()
        await expect(page.get_by_test_id("me")).to_contain_text(f"您是第 {s.scrutineers.index(deputy) + 1} 号监票人")
        await page.get_by_role("button", name="生成并公布密钥").click()
        await expect(page.get_by_test_id("stage")).to_contain_text("已公布密钥")
        if not pages:  # the others' keys are not published yet: nothing is dealt
            await page.get_by_role("button", name="核对指纹并分发份额").click()
            await expect(page.get_by_role("alert")).to_have_text("还有监票人未公布密钥，请稍后再试")
        pages[deputy] = scrutineer
    for n, scrutineer in enumerate(pages.values()):
        await scrutineer.page.get_by_role("button", name="核对指纹并分发份额").click()
        await expect(scrutineer.page.get_by_test_id("fingerprints").locator("li")).to_have_count(3)
        await expect(scrutineer.page.get_by_test_id("stage")).to_contain_text("已分发份额")
        if n == 0:  # the others have not dealt yet: nothing to receive
            await scrutineer.page.get_by_role("button", name="接收份额并确认").click()
            await expect(scrutineer.page.get_by_role("alert")).to_have_text("还有监票人未分发份额，请稍后再接收")
    files = {}
    for deputy, scrutineer in pages.items():
        page = scrutineer.page
        await page.get_by_role("button", name="接收份额并确认").click()
        await expect(page.get_by_test_id("stage")).to_contain_text("已确认联合公钥")
        async with page.expect_download() as download:
            await page.get_by_role("link", name="保存密钥文件").click()
        files[deputy] = tmp_path / (await download.value).suggested_filename
        await (await download.value).save_as(files[deputy])
    await pages[s.scrutineers[0]].shot("scrutineer-ceremony")
    ceremony = await voting.GetKeyCeremony(pb.GetKeyCeremonyRequest(name=f"{s.session}/keyCeremony"),
                                           metadata=issuer.metadata(s.scrutineers[0], new_town, "deputy"))
    assert ceremony.state == pb.KeyCeremony.COMPLETE and ceremony.quorum == 2
    for scrutineer in pages.values():
        await expect(scrutineer.page.get_by_test_id("joint")).to_have_text(ceremony.fingerprint)
        assert scrutineer.problems == []
    saved = [json.loads(f.read_text()) for f in files.values()]
    assert [(k["index"], k["coefficients"], bool(k["share"])) for k in saved] == [(1, None, True), (2, None, True),
                                                                                   (3, None, True)]
    assert not any(k["share"] in ceremony.key_record for k in saved)  # no share ever reached the server

    staff = staff_of(issuer, new_town)
    poll = await voting.OpenPoll(pb.OpenPollRequest(parent=s.session, poll=pb.Poll(
        title="民生实事项目票决", candidate_list=s.candidate_list, method=pb.ELECTRONIC)), metadata=staff)
    for deputy, marks in zip(s.deputies, ("FA", "FF", "A-", "FA")):
        await cast(voting, issuer, s, deputy, marks, poll)
    assert (await voting.ClosePoll(pb.ClosePollRequest(name=poll.name), metadata=staff)).state == pb.PollResult.COUNTING
    for n, deputy in enumerate((s.scrutineers[2], s.scrutineers[0]), 1):
        page = pages[deputy].page
        await page.get_by_role("link", name="监票解密").click()
        await expect(page.get_by_role("heading", name="监票人解密计票")).to_be_visible()
        await page.get_by_label("监票人密钥文件").set_input_files(str(files[deputy]))
        await page.get_by_label("表决事项").fill(poll.name)
        await page.get_by_label("会上宣布的投票人数").fill("4")
        await page.get_by_role("button", name="核验并解密").click()
        await expect(page.get_by_test_id("progress")).to_have_text(
            "已达法定人数，计票完成" if n == 2 else "已提交：1 / 2 名监票人完成解密", timeout=30_000)
    result = await voting.GetPollResult(pb.GetPollResultRequest(poll=poll.name), metadata=staff)
    counts = json.loads(result.document)["counts"]
    assert [counts[c] for c in s.candidate_ids] == [[3, 1, 0], [1, 2, 1]]
