"""The build runs the same checker as ``zhifa check``: one set of rules, and every problem
becomes a located warning (so ``-W`` fails the build exactly when the checker does)."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_needs.nodes import Need

from zhifa import cachefile, checks, forks
from zhifa.amend.inputs import files as source_files
from zhifa.bank import quiz
from zhifa.model import policy, repo
from zhifa.sphinx.incremental import code_key, digest
from zhifa.sphinx.state import build_date, env_state, run_state

logger = logging.getLogger(__name__)
CACHE_FILE = "zhifa-check.pickle"
BANK_CACHE = "zhifa-bank-parsed.pickle"  # publish.site.BANK_CACHE
PARSED_CACHE = "zhifa-sources-parsed.pickle"  # publish.site.PARSED_CACHE
REUSABLE_FILE = "zhifa-reusable.json"  # publish.site.REUSABLE_FILE


def inputs(root: Path) -> str:
    """What the checker reads (amend.inputs.files: by name, size and modification time)."""
    return digest(source_files(root))


def run_checker(app) -> None:
    """builder-inited: start the checker. When no file it reads changed since the last build, the
    problems found then are reported again without checking anew; otherwise it runs in a forked
    process while Sphinx builds (two cores), and ``report`` waits for it at the end."""
    no_file_insertion(app)
    refuse_directives(app)
    root = Path(app.srcdir)
    on = build_date(app)
    key = digest((inputs(root), on.isoformat(), code_key()))
    run_state(app).check = {"key": key, "problems": None, "child": None}
    try:
        with open(Path(app.doctreedir) / CACHE_FILE, "rb") as f:
            cached_key, problems = pickle.load(f)
        if cached_key == key:
            run_state(app).check["problems"] = problems
            return
    except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError, ImportError):
        pass
    model = env_state(app.env).model
    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
    except (AttributeError, OSError):
        run_state(app).check["problems"] = checks.run(repo.load(root, model), on)
        return
    if pid == 0:  # the child: check, hand the problems over, leave without running Sphinx's cleanup
        code = 1
        try:
            os.close(read_end)
            forks.lower_priority()
            with os.fdopen(write_end, "wb") as out:
                parsed = cachefile.load(parsed_cache(app), code_key(), {})  # as the last .docx helper kept it
                repository = repo.load(root, model, parsed=parsed)
                bank_cache = Path(app.doctreedir) / BANK_CACHE
                bank = cachefile.load(bank_cache, code_key(), {})
                quiz.of(repository, bank)
                pickle.dump(checks.run(repository, on), out, pickle.HIGHEST_PROTOCOL)
            cachefile.keep(bank_cache, code_key(), bank)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    run_state(app).check["child"] = (pid, read_end, model, on)


def parsed_cache(app) -> Path:
    """The sources' parse (repo.load's ``parsed``), kept by the standards' .docx helper (revisions.write)."""
    return Path(app.doctreedir) / PARSED_CACHE


def report(app, exception) -> None:
    """build-finished (after the outputs that need no helper, so the checker has had that time too; -W
    counts warnings after it): every problem of the checker becomes a located warning."""
    state = run_state(app).check
    if state is None:
        return
    if state["child"] is not None:
        pid, read_end, model, on = state["child"]
        state["child"] = None
        with os.fdopen(read_end, "rb") as f:
            data = f.read()
        _, code = os.waitpid(pid, 0)
        try:
            state["problems"] = pickle.loads(data) if code == 0 else None
        except (pickle.PickleError, EOFError, ValueError):
            state["problems"] = None
        if state["problems"] is None:  # the child failed: check here, so nothing goes unreported
            state["problems"] = checks.run(repo.load(Path(app.srcdir), model), on)
        Path(app.doctreedir).mkdir(parents=True, exist_ok=True)
        with open(Path(app.doctreedir) / CACHE_FILE, "wb") as f:
            pickle.dump((state["key"], state["problems"]), f, pickle.HIGHEST_PROTOCOL)
    root = Path(app.srcdir)
    state["before"] = app._warncount if exception is None else None  # Sphinx 9's count (pinned)
    state["reported"] = len(state["problems"])
    for problem in state["problems"]:
        text = problem.text
        logger.warning(text, location=f"{root / problem.path}:{problem.line}", type="zhifa", subtype="check")


def mark_reusable(app, exception) -> None:
    """build-finished (last): a build that fails only on the checker's problems leaves a marker, so that the
    next build may start from it rather than afresh. Sphinx warns of a page only when it reads or writes it,
    so a build with any other warning must be followed by a full one (it alone warns again); the checker
    reports every problem on every build. ``publish.site`` reads and removes the marker."""
    state = run_state(app).check
    if exception is None and state is not None and state.get("before") == 0:
        if app._warncount == state["reported"]:
            (Path(app.doctreedir) / REUSABLE_FILE).write_text("{}", encoding="utf-8")


# refused by name as well as by effect: whatever reaches the parser (nested, hidden, in an explanation) does nothing
REFUSED_DIRECTIVES = (
    *policy.FORBIDDEN_DIRECTIVES,
    "needimport",  # reads a JSON file or URL
    "needservice",  # fetches from a service
    "graphviz",  # reads a file
    "graph",
    "digraph",
    "mermaid",
)


class _AnyOption(dict):
    def __contains__(self, key) -> bool:
        return True

    def __getitem__(self, key):
        return directives.unchanged


class RefusedDirective(SphinxDirective):
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = _AnyOption()

    def run(self):
        why = policy.FORBIDDEN_DIRECTIVES.get(self.name, "它会读取文件或访问网络")
        logger.warning(
            f"内容文件中不允许使用 {{{self.name}}} 指令（{why}），已忽略。处理：删除该指令",
            location=self.get_location(),
            type="zhifa",
            subtype="policy",
        )
        return []


def refuse_directives(app) -> None:
    """The checker's allow-list, enforced by the parser: every registered directive that content may not use
    renders nothing and warns (the forbidden ones by name even if some extension registers them later). MyST's
    {eval-rst} parses reStructuredText with the same registry, so it can use no other directive either; what its
    own syntax makes (line blocks, field lists, domain objects …) is removed by the node allow-list below. The
    checker refuses {eval-rst} itself, and every build runs the checker."""
    from docutils.parsers.rst import directives as registry
    from docutils.parsers.rst import languages

    model = env_state(app.env).model or run_state(app).model
    allowed = repo.ALLOWED_DIRECTIVES | set(model.types)
    known = set(registry._directive_registry) | set(registry._directives) | set(REFUSED_DIRECTIVES)
    # docutils looks a translated name (包含, 原文, 图片 …, and the English aliases) up in its own registry,
    # past any override of the canonical name: those names are refused as well
    for code in {app.config.language or "en", "en"}:
        language = languages.get_language(code.replace("_", "-").lower())
        known |= {name.lower() for name in getattr(language, "directives", {})}
    for name in sorted(known - allowed):
        app.add_directive(name, RefusedDirective, override=True)


def no_file_insertion(app) -> None:
    """builder-inited: no directive may read another file (include, literalinclude, raw :file:, csv-table
    :file:); with file insertion off docutils refuses them with a warning, which fails the build."""
    app.env.settings["file_insertion_enabled"] = False


def forbid_raw(app, doctree: nodes.document) -> None:
    """Defence in depth: the content policy (``model.policy``) again, on the doctree Sphinx publishes, even if
    the checker missed something. Every breach is a located warning (so ``-W`` fails) and is removed."""
    env = app.env
    root = Path(app.srcdir)
    source = Path(env.doc2path(env.docname))
    if not policy.inside(root, source) or policy.symlink_in(root, source):
        logger.warning(
            "该页面是符号链接或位于仓库之外，内容已移除。处理：删除该链接，把文件本身放进仓库",
            location=env.docname,
            type="zhifa",
            subtype="policy",
        )
        doctree.children = []
        return
    removed: set[int] = set()
    for node in list(doctree.findall(nodes.Element)):
        if _inside(node, removed):  # one warning per removed part, not one per node in it
            continue
        why = _breach(root, source, node) or _not_allowed(node)
        if why is None:
            continue
        removed.add(id(node))
        logger.warning(why, location=node, type="zhifa", subtype="policy")
        if isinstance(node, nodes.reference) and node.parent is not None:
            node.parent.replace(node, nodes.inline("", "", *node.children))
        elif node.parent is not None:
            node.parent.remove(node)
    if getattr(env, "images", None) is not None:
        _forget_outside(root, env.images)
    if getattr(env, "dlfiles", None) is not None:
        _forget_outside(root, env.dlfiles)


# What each way of writing that content may use produces by doctree-read (a real build of the content and of
# tests/test_untrusted.py's page of every allowed directive shows these and no others). Every other node is removed
# with a located warning, whichever syntax, directive or role made it: an allow-list, not a deny-list.
ALLOWED_NODES: dict[str, tuple[type[nodes.Node], ...]] = {
    "Markdown": (
        nodes.document,
        nodes.section,
        nodes.title,
        nodes.paragraph,
        nodes.transition,
        nodes.comment,
        nodes.bullet_list,
        nodes.enumerated_list,
        nodes.list_item,
        nodes.block_quote,
        nodes.emphasis,
        nodes.strong,
        nodes.literal,
        nodes.literal_block,
        nodes.reference,  # its target is checked by _breach
        nodes.target,
        nodes.image,  # only a file in the repository (_breach)
        nodes.footnote,
        nodes.footnote_reference,
        nodes.label,
        nodes.raw,  # only the extension's own (_breach removes the rest)
        nodes.system_message,  # docutils' own report of a mistake, already a warning
        nodes.problematic,
    ),
    "表格（Markdown、{list-table}、{table}）": (
        nodes.table,
        nodes.tgroup,
        nodes.colspec,
        nodes.thead,
        nodes.tbody,
        nodes.row,
        nodes.entry,
    ),
    "提示框": (
        nodes.note,
        nodes.tip,
        nodes.important,
        nodes.warning,
        nodes.attention,
        nodes.caution,
        nodes.hint,
        nodes.admonition,
        addnodes.seealso,
    ),
    "{contents}": (nodes.topic,),
    "{toctree}": (addnodes.toctree, nodes.compound),
    "{doc} {ref}": (addnodes.pending_xref, nodes.inline),
    "对象和生成内容的指令": (nodes.container, nodes.rubric, Need),  # and every node class of the zhifa extension
}
_ALLOWED = tuple(t for group in ALLOWED_NODES.values() for t in group)


def _inside(node: nodes.Node, removed: set[int]) -> bool:
    parent = node.parent
    while parent is not None:
        if id(parent) in removed:
            return True
        parent = parent.parent
    return False


def _not_allowed(node: nodes.Element) -> str | None:
    if isinstance(node, _ALLOWED) and type(node).__module__.startswith(("docutils.", "sphinx.", "sphinx_needs.")):
        return None
    if type(node).__module__.startswith("zhifa."):  # the object and placeholder nodes our directives make
        return None
    return (
        f"内容中出现了不允许的元素 {type(node).__name__}（由允许清单之外的写法生成，如 reStructuredText 语法、"
        "其他扩展的指令或角色），已移除。处理：只用 README“内容中可以写什么”列出的写法"
    )


def _breach(root: Path, source: Path, node: nodes.Element) -> str | None:
    if isinstance(node, nodes.raw):
        if "zf-generated" in node["classes"]:
            return None
        return "内容中的原始 HTML 已移除（内容一律按文字显示）"
    if isinstance(node, nodes.meta):
        return "内容中的 meta 网页头部信息已移除（可把页面跳转到其他网站）。处理：删除 meta 指令或元数据中的 myst: 项"
    if isinstance(node, nodes.reference | nodes.target) and node.get("refuri"):
        why = policy.link_problem(node["refuri"])
        return f"{why}，已移除。处理：删除该链接，或改为 https:// 网址" if why else None
    if isinstance(node, nodes.image):
        uri = node.get("uri", "")
        why = policy.image_problem(uri)
        if why is None and not policy.inside(root, root / uri):
            why = f"图片“{policy.shown(uri)}”指向仓库之外"
        return f"{why}，已移除。处理：把图片文件放进仓库，用相对路径引用" if why else None
    if isinstance(node, addnodes.download_reference):
        target = node.get("filename") or node.get("reftarget", "")
        if not policy.inside(root, source.parent / target):
            return f"下载链接“{policy.shown(target)}”指向仓库之外，已移除。处理：删除该链接"
    return None


def _forget_outside(root: Path, registry) -> None:
    """Files a handler before this one already registered for copying but that lie outside the repository."""
    for name in [n for n in list(registry) if not policy.inside(root, root / n)]:
        del registry[name]
