"""zhifa: 行政执法规范即代码的命令行工具。"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import time
from pathlib import Path

from zhifa.model import metamodel, repo, status
from zhifa.model.layers import LayerError
from zhifa.model.problems import Problem
from zhifa.publish import outputs, site


def _root(args) -> Path:
    return Path(args.root).resolve()


def cmd_check(args) -> int:
    from zhifa import checks  # not on zhifa build's way to Sphinx

    started = time.perf_counter()
    try:
        on = status.build_date(args.date)
    except ValueError:
        print(f"--date 应为 YYYY-MM-DD：{args.date}", file=sys.stderr)
        return 2
    try:
        content, origin, stale = _content(args)  # a layered repository: its merged standard (issue 26)
        repository = repo.load(content)
    except metamodel.MetamodelError as exc:
        print(exc, file=sys.stderr)
        return 2
    except LayerError as exc:
        print(exc, file=sys.stderr)
        return 1
    problems = stale + [dataclasses.replace(p, path=origin.get(p.path, p.path)) for p in checks.run(repository, on)]
    for p in problems:
        print(p)
    for w in checks.warnings(repository, on):  # advisory: printed aside, never change the exit code
        print(dataclasses.replace(w, path=origin.get(w.path, w.path)), file=sys.stderr)
    elapsed = time.perf_counter() - started
    n_files = len(repository.docs)
    from zhifa.bank import quiz, rules

    bank = [q for q in quiz.flatten(quiz.of(repository)[0])]
    retired = sum(1 for q in bank if rules.retired(q))
    drafts = sum(1 for q in bank if not rules.reviewed(q)) - retired
    # stdout carries only problems when there are any (one path:line per line), the summary goes aside
    print(
        f"题库：{len(bank)} 道试题（含案例分析题及小题），其中草案 {drafts} 道"
        + (f"、停用 {retired} 道" if retired else "")
        + "（模拟考试只抽取已审核试题）。",
        file=sys.stderr if problems else sys.stdout,
    )
    if problems:
        print(
            f"\n发现 {len(problems)} 个问题（{n_files} 个文件，{len(repository.objects)} 个对象，"
            f"{elapsed:.2f} 秒）。请逐条处理后再提交。",
            file=sys.stderr,
        )
        return 1
    print(f"检查通过：{n_files} 个文件，{len(repository.objects)} 个对象，构建日期 {on}，用时 {elapsed:.2f} 秒。")
    return 0


def _content(args) -> tuple[Path, dict[str, str], list[Problem]]:
    """What check and build read: the repository, or the merged standard of its layers (with where each
    merged file comes from, and the layer declaration's own problems)."""
    from zhifa.publish import layered

    return layered.source(_root(args))


def cmd_build(args) -> int:
    out = Path(args.out).resolve()
    try:
        root = _content(args)[0]
    except LayerError as exc:
        print(exc, file=sys.stderr)
        return 1
    try:
        metamodel.load(root)  # Sphinx would report a broken metamodel as a crash; say it plainly instead
    except metamodel.MetamodelError as exc:
        print(exc, file=sys.stderr)
        return 1
    try:
        found, kept, unchanged = site.build(root, out, args.date, clean=args.clean, force=args.force, jobs=args.jobs)
    except site.BuildFailed as exc:
        print(exc, file=sys.stderr)
        return 1
    if kept:
        print(
            f"注意：{out} 中有 {len(kept)} 个文件不是本工具生成的，已原样保留（--clean 前请移走）："
            + "、".join(kept[:5])
            + (" 等" if len(kept) > 5 else ""),
            file=sys.stderr,
        )
    print(f"没有任何变化，站点保持不变：{out}" if unchanged else f"站点已生成：{out}")
    print("对象数量：" + "，".join(f"{k} {v}" for k, v in found.items()))
    return 0


def cmd_serve(args) -> int:
    from zhifa.publish import serve

    if args.no_build:
        serve.run(Path(args.out).resolve(), args.port)
        return 0
    from zhifa.publish import live

    return live.serve(_root(args), Path(args.out).resolve(), args)  # rebuild on save, reload the open pages


def cmd_new(args) -> int:
    from zhifa.amend import scaffold

    try:
        print(scaffold.add(_root(args), args.type, args.file, args.title, status.build_date(args.date), args.tests))
    except (scaffold.ScaffoldError, LayerError) as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


def cmd_pin(args) -> int:
    from zhifa.amend import review_lock
    from zhifa.bank import quiz

    try:  # a layered repository reviews against its merged standard (issue 26)
        content, origin, _ = _content(args)
    except LayerError as exc:
        print(exc, file=sys.stderr)
        return 1
    repository = repo.load(content)
    items, problems = quiz.load(repository.root)
    if problems:
        for path, line, message, hint in problems:
            print(Problem(origin.get(path, path), line, message, hint))
        return 1
    if not args.all and not args.ids:
        print("请写出已重新审核的试题 ID，或用 --all 固定全部已审核试题", file=sys.stderr)
        return 2
    known = {q.id for q in review_lock.reviewed(items)}
    unknown = sorted(set(args.ids) - known)
    if unknown:
        print(f"不是已审核的试题：{'、'.join(unknown)}（草案试题不需要固定指纹）", file=sys.stderr)
        return 2
    reviewer = args.reviewer or review_lock.git_user(repository.root)
    if args.ids and not reviewer:
        print("请用 --reviewer 写明审核人（或在 git 中设置 user.name）", file=sys.stderr)
        return 2
    on = status.build_date(args.date)
    if content != _root(args):
        from zhifa.amend import layer_review

        lines = layer_review.pin(
            _root(args), repository, items, None if args.all else set(args.ids), args.ids, reviewer, on
        )
    else:
        changed = review_lock.pin(repository, items, None if args.all else set(args.ids))
        lines = review_lock.report(repository.root, items, changed, args.ids, reviewer, on)
    for line in lines:
        print(line)
    return 0


def cmd_retire(args) -> int:
    from zhifa.amend import retire

    try:
        done = retire.retire(repo.load(_content(args)[0]), args.clause)  # a layered repository: merged
    except retire.RetireError as exc:
        print(exc, file=sys.stderr)
        return 2
    if not done:
        print(f"没有仍在使用中的试题考查条款 {args.clause}：无需停用")
        return 0
    print(f"已把考查已废止条款 {args.clause} 的 {len(done)} 道试题设为“停用”（review: 停用）：")
    for r in done:
        also = f"；该题还考查 {'、'.join(r.also)}，如要继续使用，请改为只考查现行条款并重新审核" if r.also else ""
        print(f"  {r.id}（{r.where}）{also}")
    print("停用的试题不再用于练习、模拟考试、试卷和导出；ID、题目和历史版本保留。请提交这些修改。")
    return 0


def cmd_export(args) -> int:
    from zhifa import checks  # not on zhifa build's way to Sphinx
    from zhifa.bank import catalog, exports

    root = _root(args)
    repository = repo.load(_content(args)[0])  # a layered repository exports its merged bank
    problems = checks.run(repository, status.build_date(args.date))
    if problems:
        print(f"内容有 {len(problems)} 个问题，请先运行 zhifa check 并改正后再导出。", file=sys.stderr)
        return 1
    questions = catalog.questions(repository, status.build_date(args.date))
    suffix = {"moodle": "xml", "gift": "gift.txt", "anki": "apkg"}[args.format]
    ledger = outputs.Ledger.open(root, args.force)
    out = ledger.claim(Path(args.output) if args.output else root / f"_build/exports/zhifa-bank.{suffix}", "导出文件")
    out.parent.mkdir(parents=True, exist_ok=True)
    if args.format == "moodle":
        out.write_bytes(exports.moodle_xml(questions, exports.load_points(root), partial=args.partial_credit))
    elif args.format == "gift":
        out.write_text(exports.gift(questions, partial=args.partial_credit), encoding="utf-8")
    else:
        exports.anki(questions, out)
    ledger.record(out)
    print(f"已导出 {len(questions)} 道已审核试题：{out}")
    return 0


def cmd_exam(args) -> int:
    from zhifa.bank import paper
    from zhifa.publish import papers

    bank_path = Path(args.bank).resolve()
    if not bank_path.is_file():
        print(
            f"找不到已发布的题库 {bank_path}；请先运行 zhifa build（或用 --bank 指定站点中的 zhifa-bank.json）",
            file=sys.stderr,
        )
        return 2
    try:
        bank = paper.load_bank(bank_path)
    except paper.BankError as exc:
        print(f"{exc}。处理：用 zhifa build 重新生成题库，或用 --bank 指定站点中的 zhifa-bank.json", file=sys.stderr)
        return 2
    if not bank.get("blueprint"):
        print("题库中没有考试蓝图（quizzes/blueprint.yaml），无法组卷", file=sys.stderr)
        return 2
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    base = args.paper or str(seed)
    variants = list(paper.VARIANTS[: args.variants]) if args.variants > 1 else [None]
    ids = [f"{base}-{v}" if v else base for v in variants]
    ledger = outputs.Ledger.open(_root(args), args.force)
    folder = Path(args.output) if args.output else _root(args) / "_build/papers"
    targets = ledger.claim_folder(folder, [name for i in ids for name in papers.names(i)], "试卷")
    drawn = paper.draw(bank, seed)
    for paper_id, v in zip(ids, variants):
        papers.write(targets[0].parent, bank, paper.variant(drawn, seed, v or "A"), paper_id, seed, v)
    ledger.record(*targets)
    where, count = targets[0].parent, len(drawn)
    print(f"试卷编号 {'、'.join(ids)}（种子 {seed}，题库版本 {bank['version']}，{count} 题）已写入 {where}：")
    for i in ids:
        print(f"  {i}：试卷-{i}.html/.docx（试卷）、答题卡-{i}.html、答案-{i}.html/.docx（答案与解析）、")
        print(f"  {' ' * len(i)}  试卷-{i}.json 和 录入-{i}.xlsx/.csv（录入纸质作答后交 zhifa results 评分）")
    if len(ids) > 1:
        print("  各卷试题相同，题目和选项顺序不同；每份答案只对应同编号的试卷")
    print(f"  在站点中打开 drill/exam.html?seed={seed} 可以作答{ids[0]}卷（同一份试卷）")
    return 0


def cmd_results(args) -> int:
    from zhifa.amend import release
    from zhifa.bank import paper, results
    from zhifa.publish import gradebook

    banks = {}
    for path in args.bank:
        if not Path(path).is_file():
            print(f"找不到题库文件 {path}；请先运行 zhifa build", file=sys.stderr)
            return 2
        try:
            bank = paper.load_bank(Path(path))
        except paper.BankError as exc:
            print(f"{exc}。处理：指定站点中的 zhifa-bank.json（不要手工编辑）", file=sys.stderr)
            return 2
        banks[str(bank.get("version", ""))] = bank
    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"{folder} 不是目录：请指定存放学员成绩文件（.json）的文件夹", file=sys.stderr)
        return 2
    ledger = outputs.Ledger.open(_root(args), args.force)
    targets = ledger.claim_folder(
        Path(args.output) if args.output else _root(args) / "_build/results", gradebook.FILES, "成绩分析"
    )
    archive = []  # every release's questions, by version
    for path in sorted((_root(args) / release.BANKS_DIR).glob("*.json")):
        try:
            archive += [q for q in paper.load_bank(path)["questions"] if isinstance(q.get("v"), str)]
        except paper.BankError as exc:
            print(f"{exc}。处理：请从版本库恢复该文件（git checkout -- {path.name}）", file=sys.stderr)
            return 2
    attempts, skipped = results.read(folder, banks, archive, args.papers or [])
    for line in skipped:
        print(line, file=sys.stderr)
    if not attempts:
        print("没有可分析的成绩文件", file=sys.stderr)
        return 1
    report = results.analyse(attempts, max(banks.values(), key=lambda b: len(b["questions"])))
    out = targets[0].parent
    gradebook.write(out, report, skipped, args.site)
    ledger.record(*targets)
    s = report["summary"]
    print(
        f"已分析 {len(attempts)} 份成绩（跳过 {len(skipped)} 份，需核实 {s['to_check']} 份），平均分 {s['mean']:.1f}，"
        f"及格 {s['passed']} 人：{out / 'index.html'}、gradebook.xlsx、gradebook.csv、questions.csv、options.csv、"
        "clauses.csv、checks.csv"
    )
    return 0


def cmd_release(args) -> int:
    from zhifa import checks  # not on zhifa build's way to Sphinx
    from zhifa.amend import release

    content, _, stale = _content(args)  # a layered repository releases its layer of the merged standard
    repository = repo.load(content)
    on = status.build_date(args.date)
    problems = stale + checks.run(repository, on)
    if problems:
        print(f"内容有 {len(problems)} 个问题，不能发布；请先运行 zhifa check 并改正。", file=sys.stderr)
        return 1
    try:
        tag = release.make(repository, on)
    except release.ReleaseError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"已发布 {tag}：更新了 {release.REGISTRY_FILE}，写入 {release.RELEASES_DIR}/{tag}.json，并创建附注标签 {tag}")
    return 0


def cmd_pr_report(args) -> int:
    """What a pull request changes, for a forge comment: the Markdown 对照表 and the impact, kept within the
    comment size limit (rows that do not fit are counted and left to the full report written with --full)."""
    from zhifa.amend import compare

    args.format, args.output, args.impact = "md", None, True
    report = _report(args)
    if report is None:
        return 2
    if args.full:
        ledger = outputs.Ledger.open(_root(args), False)
        for suffix, text in (
            (".md", compare.markdown(report, impact=True)),
            (".html", compare.html_table(report, True)),
        ):
            target = ledger.claim(Path(args.full).with_suffix(suffix), "修订对照表")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            ledger.record(target)
    print(compare.markdown(report, impact=True, limit=args.limit, artifact="工作流产物“修订对照表”"), end="")
    return 0


def _report(args):
    """The 对照表 of args.ref1 → args.ref2, or None after saying why the versions cannot be read."""
    import subprocess

    from zhifa.amend import compare

    try:
        return compare.compare(_root(args), args.ref1, args.ref2, status.build_date(args.date))
    except subprocess.CalledProcessError as exc:
        print(
            f"无法读取版本 {args.ref1} 或 {args.ref2}：{(exc.stderr or b'').decode('utf-8', 'replace').strip()}",
            file=sys.stderr,
        )
        return None


def cmd_diff(args) -> int:
    from zhifa.amend import compare
    from zhifa.docx import revision_table

    root = _root(args)
    report = _report(args)
    if report is None:
        return 2
    ledger = outputs.Ledger.open(root, getattr(args, "force", False))
    target = ledger.claim(Path(args.output), "修订对照表") if args.output else None
    if args.format == "docx":
        if not target:
            print("--format docx 需要用 -o 指定输出文件", file=sys.stderr)
            return 2
        revision_table.write(target, report, args.impact)
        ledger.record(target)
        print(f"{report.title}（{report.summary}）已写入 {args.output}")
        return 0
    if args.format == "html":
        text = compare.html_table(report, args.impact)
    elif args.format == "drafting":
        text = compare.drafting_note(report)
    else:
        text = compare.markdown(report, args.impact)
    if target:
        target.write_text(text, encoding="utf-8")
        ledger.record(target)
        print(f"{report.title}（{report.summary}）已写入 {args.output}")
    else:
        print(text)
    return 0


def cmd_standard(args) -> int:
    """A whole standard as one .docx (征求意见稿 or 印发), optionally with the 对照表 appended."""
    from zhifa.docx import standard as standard_docx

    root = _root(args)
    repository = repo.load(_content(args)[0])  # a layered repository: its merged standard, with the layer marks
    on = status.build_date(args.date)
    std = standard_docx.find_standard(repository, args.name)
    if std is None:
        names = "、".join(s.split("/")[1] for s in repository.standards())
        print(f"没有名为“{args.name}”的规范；可选：{names}", file=sys.stderr)
        return 2
    if args.tracked:
        return _tracked(args, root, repository, std, on)
    appendix = None
    if args.against:
        args.ref1, args.ref2 = args.against, args.head
        report = _report(args)
        if report is None:
            return 2
        appendix = report.only(repository.docs[std].title or "")
    ledger = outputs.Ledger.open(root, args.force)
    out = ledger.claim(
        Path(args.output) if args.output else root / f"_build/standards/{std.split('/')[1]}-{args.stage}.docx",
        "规范文件",
    )
    standard_docx.write(out, standard_docx.outline(repository, std, args.stage, on), appendix)
    ledger.record(out)
    print(f"{repository.docs[std].title}（{args.stage}）已写入 {out}")
    return 0


def _tracked(args, root: Path, repository, std: str, on) -> int:
    """zhifa standard NAME --against vX --tracked: the amended standard with Word revisions (docx/tracked.py)."""
    import subprocess

    from zhifa.docx import tracked

    if not args.against:
        print("--tracked 需要用 --against 指定原版本（如 --against v2026.1）", file=sys.stderr)
        return 2
    ledger = outputs.Ledger.open(root, args.force)
    out = ledger.claim(
        Path(args.output) if args.output else root / f"_build/standards/{std.split('/')[1]}-修订稿.docx", "规范文件"
    )
    try:
        title = tracked.write(out, root, std, args.against, args.head, on)
    except subprocess.CalledProcessError as exc:
        print(
            f"无法读取版本 {args.against} 或 {args.head}：{(exc.stderr or b'').decode('utf-8', 'replace').strip()}",
            file=sys.stderr,
        )
        return 2
    ledger.record(out)
    print(f"{title}修订稿（{args.against} → {args.head}，修改处为 Word 修订标记）已写入 {out}")
    return 0


def cmd_verify(args) -> int:
    from zhifa.amend import release, verify

    repository = repo.load(_content(args)[0])  # a layered repository: its merged standard
    on = status.build_date(args.date)
    if args.manifest:
        if not Path(args.manifest).is_file():
            print(f"找不到发布清单 {args.manifest}", file=sys.stderr)
            return 2
        try:
            lines, bad = verify.manifest(repository, Path(args.manifest), on)
        except release.ReleaseError as exc:
            print(f"{exc}。处理：指定 zhifa release 写出的发布清单，如 releases/v2026.1.json", file=sys.stderr)
            return 2
        print("\n".join(lines))
        return 1 if bad else 0
    text = args.text if args.text is not None else sys.stdin.read()
    findings, notes = verify.text(repository, text, on)
    for note in notes:
        print(note, file=sys.stderr)
    lines, code = verify.report(findings)
    print("\n".join(lines))
    return code


def cmd_init(args) -> int:
    from zhifa.amend import init

    try:
        written = init.create(args.county, Path(args.folder), args.base, args.release, args.prefix)
    except init.InitError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"已创建{args.county}的规范仓库：{Path(args.folder).resolve()}（{len(written)} 个文件）")
    print(f"下一步：cd {args.folder} && zhifa check && zhifa build")
    return 0


def parser() -> argparse.ArgumentParser:
    from zhifa import arguments

    p = arguments.Parser(prog="zhifa", description="行政执法规范即代码：检查、构建和预览执法规范培训站点。")
    p.add_argument("--root", default=".", type=arguments.root, help="仓库根目录（默认当前目录）")
    sub = p.add_subparsers(dest="command", required=True, metavar="命令")
    bank = arguments.json_file(
        "--bank",
        "已发布的题库",
        ("version", "questions"),
        "请先运行 zhifa build，或用 --bank 指定站点中的 zhifa-bank.json",
    )

    c = sub.add_parser("check", help="快速检查全部内容（不运行 Sphinx），逐条列出 文件:行号: 问题")
    c.add_argument("--date", type=arguments.date(), help="构建日期 YYYY-MM-DD，用于计算条款状态（默认今天）")
    c.set_defaults(func=cmd_check)

    for name, helptext, fn in (
        ("build", "构建站点到 _build/html（-W，含搜索索引；只重写受修改影响的页面，--clean 从头构建）", cmd_build),
        ("serve", "构建并在 http://127.0.0.1:8000 预览站点", cmd_serve),
    ):
        b = sub.add_parser(name, help=helptext)
        b.add_argument(
            "--date",
            "--as-of",
            dest="date",
            type=arguments.date(),
            help="构建日期 YYYY-MM-DD：站点显示该日有效的规范（默认今天）",
        )
        b.add_argument("--out", default="_build/html", help="输出目录（默认 _build/html）")
        b.add_argument("--clean", action="store_true", help="清空输出目录（仅限本工具构建过的站点），从头完整构建")
        b.add_argument(
            "--force", action="store_true", help="允许构建到不是本工具生成的非空文件夹（其中同名文件会被覆盖）"
        )
        b.add_argument("--jobs", "-j", type=int, default=1, help="Sphinx 并行读写的进程数（默认 1；多核机器可用 2）")
        b.set_defaults(func=fn)
    s = sub.choices["serve"]
    s.add_argument("--port", type=arguments.port, default=8000, help="端口（默认 8000）")
    s.add_argument("--no-build", action="store_true", help="不重新构建，直接预览已有站点")

    pn = sub.add_parser("pin", help="试题重新审核后，固定其所考查条款的文本指纹（写入 quizzes/review.lock）")
    pn.add_argument("ids", nargs="*", help="已重新审核的试题 ID")
    pn.add_argument("--all", action="store_true", help="固定全部已审核试题（首次建立或批量审核后）")
    pn.add_argument("--reviewer", help="审核人（默认 git 的 user.name）；写入所列试题的 reviewer")
    pn.add_argument("--date", type=arguments.date(), help="审核日期 YYYY-MM-DD（默认今天）；写入所列试题的 reviewed")
    pn.set_defaults(func=cmd_pin)

    rt = sub.add_parser("retire", help="条款废止后，把考查该条的试题设为“停用”（保留 ID 和历史，不再用于练习和考试）")
    rt.add_argument("clause", help="已废止条款的 ID（CL-…）")
    rt.set_defaults(func=cmd_retire)

    pp = sub.add_parser(
        "exam", help="按考试蓝图和种子组卷：试卷、答题卡、答案与解析（HTML 和 .docx）、试卷清单和录入表；可出 A/B 卷"
    )
    pp.add_argument(
        "--seed",
        type=arguments.seed,
        help="种子（不写 --paper 时也是试卷编号）；同一种子、同一题库版本总是得到同一份试卷（默认随机）",
    )
    pp.add_argument(
        "--bank",
        default="_build/html/zhifa-bank.json",
        type=bank,
        help="已发布的题库（默认 _build/html/zhifa-bank.json）",
    )
    pp.add_argument("-o", "--output", default="_build/papers", help="输出目录（默认 _build/papers）")
    pp.add_argument("--paper", type=arguments.paper_id, help="试卷编号，如 2026（默认用种子）；A/B 卷为 2026-A、2026-B")
    pp.add_argument(
        "--variants",
        type=arguments.variants,
        default=1,
        help="同一考场的卷数：2 为 A/B 卷（试题相同，题目和选项顺序不同，各有答案），最多 6",
    )
    pp.add_argument("--force", action="store_true", help="允许覆盖不是本工具生成的已有文件")
    pp.set_defaults(func=cmd_exam)

    df = sub.add_parser("diff", help="两个版本之间的修订对照表（现行条文 | 修改后条文 | 修改说明）")
    df.add_argument("ref1", help="原版本（git 标签或提交，如 v2026.1）")
    df.add_argument("ref2", help="新版本（如 HEAD）")
    df.add_argument(
        "--format",
        choices=["md", "html", "docx", "drafting"],
        default="md",
        help="输出格式：md、html、docx（对照表），drafting（起草说明框架，Markdown）；默认 md",
    )
    df.add_argument("-o", "--output", help="写入文件（默认打印）")
    df.add_argument("--impact", action="store_true", help="附上影响分析：依赖各变化条款的流程、环节、文书、试题和案例")
    df.add_argument("--date", type=arguments.date(), help="计算条号和状态的日期（默认今天）")
    df.add_argument("--force", action="store_true", help="允许覆盖不是本工具生成的已有文件")
    df.set_defaults(func=cmd_diff)

    pr = sub.add_parser("pr-report", help="合并请求报告：基准与新版本之间的修订对照表和影响分析（Markdown）")
    pr.add_argument("ref1", help="合并请求的基准（如 origin/main）")
    pr.add_argument("ref2", help="合并请求的新版本（如 HEAD）")
    pr.add_argument("--date", type=arguments.date(), help="计算条号和状态的日期（默认今天）")
    pr.add_argument("--full", help="另把完整的对照表和影响分析写入此文件（.md 和 .html），供工作流作为产物上传")
    pr.add_argument(
        "--limit", type=int, default=65536, help="评论的字符数上限（默认 65536，GitHub 评论的上限）；超出的行只计数"
    )
    pr.set_defaults(func=cmd_pr_report)

    vf = sub.add_parser(
        "verify",
        help="核对一段引用的条文（从站点或 Word 文件复制）或一份发布清单：是哪一条、在哪些发布中施行、是否现行"
        "（退出码：0 现行文本，3 已被取代或已废止，1 没有找到）",
    )
    vf.add_argument("--text", help="引用的条文，可带“第X条”，可只是一段（不写则从标准输入读取）")
    vf.add_argument(
        "--manifest",
        help="发布清单文件（releases/vYYYY.N.json）",
        type=arguments.json_file(
            "--manifest", "发布清单", ("clauses",), "发布清单在 releases/ 下，如 releases/v2026.1.json"
        ),
    )
    vf.add_argument("--date", type=arguments.date(), help="计算条号的日期（默认今天）")
    vf.set_defaults(func=cmd_verify)

    sd = sub.add_parser("standard", help="把一部规范导出为一个 .docx（公文格式，征求意见稿或印发稿），可附修订对照表")
    sd.add_argument("name", help="规范的文件夹名（如 chufa）或标题")
    sd.add_argument(
        "--stage",
        choices=["印发", "征求意见稿"],
        default="印发",
        help="印发：只含该日施行的条款；征求意见稿：含草案和未施行条款，并列出条旨（默认印发）",
    )
    sd.add_argument("--against", help="附上与此发布（如 v2026.1）相比的修订对照表")
    sd.add_argument("--head", default="HEAD", help="对照表的新版本（默认 HEAD）")
    sd.add_argument(
        "--tracked",
        action="store_true",
        help="写出修订稿：新版本全文，与 --against 版本相比的修改为 Word 修订标记（作者和日期取自 git）",
    )
    sd.add_argument("-o", "--output", help="输出文件（默认 _build/standards/规范-阶段.docx）")
    sd.add_argument("--date", type=arguments.date(), help="计算状态和条号的日期（默认今天）")
    sd.add_argument("--force", action="store_true", help="允许覆盖不是本工具生成的已有文件")
    sd.set_defaults(func=cmd_standard)

    rl = sub.add_parser("release", help="发布：创建 vYYYY.N 附注标签，更新 ID 登记表，写入含各条款指纹的发布清单")
    rl.add_argument("--date", type=arguments.date(), help="发布日期 YYYY-MM-DD（默认今天）")
    rl.set_defaults(func=cmd_release)

    rs = sub.add_parser(
        "results", help="汇总学员导出的成绩文件和纸质答卷录入表，重新评分，生成成绩册和试题分析（HTML、CSV、.xlsx）"
    )
    rs.add_argument(
        "folder",
        help="存放成绩文件（.json）的文件夹",
        type=arguments.folder("成绩文件夹", "存放学员成绩文件（.json）的文件夹"),
    )
    rs.add_argument(
        "--bank",
        action="append",
        default=None,
        type=bank,
        help="已发布的题库（可多次指定不同版本；默认 _build/html/zhifa-bank.json）",
    )
    rs.add_argument(
        "--papers",
        action="append",
        type=arguments.folder("试卷文件夹", "zhifa exam 写出试卷清单（试卷-编号.json）和录入表的文件夹"),
        help="纸质考试：试卷清单（试卷-编号.json）和填好的录入表（.xlsx/.csv）所在文件夹（可多次指定）",
    )
    rs.add_argument("-o", "--output", default="_build/results", help="输出目录（默认 _build/results）")
    rs.add_argument("--site", default="../html/", help="报告中条款链接的站点前缀（默认 ../html/）")
    rs.add_argument("--force", action="store_true", help="允许覆盖不是本工具生成的已有文件")
    rs.set_defaults(func=cmd_results)

    ex = sub.add_parser("export", help="把已审核的试题导出为 Moodle XML、GIFT 或 Anki 卡组")
    ex.add_argument("--format", required=True, choices=["moodle", "gift", "anki"], help="导出格式")
    ex.add_argument("-o", "--output", help="输出文件（默认 _build/exports/ 下）")
    ex.add_argument("--date", type=arguments.date(), help="构建日期 YYYY-MM-DD，用于计算条号（默认今天）")
    ex.add_argument("--force", action="store_true", help="允许覆盖不是本工具生成的已有文件")
    ex.add_argument(
        "--partial-credit",
        action="store_true",
        help="多选题按选对的比例给分（Moodle 自带题型）；默认与站点一致：全部选对才得分"
        "（Moodle 需安装 All-or-Nothing 插件）",
    )
    ex.set_defaults(func=cmd_export)

    it = sub.add_parser(
        "init", help="新建一个县的规范仓库（目录结构、conf.py、元模型、README、CI、pre-commit），可立即检查和构建"
    )
    it.add_argument("county", help="县（市、区）名，如 示例县")
    it.add_argument("folder", help="新仓库的文件夹（不存在或为空）")
    it.add_argument("--base", help="上级规范：git 仓库（地址或路径，配合 --release）或本机文件夹")
    it.add_argument("--release", help="上级规范的发布标签，如 v2026.1（base 是 git 仓库时）")
    it.add_argument("--prefix", help="本层新增对象的 ID 前缀（有上级规范时必填），如 ZJ")
    it.set_defaults(func=cmd_init)

    n = sub.add_parser("new", help="新建一个对象（条款、试题等），自动生成永久 ID，加入指定文件末尾")
    n.add_argument("type", help="对象类型，如 clause（条款）、question（试题）")
    n.add_argument("file", help="要加入的文件，如 standards/chufa/lian.md 或 quizzes/chufa-a.yaml")
    n.add_argument("--title", required=True, help="标题（条旨）")
    n.add_argument("--date", type=arguments.date(), help="施行日期（默认今天）")
    n.add_argument("--tests", nargs="+", metavar="条款ID", help="试题考查的条款（分层仓库中可以是上级规范的条款）")
    n.set_defaults(func=cmd_new)

    from zhifa.model import lawtext

    lawtext.register(sub)  # zhifa laws import 文件 --law 名称
    from zhifa.publish import feedback

    feedback.register(sub)  # zhifa feedback import 意见.docx …; zhifa feedback apply --accept 编号 …
    from zhifa.amend import base_upgrade

    base_upgrade.register(sub)  # zhifa layers upgrade v2026.2 (issue 26)
    from zhifa.publish import federate

    federate.register(sub)  # zhifa federate 配置文件 -o 文件夹 (issue 27)
    return p


def main(argv: list[str] | None = None) -> int:
    import errno
    import os

    from zhifa import arguments
    from zhifa.publish import early

    early.start_for(sys.argv[1:] if argv is None else argv)  # zhifa build: Sphinx imports meanwhile
    args = parser().parse_args(argv)  # a bad argument ends here: a Chinese message and exit code 2
    if getattr(args, "bank", "") is None:
        args.bank = ["_build/html/zhifa-bank.json"]
    # exam and results read a published bank, serve --no-build a built site, init makes a repository, federate
    # reads published sites: only they run outside one
    if args.command not in ("exam", "results", "init", "federate") and not getattr(args, "no_build", False):
        if why := arguments.not_a_repository(_root(args)):
            print(why, file=sys.stderr)
            return 2
    env_date = os.environ.get(status.BUILD_DATE_ENV)
    if getattr(args, "date", None) is None and env_date:
        try:
            arguments.date(f"环境变量 {status.BUILD_DATE_ENV}")(env_date)
        except argparse.ArgumentTypeError as exc:
            print(exc, file=sys.stderr)
            return 2
    try:
        return args.func(args)
    except outputs.Refused as exc:  # an output pointed at sources or at someone else's file: nothing was written
        print(exc, file=sys.stderr)
        return 1
    except metamodel.MetamodelError as exc:  # a broken metamodel.yaml, whichever command read it
        print(exc, file=sys.stderr)
        return 2
    except LayerError as exc:  # a layered repository's declaration, whichever command merged it
        print(exc, file=sys.stderr)
        return 1
    except OSError as exc:
        if args.command != "serve" or exc.errno not in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
            raise
        print(
            f"无法在端口 {args.port} 启动预览服务器（{exc.strerror}）；请用 --port 换一个端口，如 --port 8001",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
