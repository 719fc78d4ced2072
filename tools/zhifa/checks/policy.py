"""The content policy on the parsed document (``model.policy``): nothing hidden in block quotes or lists,
no script or foreign link targets, images only from the repository, no ``myst:`` front matter, no invisible
or control characters."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from zhifa.checks import Context, check
from zhifa.model import myst, policy
from zhifa.model.problems import Problem


@check
def parsed_content(ctx: Context):
    root = ctx.repo.root
    for doc in ctx.repo.docs.values():
        for key in doc.front_matter:
            if str(key) in policy.FORBIDDEN_FRONT_MATTER or str(key).startswith("html_"):
                yield Problem(
                    doc.path,
                    _front_line(root, doc.path, str(key)),
                    f"元数据中不允许使用 {key}:（它会改变页面的解析方式或网页头部，例如把页面跳转到其他网站）",
                    f"删除元数据中的 {key}: 及其下的内容",
                )
        for kind, line, text in doc.parsed:
            if kind == "nested":
                yield Problem(
                    doc.path,
                    line,
                    f"指令 {{{policy.shown(text)}}} 写在了引用块（>）或列表中：检查器不检查这样嵌套的指令",
                    "指令从行首开始书写，不要放在 > 引用块或列表项中",
                )
            elif kind == "code" and not known_language(text):
                yield Problem(
                    doc.path,
                    line,
                    f"代码块的语言“{policy.shown(text)}”无法识别（构建时无法高亮，构建失败）",
                    "改为 text、python、yaml 等常见语言名，或删除语言名；指令要写成 ```{名称}",
                )
            elif kind == "transition":
                yield Problem(
                    doc.path,
                    line,
                    f"{text}（构建时 docutils 不接受这样的分隔线 ---）",
                    "删除这条分隔线，或在它前后写上正文",
                )
            elif kind == "unparsed":
                yield Problem(doc.path, line, "Markdown 解析失败", "检查该文件的 Markdown 写法")
            elif kind == "link":
                why = policy.link_problem(text)
                if why:
                    yield Problem(doc.path, line, why, "删除该链接，或改为 https:// 网址")
            elif kind == "image":
                why = policy.image_problem(text) or _image_path_problem(root, doc.path, text)
                if why:
                    yield Problem(doc.path, line, why, "把图片文件放进仓库的内容文件夹，用相对路径引用")


def _image_path_problem(root: Path, path: str, src: str) -> str | None:
    rel = src.split("?", 1)[0].split("#", 1)[0]
    target = root / rel.lstrip("/") if rel.startswith("/") else root / PurePosixPath(path).parent / rel
    if not policy.inside(root, target) or policy.symlink_in(root, target):
        return f"图片“{policy.shown(src)}”指向仓库之外（或经过符号链接）"
    return None


def _front_line(root: Path, path: str, key: str) -> int:
    try:
        lines = (root / path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return next((k for k, t in enumerate(lines[1:], 2) if t.startswith(f"{key}:")), 1)


@check
def invisible_characters(ctx: Context):
    """Bidi overrides, zero-width spaces, NUL, noncharacters: a title or ID would read differently from
    what it is, and text would hide what a reviewer sees. Every line of every content file."""
    for doc in ctx.repo.docs.values():
        found = policy.bad_char(doc.path)
        if found:
            yield Problem(
                doc.path,
                1,
                f"文件名含有不可见字符或控制字符 {found}（页面地址会与看到的不一样）",
                "重命名该文件，只用字母、数字、短横线",
            )
        try:
            text = (ctx.repo.root / doc.path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        yield from lines_with_bad_chars(doc.path, text)
    root = ctx.repo.root
    others = [p for d in ("quizzes", "flowcharts") if (root / d).is_dir() for p in sorted((root / d).rglob("*"))]
    for path in others:
        if path.suffix not in (".yaml", ".yml", ".mmd") or not path.is_file() or path.is_symlink():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # reported by the bank and chart checks
        yield from lines_with_bad_chars(path.relative_to(root).as_posix(), text)


def lines_with_bad_chars(path: str, text: str):
    allowed = text.removeprefix("\ufeff").replace("\r\n", "").replace("\n", "").replace("\t", "")
    if allowed.replace("\u3000", "").isprintable():  # the common case, without looking at each line
        return
    for k, line in enumerate(text.split("\n"), 1):
        found = policy.bad_char(line.removesuffix("\r"), allow="\t\ufeff" if k == 1 else "\t")
        if found:
            yield Problem(
                path,
                k,
                f"该行含有不可见字符或控制字符 {found}（ID、标题和正文中都不允许：读到的和实际的内容会不一样）",
                "删除该字符（可在编辑器中显示不可见字符后删除）",
            )


@check
def heading_levels(ctx: Context):
    """MyST refuses a page whose first heading is not # and a heading more than one level below the one
    before it (## then ####): the build fails, so check says so first."""
    for doc in ctx.repo.docs.values():
        inside = [(d.line, d.body_line + len(d.body)) for d in doc.directives]
        previous = 0
        for p in doc.prose:
            m = myst.HEADING.match(p.text)
            if not m or any(a <= p.line <= b for a, b in inside):
                continue
            level = len(m.group("hashes"))
            if previous == 0 and level != 1:
                yield Problem(
                    doc.path,
                    p.line,
                    f"页面的第一个标题是 {level} 级（{'#' * level}），应为一级（#）",
                    "页面以 # 标题开始",
                )
            elif previous and level > previous + 1:
                yield Problem(
                    doc.path,
                    p.line,
                    f"标题从 {previous} 级直接跳到 {level} 级",
                    f"改为 {'#' * (previous + 1)}，标题逐级递增",
                )
            previous = level


SPHINX_LANGUAGES = {"default", "none", "text", "python", "py", "python3", "py3", "pycon", "ipython", "ipython3"}


def known_language(name: str) -> bool:
    """Whether Sphinx can highlight a code block in ``name`` (it warns, failing the build, when Pygments cannot)."""
    if name in SPHINX_LANGUAGES:
        return True
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        get_lexer_by_name(name)
    except (ClassNotFound, ValueError, TypeError):
        return False
    return True
