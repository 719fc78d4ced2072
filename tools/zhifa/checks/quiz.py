"""The question bank: every question well formed, its answer consistent with its options, its links
real, its review state complete, and no markup or hand-typed clause numbers in its text."""

from __future__ import annotations

from collections import defaultdict

from zhifa.bank import quiz, rules
from zhifa.checks import Context, check
from zhifa.checks.syntax import literal_number_problems
from zhifa.model import myst, outline
from zhifa.model.problems import Problem
from zhifa.model.status import parse_date


def _bank(ctx: Context):
    return quiz.of(ctx.repo)


@check
def bank_files_parse(ctx: Context):
    for path, line, message, hint in _bank(ctx)[1]:
        yield Problem(path, line, message, hint)


@check
def questions_are_well_formed(ctx: Context):
    items, _ = _bank(ctx)
    index = ctx.repo.by_id()
    seen: dict[str, list] = defaultdict(list)
    for q in quiz.flatten(items):
        yield from _one(q, index, ctx.repo.model)
        if q.id:
            seen[q.id].append(q)
    for qid, qs in seen.items():
        dup = qs[1:] + ([index[qid]] if qid in index else [])
        for q in qs if dup else ():
            others = "、".join(f"{x.path}:{x.line}" for x in qs if x is not q)
            yield Problem(
                q.path,
                q.line_of("id"),
                f"试题 ID {qid} 重复" + (f"：另见 {others}" if others else "（与其他对象相同）"),
                "每道题使用唯一的永久 ID（zhifa new question 生成）",
            )


def _one(q: quiz.Item, index, model):
    p, qtype = q.path, q.qtype
    where = q.id or "（无 ID）"
    kind = model.types[model.role("question")]
    for key in set(q.values) - quiz.KEYS:
        yield Problem(p, q.line_of(key), f"试题 {where} 没有属性 {key}", f"可用：{'、'.join(sorted(quiz.KEYS))}")
    if not kind.id_pattern.match(q.id):
        yield Problem(
            p,
            q.line_of("id"),
            f"试题 ID“{q.id}”格式不对",
            f"使用 {kind.prefix} 加 6 位大写字母或数字（不含 I、L、O、U）",
        )
    allowed = model.drawn_types if q.parent is not None else model.question_types
    if qtype not in allowed:
        yield Problem(p, q.line_of("type"), f"试题 {where} 的题型“{qtype}”不对", "、".join(allowed))
        return
    is_set = qtype in model.set_types
    if q.get("questions") is not None and not is_set:
        yield Problem(
            p,
            q.line_of("questions"),
            f"试题 {where} 是{qtype}题，只有{'、'.join(model.set_types)}题可以有小题",
            f"把题型改为{'、'.join(model.set_types)}，或删去 questions",
        )
    text_key = "material" if is_set else "stem"
    if not str(q.get(text_key) or "").strip():
        yield Problem(
            p,
            q.line,
            f"试题 {where} 缺少 {text_key}（{'案例材料' if text_key == 'material' else '题干'}）",
            f"补上 {text_key}: …",
        )
    if is_set:
        if not q.children:
            yield Problem(p, q.line, f"案例分析 {where} 没有小题（questions）", "在 questions: 下列出小题")
    else:
        yield from _answer(q, where)
        if not str(q.get("explanation") or "").strip():
            yield Problem(
                p, q.line, f"试题 {where} 缺少解析（explanation）", "写明正确答案的理由，并用 {clause}`ID` 引用条款"
            )
    tests = q.list_of("tests")
    if not tests and not (q.parent is not None):
        yield Problem(p, q.line, f"试题 {where} 没有写考查的条款（tests）", "至少写一个条款 ID")
    for cid in tests:
        target = index.get(cid)
        if target is None or target.type != model.role("article"):
            what = "不存在（没有这个 ID 的对象）" if target is None else "不是条款"
            yield Problem(p, q.line_of("tests"), f"试题 {where} 考查的 {cid} {what}", "tests 只填条款 ID（CL-…）")
    for lid in q.list_of("law"):
        target = index.get(lid)
        if target is None or target.type != model.role("law_article"):
            what = "不存在（没有这个 ID 的对象）" if target is None else "不是法律条文"
            yield Problem(p, q.line_of("law"), f"试题 {where} 的 law 中 {lid} {what}", "填写法律条文 ID（LAW-…）")
    if q.get("case") is not None:
        target = index.get(str(q.get("case")))
        if target is None or target.type != model.role("case"):
            yield Problem(
                p, q.line_of("case"), f"试题 {where} 引用的案例 {q.get('case')} 不存在", "填写案例 ID（CASE-…）"
            )
    d = str(q.get("difficulty") or ("1" if q.parent else ""))
    if not (d.isascii() and d.isdigit() and 1 <= int(d) <= 5):
        yield Problem(p, q.line_of("difficulty"), f"试题 {where} 的难度“{d}”应为 1 到 5", "difficulty: 1 至 5 的整数")
    review, reviewer, reviewed = q.review()
    states = model.fields["review"].values  # the metamodel's review enum
    if review not in states:
        yield Problem(
            p, q.line_of("review"), f"试题 {where} 的审核状态“{review}”不对", f"review: {' 或 '.join(states)}"
        )
    elif review == rules.REVIEWED and (not reviewer or not parse_date(str(reviewed or ""))):
        yield Problem(
            p,
            q.line_of("review"),
            f"已审核的试题 {where} 须写明审核人和审核日期",
            "补上 reviewer: 姓名 和 reviewed: YYYY-MM-DD",
        )
    for key in ("stem", "material", "explanation"):
        yield from _text_problems(q, key, str(q.get(key) or ""))
    for letter, text in (q.get("options") or {}).items() if isinstance(q.get("options"), dict) else ():
        yield from _text_problems(q, "options", str(text))


def _text_problems(q, key, text):
    m = myst.RAW_HTML.search(myst.strip_code(text))
    if m:
        yield Problem(
            q.path,
            q.line_of(key),
            f"试题 {q.id} 的 {key} 中出现 HTML 标记 {m.group(0)[:40]}",
            "删除标记；试题内容一律按文字显示",
        )
    for message, hint in literal_number_problems(text):
        yield Problem(q.path, q.line_of(key), f"试题 {q.id} 的 {key} 中{message}", hint)
    if key == "explanation":  # the build parses the explanation as MyST: the content policy applies
        yield from _explanation_problems(q, text)


def _explanation_problems(q, text):
    from zhifa.checks.links import OTHER_ROLES, ROLES
    from zhifa.model import policy

    doc = myst.read(q.path, "解析：" + text)
    line = q.line_of("explanation")
    hint = "解析只写文字，引用条款用 {clause}`ID`"
    for d in doc.directives:
        yield Problem(q.path, line, f"试题 {q.id} 的解析中不允许使用指令 {{{policy.shown(d.name)}}}", hint)
    for kind, _, target in doc.parsed:
        if kind == "nested":
            yield Problem(q.path, line, f"试题 {q.id} 的解析中不允许使用指令 {{{policy.shown(target)}}}", hint)
        elif kind == "image":
            yield Problem(q.path, line, f"试题 {q.id} 的解析中不允许插入图片“{policy.shown(target)}”", hint)
        elif kind == "link" and policy.link_problem(target):
            yield Problem(q.path, line, f"试题 {q.id} 的解析中{policy.link_problem(target)}", hint)
    for role, _, _ in myst.roles(doc.prose):
        if role not in ROLES and role not in OTHER_ROLES:
            yield Problem(q.path, line, f"试题 {q.id} 的解析中有未知的引用写法 {{{policy.shown(role)}}}", hint)


def _answer(q, where):
    p, qtype, line = q.path, q.qtype, q.line_of("answer")
    if qtype == "判断":
        if not rules.answer(q):
            yield Problem(p, line, f"判断题 {where} 的答案应为“正确”或“错误”", "answer: 正确 或 answer: 错误")
        return
    options = q.get("options")
    if not isinstance(options, dict) or len(options) < 2:
        yield Problem(p, q.line_of("options"), f"试题 {where} 至少需要两个选项", "options: 下写 A: … B: …")
        return
    texts = [str(t).strip() for t in options.values()]
    for t in {t for t in texts if texts.count(t) > 1}:
        yield Problem(p, q.line_of("options"), f"试题 {where} 有重复的选项“{t[:20]}”", "修改或删除重复的选项")
    letters = quiz.answer_letters(q)
    bad = [x for x in letters if x not in options]
    if bad or not letters:
        yield Problem(
            p,
            line,
            f"试题 {where} 的答案 {''.join(bad) or '（空）'} 不在选项中",
            f"答案只能是 {''.join(options)} 中的字母",
        )
    elif qtype == "单选" and len(letters) != 1:
        yield Problem(
            p, line, f"单选题 {where} 只能有一个答案，现在是 {''.join(letters)}", "改为一个字母，或把题型改为多选"
        )
    elif qtype == "多选" and len(set(letters)) < 2:
        yield Problem(p, line, f"多选题 {where} 至少要有两个正确答案", "改为两个以上的字母，或把题型改为单选")


@check
def reviewed_questions_are_pinned(ctx: Context):
    """A reviewed question whose clause text changed since its review must be reviewed again."""
    from zhifa.amend import review_lock
    from zhifa.model import fingerprint

    items, _ = _bank(ctx)
    malformed: list[Problem] = []
    lock, now = review_lock.read(ctx.repo.root, malformed), review_lock.current(ctx.repo)
    yield from malformed
    for q in review_lock.reviewed(items):
        pins = lock["questions"].get(q.id, {})
        for cid in q.list_of("tests"):
            if cid not in now:
                continue
            pinned = pins.get(cid)
            if pinned is None:
                yield Problem(
                    q.path,
                    q.line_of("id"),
                    f"已审核的试题 {q.id} 还没有固定条款 {cid} 的审核指纹",
                    f"审核后运行 zhifa pin {q.id}",
                )
            elif pinned != now[cid][0]:
                old = lock["texts"].get(pinned, "")
                diff = fingerprint.inline_diff(old, now[cid][1]) if old else "（无旧文本）"
                yield Problem(
                    q.path,
                    q.line_of("id"),
                    f"试题 {q.id} 审核后，所考查的条款 {cid} 文本已修改：{diff}",
                    f"重新审核该题（必要时修改题目和解析），然后运行 zhifa pin {q.id}",
                )


@check
def every_bank_file_is_published(ctx: Context):
    files = {p.relative_to(ctx.repo.root).as_posix() for p in quiz.bank_files(ctx.repo.root)}
    used: dict[str, tuple[str, int]] = {}
    for doc in ctx.repo.docs.values():
        for d in (d for d in doc.directives if d.name == "questions"):
            target = (ctx.repo.root / doc.path).parent.joinpath(d.argument).resolve()
            rel = (
                target.relative_to(ctx.repo.root.resolve()).as_posix()
                if target.is_relative_to(ctx.repo.root.resolve())
                else d.argument
            )
            if rel not in files:
                yield Problem(doc.path, d.line, f"{{questions}} 指向的题库文件 {d.argument} 不存在", "检查文件名")
            elif rel in used:
                yield Problem(
                    doc.path,
                    d.line,
                    f"题库文件 {rel} 已在 {used[rel][0]}:{used[rel][1]} 发布",
                    "每个题库文件只发布一次",
                )
            else:
                used[rel] = (doc.path, d.line)
    for rel in sorted(files - set(used)):
        yield Problem(rel, 1, "这个题库文件没有被任何页面发布", "在 quizzes/ 下的页面中加入 ```{questions} 文件名```")


@check
def blueprint_can_be_drawn(ctx: Context):
    from zhifa.bank import blueprint

    data, problems, lines = blueprint.load_with_lines(ctx.repo.root)
    for line, message, hint in problems:
        yield Problem(blueprint.BLUEPRINT_FILE, line, message, hint)
    if data is None:
        return
    items, _ = _bank(ctx)
    index = ctx.repo.by_id()
    tree = outline.from_repository(ctx.repo, ctx.on)
    published = []
    for rec in rules.records(items):
        if rec["set"]:
            continue
        docs = {index[c].docname for c in rec["tests"] if c in index}
        published.append(
            {
                "id": rec["id"],
                "type": rec["type"],
                "reviewed": rules.publishable(rec, tree.state.get),
                "docs": sorted(docs),
                "difficulty": rec["difficulty"],
            }
        )
    for k, s in enumerate(data["sections"], 1):
        available = sum(1 for q in published if blueprint.in_scope(s, q))
        if available < s["count"]:
            yield Problem(
                blueprint.BLUEPRINT_FILE,
                lines.section(k),
                f"第 {k} 部分需要 {s['count']} 道已审核的{s['type']}题，题库中只有 {available} 道",
                "减少题数、放宽范围，或审核更多试题",
            )
    for k, j, needed, available in blueprint.shortfalls(data, published):
        quota = data["sections"][k - 1]["quotas"][j - 1]
        scope = "，".join(f"{key} {quota[key]}" for key in blueprint.QUOTA_KEYS if key != "count" and key in quota)
        yield Problem(
            blueprint.BLUEPRINT_FILE,
            lines.quota(k, j),
            f"第 {k} 部分（{data['sections'][k - 1]['type']}）的第 {j} 项配额（{scope}）需要 {needed} 道已审核的试题，"
            f"只能保证 {available} 道，差 {needed - available} 道",
            "减少该配额的题数、放宽范围（前面的配额会先用去重叠的试题），或审核更多符合的试题",
        )


@check
def questions_do_not_test_repealed_clauses(ctx: Context):
    """A repealed clause is no longer examined: questions on it must move to the clause that replaced it."""
    from zhifa.model.status import of as status_of_object

    items, _ = _bank(ctx)
    index = ctx.repo.by_id()
    article = ctx.repo.model.role("article")
    for q in quiz.flatten(items):
        if rules.retired(q):  # retired: kept with its ID and history, never drawn
            continue
        for cid in q.list_of("tests"):
            o = index.get(cid)
            if o is not None and o.type == article and status_of_object(o, ctx.on) == "repealed":
                yield Problem(
                    q.path,
                    q.line_of("tests"),
                    f"试题 {q.id} 考查的条款 {cid} 已于 {o.value('repealed')} 废止",
                    f"运行 zhifa retire {cid} 把考查该条的试题设为停用（ID 和历史保留，不再用于练习、考试和试卷）；"
                    "或改为考查现行条款（必要时修改题目和解析）",
                )
