"""`zhifa feedback import` and `zhifa feedback apply`: the 征求意见 round trip on the command line.

import: the units' copies of a 征求意见稿 → _build/feedback/意见汇总表.md, .docx and 意见汇总.json (what apply reads).
apply: the accepted opinions' text changes → the sources, committed on a new git branch with their reasons.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from zhifa.amend import feedback as model
from zhifa.amend.feedback import FeedbackError
from zhifa.model import repo as repo_mod
from zhifa.model import status
from zhifa.publish import outputs

DEFAULT_DIR = "_build/feedback"
STATE = "意见汇总.json"


def _root(args) -> Path:
    return Path(getattr(args, "root", ".") or ".").resolve()


def cmd_import(args) -> int:
    from zhifa.docx import feedback as reader  # python-docx: not imported by every zhifa command
    from zhifa.docx.standard import find_standard

    root = _root(args)
    repository = repo_mod.load(root)
    standard = None
    if args.standard:
        standard = find_standard(repository, args.standard)
        if standard is None:
            names = "、".join(s.split("/")[1] for s in repository.standards())
            print(f"没有名为“{args.standard}”的规范；可选：{names}", file=sys.stderr)
            return 2
    units = args.unit or []
    if len(units) > len(args.files):
        print(
            f"--unit 给了 {len(units)} 个单位，但只有 {len(args.files)} 个文件；每个文件最多一个 --unit",
            file=sys.stderr,
        )
        return 2
    per_file, notes, failed = [], [], []
    version = on = None
    for k, name in enumerate(args.files):
        path = Path(name)
        if not path.is_file():
            failed.append(f"{name}：找不到该文件；请检查文件名和路径")
            continue
        try:
            copy = reader.read(path)
            unit = units[k] if k < len(units) else reader.unit_of(path, copy.properties)
            ops, found = reader.opinions(repository, copy, unit, standard)
        except FeedbackError as exc:
            failed.append(str(exc))
            continue
        standard = copy.properties["ZhifaStandard"]
        version, on = copy.properties["ZhifaVersion"], copy.properties["ZhifaDate"]
        per_file.append((path.name, ops))
        notes += found
    if failed:
        for why in failed:
            print(why, file=sys.stderr)
        print(f"{len(failed)} 个文件无法导入，未生成意见汇总表", file=sys.stderr)
        return 1
    order = [o.id for o in model.clauses(repository, standard)]
    title = repository.docs[standard].title or standard
    summary = model.merge(standard, title, version, on, order, per_file)
    summary.notes = notes
    ledger = outputs.Ledger.open(root, args.force)
    folder = Path(args.output) if args.output else root / DEFAULT_DIR
    md, docx, state = ledger.claim_folder(folder, ["意见汇总表.md", "意见汇总表.docx", STATE], "意见汇总表")
    md.parent.mkdir(parents=True, exist_ok=True)
    md.write_text(model.markdown(summary), encoding="utf-8")
    reader.write(docx, summary)
    model.save(summary, state)
    ledger.record(md, docx, state)
    for note in notes:
        print(note)
    counts = {}
    for op in summary.opinions:
        counts[op.kind] = counts.get(op.kind, 0) + 1
    detail = "，".join(f"{k} {v} 条" for k, v in counts.items()) or "没有批注或修订"
    print(f"已汇总 {len(per_file)} 个单位的意见（{detail}）：{md}、{docx}")
    print(f"采纳修改：zhifa feedback apply --accept 编号 …（编号见意见汇总表；汇总数据 {state}）")
    return 0


def cmd_apply(args) -> int:
    root = _root(args)
    state = Path(args.summary) if args.summary else root / DEFAULT_DIR / STATE
    branch = args.branch or f"feedback/{status.build_date().isoformat()}"
    try:
        summary = model.load(state)
        repository = repo_mod.load(root)
        if summary.standard not in repository.standards():
            raise FeedbackError(f"{state}：规范“{summary.standard}”不在本仓库中；请在导入意见的仓库中运行")
        try:  # the repository must be the standards repository itself, not one it happens to sit inside
            top = Path(model.git(root, "rev-parse", "--show-toplevel").strip()).resolve()
        except FeedbackError:
            top = None
        if top != root:
            raise FeedbackError(
                f"{root} 不是 git 仓库的根目录：feedback apply 要在新分支上提交修改；"
                "请在规范仓库（git clone 得到的文件夹）的根目录中运行"
            )
        if model.git(root, "branch", "--list", branch).strip():
            raise FeedbackError(f"分支 {branch} 已存在；请用 --branch 指定一个新分支名")
        applied, proposals = model.apply(repository, summary, args.accept, branch)
    except FeedbackError as exc:
        print(exc, file=sys.stderr)
        return 1
    for line in proposals:
        print(f"未修改（建议）：{line}")
    if not applied:
        print("没有可写回源文件的文字修改；以上建议请起草人手工处理", file=sys.stderr)
        return 1
    for line in applied:
        print(f"已修改：{line}")
    print(
        f"已在新分支 {branch} 上提交 {len(applied)} 处修改，修改理由已写入 {model.reason_file.FILE}；"
        f"查看修订对照表：zhifa diff {_base(root, branch)} {branch}"
    )
    print("考查这些条款的试题需要重新审核：运行 zhifa check 查看")
    return 0


def _base(root: Path, branch: str) -> str:
    try:
        return model.git(root, "rev-parse", "--short", f"{branch}~1").strip()
    except FeedbackError:
        return "HEAD~1"


def register(subparsers) -> argparse.ArgumentParser:
    """Add ``feedback`` with ``import`` and ``apply`` to the zhifa command line."""
    fb = subparsers.add_parser(
        "feedback", help="征求意见：汇总各单位寄回的征求意见稿（Word 批注和修订），把采纳的修改写回源文件"
    )
    sub = fb.add_subparsers(dest="feedback_command", metavar="子命令")
    sub.required = True
    imp = sub.add_parser("import", help="读取各单位批注、修订过的征求意见稿 .docx，生成意见汇总表（Markdown 和 .docx）")
    imp.add_argument("files", nargs="+", help="各单位寄回的 .docx（如 某单位意见.docx）")
    imp.add_argument(
        "--unit",
        action="append",
        help="来文单位，按文件顺序每个文件一个（默认取文件属性“单位”或文件名，如 某单位意见.docx → 某单位）",
    )
    imp.add_argument("--standard", help="规范的文件夹名或标题（可选：核对来件是否为该规范的征求意见稿）")
    imp.add_argument("-o", "--output", help=f"输出文件夹（默认 {DEFAULT_DIR}）")
    imp.add_argument("--force", action="store_true", help="允许覆盖不是本工具生成的已有文件")
    imp.set_defaults(func=cmd_import)
    ap = sub.add_parser(
        "apply", help="把采纳的意见（意见汇总表中的编号）写回源文件，在新的 git 分支上提交，并记录修改理由"
    )
    ap.add_argument("--accept", nargs="+", required=True, metavar="编号", help="采纳的意见编号（见意见汇总表）")
    ap.add_argument("--summary", help=f"意见汇总数据（默认 {DEFAULT_DIR}/{STATE}）")
    ap.add_argument("--branch", help="新分支名（默认 feedback/日期）")
    ap.set_defaults(func=cmd_apply)
    return fb
