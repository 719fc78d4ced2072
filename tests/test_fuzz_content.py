"""Property-based fuzzing of the content (issue 18): mutate the fixture repository as an attacker or a careless
author would, and require that ``check`` never raises and that every mutation ``check`` accepts also builds.

Bounded for CI (a few derandomised examples, each accepted one built with Sphinx); ``make fuzz`` runs many more
random examples over a copy of the real content (ZHIFA_FUZZ_EXAMPLES, ZHIFA_FUZZ_REPO=real)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BUILD_DATE, copy_real_repo, make_repo, sphinx_build

EXAMPLES = int(os.environ.get("ZHIFA_FUZZ_EXAMPLES", "12"))
REAL = os.environ.get("ZHIFA_FUZZ_REPO") == "real"

TARGETS = (
    ["standards/chufa/guanxia.md", "procedures/putong.md", "quizzes/blueprint.yaml", "index.md"]
    if REAL
    else [
        "standards/demo/filing.md",
        "standards/demo/index.md",
        "procedures/filing.md",
        "quizzes/demo.yaml",
        "quizzes/review.lock",
        "laws/xzcf.md",
        "flowcharts/filing.mmd",
        "templates/filing-form.md",
    ]
)
PAYLOADS = [
    "> ```{eval-rst}",
    "    - ```{raw} html",
    "```{include} ../../../../etc/hostname",
    "```{meta}",
    "```{note}",
    "```",
    "````",
    "---",
    "myst:",
    "  html_meta:",
    ":id: CL-AAAAA1",
    ":id: CL-ZZZZZ9",
    ":implements: CL-AAAAA3",
    ":effective: 2026-02-30",
    ":article: ²",
    ":time_limit: ²",
    ":maxdepth：1",
    ":flowchart: ../../../../etc/passwd",
    "见下条",
    "![x](https://example.org/a.png)",
    "[x](javascript:alert(1))",
    "<script>alert(1)</script>",
    "{clause}`CL-AAAAA9`",
    "第二条",
    "标题\u202e反转",
    "零宽\u200b空格",
    "\x00",
    "\uffff",
    "  - id: Q-AAAAA9",
    "    answer: ²",
    "date: 2026-02-30",
    '{"questions": 5}',
    "[1]",
    "",
]

# what a careful author writes: most of these are accepted, so the build is exercised too
BENIGN = ["", "普通的一段说明文字。", "- 列表项", "## 小节", "**加粗**的文字", "> 引用的一段话", "1. 第一项"]
benign = st.tuples(
    st.sampled_from(TARGETS[:2] + TARGETS[-1:]),
    st.just("insert"),
    st.integers(min_value=0, max_value=400),
    st.sampled_from(BENIGN),
)
hostile = st.tuples(
    st.sampled_from(TARGETS),
    st.sampled_from(["insert", "delete", "replace", "truncate", "char"]),
    st.integers(min_value=0, max_value=400),
    st.one_of(st.sampled_from(PAYLOADS), st.text(max_size=12)),
)
mutation = st.one_of(benign, hostile)


def _mutate(root: Path, target: str, op: str, where: int, payload: str) -> None:
    path = root / target
    if not path.is_file():
        return
    lines = path.read_bytes().decode("utf-8", "surrogateescape").split("\n")
    k = where % (len(lines) + 1)
    if op == "insert":
        lines.insert(k, payload)
    elif op == "delete" and lines:
        del lines[min(k, len(lines) - 1)]
    elif op == "replace" and lines:
        lines[min(k, len(lines) - 1)] = payload
    elif op == "truncate":
        lines = lines[:k]
    elif op == "char" and lines:
        line = lines[min(k, len(lines) - 1)]
        at = where % (len(line) + 1)
        lines[min(k, len(lines) - 1)] = line[:at] + (payload[:1] or "\u200b") + line[at + 1 :]
    path.write_bytes("\n".join(lines).encode("utf-8", "surrogateescape"))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not REAL and not os.environ.get("ZHIFA_FUZZ_EXAMPLES"),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mutations=st.lists(mutation, min_size=1, max_size=2))
def test_check_never_raises_and_what_it_accepts_builds(tmp_path_factory, mutations):
    from zhifa import checks
    from zhifa.model import repo as repo_model

    tmp = tmp_path_factory.mktemp("fuzz")
    root = copy_real_repo(tmp / "repo") if REAL else make_repo(tmp / "repo")
    for m in mutations:
        _mutate(root, *m)
    try:
        problems = checks.run(repo_model.load(root), dt.date.fromisoformat(BUILD_DATE))
    except Exception as exc:  # noqa: BLE001 - the property under test: no exception for any content
        raise AssertionError(f"check raised {exc!r} for {mutations}") from exc
    if not problems:
        build = sphinx_build(root, tmp / "out")
        assert build.returncode == 0, f"check accepted {mutations} but the build failed:\n{build.stderr[-3000:]}"
    shutil.rmtree(tmp, ignore_errors=True)
