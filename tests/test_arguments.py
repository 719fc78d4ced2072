"""Every command-line argument is checked before a command runs: a bad one ends with a Chinese message
naming the option and the expected form, exit code 2, and never a traceback."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest

from conftest import ROOT, make_repo, zhifa
from zhifa import arguments


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    return make_repo(tmp_path_factory.mktemp("args") / "repo")


def refused(result: subprocess.CompletedProcess, *said: str) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    for s in said:
        assert s in result.stderr, result.stderr
    return result.stderr


DATE_COMMANDS = [
    ("export", "--format", "gift"),
    ("release",),
    ("build",),
    ("serve",),
    ("diff", "a", "b"),
    ("pr-report", "a", "b"),
    ("standard", "chufa"),
    ("verify",),
    ("new", "clause", "f.md", "--title", "t"),
    ("check",),
]


@pytest.mark.parametrize("command", DATE_COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("value", ["2026-13-45", "2026/01/01", "x", "20260101"])
def test_a_bad_date_is_refused_in_every_command(repo, command, value):
    err = refused(zhifa("--root", str(repo), *command, "--date", value), "--date", "YYYY-MM-DD", f"“{value}”")
    assert "参数错误" in err


def test_check_keeps_its_date_message(repo):
    refused(zhifa("--root", str(repo), "check", "--date", "2024-02-30"), "YYYY-MM-DD")


def test_a_good_date_is_accepted(repo):
    result = zhifa("--root", str(repo), "check", "--date", "2026-06-01")
    assert result.returncode == 0 and "构建日期 2026-06-01" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("value", ["-5", "4294967296", "99999999999", "abc", "1.5"])
def test_a_seed_outside_the_sites_range_is_refused(repo, value):
    result = zhifa("--root", str(repo), "exam", "--seed", value)
    refused(result, "--seed", "0 到 4294967295", f"“{value}”")
    assert "exam.html?seed=" not in result.stdout


@pytest.mark.parametrize("value", ["0", "65536", "-1", "http"])
def test_a_bad_port_is_refused(repo, value):
    refused(zhifa("--root", str(repo), "serve", "--no-build", "--port", value), "--port", "1 到 65535", f"“{value}”")


def test_a_port_in_use_is_said_plainly(repo, tmp_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        result = zhifa("--root", str(repo), "serve", "--no-build", "--out", str(tmp_path), "--port", str(port))
    refused(result, f"无法在端口 {port} 启动预览服务器", "--port")


def test_a_missing_root_is_refused(tmp_path):
    refused(zhifa("--root", str(tmp_path / "nowhere"), "check"), "--root", "不存在")


def test_a_root_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    refused(zhifa("--root", str(tmp_path / "a.md"), "export", "--format", "gift"), "--root", "是文件")


@pytest.mark.parametrize(
    "command",
    [
        ("check",),
        ("export", "--format", "gift"),
        ("release",),
        ("standard", "x"),
        ("verify", "--text", "x"),
        ("new", "clause", "f.md", "--title", "t"),
        ("build",),
        ("diff", "a", "b"),
    ],
    ids=lambda c: c[0],
)
def test_a_folder_without_metamodel_is_not_a_repository(tmp_path, command):
    refused(zhifa("--root", str(tmp_path), *command), "不是规范仓库", "metamodel.yaml")


def test_a_missing_bank_is_refused(repo, tmp_path):
    refused(
        zhifa("--root", str(repo), "exam", "--seed", "7", "--bank", str(tmp_path / "nope.json")),
        "--bank",
        "找不到已发布的题库",
        "zhifa build",
    )
    (tmp_path / "attempts").mkdir()
    refused(
        zhifa("--root", str(repo), "results", str(tmp_path / "attempts"), "--bank", str(tmp_path / "nope.json")),
        "--bank",
        "找不到已发布的题库",
    )


def test_the_default_bank_must_exist(repo, tmp_path):
    refused(zhifa("--root", str(repo), "exam", cwd=tmp_path), "--bank", "_build/html/zhifa-bank.json", "zhifa build")


def test_a_bank_that_is_a_folder_or_not_json_is_refused(repo, tmp_path):
    refused(zhifa("--root", str(repo), "exam", "--bank", str(tmp_path)), "--bank", "是文件夹")
    bad = tmp_path / "bank.json"
    bad.write_text("{", encoding="utf-8")
    refused(zhifa("--root", str(repo), "exam", "--seed", "1", "--bank", str(bad)), "--bank", "不是已发布的题库")


def test_a_missing_results_folder_is_refused(repo, tmp_path):
    refused(zhifa("--root", str(repo), "results", str(tmp_path / "none")), "成绩文件夹", "找不到")
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    refused(zhifa("--root", str(repo), "results", str(tmp_path / "a.json")), "成绩文件夹", "不是文件夹")


def test_a_missing_or_bad_manifest_is_refused(repo, tmp_path):
    refused(
        zhifa("--root", str(repo), "verify", "--manifest", str(tmp_path / "v2026.1.json")),
        "--manifest",
        "找不到发布清单",
    )
    (tmp_path / "v.json").write_text("[]", encoding="utf-8")
    refused(zhifa("--root", str(repo), "verify", "--manifest", str(tmp_path / "v.json")), "--manifest", "不是发布清单")


def test_a_bad_build_date_in_the_environment_is_refused(repo):
    env = {**os.environ, "ZHIFA_BUILD_DATE": "2026-99-01"}
    result = subprocess.run(
        [sys.executable, "-m", "zhifa.cli", "--root", str(repo), "export", "--format", "gift"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    refused(result, "ZHIFA_BUILD_DATE", "YYYY-MM-DD")


def test_argparse_errors_are_in_chinese(repo):
    refused(zhifa("--root", str(repo), "frob"), "没有名为“frob”的命令", "zhifa --help")
    refused(zhifa("--root", str(repo), "export", "--format", "docx"), "--format 的取值“docx”无效", "moodle")
    refused(zhifa("--root", str(repo), "new", "clause"), "缺少必需的参数", "--title")
    refused(zhifa("--root", str(repo), "check", "--date"), "--date 后面需要写一个值")
    refused(zhifa("--root", str(repo), "check", "--frob"), "无法识别的参数：--frob")


def test_the_type_functions():
    assert arguments.seed("0") == 0 and arguments.seed("4294967295") == 2**32 - 1
    assert arguments.port("1") == 1 and arguments.port("65535") == 65535
    assert arguments.date()("2024-02-29") == "2024-02-29"
    for fn, value in (
        (arguments.seed, "4294967296"),
        (arguments.seed, "-1"),
        (arguments.port, "65536"),
        (arguments.date(), "2023-02-29"),
        (arguments.date("--as-of"), "2026-1-1"),
    ):
        with pytest.raises(argparse.ArgumentTypeError):
            fn(value)
    with pytest.raises(argparse.ArgumentTypeError, match="--as-of.*YYYY-MM-DD"):
        arguments.date("--as-of")("x")
