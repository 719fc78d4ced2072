"""Command-line arguments checked where they are read: argparse ``type=`` functions for dates, seeds, ports,
the repository root and input files, and a parser whose errors are in Chinese. A bad argument ends with a
message naming the option and the expected form, and exit code 2; no command sees an unchecked value."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

SEED_MAX = 2**32 - 1  # the site's PRNG (mulberry32) takes a 32-bit unsigned seed
PORT_MAX = 65535


def date(option: str = "--date"):
    """A calendar date written YYYY-MM-DD (as ``status.build_date`` reads it), for ``option``."""

    def parse(value: str) -> str:
        text = value.strip()
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError(text)
            dt.date.fromisoformat(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{option} 应为 YYYY-MM-DD 格式的有效日期（如 2026-06-01），而不是“{value}”"
            ) from None
        return text

    parse.__name__ = "date"
    return parse


def _whole(value: str, low: int, high: int, message: str) -> int:
    """An integer in [low, high]; otherwise argparse's error with ``message`` (what is expected)."""
    try:
        number = int(value.strip(), 10)
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise argparse.ArgumentTypeError(f"{message}，而不是“{value}”")
    return number


def seed(value: str) -> int:
    """A paper number: the site's exam page accepts 0 … 2³²−1 (drill/exam.html?seed=…)."""
    return _whole(
        value, 0, SEED_MAX, f"--seed 应为 0 到 {SEED_MAX} 之间的整数（站点的模拟考试只接受这个范围内的试卷编号）"
    )


def port(value: str) -> int:
    return _whole(value, 1, PORT_MAX, f"--port 应为 1 到 {PORT_MAX} 之间的整数端口号（如 8000）")


def paper_id(value: str) -> str:
    """A paper number for file names and the 答题卡: letters, digits, - and _ (e.g. 2026, 2026春季)."""
    text = value.strip()
    if not re.fullmatch(r"[0-9A-Za-z\u4e00-\u9fff][0-9A-Za-z\u4e00-\u9fff_-]{0,39}", text):
        raise argparse.ArgumentTypeError(
            f"--paper 应为 1–40 个字母、数字、汉字、- 或 _（不以 - 或 _ 开头，如 2026），而不是“{value}”"
        )
    return text


def variants(value: str) -> int:
    """How many papers of one room (A/B…): 1 to 6."""
    return _whole(value, 1, 6, "--variants 应为 1 到 6 之间的整数（2 即 A/B 卷）")


def root(value: str) -> str:
    """An existing folder (whether it holds a standards repository is checked per command: see ``repository``)."""
    path = Path(value).expanduser()
    if not path.exists():
        raise argparse.ArgumentTypeError(f"--root 指定的文件夹不存在：{value}；请写出规范仓库的根目录")
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"--root 应是一个文件夹，而 {value} 是文件；请写出规范仓库的根目录")
    return value


def not_a_repository(root_dir: Path) -> str | None:
    """Why ``root_dir`` is not a standards repository, or None when it is one (it holds metamodel.yaml)."""
    from zhifa.model.metamodel import METAMODEL_FILE

    if (root_dir / METAMODEL_FILE).is_file():
        return None
    return (
        f"{root_dir} 不是规范仓库：其中没有 {METAMODEL_FILE}。"
        f"请在仓库根目录下运行 zhifa，或用 --root 指定含有 {METAMODEL_FILE} 的文件夹"
    )


def folder(option: str, what: str):
    """An existing folder to read from."""

    def parse(value: str) -> str:
        path = Path(value).expanduser()
        if not path.exists():
            raise argparse.ArgumentTypeError(f"{option}：找不到{what} {value}")
        if not path.is_dir():
            raise argparse.ArgumentTypeError(f"{option}：{value} 不是文件夹；请指定存放{what}的文件夹")
        return value

    parse.__name__ = "folder"
    return parse


def json_file(option: str, what: str, keys: tuple[str, ...], hint: str):
    """An existing JSON file holding an object with ``keys`` (a published bank, a release manifest)."""

    def parse(value: str) -> str:
        path = Path(value).expanduser()
        if not path.exists():
            raise argparse.ArgumentTypeError(f"{option}：找不到{what} {value}；{hint}")
        if not path.is_file():
            raise argparse.ArgumentTypeError(f"{option}：{value} 是文件夹，不是{what}；{hint}")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            data = None
        if not isinstance(data, dict) or any(k not in data for k in keys):
            raise argparse.ArgumentTypeError(f"{option}：{value} 不是{what}（不是本工具生成的 JSON 文件）；{hint}")
        return value

    parse.__name__ = "json_file"
    return parse


_ARGUMENT = re.compile(r"argument (?P<name>[^:]+): (?P<rest>.*)", re.S)
_CHOICE = re.compile(r"invalid choice: '(?P<value>.*)' \(choose from (?P<choices>.*)\)", re.S)
_INVALID = re.compile(r"invalid \S+ value: '(?P<value>.*)'", re.S)


def chinese(message: str) -> str:
    """argparse's own (English) error messages, said in Chinese."""
    if message.startswith("the following arguments are required: "):
        return "缺少必需的参数：" + message.split(": ", 1)[1].replace(", ", "、")
    if message.startswith("unrecognized arguments: "):
        return "无法识别的参数：" + message.split(": ", 1)[1]
    m = _ARGUMENT.fullmatch(message)
    if not m:
        return message
    name, rest = m["name"], m["rest"]
    first = name.split("/")[0]
    if c := _CHOICE.fullmatch(rest):
        choices = "、".join(x.strip("'") for x in c["choices"].split(", "))
        if first == "命令":
            return f"没有名为“{c['value']}”的命令；可用的命令：{choices}"
        return f"{first} 的取值“{c['value']}”无效；可选：{choices}"
    if i := _INVALID.fullmatch(rest):
        return f"{first} 的取值“{i['value']}”无效"
    if rest == "expected one argument":
        return f"{first} 后面需要写一个值"
    if rest.startswith("expected "):
        return f"{first} 后面的值个数不对"
    if rest.startswith("not allowed with argument "):
        return f"{first} 不能与 {rest.removeprefix('not allowed with argument ')} 同时使用"
    if re.search(r"[\u4e00-\u9fff]", rest):  # our own type= messages, in Chinese, already name the option
        return rest
    return f"{first}：{rest}"


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that reports errors in Chinese, with a hint, and exits with code 2."""

    def error(self, message: str):
        usage = self.format_usage().replace("usage: ", "用法：", 1)
        sys.stderr.write(usage)
        sys.stderr.write(f"{self.prog}：参数错误：{chinese(message)}\n")
        self.exit(2, f"运行 {self.prog} --help 查看各参数的写法。\n")
