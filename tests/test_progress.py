"""A build on a terminal shows its phases with counts and time left; in CI or into a pipe it stays quiet."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from conftest import BUILD_DATE, make_repo


def _build(repo, out, env, terminal: bool) -> str:
    cmd = [sys.executable, "-m", "zhifa.cli", "--root", str(repo), "build", "--out", str(out), "--date", BUILD_DATE]
    if not terminal:
        done = subprocess.run(cmd, capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout + done.stderr
    main, child = pty.openpty()
    proc = subprocess.Popen(cmd, stdin=child, stdout=child, stderr=child, env=env)
    os.close(child)
    said = bytearray()
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: the build ended
            break
        if not chunk:
            break
        said += chunk
    os.close(main)
    assert proc.wait() == 0, said.decode("utf-8", "replace")
    return said.decode("utf-8", "replace")


def test_phases_with_counts_and_time_left_on_a_terminal_only(tmp_path):
    repo = make_repo(tmp_path / "repo")
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "ZHIFA_PROGRESS")}
    shown = _build(repo, tmp_path / "a", env, terminal=True)
    docs = len(list(repo.rglob("*.md")))
    assert "读取源文件" in shown and f"{docs}/{docs}" in shown  # every source counted
    assert "写出页面" in shown and "剩余" in shown and "站点已生成" in shown

    piped = _build(repo, tmp_path / "b", env, terminal=False)
    assert "站点已生成" in piped and "读取源文件" not in piped and "剩余" not in piped
    in_ci = _build(repo, tmp_path / "c", {**env, "CI": "true"}, terminal=True)
    assert "站点已生成" in in_ci and "读取源文件" not in in_ci
