"""The English switch on every page of each role's menu: once switched, no Chinese is left in the
pages' labels, headings, buttons, help texts and accessible names (the town's name and the data
the pages show are the towns' own and stay as they are)."""
import re

import pytest
from playwright.async_api import expect

from tests.console.conftest import OFFICE, PHONE, TABLET

pytestmark = pytest.mark.integration
CHINESE = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")  # ideographs and full-width punctuation

# Every text of the page's own words, and each element's accessible name and placeholder; the
# header's caller (role and town name) is data.
LABELS = """() => {
  const own = "label, button, h1, h2, h3, legend, thead th, tfoot th, nav a, caption, figcaption, option, main p, main li, "
    + ".figures span";
  // The switch back to Chinese is named in Chinese, marked as such.
  const english = (e) => !e.closest('[lang^="zh"]:not(html)');
  const texts = [...document.querySelectorAll(own)].filter(english).map((e) => e.innerText);
  for (const e of [...document.querySelectorAll("[aria-label], [placeholder], [title]")].filter(english)) {
    texts.push(e.getAttribute("aria-label") || "", e.getAttribute("placeholder") || "", e.getAttribute("title") || "");
  }
  return [...texts, document.title];
}"""


@pytest.mark.parametrize("role, viewport", [("public", PHONE), ("staff", OFFICE), ("deputy", TABLET),
                                            ("district", TABLET)])
async def test_every_page_of_a_role_has_english_labels(open_console, new_town, role, viewport):
    person = await open_console(viewport)
    page = person.page
    await person.sign_in(role, None if role == "district" else new_town)
    await page.get_by_role("button", name="English").click()
    await expect(page.get_by_role("button", name="中文")).to_be_visible()
    links = await page.locator("header nav a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    assert len(links) >= 1
    left = {}
    for link in links:
        await page.goto(person.base + link)
        await expect(page.locator("main h1")).to_be_visible()
        await page.wait_for_load_state("networkidle")
        found = [text for text in await page.evaluate(LABELS) if CHINESE.search(text)]
        if found:
            left[link] = found
    await person.shot(f"english-{role}")
    assert left == {}
    assert person.problems == []
