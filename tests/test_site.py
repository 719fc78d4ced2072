"""The real repository, built once with the real command: key pages, numbering, needs.json, offline."""

from __future__ import annotations

import re

from conftest import ROOT, published_needs
from zhifa.bank import quiz
from zhifa.model import metamodel, numbering, repo

MODEL = metamodel.load(ROOT)
STATUS_LABELS = set(MODEL.statuses.values())


def test_needs_json_has_every_object_with_computed_fields(site):
    needs = published_needs(site)
    source = repo.load(ROOT)
    questions = {q.id for q in quiz.flatten(quiz.load(ROOT)[0])}
    assert set(needs) == {o.id for o in source.objects} | questions
    for need in needs.values():
        if MODEL.types[need["type"]].dated:
            assert need["status"] in STATUS_LABELS
    current = [n for n in needs.values() if n["type"] == "clause" and n["status"] == "现行"]
    assert all(re.fullmatch(r"第[一二三四五六七八九十百零]+条", n["number"]) for n in current)


def test_starter_content_is_large_enough(site):
    """总则 and at least two more chapters, at least 25 clauses in force."""
    needs = published_needs(site)
    clauses = [n for n in needs.values() if n["type"] == "clause" and n["status"] == "现行"]
    chapters = {n["chapter"] for n in clauses}
    assert "第一章 总则" in chapters and len(chapters) >= 3 and len(clauses) >= 25


def test_articles_are_numbered_continuously_in_reading_order(site):
    """第一条, 第二条, ... across chapters in toctree order, with no gap or repeat."""
    source = repo.load(ROOT)
    needs = published_needs(site)
    for std in source.standards():
        ids = [
            o.id
            for ch in source.chapters(std)
            for o in source.objects
            if o.docname == ch and o.type == "clause" and needs[o.id]["status"] == "现行"
        ]
        assert [needs[i]["number"] for i in ids] == [numbering.article(k) for k in range(1, len(ids) + 1)]


def test_clause_page_shows_number_status_dates_basis_and_backlinks(site):
    needs = published_needs(site)
    clause = next(n for n in needs.values() if n["type"] == "clause" and n["basis"] and n["status"] == "现行")
    page = (site / f"{clause['docname']}.html").read_text(encoding="utf-8")
    block = page[page.index(f'id="{clause["id"]}"') :]
    block = block[: block.index("</section>")]
    assert clause["number"] in block and clause["title"] in block and "现行" in block
    assert f"施行日期：{clause['effective']}" in block and "依据：" in block
    law = needs[clause["basis"][0]]
    assert f"《{law['law'].removeprefix('中华人民共和国')}》{numbering.article(law['article'])}" in block
    law_page = (site / f"{law['docname']}.html").read_text(encoding="utf-8")
    law_block = law_page[law_page.index(f'id="{law["id"]}"') :]
    law_block = law_block[: law_block.index("</section>")]
    assert "被依据：" in law_block and f'#{clause["id"]}"' in law_block


def test_chapter_titles_carry_computed_chapter_numbers(site):
    source = repo.load(ROOT)
    std = source.standards()[0]
    first = source.chapters(std)[0]
    html = (site / f"{first}.html").read_text(encoding="utf-8")
    assert re.search(r"<h1>第一章 ", html)


def test_home_page_has_three_entry_points(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    for who in ("我是新任执法人员", "我是培训师", "我是法制人员"):
        assert who in html
    assert 'lang="zh-CN"' in html


EXTERNAL_LOAD = [
    re.compile(
        r"<(?:script|img|iframe|source|audio|video|embed|object)\b[^>]*\s(?:src|data)=[\"']?(?:https?:)?//", re.I
    ),
    re.compile(r"<link\b[^>]*\shref=[\"']?(?:https?:)?//", re.I),
    re.compile(r"url\(\s*[\"']?(?:https?:)?//", re.I),
    re.compile(r"@import\s+[\"']?(?:url\()?[\"']?(?:https?:)?//", re.I),
    re.compile(r"\bimport\s*(?:\(|[^;]*?\bfrom\s*)[\"'](?:https?:)?//", re.I),
    re.compile(r"\b(?:fetch|importScripts)\(\s*[\"'](?:https?:)?//", re.I),
]


def test_no_file_loads_anything_from_another_host(site):
    offenders = []
    for path in site.rglob("*"):
        if path.suffix not in {".html", ".js", ".mjs", ".css"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for pattern in EXTERNAL_LOAD:
            for m in pattern.finditer(text):
                offenders.append(f"{path.relative_to(site)}: {m.group(0)[:80]}")
    assert not offenders, "\n".join(offenders[:20])


def test_the_scan_catches_an_external_script(tmp_path):
    """The scan above is only worth something if it flags what it should."""
    samples = [
        '<script src="https://cdn.example.com/x.js"></script>',
        '<link rel="stylesheet" href="//fonts.example.com/a.css">',
        "body { background: url('https://e.example/x.png') }",
        'import mermaid from "https://cdn.jsdelivr.net/npm/mermaid.esm.min.mjs";',
    ]
    for s in samples:
        assert any(p.search(s) for p in EXTERNAL_LOAD), s
    assert not any(p.search('<a href="https://flk.npc.gov.cn/">国家法律法规数据库</a>') for p in EXTERNAL_LOAD)


def test_every_standard_downloads_as_docx_and_clauses_show_their_history(site):
    import subprocess

    from docx import Document

    repository = repo.load(ROOT)
    printed = [
        s
        for s in repository.standards()
        if any(o.type == "clause" and o.docname.startswith(s[:-5]) for o in repository.objects)
    ]
    assert len(printed) == len(repository.standards()) - 1  # all but the 合规清单, which has no articles
    for std in printed:
        name = std.split("/")[1]
        index = (site / f"{std}.html").read_text(encoding="utf-8")
        assert f'href="../../docx/standards/{name}.docx"' in index
        paragraphs = [p.text for p in Document(str(site / f"docx/standards/{name}.docx")).paragraphs]
        assert paragraphs[0] == (repository.docs[std].title or "").strip("《》") and any(
            p.startswith("第一条") for p in paragraphs
        )
    needs = published_needs(site)
    clause = next(n for n in needs.values() if n["type"] == "clause")
    page = (site / f"{clause['docname']}.html").read_text(encoding="utf-8")
    block = page[page.index(f'id="{clause["id"]}"') :]
    block = block[: block.index("</section>")]
    assert "修订记录：" in block
    shallow = (
        subprocess.run(
            ["git", "rev-parse", "--is-shallow-repository"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        == "true"
    )
    # a full clone lists the commit that added the clause; a shallow one says history is unavailable
    assert ("本副本是浅克隆" in block) if shallow else re.search(r"\d{4}-\d\d-\d\d 新增（提交 [0-9a-f]{7}）", block)
    releases = (site / "standards/revisions.html").read_text(encoding="utf-8")
    assert "规范化规则：" in releases and "SHA-256" in releases
