"""The house: no import cycle anywhere in tools/zhifa (late imports inside functions included), and no domain
imports from a domain above it."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "tools" / "zhifa"
# Lowest first: a module may import from its own domain and the ones before it, never after.
LAYERS = ["model", "bank", "amend", "docx", "flowchart", "checks", "sphinx", "publish", "arguments", "cli"]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def graph() -> dict[str, set[str]]:
    """Every zhifa module and the zhifa modules it imports, wherever in the file the import is."""
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    edges: dict[str, set[str]] = {m: set() for m in files}
    for mod, path in files.items():
        package = mod if path.name == "__init__.py" else mod.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join(up + ([node.module] if node.module else []))
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in files else base for a in node.names]
            for t in targets:
                while t and t not in files:
                    t = t.rpartition(".")[0]
                if t and t != mod and t != "zhifa":
                    edges[mod].add(t)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def layer(mod: str) -> int | None:
    parts = mod.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_no_import_cycle():
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_domain_imports_from_a_domain_above_it():
    upward = [
        (m, t)
        for m, targets in graph().items()
        for t in targets
        if layer(m) is not None and layer(t) is not None and layer(t) > layer(m)
    ]
    assert upward == []


def test_question_types_come_from_the_metamodel(tmp_path):
    """Question types are declared once (the qtype field and its sets): the checker asks the metamodel."""
    from conftest import make_repo, zhifa

    repo = make_repo(tmp_path / "repo")
    meta = repo / "metamodel.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(
        text.replace("values: [单选, 多选, 判断, 案例分析]", "values: [单选, 多选, 案例分析]"), encoding="utf-8"
    )
    result = zhifa("--root", str(repo), "check")
    assert result.returncode == 1
    assert "试题 Q-AAAAA2 的题型“判断”不对" in result.stdout and "单选、多选、案例分析" in result.stdout


def test_computed_fields_are_declared_once_and_refused_in_content(tmp_path):
    """A field the build computes (the metamodel's computed) may not be written by hand."""
    from conftest import make_repo, zhifa

    repo = make_repo(tmp_path / "repo")
    chapter = repo / "standards/demo/general.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8").replace(":id: CL-AAAAA1\n", ":id: CL-AAAAA1\n:number: 第一条\n"),
        encoding="utf-8",
    )
    result = zhifa("--root", str(repo), "check")
    assert result.returncode == 1 and "不要手写 :number:，第X条：由条款在规范中的顺序计算" in result.stdout
