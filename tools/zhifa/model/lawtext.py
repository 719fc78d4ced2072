"""Official law text, offline: ``zhifa laws import FILE --law 名称``.

A legal office saves a law from the official database as a .txt or .docx file in which every article starts
with 第X条 (Chinese numerals; 编/章/节 headings allowed). The importer checks that the file is that law and
that its articles run 第一条, 第二条, … without gaps or repeats, then writes the article texts to
``laws/text/<code>.json`` (the code is the one in the law objects' IDs, e.g. LAW-XZCF-054 → xzcf.json).
The site shows each law object's official text beside its 要旨. The repository itself keeps only its own
要旨; whether the imported files are committed is the legal office's decision.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

TEXT_DIR = Path("laws") / "text"
NUMERALS = "零〇一二三四五六七八九十百千"
# 第五十四条　行政机关…  /  第五十四条之一 …  (the article number, then a space or the end of the line)
ARTICLE = re.compile(rf"^第([{NUMERALS}]+)条(?:之([{NUMERALS}]+))?(?:[\s\u3000]+(.*))?$")
HEADING = re.compile(rf"^第[{NUMERALS}]+(?:编|分编|章|节)(?:[\s\u3000]|$)")
LAW_TITLE = re.compile(r"《?((?:中华人民共和国)?[\u4e00-\u9fff（）()]{2,40}?(?:法|条例|规定|办法|规则|决定))》?")


class ImportFailed(Exception):
    """A user's mistake in the input: the message names the file, the line and what to do."""


@dataclass
class Article:
    number: int
    sub: int  # 之一 → 1; 0 for an ordinary article
    line: int
    paragraphs: list[str]

    @property
    def key(self) -> str:
        return str(self.number) if not self.sub else f"{self.number}-{self.sub}"


def chinese_number(text: str) -> int:
    """五十四 → 54, 一百零五 → 105, 十 → 10 (article numbers as the official texts write them)."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}
    units = {"十": 10, "百": 100, "千": 1000}
    total, current = 0, 0
    for ch in text:
        if ch in units:
            total += (current or 1) * units[ch]
            current = 0
        else:
            current = digits[ch]
    return total + current


def short_name(name: str) -> str:
    """《中华人民共和国行政处罚法》（2021年修订） → 行政处罚法: what two spellings of one law share."""
    name = re.sub(r"[《》\s\u3000]", "", name)
    name = re.sub(r"[（(][^）)]*[）)]$", "", name)
    return name.removeprefix("中华人民共和国")


def read_lines(path: Path) -> list[str]:
    """The file's lines: paragraphs of a .docx, lines of a .txt (UTF-8, or GB18030 as Windows saves it)."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        try:
            import docx

            document = docx.Document(str(path))
        except Exception as exc:  # python-docx raises several kinds for a file that is not a Word file
            raise ImportFailed(
                f"{path}: 不是有效的 .docx 文件（{type(exc).__name__}）。"
                "处理：用 Word 或 WPS 打开后另存为 .docx，或另存为 UTF-8 编码的 .txt"
            ) from None
        return [p.text for p in document.paragraphs]
    if suffix != ".txt":
        raise ImportFailed(f"{path}: 只能导入 .txt 或 .docx 文件。处理：把法律全文另存为 .txt（UTF-8）或 .docx")
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding).splitlines()
        except UnicodeDecodeError:
            continue
    raise ImportFailed(f"{path}: 无法识别文件编码。处理：另存为 UTF-8 编码的 .txt")


def parse(path: Path, lines: list[str]) -> tuple[list[str], list[Article]]:
    """The lines before the first article (title, revision notes, table of contents) and the articles."""
    preamble: list[str] = []
    articles: list[Article] = []
    for k, raw in enumerate(lines, 1):
        line = raw.strip().strip("\u3000").strip()
        if not line:
            continue
        m = ARTICLE.match(line)
        if m:
            first = (m.group(3) or "").strip()
            articles.append(
                Article(
                    chinese_number(m.group(1)),
                    chinese_number(m.group(2)) if m.group(2) else 0,
                    k,
                    [first] if first else [],
                )
            )
        elif HEADING.match(line):
            continue  # 第一章 总则 / 第二节 简易程序: structure, not article text
        elif articles:
            articles[-1].paragraphs.append(line)
        else:
            preamble.append(line)
    return preamble, articles


def validate(path: Path, law: str, preamble: list[str], articles: list[Article]) -> None:
    """Another law's file, no articles, gaps, repeats or articles out of order: a clear error."""
    wanted = short_name(law)
    for line in preamble[:3]:
        m = LAW_TITLE.fullmatch(re.sub(r"[\s\u3000]", "", line))
        if m and short_name(m.group(1)) != wanted:
            raise ImportFailed(
                f"{path}: 文件标题是《{m.group(1)}》，不是 --law 指定的《{law}》。"
                f"处理：确认导入的文件是《{law}》的全文，或把 --law 改为文件所载的法律"
            )
    if not articles:
        raise ImportFailed(
            f"{path}: 没有找到任何以“第X条”开头的条文。处理：每条条文应另起一行，"
            "以“第一条”“第二条”等开头（条号用汉字数字）"
        )
    for a in articles:
        if not a.paragraphs:
            raise ImportFailed(f"{path}:{a.line}: 第{a.number}条没有正文。处理：检查该条是否被截断，补全后重新导入")
    seen: dict[str, Article] = {}
    expected = 1
    for a in articles:
        if a.key in seen:
            raise ImportFailed(
                f"{path}:{a.line}: {label(a)}重复（第{seen[a.key].line}行已有该条）。"
                "处理：删除重复的条文，或改正条号后重新导入"
            )
        seen[a.key] = a
        if a.sub:
            if a.number != expected - 1:
                raise ImportFailed(
                    f"{path}:{a.line}: {label(a)}不在第{a.number}条之后。处理：按官方文本的顺序排列条文后重新导入"
                )
            continue
        if a.number != expected:
            what = (
                f"缺少第{expected}条"
                if a.number > expected
                else f"条号顺序不对：第{a.number}条出现在第{expected - 1}条之后"
            )
            raise ImportFailed(
                f"{path}:{a.line}: {what}（本行是第{a.number}条）。"
                "处理：对照官方文本补全缺少的条文或改正条号，每条条文以“第X条”开头另起一行，然后重新导入"
            )
        expected += 1


def label(a: Article) -> str:
    """第54条 / 第54条之1: how messages name an article (Arabic numerals, easy to find in the file)."""
    return f"第{a.number}条" + (f"之{a.sub}" if a.sub else "")


def law_code(root: Path, law: str) -> tuple[str, str, int]:
    """The law as the repository names it (its objects' :law:), the code of their IDs (XZCF → xzcf) and the
    highest article number an object of it holds."""
    from zhifa.model import repo

    wanted = short_name(law)
    known: dict[str, set[str]] = {}
    highest: dict[str, int] = {}
    repository = repo.load(root)
    law_article = repository.model.role("law_article")
    for o in repository.objects:
        if o.type == law_article and o.value("law") and o.id:
            known.setdefault(o.value("law"), set()).add(o.id.split("-")[1])
            if (o.value("article") or "").isascii() and (o.value("article") or "").isdigit():
                highest[o.value("law")] = max(highest.get(o.value("law"), 0), int(o.value("article")))
    for name, codes in known.items():
        if short_name(name) == wanted and len(codes) == 1:
            return name, next(iter(codes)).lower(), highest.get(name, 0)
    names = "、".join(f"《{n}》" for n in sorted(known)) or "（无）"
    raise ImportFailed(f"--law {law}: 仓库中没有这部法律的条文对象。处理：--law 写仓库已收录的法律之一：{names}")


def import_file(root: Path, source: Path, law: str) -> Path:
    """Check ``source`` and write its articles to laws/text/<code>.json; returns the written file."""
    if not source.is_file():
        raise ImportFailed(f"{source}: 文件不存在。处理：检查文件路径")
    name, code, highest = law_code(root, law)
    lines = read_lines(source)
    preamble, articles = parse(source, lines)
    validate(source, name, preamble, articles)
    last = max(a.number for a in articles)
    if last < highest:
        raise ImportFailed(
            f"{source}: 文件只到第{last}条，而仓库的条文对象收录了《{name}》第{highest}条。"
            "处理：文件可能不完整，请从官方数据库重新保存全文后导入"
        )
    target = root / TEXT_DIR / f"{code}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "law": name,
        "source": source.name,
        "sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
        "articles": {a.key: "\n".join(a.paragraphs) for a in articles},
    }
    target.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return target


def load(root: Path, code: str) -> dict[str, str]:
    """The imported articles of one law (by its ID code), or {} when none were imported or the file is unreadable."""
    try:
        data = json.loads((root / TEXT_DIR / f"{code.lower()}.json").read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data["articles"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def digest(root: Path) -> str:
    """What the imported texts are, for rebuilding the law pages when one changes."""
    h = hashlib.blake2b(digest_size=16)
    folder = root / TEXT_DIR
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else ():
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


# ---- command line ---------------------------------------------------------------------------------


def cmd_import(args) -> int:
    root = Path(getattr(args, "root", ".") or ".").resolve()
    try:
        target = import_file(root, Path(args.file), args.law)
    except ImportFailed as exc:
        print(exc, file=sys.stderr)
        return 1
    count = len(json.loads(target.read_text(encoding="utf-8"))["articles"])
    print(
        f"已导入《{json.loads(target.read_text(encoding='utf-8'))['law']}》{count} 条条文：{target.relative_to(root)}"
        "（构建站点后，法律条文页面在要旨旁显示官方条文）"
    )
    return 0


def register(subparsers) -> argparse.ArgumentParser:
    """Add ``laws`` with its ``import`` subcommand to the zhifa command line (``subparsers`` of argparse)."""
    laws = subparsers.add_parser("laws", help="法律条文：导入官方文本")
    sub = laws.add_subparsers(dest="laws_command", metavar="子命令")
    sub.required = True
    imp = sub.add_parser("import", help="导入一部法律的官方文本（.txt 或 .docx，条文以“第X条”开头）")
    imp.add_argument("file", help="从官方数据库保存的 .txt 或 .docx 文件")
    imp.add_argument("--law", required=True, help="法律名称，如 行政处罚法 或 中华人民共和国行政处罚法")
    imp.set_defaults(func=cmd_import)
    return laws


def main(argv: list[str] | None = None) -> int:
    """``python -m zhifa.lawtext [--root 仓库] laws import FILE --law 名称``: the same command line as
    ``zhifa [--root 仓库] laws import …`` once register() is wired into zhifa's own parser."""
    parser = argparse.ArgumentParser(prog="zhifa")
    parser.add_argument("--root", default=".", help="仓库根目录（默认当前目录）")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
