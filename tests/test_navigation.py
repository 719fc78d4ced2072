"""The sidebar navigation is resolved once per build (tools/zhifa/sphinx/navigation.py) and must be
exactly what furo computes on every page, current-page marks and toggles included."""

from __future__ import annotations

import re

from conftest import ROOT, sphinx_build

SIDEBAR = re.compile(r'<div class="sidebar-tree">(.*?)</div>', re.S)


def _sidebars(site) -> dict[str, str]:
    found = {}
    for page in sorted(site.rglob("*.html")):
        m = SIDEBAR.search(page.read_text(encoding="utf-8"))
        if m:
            found[page.relative_to(site).as_posix()] = m.group(1)
    return found


def test_navigation_is_furos_on_every_page(site, tmp_path):
    furo_site = tmp_path / "html"
    result = sphinx_build(ROOT, furo_site, "zhifa_furo_navigation=1")
    assert result.returncode == 0, result.stderr
    ours, theirs = _sidebars(site), _sidebars(furo_site)
    assert len(ours) > 100 and set(ours) == set(theirs)
    differ = [page for page in ours if ours[page] != theirs[page]]
    assert not differ, f"{len(differ)} pages differ from furo's navigation, e.g. {differ[:3]}"
    # the check above is only worth something if the pages' marks differ from one another
    clause_page = ours["standards/chufa/lian.html"]
    assert '<a class="current reference internal" href="#">' in clause_page
    assert clause_page.count(' checked=""') == 2 and "current-page" in clause_page
    assert ours["index.html"].count("current") == 0
