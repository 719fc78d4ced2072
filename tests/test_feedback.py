"""征求意见 round trip: a 征求意见稿 goes out to three units, comes back with Word comments and tracked changes
(made with python-docx and with LibreOffice driven through UNO), is merged into one 意见汇总表, and the accepted
changes are applied on a new branch of a temporary fixture repository with their reasons.

Every git operation runs in a temporary copy of the fixture repository, never in the project's own tree.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import yaml
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from conftest import ROOT, make_repo, zhifa

SOFFICE = shutil.which("soffice") or "soffice"  # installed by make test (tools/system-packages.sh)
UNO_PYTHON = "/usr/bin/python3"  # Debian's python3 has python3-uno; the project's virtualenv does not
CLAUSES = ["CL-AAAAA1", "CL-AAAAA2", "CL-AAAAA3", "CL-AAAAA4", "CL-AAAAA5"]
_ids = iter(range(900, 10_000))


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


def _repo(tmp_path: Path) -> Path:
    """The mini fixture as a git repository of its own, on branch main, everything committed."""
    repo = make_repo(tmp_path / "repo")
    (repo / ".gitignore").write_text("_build/\n", encoding="utf-8")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.name", "法制科")
    _git(repo, "config", "user.email", "fzk@example.invalid")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "initial")
    return repo


def _draft(repo: Path, out: Path, stage: str = "征求意见稿") -> Path:
    done = zhifa("standard", "demo", "--stage", stage, "-o", str(out), cwd=repo)
    assert done.returncode == 0, done.stderr
    return out


def _bookmarks(path: Path) -> list[str]:
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    return re.findall(r'<w:bookmarkStart[^>]*w:name="(ZF_[^"]+)"', xml)


def _props(path: Path) -> dict[str, str]:
    xml = zipfile.ZipFile(path).read("docProps/custom.xml").decode("utf-8")
    return dict(re.findall(r'name="([^"]+)"[^>]*>\s*<vt:lpwstr>([^<]*)</vt:lpwstr>', xml))


def _libreoffice_save(path: Path, tmp_path: Path) -> Path:
    """The file opened and saved as .docx by LibreOffice (headless)."""
    out = tmp_path / f"lo-{path.stem}"
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--convert-to",
            "docx",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out / path.name


# --- a reviewer in python-docx: comments through python-docx's API, tracked changes built by hand -------------


def _para(doc, text: str):
    return next(p for p in doc.paragraphs if text in p.text)


def _text_run(run_el, text: str, deleted: bool = False):
    el = copy.deepcopy(run_el)
    for t in el.findall(qn("w:t")):
        el.remove(t)
    t = OxmlElement("w:delText" if deleted else "w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    el.append(t)
    return el


def _change(tag: str, author: str):
    el = OxmlElement(tag)
    el.set(qn("w:id"), str(next(_ids)))
    el.set(qn("w:author"), author)
    el.set(qn("w:date"), "2026-06-10T09:00:00Z")
    return el


def tracked_replace(doc, old: str, new: str, author: str) -> None:
    """Replace ``old`` by ``new`` as Word does with 修订 on: <w:del> the old text, <w:ins> the new."""
    run = next(r for r in _para(doc, old).runs if old in r.text)
    before, after = run.text.split(old, 1)
    el = run._r
    run.text = before
    anchor = el
    for tag, text in (("w:del", old), ("w:ins", new)):
        if text:
            change = _change(tag, author)
            change.append(_text_run(el, text, deleted=tag == "w:del"))
            anchor.addnext(change)
            anchor = change
    if after:
        anchor.addnext(_text_run(el, after))


def tracked_paragraph(doc, after_text: str, text: str, author: str, inside: bool) -> None:
    """A new paragraph typed with 修订 on after the paragraph holding ``after_text``; ``inside``: the clause's
    bookmark is stretched over it (as when Enter is pressed before the end of the clause)."""
    p = _para(doc, after_text)._p
    new = OxmlElement("w:p")
    ppr = copy.deepcopy(p.pPr)
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    rpr.append(_change("w:ins", author))
    new.append(ppr)
    ins = _change("w:ins", author)
    ins.append(_text_run(p.findall(qn("w:r"))[-1], text))
    new.append(ins)
    p.addnext(new)
    end = p.find(qn("w:bookmarkEnd"))
    if inside and end is not None:
        new.append(end)


def tracked_delete_paragraph(doc, text: str, author: str) -> None:
    """Delete a whole paragraph with 修订 on: every run inside <w:del>, its text as <w:delText>."""
    p = _para(doc, text)._p
    for run in p.findall(qn("w:r")):
        change = _change("w:del", author)
        run.addprevious(change)
        change.append(run)
        for t in run.findall(qn("w:t")):
            t.tag = qn("w:delText")


def comment(doc, anchor: str, text: str, author: str) -> None:
    """A comment on the first run of the paragraph holding ``anchor`` that holds ``anchor`` (else its last run)."""
    runs = _para(doc, anchor).runs
    run = next((r for r in runs if anchor in r.text), runs[-1])
    doc.add_comment(run, text=text, author=author, initials=author[:1])


def _libreoffice_reviewer(src: Path, out: Path, steps: list[dict], tmp_path: Path) -> Path:
    script = tmp_path / f"{out.stem}-steps.json"
    script.write_text(json.dumps(steps, ensure_ascii=False), encoding="utf-8")
    work = tmp_path / f"{out.stem}-in.docx"
    shutil.copy(src, work)
    done = subprocess.run(
        [UNO_PYTHON, str(ROOT / "tests" / "lo_reviewer.py"), str(work), str(out), str(script)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def _three_units(repo: Path, tmp_path: Path) -> list[Path]:
    draft = _draft(repo, tmp_path / "示例规范-征求意见稿.docx")
    sent = tmp_path / "units"
    sent.mkdir()
    # 甲县公安局, in Word (python-docx): comments on 第一条 and 第二条, a change in 第三条, a paragraph added
    # inside 第五条, a general comment on the title.
    doc = Document(str(draft))
    comment(doc, "为规范执法", "建议写明制定依据。", "张三")
    comment(doc, "不得少于两人", "与法律表述一致即可。", "张三")
    tracked_replace(doc, "应当及时立案", "应当及时立案并登记", "张三")
    tracked_paragraph(doc, "应当撤销立案", "撤销立案的，应当书面告知当事人。", "张三", inside=True)
    comment(doc, "示例规范", "建议增加附则。", "张三")
    jia = sent / "甲县公安局意见.docx"
    doc.save(str(jia))
    # 乙县市场监督管理局, in LibreOffice with 记录修改: 第二条 changed, 第四条 deleted, a new clause typed after
    # 第五条, the unit named in the file's properties; a comment added, then saved by LibreOffice once more.
    yi_lo = _libreoffice_reviewer(
        draft,
        tmp_path / "yi-lo.docx",
        [
            {"author": "王五"},
            {"property": ["单位", "乙县市场监督管理局"]},
            {"replace": ["不得少于两人", "不得少于二人"]},
            {"delete": "第四条　【将来施行的条款】本条尚未施行。"},
            {"append_after": ["并依照 第三条 处理。", "第六条　【施行日期】本规范自印发之日起施行。"]},
        ],
        tmp_path,
    )
    doc = Document(str(yi_lo))
    comment(doc, "【执法人员】执法人员", "“二人”与法律用语一致。", "王五")
    doc.save(str(tmp_path / "yi.docx"))
    yi = _libreoffice_save(tmp_path / "yi.docx", tmp_path)
    shutil.copy(yi, sent / "yi.docx")
    # 丙县司法局 (named with --unit): 第二条 changed differently, and 第三条's reference number edited.
    doc = Document(str(draft))
    tracked_replace(doc, "不得少于两人", "不得少于三人", "李四")
    tracked_replace(doc, "依照 第二条 指派", "依照 第一条 指派", "李四")
    bing = sent / "bing.docx"
    doc.save(str(bing))
    return [jia, sent / "yi.docx", bing]


def _import(repo: Path, files: list[Path], *extra: str):
    return zhifa("feedback", "import", *map(str, files), *extra, cwd=repo)


# --- the tests ----------------------------------------------------------------------------------------------


def test_the_draft_carries_clause_ids_and_version_through_a_libreoffice_save(tmp_path):
    repo = _repo(tmp_path)
    filing = repo / "standards/demo/filing.md"  # 第五条 in three paragraphs, one a list of two items
    filing.write_text(
        filing.read_text(encoding="utf-8").replace(
            "并依照 {clause}`CL-AAAAA3` 处理。\n",
            "并依照 {clause}`CL-AAAAA3` 处理。\n\n撤销立案的，应当：\n\n1. 记录理由；\n2. 告知**当事人**。\n",
        ),
        encoding="utf-8",
    )
    draft = _draft(repo, tmp_path / "draft.docx")
    expected = ["ZF_" + cid.replace("-", "_") for cid in CLAUSES] + [
        "ZF_CL_AAAAA5_2",
        "ZF_CL_AAAAA5_3",
        "ZF_CL_AAAAA5_4",
    ]
    assert _bookmarks(draft) == expected
    props = _props(draft)
    assert props["ZhifaStandard"] == "standards/demo/index" and props["ZhifaStage"] == "征求意见稿"
    assert re.fullmatch(r"[0-9a-f]{12}", props["ZhifaVersion"])
    # each bookmark spans its clause's text and nothing else
    doc = Document(str(draft))
    body = doc.element.body
    starts = {el.get(qn("w:name")): el for el in body.iter(qn("w:bookmarkStart"))}
    p = starts["ZF_CL_AAAAA3"].getparent()
    assert "".join(t.text for t in p.iter(qn("w:t"))).startswith("第三条")
    assert p.find(qn("w:bookmarkEnd")) is not None
    saved = _libreoffice_save(draft, tmp_path)
    assert _bookmarks(saved) == expected
    assert _props(saved) == props
    # a copy saved unchanged gives an empty table
    done = _import(repo, [saved])
    assert done.returncode == 0, done.stderr
    table = (repo / "_build/feedback/意见汇总表.md").read_text(encoding="utf-8")
    assert "来件中没有批注或修订" in table


def test_three_units_are_merged_into_one_table_and_accepted_changes_land_on_a_branch(tmp_path):
    repo = _repo(tmp_path)
    files = _three_units(repo, tmp_path)
    done = _import(repo, files, "--unit", "甲县公安局", "--unit", "乙县市场监督管理局", "--unit", "丙县司法局")
    assert done.returncode == 0, done.stderr
    # the unit of the LibreOffice copy from its 单位 property, the others from the file name / --unit
    done = _import(repo, files[:2])
    assert done.returncode == 0, done.stderr
    assert "乙县市场监督管理局" in (repo / "_build/feedback/意见汇总表.md").read_text(encoding="utf-8")
    assert "甲县公安局" in (repo / "_build/feedback/意见汇总表.md").read_text(encoding="utf-8")
    done = _import(repo, files)
    assert done.returncode == 0, done.stderr
    bing = "bing"  # no property, no --unit: the file name
    state = json.loads((repo / "_build/feedback/意见汇总.json").read_text(encoding="utf-8"))
    assert [o["id"] for o in state["opinions"]] == [str(k) for k in range(1, len(state["opinions"]) + 1)]
    got = [(o["clause"], o["unit"], o["reviewer"], o["kind"], o["text"], o["diff"]) for o in state["opinions"]]
    a, b, c = "甲县公安局", "乙县市场监督管理局", bing
    assert got == [
        ("CL-AAAAA1", a, "张三", "批注", "建议写明制定依据。", ""),
        ("CL-AAAAA2", a, "张三", "批注", "与法律表述一致即可。", ""),
        ("CL-AAAAA2", b, "王五", "修改", "执法人员不得少于二人。", "执法人员不得少于[-两-]{+二+}人。"),
        ("CL-AAAAA2", b, "王五", "批注", "“二人”与法律用语一致。", ""),
        ("CL-AAAAA2", c, "李四", "修改", "执法人员不得少于三人。", "执法人员不得少于[-两-]{+三+}人。"),
        (
            "CL-AAAAA3",
            a,
            "张三",
            "修改",
            "符合立案标准的，应当及时立案并登记，并依照 第二条 指派执法人员。",
            "符合立案标准的，应当及时立案{+并登记+}，并依照 第二条 指派执法人员。",
        ),
        (
            "CL-AAAAA3",
            c,
            "李四",
            "修改",
            "符合立案标准的，应当及时立案，并依照 第一条 指派执法人员。",
            "符合立案标准的，应当及时立案，并依照 第[-二-]{+一+}条 指派执法人员。",
        ),
        ("CL-AAAAA4", b, "王五", "删除条款", "建议删除本条", ""),
        (
            "CL-AAAAA5",
            a,
            "张三",
            "修改",
            "立案后发现不属于本机关管辖的，应当撤销立案，并依照 第三条 处理。\n撤销立案的，应当书面告知当事人。",
            "{+撤销立案的，应当书面告知当事人。+}",
        ),
        (
            "",
            b,
            "王五",
            "新增内容",
            "第六条　【施行日期】本规范自印发之日起施行。",
            "{+第六条　【施行日期】本规范自印发之日起施行。+}",
        ),
        ("", a, "张三", "批注", "建议增加附则。", ""),
    ]
    by_text = {o["text"]: o for o in state["opinions"]}
    assert by_text["第六条　【施行日期】本规范自印发之日起施行。"]["after"] == "第五条"
    assert by_text["建议写明制定依据。"]["quote"] == "为规范执法，制定本规范。"
    # the Markdown table: one row per opinion, 总体意见 for the comment outside any clause
    table = (repo / "_build/feedback/意见汇总表.md").read_text(encoding="utf-8")
    lines = [line for line in table.splitlines() if re.match(r"\| \d+ \|", line)]
    assert len(lines) == len(got)
    assert lines[-1].startswith("| 11 | 总体意见 | 甲县公安局 | 张三 | 批注 | 建议增加附则。")
    assert "| 第五条之后（新增） | 乙县市场监督管理局 |" in table
    # the .docx table, read back by LibreOffice as plain text
    txt = _libreoffice_text(repo / "_build/feedback/意见汇总表.docx", tmp_path)
    for needle in ("意见汇总表", "第二条（CL-AAAAA2）", "乙县市场监督管理局", "建议增加附则。", "总体意见", "处理意见"):
        assert needle in txt, needle

    # apply: two units' changes on 第二条 cannot both be accepted; nothing is touched
    ids = {(o["clause"], o["unit"], o["kind"]): o["id"] for o in state["opinions"]}
    both = [ids[("CL-AAAAA2", b, "修改")], ids[("CL-AAAAA2", c, "修改")]]
    done = zhifa("feedback", "apply", "--accept", *both, cwd=repo)
    assert done.returncode == 1 and "只能采纳其中一条" in done.stderr, done.stderr
    # a change of a reference's number cannot be carried into the Markdown: refused, nothing touched
    done = zhifa("feedback", "apply", "--accept", ids[("CL-AAAAA3", c, "修改")], cwd=repo)
    assert done.returncode == 1 and "自动生成的文字" in done.stderr and "standards/demo/filing.md" in done.stderr
    assert _git(repo, "branch", "--list").split() == ["*", "main"]
    # a dirty tree is refused
    (repo / "standards/demo/general.md").write_text(
        (repo / "standards/demo/general.md").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    done = zhifa("feedback", "apply", "--accept", ids[("CL-AAAAA2", b, "修改")], cwd=repo)
    assert done.returncode == 1 and "未提交的修改" in done.stderr
    _git(repo, "checkout", "--", "standards/demo/general.md")  # a temporary fixture repository

    accept = [
        ids[("CL-AAAAA2", b, "修改")],
        ids[("CL-AAAAA3", a, "修改")],
        ids[("CL-AAAAA5", a, "修改")],
        ids[("CL-AAAAA4", b, "删除条款")],
        ids[("", b, "新增内容")],
    ]
    done = zhifa("feedback", "apply", "--accept", *accept, "--branch", "zqyj-2026", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "删除条款的建议，不自动修改" in done.stdout and "新增内容的建议，不自动修改" in done.stdout
    assert _git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip() == "zqyj-2026"
    assert _git(repo, "status", "--porcelain") == ""
    diff = _git(repo, "diff", "main", "zqyj-2026", "--", "standards")
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == [
        "-符合立案标准的，应当及时立案，并依照 {clause}`CL-AAAAA2` 指派执法人员。",
        "+符合立案标准的，应当及时立案并登记，并依照 {clause}`CL-AAAAA2` 指派执法人员。",
        "+",
        "+撤销立案的，应当书面告知当事人。",
        "-执法人员不得少于两人。",
        "+执法人员不得少于二人。",
    ]
    assert "将来施行的条款" in (repo / "standards/demo/filing.md").read_text(encoding="utf-8")  # proposal only
    entries = yaml.safe_load((repo / "changes/reasons.yaml").read_text(encoding="utf-8"))
    assert sorted((e["id"], e["source"]) for e in entries) == [
        ("CL-AAAAA2", "征求意见/乙县市场监督管理局"),
        ("CL-AAAAA3", "征求意见/甲县公安局"),
        ("CL-AAAAA5", "征求意见/甲县公安局"),
    ]
    reasons = {e["id"]: e["reason"] for e in entries}
    assert reasons["CL-AAAAA2"] == "采纳乙县市场监督管理局意见：“二人”与法律用语一致。"
    assert reasons["CL-AAAAA3"] == (
        "采纳甲县公安局意见：“符合立案标准的，应当及时立案，并依照 第二条 指派执法人员。”"
        "修改为“符合立案标准的，应当及时立案并登记，并依照 第二条 指派执法人员。”"
    )
    # the branch is a valid repository, and the 对照表 between the branches shows the changes
    # (the checker's only findings: the questions on the changed clauses are due for re-review, as after any edit)
    check = zhifa("check", cwd=repo)
    found = [line for line in check.stdout.splitlines() if re.match(r"\S+:\d+: (?!警告)", line)]
    assert found and all("审核后，所考查的条款" in line and "文本已修改" in line for line in found), check.stdout
    table = zhifa("diff", "main", "zqyj-2026", cwd=repo)
    assert table.returncode == 0, table.stderr
    assert (
        "修改理由：采纳乙县市场监督管理局意见：“二人”与法律用语一致。（来源：征求意见/乙县市场监督管理局）"
        in table.stdout
    )
    assert "修改理由：采纳甲县公安局意见：增加“撤销立案的，应当书面告知当事人。”" in table.stdout
    assert "撤销立案的，应当书面告知当事人。" in table.stdout
    assert _git(repo, "log", "-1", "--format=%s").startswith("Apply accepted 征求意见 opinions")
    assert _git(repo, "show", "main:standards/demo/general.md").count("不得少于两人") == 1


def _libreoffice_text(path: Path, tmp_path: Path) -> str:
    out = tmp_path / "txt"
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (out / (path.stem + ".txt")).read_text(encoding="utf-8-sig")


def test_a_file_that_is_not_a_draft_of_this_standard_is_refused(tmp_path):
    repo = _repo(tmp_path)
    plain = tmp_path / "某单位意见.docx"
    doc = Document()
    doc.add_paragraph("执法人员不得少于两人。")
    doc.save(str(plain))
    done = _import(repo, [plain])
    assert done.returncode == 1
    assert "某单位意见.docx：不是用 zhifa standard 规范 --stage 征求意见稿 生成的征求意见稿" in done.stderr
    assert "Traceback" not in done.stderr
    issued = _draft(repo, tmp_path / "印发.docx", stage="印发")
    done = _import(repo, [issued])
    assert done.returncode == 1 and "印发.docx：不是用 zhifa standard" in done.stderr
    not_docx = tmp_path / "意见.docx"
    not_docx.write_text("不是 Word 文件", encoding="utf-8")
    done = _import(repo, [not_docx])
    assert done.returncode == 1 and "意见.docx：不是 Word 文件" in done.stderr and "Traceback" not in done.stderr
    broken = tmp_path / "损坏.docx"  # a zip whose document.xml is cut short
    with zipfile.ZipFile(issued) as src, zipfile.ZipFile(broken, "w") as out:
        for item in src.infolist():
            blob = src.read(item.filename)
            out.writestr(item, blob[: len(blob) // 2] if item.filename == "word/document.xml" else blob)
    done = _import(repo, [broken])
    assert done.returncode == 1 and "损坏.docx：不是 Word 文件" in done.stderr and "Traceback" not in done.stderr
    done = _import(repo, [tmp_path / "没有这个文件.docx"])
    assert done.returncode == 1 and "找不到该文件" in done.stderr
    assert not (repo / "_build/feedback/意见汇总表.md").exists()


def test_a_draft_of_another_version_is_refused_with_what_to_do(tmp_path):
    repo = _repo(tmp_path)
    draft = _draft(repo, tmp_path / "draft.docx")
    general = repo / "standards/demo/general.md"
    general.write_text(general.read_text(encoding="utf-8").replace("两人", "二人"), encoding="utf-8")
    done = _import(repo, [draft])
    assert done.returncode == 1
    assert "draft.docx：是《示例规范》另一版本的征求意见稿" in done.stderr
    assert "请在发出该稿时的提交上导入" in done.stderr
    # a copy whose version property was edited is refused the same way
    _git(repo, "checkout", "--", "standards/demo/general.md")
    data = zipfile.ZipFile(draft)
    edited = tmp_path / "edited.docx"
    with zipfile.ZipFile(edited, "w") as out:
        for item in data.infolist():
            blob = data.read(item.filename)
            if item.filename == "docProps/custom.xml":
                blob = re.sub(rb"(ZhifaVersion\"><vt:lpwstr>)[0-9a-f]+", rb"\g<1>000000000000", blob)
            out.writestr(item, blob)
    done = _import(repo, [edited])
    assert done.returncode == 1 and "文件中的版本号 000000000000" in done.stderr


def test_a_clause_deleted_without_tracking_is_listed_as_a_proposal(tmp_path):
    repo = _repo(tmp_path)
    draft = _draft(repo, tmp_path / "draft.docx")
    doc = Document(str(draft))
    p = _para(doc, "本条尚未施行")._p
    p.getparent().remove(p)
    doc.save(str(tmp_path / "丁县应急管理局意见.docx"))
    done = _import(repo, [tmp_path / "丁县应急管理局意见.docx"])
    assert done.returncode == 0, done.stderr
    assert "第四条（CL-AAAAA4）在文件中已被删除，且未使用修订模式" in done.stdout
    state = json.loads((repo / "_build/feedback/意见汇总.json").read_text(encoding="utf-8"))
    [op] = state["opinions"]
    assert (op["clause"], op["unit"], op["kind"], op["tracked"]) == ("CL-AAAAA4", "丁县应急管理局", "删除条款", False)
    # deleting with 修订 gives the same proposal, tracked
    doc = Document(str(draft))
    tracked_delete_paragraph(doc, "本条尚未施行", "赵六")
    doc.save(str(tmp_path / "戊.docx"))
    done = _import(repo, [tmp_path / "戊.docx"])
    state = json.loads((repo / "_build/feedback/意见汇总.json").read_text(encoding="utf-8"))
    [op] = state["opinions"]
    assert (op["clause"], op["reviewer"], op["kind"], op["tracked"]) == ("CL-AAAAA4", "赵六", "删除条款", True)
    done = zhifa("feedback", "apply", "--accept", "1", cwd=repo)
    assert done.returncode == 1 and "删除条款的建议，不自动修改" in done.stdout
    assert _git(repo, "branch", "--list").split() == ["*", "main"]


def test_an_edit_made_without_tracking_is_found_and_applied(tmp_path):
    repo = _repo(tmp_path)
    draft = _draft(repo, tmp_path / "draft.docx")
    doc = Document(str(draft))
    run = next(r for r in _para(doc, "为规范执法").runs if "为规范执法" in r.text)
    run.text = run.text.replace("为规范执法", "为规范行政执法")
    doc.save(str(tmp_path / "己.docx"))
    done = _import(repo, [tmp_path / "己.docx"])
    assert done.returncode == 0, done.stderr
    state = json.loads((repo / "_build/feedback/意见汇总.json").read_text(encoding="utf-8"))
    [op] = state["opinions"]
    assert (op["kind"], op["tracked"], op["diff"]) == ("修改", False, "为规范{+行政+}执法，制定本规范。")
    assert "修改（未用修订模式）" in (repo / "_build/feedback/意见汇总表.md").read_text(encoding="utf-8")
    # an unknown number is refused with where the numbers are
    done = zhifa("feedback", "apply", "--accept", "99", cwd=repo)
    assert done.returncode == 1 and "意见汇总表中没有编号 99" in done.stderr
    done = zhifa("feedback", "apply", "--accept", "1", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "为规范行政执法，制定本规范。" in (repo / "standards/demo/general.md").read_text(encoding="utf-8")
    assert _git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip() == "feedback/2026-06-01"
    # once applied, the summary no longer matches the sources: apply again is refused
    done = zhifa("feedback", "apply", "--accept", "1", "--branch", "again", cwd=repo)
    assert done.returncode == 1 and "规范条文自意见导入以来已修改" in done.stderr


def test_apply_runs_only_at_the_root_of_a_git_repository(tmp_path):
    """A fixture folder inside another repository (as this project's tests are) never commits into that one."""
    outer = tmp_path / "outer"
    outer.mkdir()
    _git(outer, "init", "-q", "-b", "trunk")
    repo = make_repo(outer / "repo")
    draft = _draft(repo, tmp_path / "draft.docx")
    doc = Document(str(draft))
    tracked_replace(doc, "不得少于两人", "不得少于二人", "王五")
    doc.save(str(tmp_path / "庚.docx"))
    assert _import(repo, [tmp_path / "庚.docx"]).returncode == 0
    done = zhifa("feedback", "apply", "--accept", "1", cwd=repo)
    assert done.returncode == 1 and "不是 git 仓库的根目录" in done.stderr
    assert _git(outer, "branch", "--list") == "" and "不得少于两人" in (repo / "standards/demo/general.md").read_text(
        encoding="utf-8"
    )


def test_edits_in_list_items_wrapped_lines_and_the_title_land_where_they_belong_in_the_markdown(tmp_path):
    repo = _repo(tmp_path)
    filing = repo / "standards/demo/filing.md"
    filing.write_text(
        filing.read_text(encoding="utf-8").replace(
            "并依照 {clause}`CL-AAAAA3` 处理。\n",
            "并依照 {clause}`CL-AAAAA3` 处理。\n\n撤销立案的，\n应当**及时**记录：\n\n"
            "1. 撤销的理由；\n2. 批准的负责人。\n",
        ),
        encoding="utf-8",
    )
    _git(repo, "commit", "-q", "-am", "longer clause")
    draft = _draft(repo, tmp_path / "draft.docx")
    doc = Document(str(draft))
    tracked_replace(doc, "撤销立案】", "撤销立案的条件】", "王五")
    tracked_replace(doc, "应当及时记录", "应当及时书面记录", "王五")
    tracked_replace(doc, "（二）批准的负责人", "（二）批准撤销的负责人", "王五")
    doc.save(str(tmp_path / "辛.docx"))
    assert _import(repo, [tmp_path / "辛.docx"]).returncode == 0
    done = zhifa("feedback", "apply", "--accept", "1", cwd=repo)
    assert done.returncode == 0, done.stderr
    diff = _git(repo, "diff", "main", "HEAD", "--", "standards")
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == [
        "-```{clause} 撤销立案",
        "+```{clause} 撤销立案的条件",
        "-应当**及时**记录：",
        "+应当**及时**书面记录：",
        "-2. 批准的负责人。",
        "+2. 批准撤销的负责人。",
    ]
