"""The issue's acceptance check: a copy of the real repository with six deliberate mistakes in six
files makes `check` print exactly six path:line errors and exit 1, and makes the build fail."""

from __future__ import annotations

import re

from conftest import copy_real_repo, sphinx_build, zhifa
from zhifa.model import repo


def _break(root, obj, old_line: str, new_line: str) -> tuple[str, int]:
    path = root / obj.path
    lines = path.read_text(encoding="utf-8").splitlines()
    k = next(i for i in range(obj.line - 1, len(lines)) if lines[i] == old_line)
    lines[k] = new_line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return obj.path, k + 1


def test_six_mistakes_in_six_files(tmp_path):
    root = copy_real_repo(tmp_path / "repo")
    source = repo.load(root)
    by_file = {}
    for o in source.objects:
        if o.type == "clause" and o.value("basis") and o.value("source") == "法定":
            by_file.setdefault(o.path, o)
    objs = list(by_file.values())[:6]
    assert len(objs) == 6, "the real content should have statutory clauses in at least six files"
    a, b, c, d, e, f = objs
    expected = {
        _break(root, a, f":basis: {a.value('basis')}", f":basis: {a.value('basis').replace('LAW-', 'LAW-X', 1)}"),
        _break(root, b, ":source: 法定", ":source: 法律"),
        _break(root, c, f":basis: {c.value('basis')}", f":basis: {a.id}"),
        _break(root, d, f":effective: {d.value('effective')}", ":effective: 2024-02-30"),
        _break(root, e, e.body[0], e.body[0] + "依照本规范第三条办理。"),
        _break(root, f, f.body[0], f.body[0] + "<script>alert(1)</script>"),
    }
    result = zhifa("--root", str(root), "check")
    assert result.returncode == 1
    reported = {(m.group(1), int(m.group(2))) for m in re.finditer(r"^(\S+\.md):(\d+): ", result.stdout, re.M)}
    assert reported == expected, result.stdout
    assert len({path for path, _ in expected}) == 6
    build = sphinx_build(root, tmp_path / "out")
    assert build.returncode != 0
    for path, line in expected:
        assert f"{path}:{line}: " in build.stderr
