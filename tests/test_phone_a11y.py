"""axe-core (from node_modules, never the internet) finds no serious or critical violation on the home,
chapter, procedure, practice, 错题本 and exam pages, at phone and desktop size, in light and dark mode."""

from __future__ import annotations

import pytest

from conftest import ROOT, guarded
from test_phone_exam import DESKTOP, PHONE, SHOTS

PAGES = {
    "home": "index.html",
    "chapter": "standards/chufa/lian.html",
    "procedure": "procedures/putong.html",
    "practice": "drill/index.html",
    "wrongbook": "drill/index.html",
    "exam": "drill/exam.html",
    "exam-result": "drill/exam.html",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_no_serious_accessibility_violations(browser, site_url, size, scheme):
    with guarded(browser, scheme, **(PHONE if size == "phone" else DESKTOP)) as context:
        page = context.new_page()
        bad = []
        for name, path in PAGES.items():
            page.goto(f"{site_url}/{path}")
            page.wait_for_load_state("networkidle")
            if name == "practice":  # a graded question: locked options, the key and a wrong choice marked
                page.locator(".zf-drill-stage .zf-q input").first.check()
                page.locator(".zf-drill-stage .zf-q-feedback").wait_for()
            if name == "wrongbook":
                page.get_by_role("button", name="错题本", exact=True).click()
                page.locator(".zf-drill-stage .zf-q, .zf-drill-empty").first.wait_for()
            if name == "exam-result":  # the attempt of the previous page, handed in: score and full review
                page.get_by_role("button", name="交卷", exact=True).click()
                page.get_by_role("button", name="确定交卷").click()
                page.locator(".zf-exam-score").wait_for()
                page.get_by_role("button", name="全部试题（", exact=False).click()
            if name == "exam":
                page.get_by_role("button", name="开始考试").click()
                page.locator(".zf-exam-stage .zf-q input").first.check()
                page.get_by_label("标记本题").check()
            page.add_script_tag(path=str(ROOT / "node_modules/axe-core/axe.min.js"))
            result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            bad += [
                f"{name}: {v['id']} ({v['impact']}): {v['help']} × {len(v['nodes'])} {v['nodes'][0]['target']}"
                for v in result["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            if size == "phone":
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SHOTS / f"phone-{name}-{scheme}.png"))
        assert not bad, "\n".join(bad)
