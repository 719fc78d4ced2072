"""Property-based fuzzing of the content (issue 18): mutate the fixture repository as an attacker or a careless
author would, and require that ``check`` never raises and that every mutation ``check`` accepts also builds.

Bounded for CI (a few derandomised examples, each accepted one built with Sphinx); ``make fuzz`` runs many more
random examples over a copy of the real content (ZHIFA_FUZZ_EXAMPLES, ZHIFA_FUZZ_REPO=real)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
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


# --- every JSON file kind the tool reads: a located message, never an exception ----------------------------------

LOCK, REGISTRY, MANIFEST, ARCHIVE = (
    "quizzes/review.lock",
    "releases/registry.json",
    "releases/v2026.1.json",
    "releases/banks/v2026.1.json",
)
JSON_KINDS = (LOCK, REGISTRY, MANIFEST, ARCHIVE)
DELETE = object()  # a mutation that removes the part instead of replacing it
JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=6)
    | st.sampled_from(["CL-AAAAA3", "Q-AAAAA1", "单选", "A", "2026-02-30", "v2026.1", "clause", "²", "\u202e"])
)
KEYS = st.sampled_from(
    ["ids", "questions", "clauses", "sha256", "type", "first", "standard", "options", "answer", "id"]
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS | st.text(max_size=4), inner, max_size=3),
    max_leaves=6,
)
# text damage after the structural change: a hand edit gone wrong, a truncated download, another encoding
TEXT_DAMAGE = st.one_of(
    st.just(None),
    st.tuples(st.just("truncate"), st.integers(min_value=0, max_value=5000)),
    st.tuples(
        st.just("insert"),
        st.integers(min_value=0, max_value=5000),
        st.sampled_from(['"', ",", "}", "\x00", "\ufeff", "\\", "1e999", "NaN"]),
    ),
    st.tuples(st.just("bytes"), st.binary(max_size=8)),
)


def _paths(obj, at=()):
    yield at
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, (*at, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _paths(v, (*at, i))


def _mutated(text: str, pick: int, value, damage) -> bytes:
    import json

    data = json.loads(text)
    paths = list(_paths(data))
    at = paths[pick % len(paths)]
    if not at:
        data = None if value is DELETE else value
    else:
        parent = data
        for key in at[:-1]:
            parent = parent[key]
        if value is DELETE:
            del parent[at[-1]]
        else:
            parent[at[-1]] = value
    out = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    if damage is None:
        return out
    if damage[0] == "truncate":
        return out[: damage[1] % (len(out) + 1)]
    if damage[0] == "insert":
        k = damage[1] % (len(out) + 1)
        return out[:k] + damage[2].encode("utf-8") + out[k:]
    return damage[1] + out


@pytest.fixture(scope="module")
def released_repo(tmp_path_factory):
    """The fixture repository after `zhifa release`: a registry, a manifest and a bank archive to damage."""
    import subprocess

    root = make_repo(tmp_path_factory.mktemp("released") / "repo")
    env = {**os.environ, "GIT_AUTHOR_NAME": "法制科", "GIT_COMMITTER_NAME": "法制科"}
    env |= {"GIT_AUTHOR_EMAIL": "fz@example.org", "GIT_COMMITTER_EMAIL": "fz@example.org"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "初稿"]):
        subprocess.run(["git", *args], cwd=root, check=True, env=env, capture_output=True)
    done = subprocess.run(
        [sys.executable, "-m", "zhifa.cli", "--root", str(root), "release", "--date", BUILD_DATE],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return root


def _located(text: str, name: str) -> bool:
    return re.search(rf"{re.escape(name)}:\d+: \S", text) is not None


@settings(
    max_examples=int(os.environ.get("ZHIFA_FUZZ_EXAMPLES", "40")),
    deadline=None,
    derandomize=not REAL and not os.environ.get("ZHIFA_FUZZ_EXAMPLES"),
)
@given(
    kind=st.sampled_from(JSON_KINDS),
    pick=st.integers(min_value=0, max_value=10_000),
    value=JSON_VALUES | st.just(DELETE),
    damage=TEXT_DAMAGE,
)
def test_damaged_json_files_give_located_messages_never_an_exception(released_repo, kind, pick, value, damage):
    """review.lock, the registry, a release manifest and a released bank, each damaged by hand: check, the
    manifest and bank readers and the results reader name the file and line, or accept it; nothing raises."""
    from zhifa import checks
    from zhifa.amend import release
    from zhifa.bank import paper, results
    from zhifa.model import repo as repo_model

    path = released_repo / kind
    original = path.read_bytes()
    try:
        path.write_bytes(_mutated(original.decode("utf-8"), pick, value, damage))
        repository = repo_model.load(released_repo)
        on = dt.date.fromisoformat(BUILD_DATE)
        for problem in checks.run(repository, on) + checks.warnings(repository, on):
            assert problem.path and problem.line >= 1 and problem.message, problem
        try:
            release.read_manifest(released_repo / MANIFEST)
        except release.ReleaseError as exc:
            assert _located(str(exc), MANIFEST), exc
        try:
            archive = paper.load_bank(released_repo / ARCHIVE)["questions"]
        except paper.BankError as exc:
            assert _located(str(exc), ARCHIVE), exc
            archive = []
        folder = released_repo.parent / "attempts"
        folder.mkdir(exist_ok=True)
        results.read(folder, {}, [q for q in archive if isinstance(q.get("v"), str)])
    finally:
        path.write_bytes(original)


def _bank(released_repo) -> dict:
    """A published bank as the site writes it (version, blueprint), made from the released questions."""
    from zhifa.bank import paper

    questions = [{**q, "reviewed": True, "docs": []} for q in paper.load_bank(released_repo / ARCHIVE)["questions"]]
    single = [q for q in questions if q["type"] == "单选"]
    return {
        "version": "t1",
        "questions": questions,
        "blueprint": {"sections": [{"type": "单选", "count": len(single), "points": 10}], "total": 10 * len(single)},
    }


@settings(
    max_examples=int(os.environ.get("ZHIFA_FUZZ_EXAMPLES", "40")),
    deadline=None,
    derandomize=not REAL and not os.environ.get("ZHIFA_FUZZ_EXAMPLES"),
)
@given(
    pick=st.integers(min_value=0, max_value=10_000),
    value=JSON_VALUES | st.just(DELETE),
    damage=TEXT_DAMAGE,
)
def test_damaged_attempt_files_are_listed_never_an_exception(released_repo, tmp_path_factory, pick, value, damage):
    """A trainee's exported attempt file, damaged: `results` scores it or lists it as left out, by its name."""
    import json

    from zhifa.bank import paper, results

    bank = _bank(released_repo)
    drawn = paper.draw(bank, 7)
    by_id = {q["id"]: q for q in bank["questions"]}
    attempt = {
        "format": "zhifa-attempt",
        "version": 1,
        "name": "学员",
        "seed": 7,
        "bankVersion": "t1",
        "startedAt": 1,
        "submittedAt": 2,
        "answers": {d.id: by_id[d.id]["answer"] for d in drawn},
        "score": 100,
    }
    folder = tmp_path_factory.mktemp("attempts")
    (folder / "a.json").write_bytes(_mutated(json.dumps(attempt, ensure_ascii=False), pick, value, damage))
    attempts, skipped = results.read(folder, {"t1": bank}, bank["questions"])
    assert len(attempts) + len(skipped) >= 1
    assert all(s.startswith("a.json") for s in skipped), skipped


@settings(
    max_examples=int(os.environ.get("ZHIFA_FUZZ_EXAMPLES", "60")),
    deadline=None,
    derandomize=not REAL and not os.environ.get("ZHIFA_FUZZ_EXAMPLES"),
)
@given(pick=st.integers(min_value=0, max_value=10_000), value=JSON_VALUES | st.just(DELETE))
def test_a_damaged_metamodel_is_named_at_its_line_never_an_exception(tmp_path_factory, pick, value):
    """metamodel.yaml with one part replaced or removed: read, or refused at a line of metamodel.yaml."""
    import json

    import yaml

    from zhifa.model import metamodel

    root = make_repo(tmp_path_factory.mktemp("meta"))
    text = (Path(__file__).resolve().parent.parent / "metamodel.yaml").read_text(encoding="utf-8")
    damaged = json.loads(_mutated(json.dumps(yaml.safe_load(text), ensure_ascii=False), pick, value, None))
    (root / "metamodel.yaml").write_text(yaml.safe_dump(damaged, allow_unicode=True), encoding="utf-8")
    try:
        model = metamodel.load(root)
    except metamodel.MetamodelError as exc:
        assert re.match(r"metamodel\.yaml:\d+: \S", str(exc)) and "处理：" in str(exc), exc
        return
    from zhifa import checks
    from zhifa.model import repo as repo_model

    checks.run(repo_model.load(root, model), dt.date.fromisoformat(BUILD_DATE))  # what it accepts, check can use
