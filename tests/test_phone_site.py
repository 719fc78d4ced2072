"""Pages an officer reads on a phone: a template downloads under its title (立案审批表.docx, not TPL-….docx),
and a procedure step shows what to say — the full text of its 规范用语 — not only a link to it."""

from __future__ import annotations

import pytest

from conftest import guarded, published_needs
from test_phone_exam import PHONE, SHOTS


@pytest.fixture
def phone(browser):
    with guarded(browser, **PHONE) as context:
        yield context.new_page()


def test_a_template_downloads_under_its_title(phone, site_url, site):
    needs = published_needs(site)
    template = needs["TPL-TZWKRA"]
    phone.goto(f"{site_url}/{template['docname']}.html")
    with phone.expect_download() as got:
        phone.get_by_role("link", name="下载 Word 文书（.docx）").tap()
    download = got.value
    assert download.suggested_filename == f"{template['title']}.docx" == "立案审批表.docx"
    assert download.url.endswith("/docx/TPL-TZWKRA.docx")  # the address keeps the permanent ID


def test_a_step_shows_what_to_say(phone, site_url, site):
    needs = published_needs(site)
    step = needs["ST-048H5S"]
    phone.goto(f"{site_url}/{step['docname']}.html#{step['id']}")
    section = phone.locator(f"section:has(> h3#{step['id']})")
    say = section.locator(".zf-say")
    assert say.is_visible() and "怎么说" in say.inner_text()
    scenes = say.locator(".zf-say-scene").all_inner_texts()
    assert scenes == [needs[i]["title"] for i in ("PH-BR86VG", "PH-3J6JSB", "PH-SYP8AA", "PH-AFBWXF")]
    for pid in ("PH-BR86VG", "PH-AFBWXF"):
        assert needs[pid]["content"].strip() in say.inner_text()
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= 390
    SHOTS.mkdir(parents=True, exist_ok=True)
    say.scroll_into_view_if_needed()
    phone.screenshot(path=str(SHOTS / "phone-step-say.png"))
