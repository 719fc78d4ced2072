"""The checker never crashes: random and broken files give a clean report, never a traceback."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import make_repo
from zhifa import checks
from zhifa.model import repo

YAML_PIECES = [
    "- id: Q-AAAAA1",
    "  type: 单选",
    "  type: 案例分析",
    "  answer: [A, Z]",
    "  answer: 正确",
    "  options:",
    "    A: x",
    "    A: [",
    "  tests: CL-AAAAA3",
    "  tests: [CL-AAAAA3, 1]",
    "  review: 已审核",
    "  reviewed: 1",
    "  questions:",
    "    - id: Q-AAAAA2",
    "  difficulty: 9",
    "- 1",
    "- [a]",
    "{",
    "name: x",
    "sections:",
    "  - type: 多选",
    "    count: 999",
    "    points: x",
    "sections: 5",
    "pass: x",
    "total: [1]",
    "duration: 0",
    "    standards: 5",
    "  options: 5",
    "  answer: {a: b}",
    "  tests: {a: b}",
    "  review: [x]",
    "  difficulty: [1]",
    "  stem: [1, 2]",
    "  questions: 3",
    "  law: {x: 1}",
    "  case: [1]",
    "- name: 字段",
    "  required: maybe",
    "  basis: CL-X",
]
PIECES = [
    "```",
    "````",
    ":::",
    "```{clause}",
    "```{law} 标题",
    "```{toctree}",
    "```{raw} html",
    "---",
    ":id: CL-AAAAA1",
    ":id:",
    ":effective: 2024-02-30",
    ":source: 示范",
    ":basis: ,,",
    ":cites: CL-",
    ":repealed: 1900-01-01",
    ":draft: maybe",
    "{clause}`CL-AAAAA2`",
    "{clause}`",
    "{law}``",
    "{x}`y`",
    "# 标题",
    "第三条",
    "《法》第一条至第二条",
    "<b>",
    "<!--",
    "]]>",
    "\t",
    "\x00",
    "\ufeff",
    "：",
    "key: [",
    "general",
    "/index",
    "filing <x>",
]
LINE = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=4).map(" ".join)
FILE = st.lists(LINE, max_size=30).map("\n".join)
ON = dt.date(2026, 6, 1)


YAML_FILE = st.lists(st.one_of(st.sampled_from(YAML_PIECES), st.text(max_size=10)), max_size=25).map("\n".join)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bank=YAML_FILE, blueprint=YAML_FILE, chart=FILE, form=FILE)
def test_random_banks_charts_and_templates_never_crash(tmp_path_factory, bank, blueprint, chart, form):
    root = make_repo(tmp_path_factory.mktemp("q"))
    for rel, text in (
        ("quizzes/demo.yaml", bank),
        ("quizzes/blueprint.yaml", blueprint),
        ("flowcharts/filing.mmd", chart),
        ("templates/filing-form.md", form),
    ):
        (root / rel).write_text(text, encoding="utf-8", errors="surrogatepass")
    for problem in checks.run(repo.load(root), ON):
        assert problem.path and problem.line >= 1 and problem.message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chapter=FILE, index=FILE, raw=st.binary(max_size=64))
def test_random_files_never_crash(tmp_path_factory, chapter, index, raw):
    root = make_repo(tmp_path_factory.mktemp("r"))
    (root / "standards/demo/filing.md").write_text(chapter, encoding="utf-8", errors="surrogatepass")
    (root / "standards/demo/index.md").write_text(index, encoding="utf-8", errors="surrogatepass")
    (root / "standards/demo/binary.md").write_bytes(raw)
    repository = repo.load(root)
    for problem in checks.run(repository, ON):
        assert problem.path and problem.line >= 1 and problem.message
        assert ":" in str(problem)
