"""Official law text offline (zhifa laws import) and the warning for law objects whose official-text link is still
a site's home page. Every law text here is a few made-up sentences written by the test, not a real law."""

from __future__ import annotations

import argparse
import json
import shutil
import types
from pathlib import Path

import pytest

from conftest import ROOT, make_repo
from zhifa import checks
from zhifa.checks.laws import is_home_page
from zhifa.model import lawtext, repo
from zhifa.model.problems import Problem

ON = __import__("datetime").date(2026, 6, 1)
LAW = "中华人民共和国示例复议法"
LAW_OBJECTS = "".join(
    f"""
```{{law}} 示例条文{n}
:id: LAW-SLFY-00{n}
:law: {LAW}
:article: {n}
:url: {url}

要旨：第{n}个示例条文的要旨（自拟）。
```
"""
    for n, url in ((1, "https://flk.npc.gov.cn/"), (2, "https://flk.npc.gov.cn/"), (3, "https://flk.npc.gov.cn/"))
)


@pytest.fixture
def root(tmp_path) -> Path:
    """A tiny repository: the metamodel and one law with three article objects."""
    r = tmp_path / "repo"
    (r / "laws").mkdir(parents=True)
    shutil.copy(ROOT / "metamodel.yaml", r / "metamodel.yaml")
    (r / "laws" / "slfy.md").write_text(f"# {LAW}\n{LAW_OBJECTS}", encoding="utf-8")
    return r


GOOD = """中华人民共和国示例复议法
（示例文本，自拟，仅供测试）
目　　录
第一章　总则
第二章　申请
第一章　总则
第一条　为了测试导入，写下第一条的文字。
第一条的第二款文字。
第二条　第二条的文字。
第二章　申请
第一节　期限
第三条　第三条的文字。
"""


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def _cli(root: Path, *argv: str) -> int:
    """The command line as zhifa will have it once lawtext.register() is wired in."""
    parser = argparse.ArgumentParser(prog="zhifa")
    parser.add_argument("--root", default=".")
    lawtext.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["--root", str(root), *argv])
    return args.func(args)


def test_import_a_text_file_writes_each_article(root, tmp_path, capsys):
    source = _write(tmp_path, "law.txt", GOOD)
    assert _cli(root, "laws", "import", str(source), "--law", "示例复议法") == 0
    out = capsys.readouterr().out
    assert "已导入《中华人民共和国示例复议法》3 条条文" in out and "laws/text/slfy.json" in out
    data = json.loads((root / "laws" / "text" / "slfy.json").read_text(encoding="utf-8"))
    assert data["law"] == LAW and data["source"] == "law.txt"
    assert data["articles"] == {
        "1": "为了测试导入，写下第一条的文字。\n第一条的第二款文字。",
        "2": "第二条的文字。",
        "3": "第三条的文字。",
    }
    assert lawtext.load(root, "SLFY")["3"] == "第三条的文字。"


def test_import_a_docx_and_a_gb18030_text(root, tmp_path):
    import docx

    document = docx.Document()
    for line in GOOD.splitlines():
        document.add_paragraph(line)
    document.save(str(tmp_path / "law.docx"))
    lawtext.import_file(root, tmp_path / "law.docx", LAW)
    assert lawtext.load(root, "slfy")["2"] == "第二条的文字。"
    lawtext.import_file(
        root, _write(tmp_path, "gbk.txt", GOOD.replace("第二条的文字", "第二条的新文字"), "gb18030"), LAW
    )
    assert lawtext.load(root, "slfy")["2"] == "第二条的新文字。"


def test_chinese_article_numbers():
    assert [lawtext.chinese_number(t) for t in ("一", "十", "十五", "五十四", "一百", "一百零五", "八十六")] == [
        1,
        10,
        15,
        54,
        100,
        105,
        86,
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (GOOD.replace("第二条　第二条的文字。\n", ""), "law.txt:11: 缺少第2条（本行是第3条）"),
        (
            GOOD.replace("第三条　第三条的文字。", "第二条　又一个第二条。\n第三条　第三条的文字。"),
            "law.txt:12: 第2条重复（第9行已有该条）",
        ),
        (
            GOOD.replace("第二条　第二条的文字。\n", "").replace(
                "第三条　第三条的文字。", "第三条　第三条的文字。\n第二条　晚到的第二条。"
            ),
            "law.txt:11: 缺少第2条",
        ),
        (
            GOOD.replace("中华人民共和国示例复议法", "中华人民共和国另一部法"),
            "文件标题是《中华人民共和国另一部法》，不是 --law 指定的《中华人民共和国示例复议法》",
        ),
        ("中华人民共和国示例复议法\n总则\n本文件没有条文。\n", "没有找到任何以“第X条”开头的条文"),
        (
            GOOD.replace("第三条　第三条的文字。\n", ""),
            "文件只到第2条，而仓库的条文对象收录了《中华人民共和国示例复议法》第3条",
        ),
        (GOOD.replace("第二条　第二条的文字。", "第二条"), "law.txt:9: 第2条没有正文"),
    ],
)
def test_bad_input_is_refused_with_file_line_and_what_to_do(root, tmp_path, capsys, text, expected):
    source = _write(tmp_path, "law.txt", text)
    assert _cli(root, "laws", "import", str(source), "--law", LAW) == 1
    err = capsys.readouterr().err
    assert expected in err and "处理：" in err and "Traceback" not in err
    assert not (root / "laws" / "text" / "slfy.json").exists(), "nothing is written for a bad file"


def test_unknown_law_missing_file_and_wrong_format(root, tmp_path, capsys):
    source = _write(tmp_path, "law.txt", GOOD)
    assert _cli(root, "laws", "import", str(source), "--law", "刑法") == 1
    assert "仓库中没有这部法律的条文对象" in capsys.readouterr().err
    assert _cli(root, "laws", "import", str(tmp_path / "nope.txt"), "--law", LAW) == 1
    assert "文件不存在" in capsys.readouterr().err
    pdf = _write(tmp_path, "law.pdf", GOOD)
    assert _cli(root, "laws", "import", str(pdf), "--law", LAW) == 1
    assert "只能导入 .txt 或 .docx" in capsys.readouterr().err
    fake = _write(tmp_path, "fake.docx", GOOD)
    assert _cli(root, "laws", "import", str(fake), "--law", LAW) == 1
    assert "不是有效的 .docx 文件" in capsys.readouterr().err


def test_the_law_page_shows_the_official_text_beside_the_summary(root, tmp_path):
    from zhifa.sphinx import render

    lawtext.import_file(root, _write(tmp_path, "law.txt", GOOD), LAW)
    app = types.SimpleNamespace(srcdir=str(root))
    box = render.official_text(app, {"id": "LAW-SLFY-001", "article": "1"})
    assert box is not None and "zf-official-text" in box["classes"]
    assert "官方条文" in box.astext() and "第一条的第二款文字。" in box.astext()
    assert render.official_text(app, {"id": "LAW-XZCF-054", "article": "54"}) is None  # nothing imported


def test_official_text_link_names_the_site_and_says_when_it_is_a_home_page():
    from zhifa.sphinx import render

    home = render.official_link("https://flk.npc.gov.cn/").astext()
    assert "国家法律法规数据库" in home and "待法制人员填写" in home
    page = render.official_link("https://flk.npc.gov.cn/detail?id=abc").astext()
    assert "国家法律法规数据库" in page and "待" not in page


def test_home_page_urls():
    assert is_home_page("https://flk.npc.gov.cn/") and is_home_page("https://www.samr.gov.cn")
    assert not is_home_page("https://flk.npc.gov.cn/detail2.html?ZmY4MDgxODE3")
    assert not is_home_page("https://flk.npc.gov.cn/?id=1")


def test_check_warns_once_per_law_while_its_url_is_a_home_page_without_failing(root):
    source = repo.load(root)
    errors = checks.run(source, ON)  # (the tiny repository has no index page; that is its only error)
    assert not [p for p in errors if "官方文本" in p.message or ":url:" in p.message]
    warnings = checks.warnings(source, ON)
    assert len(warnings) == 1
    w = warnings[0]
    assert w.kind == "warning" and w.path == "laws/slfy.md"
    assert str(w).startswith("laws/slfy.md:") and "警告：" in str(w)
    assert "3 个条文对象" in str(w) and "https://flk.npc.gov.cn/" in str(w) and "处理：" in str(w)
    md = root / "laws" / "slfy.md"
    md.write_text(
        md.read_text(encoding="utf-8").replace("https://flk.npc.gov.cn/", "https://flk.npc.gov.cn/detail?id=x"),
        encoding="utf-8",
    )
    assert checks.warnings(repo.load(root), ON) == []


def test_the_real_repository_warns_but_passes():
    source = repo.load(ROOT)
    assert all(p.kind == "error" for p in checks.run(source, ON))
    laws = {w.message.split("》")[0] + "》" for w in checks.warnings(source, ON)}
    assert "《中华人民共和国行政复议法》" in laws and "《中华人民共和国行政诉讼法》" in laws


def test_an_error_reads_as_before():
    assert str(Problem("a.md", 3, "有问题。", "改正")) == "a.md:3: 有问题。处理：改正"
    assert str(Problem("a.md", 3, "有问题", "改正", kind="warning")) == "a.md:3: 警告：有问题。处理：改正"


def test_mini_fixture_still_checks_clean(tmp_path):
    r = make_repo(tmp_path / "mini")
    assert checks.run(repo.load(r), ON) == []


def test_the_zhifa_command_line_imports_and_check_prints_the_warning(root, tmp_path):
    """Through `zhifa` itself: `laws import` is a subcommand, and `check` prints the url warning aside."""
    from conftest import zhifa

    source = _write(tmp_path, "示例复议法.txt", GOOD)
    made = zhifa("--root", str(root), "laws", "import", str(source), "--law", LAW)
    assert made.returncode == 0, made.stderr
    assert len(json.loads(next((root / "laws").rglob("*.json")).read_text(encoding="utf-8"))["articles"]) == 3
    real = zhifa("check")
    assert real.returncode == 0, real.stdout + real.stderr
    assert "警告：" in real.stderr and "官方文本网址" in real.stderr and "警告" not in real.stdout
