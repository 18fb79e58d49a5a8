"""The README's screenshots of the demo year (docs/console/demo-*.png), from a running `make run`:
    python -m tests.console.screenshots [--stack .stack] [--out docs/console]
It reads the gateway's address from the stack's state.json and signs in as the demo users."""
import argparse
import asyncio
from pathlib import Path

from playwright.async_api import async_playwright

from services.stack import state
from tests.console.conftest import CHROMIUM, FLAGS, OFFICE, PHONE

YEAR = 2024


async def sign_in(page, base: str, role: str, town: str | None = None) -> None:
    await page.goto(f"{base}/console/sign-in")
    await page.get_by_label("身份").select_option(role)
    if town:
        await page.get_by_label("所在镇").select_option(town)
    await page.get_by_role("button", name="登录", exact=True).click()
    await page.wait_for_url(lambda url: "/sign-in" not in url)


async def main(stack: Path, out: Path) -> None:
    view = state.read(stack)
    base = next(p["http"] for p in view["roles"] if p.get("http"))
    out.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as driver:
        browser = await driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        office = await (await browser.new_context(viewport=OFFICE, locale="zh-CN")).new_page()
        await sign_in(office, base, "district")
        await office.get_by_test_id("towns").wait_for()
        await office.locator("figure[data-drawn=true]").nth(2).wait_for()  # the charts' entry animation is over
        await office.screenshot(path=str(out / "demo-district-dashboard.png"), full_page=True)
        phone = await (await browser.new_context(viewport=PHONE, locale="zh-CN")).new_page()
        await sign_in(phone, base, "public", "xihu")
        await phone.get_by_role("link", name="项目公示").click()
        await phone.get_by_label("年度").fill(str(YEAR))
        await phone.locator(".project").first.wait_for()
        await phone.screenshot(path=str(out / "demo-public-notice.png"), full_page=True)
        await browser.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stack", type=Path, default=Path(".stack"))
    parser.add_argument("--out", type=Path, default=Path("docs/console"))
    arguments = parser.parse_args()
    asyncio.run(main(arguments.stack, arguments.out))
