"""`zhifa verify`: is a quoted text, or a release manifest, what the standards say?

A text is compared as readers copy it from the site or the Word file: references shown as numbers (第二条,
《规范》第三条), 项 numbered （一） or 1., with or without the heading 第X条 and the 条旨, the whole clause or one
of its paragraphs; whitespace never counts. Each release is read back from its tag (references resolved with
that release's numbers), so the answer says in which releases the text was in force and whether it is the
current text or was superseded.

A manifest is accepted only as the release wrote it: well formed, and byte for byte the file its release tag
holds (the same rule as check's released_files_match_the_tag); then it is compared with the repository.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from zhifa.amend import compare, history, release
from zhifa.model import clausetext, fingerprint, jsonfile
from zhifa.model.outline import clause_labels
from zhifa.model.repo import Repository

SPACE = re.compile(r"\s+")
ITEM_MARK = re.compile(r"(?m)（[一二三四五六七八九十]+）|^\s*\d+[.、．]")
HEADING = re.compile(r"^第[一二三四五六七八九十百零]+条")
MIN_PART = 8  # a shorter piece of text says too little to name a clause
CURRENT, SUPERSEDED, NOT_FOUND = 0, 3, 1  # exit codes of `zhifa verify --text`


def normal(text: str) -> str:
    """What counts in a quoted text: no whitespace, no 项 numbering (（一） or 1.), no emphasis markup."""
    text = ITEM_MARK.sub("", text.replace("**", ""))
    return SPACE.sub("", text)


@dataclass
class Form:
    """One clause as one version shows it."""

    id: str
    label: str  # 《规范》第X条 in that version ("" when it had no number)
    title: str
    status: str
    whole: str  # normalised shown text
    paragraphs: list[str]
    raw: str  # normalised text as written (references as {clause}`ID`)


def forms(repo: Repository, on: dt.date) -> dict[str, Form]:
    from zhifa.model import status

    labels, where = clause_labels(repo, on)
    out = {}
    for o in repo.objects:
        if o.type != repo.model.role("article"):
            continue
        here = f"《{where[o.id][0]}》" if o.id in where else ""
        paras = [normal(p) for p in clausetext.paragraphs(o.body, labels, here)]
        out[o.id] = Form(
            o.id,
            labels.get(o.id, ""),
            o.title,
            status.of(o, on),
            "".join(paras),
            paras,
            normal(fingerprint.normalise("", o.body)[1:]),
        )
    return out


def _match(wanted: str, form: Form) -> str:
    """ "全文", "第N款/项" or "部分" when ``wanted`` is (part of) this form, else ""."""
    body = wanted
    m = HEADING.match(body)
    if m:  # 第X条, then perhaps the 条旨 (as the site's heading shows it, or 【条旨】 as a draft does)
        body = body[m.end() :]
        for title in (f"【{normal(form.title)}】", normal(form.title)):
            if title and body.startswith(title) and body[len(title) :]:
                body = body[len(title) :]
                break
    for text in (form.whole, form.raw):
        if body == text:
            return "全文"
    for k, p in enumerate(form.paragraphs, 1):
        if body == p and len(body) >= 4:  # one whole 款 or 项, however short
            return f"第{k}段"
    if len(body) >= MIN_PART:
        if body in form.whole or body in form.raw:
            return "部分"
    return ""


@dataclass
class Finding:
    id: str
    title: str
    label_now: str
    status_now: str
    current: str = ""  # how it matches the current text ("" when it does not)
    releases: list[tuple[str, str, str, str]] = field(default_factory=list)  # (tag, date, label, status)
    heading: str = ""  # the 第X条 the quote started with


def _release_forms(root: Path, tag: str, on: dt.date) -> dict[str, Form] | None:
    """The clauses as release ``tag`` showed them (read from the tag), or None when git cannot give it."""
    with tempfile.TemporaryDirectory() as tmp:
        try:
            repo = compare.checkout(root, tag, Path(tmp))
        except (subprocess.CalledProcessError, OSError):
            return None
        return forms(repo, on)


def _manifests(root: Path) -> list[dict]:
    out = []
    for path in (Path(root) / release.RELEASES_DIR).glob("v*.json"):
        try:
            out.append(release.read_manifest(path))
        except release.ReleaseError:
            continue  # a damaged manifest is named by check (released_files_match_the_tag)
    return sorted(out, key=lambda m: history.release_key(str(m.get("release", ""))))


def text(repo: Repository, quoted: str, on: dt.date) -> tuple[list[Finding], list[str]]:
    """Which clauses the quoted text is, now and in each release; and notes (releases that could not be read)."""
    wanted = normal(quoted)
    heading = HEADING.match(wanted)
    found: dict[str, Finding] = {}
    now = forms(repo, on)

    def finding(form: Form) -> Finding:
        if form.id not in found:
            cur = now.get(form.id)
            found[form.id] = Finding(
                form.id,
                cur.title if cur else form.title,
                cur.label if cur else "",
                cur.status if cur else "deleted",
                heading=heading.group(0) if heading else "",
            )
        return found[form.id]

    if not wanted:
        return [], []
    for form in now.values():
        how = _match(wanted, form)
        if how:
            finding(form).current = how
    notes = []
    root = release.home(repo.root)  # a layered repository: its own releases, each read as merged then
    for m in _manifests(root):
        tag, date = str(m.get("release", "")), str(m.get("date", ""))
        when = dt.date.fromisoformat(date) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else on
        shown = _release_forms(root, tag, when)
        if shown is None:  # no git: the manifest's fingerprints still recognise text as written
            notes.append(f"无法从版本库读取发布 {tag}，只按其清单中的指纹核对原文写法")
            digest = fingerprint.sha256(fingerprint.normalise("", quoted)[1:])
            for cid, c in m["clauses"].items():
                if c.get("body_sha256") == digest:
                    finding(now.get(cid) or Form(cid, "", "", "", "", [], "")).releases.append(
                        (tag, date, str(c.get("label") or ""), str(c.get("status") or ""))
                    )
            continue
        for form in shown.values():
            if _match(wanted, form):
                finding(form).releases.append((tag, date, form.label, form.status))
    out = list(found.values())
    if heading and len(out) > 1:  # the same words in two clauses: the 第X条 the quote gave decides
        numbered = [
            f
            for f in out
            if f.label_now.endswith(heading.group(0))
            or any(lb.endswith(heading.group(0)) for _, _, lb, _ in f.releases)
        ]
        out = numbered or out
    return out, notes


STATUS = {"current": "施行", "pending": "尚未施行", "draft": "草案", "repealed": "已废止"}


def report(findings: list[Finding]) -> tuple[list[str], int]:
    """Lines for a reader and the exit code: 0 the current text of a clause in force, 3 superseded or
    repealed text, 1 nothing found."""
    if not findings:
        return ["没有找到与这段文字一致的条款（空白字符不计；可只粘贴一段）"], NOT_FOUND
    lines, code = [], SUPERSEDED
    for f in findings:
        name = f"{f.label_now or f.title}（{f.id}，{f.title}）"
        part = {"": "条文", "全文": "条文", "部分": "一部分"}.get(f.current, f.current)
        lines.append(f"这段文字是 {name} 的{part}：")
        in_force = [f"{tag}（{date}）" for tag, date, _, st in f.releases if st == "current"]
        other = [f"{tag}（{STATUS.get(st, st)}）" for tag, _, _, st in f.releases if st != "current"]
        if in_force:
            lines.append(f"  施行于这些发布：{'、'.join(in_force)}")
        if other:
            lines.append(f"  在这些发布中未施行：{'、'.join(other)}")
        if not f.releases:
            lines.append("  尚未发布过（只在当前版本中）")
        if f.current and f.status_now == "current":
            same = "见于" if f.current == "部分" else "与"
            lines.append(f"  现行有效：{same}当前版本的 {f.label_now}" + ("" if f.current == "部分" else " 一致"))
            code = CURRENT
        elif f.current:
            lines.append(f"  与当前版本的文本一致，但该条{STATUS.get(f.status_now, f.status_now)}")
        elif f.status_now == "deleted":
            lines.append("  当前版本中已没有该条")
        else:
            lines.append(
                f"  已被取代：该条现在的文本不同（现为 {f.label_now or STATUS.get(f.status_now, f.status_now)}），"
                f"请以现行文本为准（zhifa verify 退出码 {SUPERSEDED}）"
            )
        if f.heading and f.releases:
            labels = {label.removeprefix(label.split("》")[0] + "》") for _, _, label, _ in f.releases if label}
            if f.heading not in labels | {f.label_now.split("》")[-1]}:
                lines.append(f"  注意：引文写的是{f.heading}，该条在上述版本中的条号不是{f.heading}")
    return lines, code


def manifest(repo: Repository, path: Path, on: dt.date) -> tuple[list[str], int]:
    """A release manifest checked as a release file, then compared with the repository."""
    data = release.read_manifest(path)
    tag = data.get("release")
    if not isinstance(tag, str) or not compare.TAG.match(tag):
        raise release.ReleaseError(
            f"{path}:{jsonfile.key_line(path, 'release')}: 发布清单的 release 应是发布标签（如 v2026.1）"
        )
    if not data["clauses"]:
        raise release.ReleaseError(f"{path}:{jsonfile.key_line(path, 'clauses')}: 发布清单中没有任何条款")
    for cid, c in data["clauses"].items():
        if not re.fullmatch(r"[0-9a-f]{64}", c["sha256"]):
            raise release.ReleaseError(f"{path}:{jsonfile.key_line(path, cid)}: {cid} 的 sha256 不是 SHA-256 指纹")
    tagged = subprocess.run(
        ["git", "show", f"{tag}:{release.RELEASES_DIR}/{tag}.json"], cwd=repo.root, capture_output=True
    )
    if tagged.returncode != 0:
        raise release.ReleaseError(f"{path}:1: 本仓库没有发布 {tag}（找不到发布标签 {tag} 中的清单），无法证明这份清单")
    if tagged.stdout != Path(path).read_bytes():
        raise release.ReleaseError(
            f"{path}:1: 这份清单与发布标签 {tag} 中的清单不一致：它被修改过，不能作为核对依据"
            f"（原件：git show {tag}:{release.RELEASES_DIR}/{tag}.json）"
        )
    return release.verify_manifest(repo, path, on)
