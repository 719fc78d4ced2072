"""Untrusted content (issue 18): nothing executes, nothing leaks, nothing is silently lost, never a traceback.

Each malformed input is named at its own file and line with a specific message; the content policy is enforced
again by the build on the doctree (tested here by building payloads the checker also refuses and looking at what
was published); the preview server answers bad paths 400 and holds 200 concurrent loopback requests."""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import threading

import pytest

from conftest import make_repo, sphinx_build, zhifa

CHAPTER = "standards/demo/filing.md"
LOCK = "quizzes/review.lock"
REGISTRY = "releases/registry.json"


def _check(repo):
    result = zhifa("--root", str(repo), "check")
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    return result


def _reported(result, where: str, fragment: str) -> bool:
    return any(ln.startswith(f"{where}: ") and fragment in ln and "。处理：" in ln for ln in result.stdout.splitlines())


# --- malformed files: a located message, never a traceback -------------------------------------------------

LOCK_CASES = {
    "binary": (b"\xff\xfe\x00\x01", 1, "重新审核记录无法读取：文件不是 UTF-8 编码的文本"),
    "truncated": (b'{\n "questions": {\n  "Q-AAAAA1": {', 3, "重新审核记录无法读取：JSON 格式错误"),
    "not_object": (b"[1]", 1, "重新审核记录应是一个 JSON 对象"),
    "entry_int": (b'{\n "questions": {\n  "Q-AAAAA1": 5\n }\n}\n', 3, "Q-AAAAA1 的值应是条款 ID 到指纹的对象"),
    "entry_list": (b'{\n "questions": {\n  "Q-AAAAA1": []\n }\n}\n', 3, "Q-AAAAA1 的值应是条款 ID 到指纹的对象"),
    "questions_str": (b'{\n "questions": "x"\n}\n', 2, "questions 应是 JSON 对象"),
}


@pytest.mark.parametrize("case", sorted(LOCK_CASES))
def test_a_malformed_review_lock_is_named_at_its_line(tmp_path, case):
    repo = make_repo(tmp_path / "repo")
    data, line, fragment = LOCK_CASES[case]
    (repo / LOCK).write_bytes(data)
    result = _check(repo)
    assert result.returncode == 1
    assert _reported(result, f"{LOCK}:{line}", fragment), result.stdout


REGISTRY_CASES = {
    "empty_entry": ('{\n "ids": {\n  "CL-AAAAA1": {}\n }\n}\n', 3, "CL-AAAAA1 的记录不完整"),
    "entry_int": ('{\n "ids": {\n  "CL-AAAAA1": 5\n }\n}\n', 3, "CL-AAAAA1 的记录不完整"),
    "list": ("[1]", 1, "ID 登记表应是"),
    "ids_list": ('{\n "ids": [1]\n}\n', 2, "ID 登记表应是"),
    "truncated": ('{\n "ids": {\n  "CL-AA', 3, "ID 登记表无法读取：JSON 格式错误"),
}


@pytest.mark.parametrize("case", sorted(REGISTRY_CASES))
def test_a_hand_edited_registry_is_named_at_its_line(tmp_path, case):
    repo = make_repo(tmp_path / "repo")
    text, line, fragment = REGISTRY_CASES[case]
    (repo / "releases").mkdir()
    (repo / REGISTRY).write_text(text, encoding="utf-8")
    result = _check(repo)
    assert result.returncode == 1
    assert _reported(result, f"{REGISTRY}:{line}", fragment), result.stdout


def test_impossible_dates_in_front_matter_and_blueprint(tmp_path):
    repo = make_repo(tmp_path / "repo")
    chapter = repo / CHAPTER
    chapter.write_text("---\nreviewed: 2026-02-30\n---\n" + chapter.read_text(encoding="utf-8"), encoding="utf-8")
    (repo / "quizzes/blueprint.yaml").write_text(
        "name: 模拟考试\nduration: 90\npass: 6\ntotal: 10\nsince: 2026-02-30\nsections:\n"
        "  - type: 单选\n    count: 10\n    points: 1\n",
        encoding="utf-8",
    )
    result = _check(repo)
    assert _reported(result, f"{CHAPTER}:2", "“2026-02-30”不是有效的日期"), result.stdout
    assert _reported(result, "quizzes/blueprint.yaml:5", "“2026-02-30”不是有效的日期"), result.stdout
    build = sphinx_build(repo, tmp_path / "out")
    assert build.returncode != 0 and "Traceback" not in build.stderr and "Extension error" not in build.stderr
    assert f"{CHAPTER}:2: " in build.stderr


@pytest.mark.parametrize(
    ("path", "old", "new", "line"),
    [
        ("laws/xzcf.md", ":article: 42", ":article: ²", 6),
        ("procedures/filing.md", ":time_limit: 15", ":time_limit: ²", 36),
    ],
)
def test_superscript_digits_are_not_integers(tmp_path, path, old, new, line):
    repo = make_repo(tmp_path / "repo")
    f = repo / path
    f.write_text(f.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    result = _check(repo)
    assert _reported(result, f"{path}:{line}", "“²”不是整数"), result.stdout
    build = sphinx_build(repo, tmp_path / "out")
    assert build.returncode != 0 and "Traceback" not in build.stderr and "Extension error" not in build.stderr
    assert f"{path}:{line}: " in build.stderr


def test_verify_manifest_with_wrong_clauses(tmp_path):
    repo = make_repo(tmp_path / "repo")
    manifest = tmp_path / "m.json"
    manifest.write_text('{\n "release": "v2026.1",\n "clauses": []\n}\n', encoding="utf-8")
    result = zhifa("--root", str(repo), "verify", "--manifest", str(manifest))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{manifest}:3: 发布清单应有" in result.stderr and "处理：" in result.stderr


@pytest.mark.parametrize(
    "bank",
    [
        {"version": "x", "questions": [{}]},
        {"version": "x", "questions": [1]},
        {"version": "x", "questions": [], "blueprint": {"sections": [{}]}},
        {"version": "x", "questions": [], "blueprint": {"sections": [{"count": 1, "points": 1, "quotas": [{}]}]}},
        {"version": "x", "questions": [{"id": "Q", "type": "单选", "stem": "s", "answer": "A", "options": [["A"]]}]},
    ],
)
def test_malformed_bank_files(tmp_path, bank):
    repo = make_repo(tmp_path / "repo")
    path = tmp_path / "bank.json"
    path.write_text(json.dumps(bank), encoding="utf-8")
    (tmp_path / "attempts").mkdir()
    for args in (("exam", "--bank", str(path)), ("results", str(tmp_path / "attempts"), "--bank", str(path))):
        result = zhifa("--root", str(repo), *args, "-o", str(tmp_path / "o"))
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        assert f"{path}:1: " in result.stderr and "处理：" in result.stderr


# --- symlinks: nothing read from outside the repository ------------------------------------------------------


def test_symlinked_page_and_folder_are_refused_and_not_published(tmp_path):
    repo = make_repo(tmp_path / "repo")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# 机密\n\nSECRET-OUTSIDE-REPO\n", encoding="utf-8")
    os.symlink(outside / "secret.md", repo / "standards/demo/secret.md")
    os.symlink(outside, repo / "standards/linked")
    result = _check(repo)
    assert result.returncode == 1
    assert _reported(result, "standards/demo/secret.md:1", "是符号链接"), result.stdout
    assert _reported(result, "standards/linked:1", "是符号链接"), result.stdout
    out = tmp_path / "out"
    build = sphinx_build(repo, out)
    assert build.returncode != 0 and "Traceback" not in build.stderr
    published = [p for p in out.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".js", ".txt")]
    assert not [p for p in published if "SECRET-OUTSIDE-REPO" in p.read_text(encoding="utf-8", errors="replace")]


# --- the build enforces the policy on the doctree itself -----------------------------------------------------

PAYLOAD = """
> ```{eval-rst}
> `click <javascript:alert(1)>`_
>
> .. image:: x.png
>    :target: javascript:alert(2)
>
> .. meta::
>    :http-equiv=refresh: 0; url=https://example.org/
>
> .. include:: /etc/hostname
>
> .. raw:: html
>
>    <script>window.PWNED = 1</script>
> ```

![远程图片](https://example.org/seal.png)

```{raw} html
<script>window.PWNED = 2</script>
```

```{include} /etc/hostname
```

```{meta}
:http-equiv=refresh: 0; url=https://example.org/
```

```{eval-rst}
| LINEBLOCK-PAYLOAD

:FIELD-PAYLOAD: 值

`TITLEREF-PAYLOAD`

.. py:function:: rst_domain_payload()

.. 包含:: /etc/hostname

.. 原文:: html

   <script>window.PWNED = 3</script>
```

```{图片} https://example.org/translated.png
```

```{py:function} myst_domain_payload()
```
"""

# every way of writing the README allows (the node allow-list must let all of them through, without a warning)
ALLOWED_PAGE = """

(allowed-target)=
## 允许的写法

正文 **粗体** *斜体* `代码` <https://www.gov.cn/> [站内](index.md) {doc}`index` {ref}`allowed-target` 脚注[^1]。

% 注释

> 引用

1. 一
2. 二

---

| 甲 | 乙 |
|---|---|
| 1 | 2 |

```text
代码块
```

```{note}
注意
```

```{tip}
提示
```

```{important}
重要
```

```{warning}
警告
```

```{attention}
注意
```

```{caution}
小心
```

```{hint}
提示
```

```{seealso}
另见
```

```{admonition} 自定标题
内容
```

```{list-table}
:header-rows: 1

* - 甲
  - 乙
* - 1
  - 2
```

```{table} 表题
| 甲 | 乙 |
|---|---|
| 1 | 2 |
```

```{contents}
```

[^1]: 脚注内容。
"""


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    """The fixture repository with payloads the checker refuses, built anyway (Sphinx -W --keep-going still writes
    the pages): what the doctree policy let through is what a reader would get."""
    tmp = tmp_path_factory.mktemp("injected")
    repo = make_repo(tmp / "repo")
    chapter = repo / CHAPTER
    chapter.write_text(chapter.read_text(encoding="utf-8") + PAYLOAD, encoding="utf-8")
    laws = repo / "laws/index.md"
    laws.write_text(laws.read_text(encoding="utf-8") + ALLOWED_PAGE, encoding="utf-8")
    glossary = repo / "glossary/index.md"
    glossary.write_text(
        '---\nmyst:\n  html_meta:\n    "http-equiv=refresh": "0; url=https://example.org/"\n---\n'
        + glossary.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    out = tmp / "out"
    return sphinx_build(repo, out), out


def test_the_build_removes_what_the_policy_forbids(injected):
    build, out = injected
    assert build.returncode != 0 and "Traceback" not in build.stderr
    for fragment in (
        "不允许使用 {image} 指令（",  # inside {eval-rst}: reStructuredText uses the same refusing registry
        "meta 网页头部信息已移除",  # myst: html_meta in the front matter, removed from the doctree
        "不允许使用 {meta} 指令（内容不得改动网页头部（可把页面跳转到其他网站）），已忽略",  # refused by name
        "不允许使用 {raw} 指令（内容一律按文字显示），已忽略",
        "不允许使用 {include} 指令（内容不得读取其他文件），已忽略",
        "不是仓库中的文件",  # the remote image, removed from the doctree
    ):
        assert fragment in build.stderr, fragment
    # a directive's translated name (docutils' Chinese and English aliases) is refused like its own name
    for name in ("包含", "原文", "图片"):
        assert f"不允许使用 {{{name}}} 指令" in build.stderr, name
    # what reStructuredText or a domain makes is not on the node allow-list: removed, each with its line
    for node in ("line_block", "field_list", "title_reference", "desc", "index"):
        assert f"不允许的元素 {node}（" in build.stderr, node
    assert not [ln for ln in build.stderr.splitlines() if "laws/index.md" in ln], build.stderr
    # only the payloads are removed: every policy warning is on one of the two pages that hold them
    policy = [ln for ln in build.stderr.splitlines() if ln.endswith("[zhifa.policy]")]
    assert policy and all(f"/{CHAPTER}:" in ln or "/glossary/index.md:" in ln for ln in policy), policy
    html = (out / "laws/index.html").read_text(encoding="utf-8")
    assert "脚注内容" in html and "自定标题" in html and "表题" in html
    shown = (out / "standards/demo/filing.html", out / "glossary/index.html")
    pages = {p: p.read_text(encoding="utf-8") for p in shown}
    for page, html in pages.items():
        assert "javascript:" not in html, page
        assert "http-equiv" not in html and "example.org" not in html, page
        assert "PWNED" not in html, page
        for payload in ("LINEBLOCK", "FIELD-PAYLOAD", "TITLEREF", "domain_payload"):
            assert payload not in html, (page, payload)
    hostname = open("/etc/hostname", encoding="utf-8").read().strip() if os.path.exists("/etc/hostname") else ""
    search = "".join(
        (out / n).read_text(encoding="utf-8")
        for n in ("zhifa-search.json", "zhifa-search-text.json")
        if (out / n).exists()
    )
    if len(hostname) > 6:
        assert hostname not in pages[out / "standards/demo/filing.html"] and hostname not in search


def test_injection_pages_run_no_script_and_request_no_other_host(injected, page):
    from conftest import serve

    _, out = injected
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with serve(out) as base:
        for path in ("standards/demo/filing.html", "glossary/index.html"):
            page.goto(f"{base}/{path}")
            page.wait_for_load_state("networkidle")
            for link in page.locator("article a").all():
                href = link.get_attribute("href") or ""
                assert not href.strip().lower().startswith("javascript"), href
            assert page.evaluate("() => window.PWNED === undefined")
            assert page.url.startswith(base)  # no refresh to another site
    assert dialogs == []


# --- released IDs keep their type and standard; released files are not hand-edited ---------------------------


def _git(repo, *args):
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "法制科",
        "GIT_COMMITTER_NAME": "法制科",
        "GIT_AUTHOR_EMAIL": "fz@example.org",
        "GIT_COMMITTER_EMAIL": "fz@example.org",
    }
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True, env=env).stdout


@pytest.fixture
def released(tmp_path, monkeypatch):
    for key in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(key, "法制科")
    for key in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(key, "fz@example.org")
    repo = make_repo(tmp_path / "repo")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "初稿")
    result = zhifa("--root", str(repo), "release", "--date", "2026-06-01")
    assert result.returncode == 0, result.stdout + result.stderr
    return repo


def test_a_released_clause_keeps_its_standard(released):
    repo = released
    entry = json.loads((repo / REGISTRY).read_text(encoding="utf-8"))["ids"]["CL-AAAAA5"]
    assert entry["standard"] == "standards/demo"
    chapter = repo / CHAPTER
    text = chapter.read_text(encoding="utf-8")
    start = text.index("```{clause} 撤销立案")
    chapter.write_text(text[:start].rstrip() + "\n", encoding="utf-8")
    other = repo / "standards/other"
    other.mkdir()
    (other / "index.md").write_text("# 《另一规范》\n\n```{toctree}\nmoved\n```\n", encoding="utf-8")
    (other / "moved.md").write_text("# 移来\n\n" + text[start:], encoding="utf-8")
    index = repo / "standards/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("demo/index", "demo/index\nother/index"), "utf-8")
    result = _check(repo)
    assert _reported(result, "standards/other/moved.md:3", "CL-AAAAA5 现在出现在 standards/other"), result.stdout


def _move_to_other_standard(repo, declaration: str = "") -> None:
    """CL-AAAAA5 cut from the demo standard and put into a new one (with ``declaration`` after its :id:)."""
    chapter = repo / CHAPTER
    text = chapter.read_text(encoding="utf-8")
    start = text.index("```{clause} 撤销立案")
    chapter.write_text(text[:start].rstrip() + "\n", encoding="utf-8")
    moved = text[start:].replace(":id: CL-AAAAA5\n", f":id: CL-AAAAA5\n{declaration}", 1)
    other = repo / "standards/other"
    other.mkdir()
    (other / "index.md").write_text("# 《另一规范》\n\n```{toctree}\nmoved\n```\n", encoding="utf-8")
    (other / "moved.md").write_text("# 移来\n\n" + moved, encoding="utf-8")
    index = repo / "standards/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("demo/index", "demo/index\nother/index"), "utf-8")


def test_a_declared_move_between_standards_is_accepted_and_recorded_at_release(released):
    repo = released
    _move_to_other_standard(repo, ":moved_from: standards/demo\n")
    result = _check(repo)
    assert result.returncode == 0, result.stdout
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "撤销立案移入另一规范")
    done = zhifa("--root", str(repo), "release", "--date", "2026-07-01")
    assert done.returncode == 0, done.stdout + done.stderr
    entry = json.loads((repo / REGISTRY).read_text(encoding="utf-8"))["ids"]["CL-AAAAA5"]
    assert entry["standard"] == "standards/other"
    assert entry["moves"] == [{"from": "standards/demo", "to": "standards/other", "release": "v2026.2"}]
    assert entry["type"] == "clause" and entry["first"] == "v2026.1"  # the ID keeps its type and first release
    assert _check(repo).returncode == 0
    # back again without a new declaration: refused (the registry now has it in standards/other)
    _replace(repo / "standards/other/moved.md", ":moved_from: standards/demo\n", "")
    text = (repo / "standards/other/moved.md").read_text(encoding="utf-8")
    (repo / "standards/other/moved.md").write_text(text[: text.index("```{clause}")], encoding="utf-8")
    chapter = repo / CHAPTER
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n" + text[text.index("```{clause}") :], "utf-8")
    result = _check(repo)
    assert "发布于 standards/other 的条款 CL-AAAAA5 现在出现在 standards/demo" in result.stdout, result.stdout


def test_a_move_declared_from_the_wrong_standard_is_named_at_its_line(released):
    _move_to_other_standard(released, ":moved_from: chufa\n")
    result = _check(released)
    expected = ":moved_from: 写的是 standards/chufa，但条款 CL-AAAAA5 登记在 standards/demo"
    assert _reported(result, "standards/other/moved.md:5", expected), result.stdout


def test_hand_edits_to_released_files_are_refused(released):
    repo = released
    registry = repo / REGISTRY
    data = json.loads(registry.read_text(encoding="utf-8"))
    del data["ids"]["Q-AAAAA1"]
    registry.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    manifest = repo / "releases/v2026.1.json"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("立案", "撤案", 1), encoding="utf-8")
    result = _check(repo)
    assert _reported(result, f"{REGISTRY}:1", "Q-AAAAA1 的记录与发布标签 v2026.1 中的不一致"), result.stdout
    assert _reported(result, "releases/v2026.1.json:1", "与发布标签 v2026.1 中的不一致"), result.stdout


# --- the preview server ---------------------------------------------------------------------------------------


@pytest.fixture
def preview(tmp_path):
    from zhifa.publish import serve

    (tmp_path / "index.html").write_text("<p>站点</p>", encoding="utf-8")
    server = serve.make_server(tmp_path, 0)
    server.RequestHandlerClass.log_message = lambda *a: None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_bad_paths_are_answered_400(preview):
    for path, status in [("/%00", 400), ("/a%01b", 400), ("/%2e%2e/etc/passwd", 400), ("/x%ff", 400), ("/", 200)]:
        conn = http.client.HTTPConnection("127.0.0.1", preview, timeout=10)
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        conn.close()
        assert response.status == status, path


def test_200_concurrent_loopback_requests_are_all_answered(preview):
    statuses: list[int] = []
    start = threading.Barrier(200)

    def fetch():
        start.wait()
        conn = http.client.HTTPConnection("127.0.0.1", preview, timeout=30)
        try:
            conn.request("GET", "/index.html")
            response = conn.getresponse()
            response.read()
            statuses.append(response.status)
        finally:
            conn.close()

    for _ in range(2):  # two rounds: the second used to lose requests to the listen queue of 5
        threads = [threading.Thread(target=fetch) for _ in range(200)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert statuses.count(200) == 400


@pytest.fixture
def committed(tmp_path, monkeypatch):
    for key in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(key, "法制科")
    for key in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(key, "fz@example.org")
    repo = make_repo(tmp_path / "repo")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "初稿")
    return repo


def test_a_shrunk_question_file_is_reported_against_the_last_commit(committed):
    bank = committed / "quizzes/demo.yaml"
    bank.write_text("\n".join(bank.read_text(encoding="utf-8").splitlines()[:18]) + "\n", encoding="utf-8")
    result = _check(committed)
    warned = result.stderr.splitlines()
    # a draft deletion stays possible (a warning), each lost question named at its line in HEAD
    assert "quizzes/demo.yaml:19: 警告：上次提交时本文件第 19 行的 Q-AAAAA2 现在不见了" in result.stderr, warned
    assert any(ln.startswith("quizzes/demo.yaml:1: 警告：本文件比上次提交少了 ") for ln in warned), warned


def test_an_emptied_released_bank_is_an_error_at_its_released_lines(released):
    (released / "quizzes/demo.yaml").write_text("", encoding="utf-8")
    result = _check(released)
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith("quizzes/demo.yaml:1: 已发布的 ID 永久保留：v2026.1 发布的试题 Q-AAAAA1 不见了"), first
    expected = "quizzes/demo.yaml:19: 已发布的 ID 永久保留：v2026.1 发布的试题 Q-AAAAA2 不见了"
    expected += "（发布 v2026.1 时在本文件第 19 行）"
    assert expected in result.stdout
    assert "releases/registry.json" not in result.stdout


def _cut(path, start: str, end: str | None = None):
    text = path.read_text(encoding="utf-8")
    a = text.index(start)
    b = text.index(end) if end else len(text)
    path.write_text(text[:a] + text[b:], encoding="utf-8")


def _replace(path, old: str, new: str):
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


# (mutation, the file:line the first message must name, a fragment of it)
MUTATIONS = {
    "delete_referenced_clause": (
        lambda r: _cut(r / CHAPTER, "```{clause} 立案标准", "```{clause} 将来施行"),
        f"{CHAPTER}:4",
        "上次提交时本文件第 4 行的 CL-AAAAA3 现在不见了，但仍有 10 处引用它",
    ),
    "delete_chapter_file": (
        lambda r: (r / CHAPTER).unlink(),
        f"{CHAPTER}:4",
        "CL-AAAAA3 现在不见了",
    ),
    "rename_chapter_file": (
        lambda r: (r / CHAPTER).rename(r / "standards/demo/lian.md"),
        "standards/demo/lian.md:1",
        "像是 filing.md 被改名成了 lian.md",
    ),
    "break_a_directive_line": (
        lambda r: _replace(r / CHAPTER, "```{clause} 将来施行的条款", "```{clause 将来施行的条款"),
        f"{CHAPTER}:13",
        "代码块的语言“{clause”无法识别",
    ),
    "fence_swallows_a_clause": (
        lambda r: _replace(r / "standards/demo/general.md", "# 总则\n", "# 总则\n\n```\n"),
        "standards/demo/general.md:4",
        "上次提交时本文件第 4 行的 CL-AAAAA1 现在不见了，但仍有",
    ),
    "toctree_entry_deleted": (
        lambda r: _replace(r / "standards/demo/index.md", "general\nfiling\n", "general\n"),
        "standards/demo/index.md:5",
        "目录（toctree）条目 filing 现在不起作用了（这一行或目录指令被删改），页面 standards/demo/filing.md",
    ),
    "toctree_fence_broken": (
        lambda r: _replace(r / "standards/demo/index.md", "```{toctree}", "```{toctree"),
        "standards/demo/index.md:4",
        "目录（toctree）条目 general 现在不起作用了",
    ),
    "review_lock_pin_deleted": (
        lambda r: (r / LOCK).write_text(
            re.sub(r'  "Q-AAAAA1": \{[^}]*\},\n', "", (r / LOCK).read_text(encoding="utf-8")), encoding="utf-8"
        ),
        f"{LOCK}:4",
        "上次提交时本文件第 4 行试题 Q-AAAAA1 对条款 CL-AAAAA3 的审核指纹不见了（重新审核记录被手工编辑）",
    ),
    "step_id_deleted": (
        lambda r: _replace(r / "procedures/filing.md", ":id: ST-AAAAA2\n", ""),
        "procedures/filing.md:21",
        "上次提交时本文件第 21 行的 ST-AAAAA2 现在不见了，但仍有 1 处引用它（flowcharts/filing.mmd:2）",
    ),
    "chart_edge_deleted": (
        lambda r: _replace(r / "flowcharts/filing.mmd", "  ST-AAAAA3 --> ST-AAAAA5\n", ""),
        "flowcharts/filing.mmd:5",
        "上次提交时本文件第 5 行的连线 ST-AAAAA3 --> ST-AAAAA5 不见了，而流程 PR-AAAAA1 的环节仍要求这条连线",
    ),
    "reviewed_clause_edited": (
        lambda r: _replace(r / CHAPTER, "应当及时立案，并依照", "应当在三个工作日内立案，并依照"),
        f"{CHAPTER}:3",
        "条款 CL-AAAAA3 的文本已不是 4 道已审核试题审核时的文本：Q-AAAAA1（quizzes/demo.yaml:1）",
    ),
    "blank_line_in_options": (
        lambda r: _replace(r / CHAPTER, ":source: 法定\n:basis:", "\n:source: 法定\n:basis:"),
        f"{CHAPTER}:7",
        "选项 :source: 落在了指令正文中",
    ),
}


@pytest.mark.parametrize("case", sorted(MUTATIONS))
def test_the_first_message_names_the_mutated_file_and_line(committed, case):
    mutate, where, fragment = MUTATIONS[case]
    mutate(committed)
    result = _check(committed)
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{where}: ") and fragment in first, result.stdout


def test_a_deleted_released_clause_is_named_where_the_release_had_it(released):
    _cut(released / CHAPTER, "```{clause} 立案标准", "```{clause} 将来施行")
    result = _check(released)
    first = result.stdout.splitlines()[0]
    assert first.startswith(
        f"{CHAPTER}:4: 已发布的 ID 永久保留：v2026.1 发布的条款 CL-AAAAA3 不见了（发布 v2026.1 时在本文件第 4 行）"
    ), result.stdout
    # the questions testing it are named too, but as what they are: a link to an object that does not exist
    assert "quizzes/demo.yaml:11: 试题 Q-AAAAA1 考查的 CL-AAAAA3 不存在" in result.stdout
    assert "不是条款" not in result.stdout


def test_a_released_id_given_to_an_unrelated_clause_is_flagged(released):
    chapter = released / CHAPTER
    text = chapter.read_text(encoding="utf-8")
    text = text.replace("```{clause} 撤销立案", "```{clause} 罚没财物处理").replace(
        "立案后发现不属于本机关管辖的，应当撤销立案", "罚没的财物应当依法拍卖或者销毁"
    )
    chapter.write_text(text, encoding="utf-8")
    result = _check(released)
    assert any(
        ln.startswith(f"{CHAPTER}:21: 警告：已在 v2026.1 发布的条款 CL-AAAAA5 的条旨（原为“撤销立案”）和正文都变了")
        for ln in result.stderr.splitlines()
    ), result.stderr


# metamodel.yaml mutated: (the text replaced, its replacement, the line's text after the change, message fragment)
METAMODEL_CASES = {
    "unsupported_type": ("{label: 施行日期, type: date}", "{label: 施行日期, type: datum}", "effective:", "不受支持"),
    "missing_label": ("{label: 施行日期, type: date}", "{type: date}", "effective:", "fields.effective 缺少 label"),
    "pattern_not_text": (
        "id_pattern: '^CL-[0-9A-HJKMNP-TV-Z]{6}$'",
        "id_pattern: [1]",
        "id_pattern: [1]",
        "types.clause.id_pattern 应是正则表达式",
    ),
    "pattern_broken": (
        "id_pattern: '^CL-[0-9A-HJKMNP-TV-Z]{6}$'",
        "id_pattern: '^CL-(['",
        "id_pattern: '^CL-(['",
        "types.clause.id_pattern 应是正则表达式",
    ),
    "targets_not_list": ("targets: [law]", "targets: 7", "targets: 7", "links.basis.targets 应是列表"),
    "min_not_integer": ("{min: 1}", "{min: one}", "implements: {min: one}", "types.step.links.implements.min 应是整数"),
    "type_links_list": ("    links: {}\n", "    links: [basis]\n", "links: [basis]", "types.law.links 应是"),
    "dated_not_bool": (
        "    dated: true",
        "    dated: sometimes",
        "dated: sometimes",
        "types.clause.dated 应是true 或 false",
    ),
    "no_types": ("\ntypes:\n", "\ntypos:\n", None, "元模型缺少 types"),
    "status_not_text": ("  draft: 草案", "  draft: [草案]", "draft: [草案]", "statuses.draft 应是一段文字"),
    "undeclared_link_key": ("  law: basis", "  law: bases", "law: bases", "题库键 law 对应未声明的链接 bases"),
}


@pytest.mark.parametrize("case", sorted(METAMODEL_CASES))
def test_metamodel_errors_carry_their_line(tmp_path, case):
    old, new, marker, fragment = METAMODEL_CASES[case]
    repo = make_repo(tmp_path / "repo")
    meta = repo / "metamodel.yaml"
    text = meta.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    meta.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    line = next(k for k, t in enumerate(lines, 1) if marker in t and not t.lstrip().startswith("#")) if marker else 1
    result = zhifa("--root", str(repo), "check")
    out = result.stdout + result.stderr
    assert result.returncode == 2 and "Traceback" not in out, out
    said = [ln for ln in result.stderr.splitlines() if ln.startswith(f"metamodel.yaml:{line}: ")]
    assert said and fragment in said[0] and "处理：" in said[0], out


def test_a_binary_metamodel_is_named_at_line_1(tmp_path):
    repo = make_repo(tmp_path / "repo")
    (repo / "metamodel.yaml").write_bytes(b"\xff\xfe\x00types")
    result = zhifa("--root", str(repo), "check")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "metamodel.yaml:1: 元模型文件不是 UTF-8 编码的文本" in result.stderr


def test_invisible_characters_in_a_file_name_are_refused_and_never_printed_raw(tmp_path):
    repo = make_repo(tmp_path / "repo")
    (repo / "standards/demo/fil\u202eing.md").write_text("# 页面\n\n文字。\n", encoding="utf-8")
    result = _check(repo)
    expected = "文件名含有不可见字符或控制字符 U+202E"
    assert _reported(result, "standards/demo/fil\\u202eing.md:1", expected), result.stdout
    assert "\u202e" not in result.stdout + result.stderr
