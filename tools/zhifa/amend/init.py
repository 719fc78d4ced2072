"""`zhifa init 县名 文件夹`: a new county's standards repository that passes its own checks and builds at once.

The metamodel, conf.py and the practice pages are taken from the repository this tool ships in (one source:
a new county starts from the same declarations); everything else is written here. Nothing is ever written
into an existing non-empty folder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from zhifa.model import layers, metamodel

# The repository this tool ships in (tools/zhifa/amend/init.py → repository root).
TOOL_REPO = Path(__file__).resolve().parents[3]
STANDARD_DIR = "guifan"  # the first standard's folder (its title is the county's name)
PRACTICE_PAGES = ("drill/index.md", "drill/exam.md", "drill/classroom.md")


class InitError(Exception):
    """The repository cannot be created; the message says why and what to do."""


def create(
    county: str, dest: Path, base: str | None = None, release: str | None = None, prefix: str | None = None
) -> list[str]:
    """Write a new repository for ``county`` into ``dest`` (missing or empty); returns the files written.
    With ``base`` (a git repository pinned to ``release``, or a folder) the repository is a layer over it:
    the standard comes from the base, this repository holds its layers.yaml and what it adds."""
    county = county.strip()
    if not county or any(c in county for c in "\n\r`{}<>"):
        raise InitError(f"县名“{county}”不可用：请写县（市、区）的名称，如 示例县")
    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise InitError(f"{dest} 已存在且不是空文件夹：zhifa init 不会写入已有内容。请指定一个新的或空的文件夹")
    if base and not (prefix and layers.PREFIX.match(prefix)):
        raise InitError("有上级规范时须用 --prefix 写本层的 ID 前缀：1 至 3 个大写字母或数字（不用 I、L、O、U），如 ZJ")
    sources = {name: TOOL_REPO / name for name in (metamodel.METAMODEL_FILE, "conf.py", *PRACTICE_PAGES)}
    missing = [name for name, path in sources.items() if not path.is_file()]
    if missing:
        raise InitError(
            f"找不到本工具仓库中的 {'、'.join(missing)}（{TOOL_REPO}）：请从本工具的源代码仓库安装 zhifa"
            "（pip install -e 仓库路径）后再运行 zhifa init"
        )
    made = not dest.exists()
    dest.mkdir(parents=True, exist_ok=True)
    files = {}
    if base:
        files[layers.LAYERS_FILE] = _declaration(base, release, prefix, dest)
        (dest / layers.LAYERS_FILE).write_text(files[layers.LAYERS_FILE], encoding="utf-8")
        try:
            below = layers.chain(dest)[-2][0]  # fetched now: a wrong base is said at once
        except layers.LayerError as exc:
            shutil.rmtree(dest) if made else [_remove(p) for p in dest.iterdir()]
            raise InitError(f"上级规范不可用：{exc.message}。请检查 --base 和 --release") from None
        # the merged standard is read with the base's own declarations
        sources.update({name: below / name for name in (metamodel.METAMODEL_FILE, "conf.py")})
    files.update(_files(county, sources, layered=bool(base)))
    for rel, text in files.items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if shutil.which("git"):  # a repository from the start: releases and 对照表 read git history
        subprocess.run(["git", "init", "-q", "-b", "main", str(dest)], check=False, capture_output=True)
    return sorted(files)


def _remove(path: Path) -> None:
    shutil.rmtree(path) if path.is_dir() else path.unlink()


def _declaration(base: str, release: str | None, prefix: str, dest: Path) -> str:
    """layers.yaml: a folder is written relative to the new repository (repositories kept side by side move
    together); with a release the base is a git repository."""
    where = base
    if "://" not in base and not base.startswith("git@") and Path(base).exists():
        where = os.path.relpath(Path(base).resolve(), dest.resolve())
    key = "git" if release else "path"
    pin = f"  release: {release}\n" if release else ""
    return (
        "# 本仓库的上级规范（基础层）和本层的 ID 前缀；本地调整写在 overrides（须写理由 reason），\n"
        "# 不适用的条款写在 excluded（须写理由）。写法见 README.md。\n"
        f"prefix: {prefix}\nbase:\n  {key}: {where}\n{pin}"
        "overrides:\n#  CL-XXXXXX:   # 上级规范的条款 ID\n#    reason: 调整的理由\n"
        "#    text: |\n#      本地条文\n"
        "excluded:\n#  CL-YYYYYY: 不适用的理由\n"
    )


def _conf(county: str, text: str) -> str:
    """The tool repository's conf.py with this county's names."""
    names = {"project": f"{county}行政执法规范", "html_title": f"{county}行政执法规范", "author": f"{county}司法局"}
    for key, value in names.items():
        text = re.sub(rf"^{key} = .*$", f"{key} = {value!r}", text, count=1, flags=re.M)
    return text


def _tool_ref() -> str:
    """The tool's commit, pinned in the new repository's CI (empty when the tool is not a git checkout)."""
    try:
        out = subprocess.run(
            ["git", "-C", str(TOOL_REPO), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
        )
    except OSError:
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def _files(county: str, sources: dict[str, Path], layered: bool = False) -> dict[str, str]:
    title = f"{county}行政执法工作规范"
    common = {
        metamodel.METAMODEL_FILE: sources[metamodel.METAMODEL_FILE].read_text(encoding="utf-8"),
        "conf.py": _conf(county, sources["conf.py"].read_text(encoding="utf-8")),
        "README.md": README.format(county=county, title=title, standard=STANDARD_DIR)
        + (LAYERED_README if layered else ""),
        "Makefile": MAKEFILE,
        ".gitignore": "_build/\n_layers/\n.venv/\n__pycache__/\n",
        ".pre-commit-config.yaml": PRE_COMMIT,
        ".github/workflows/ci.yml": CI.format(ref=_tool_ref() or "main"),
    }
    if layered:  # the content comes from the base; this layer starts with none of its own
        return common
    files = {
        **{page: sources[page].read_text(encoding="utf-8") for page in PRACTICE_PAGES},
        "index.md": INDEX.format(county=county, title=title),
        "standards/index.md": "# 执法规范\n\n```{toctree}\n" + f"{STANDARD_DIR}/index\nrevisions\n```\n",
        "standards/revisions.md": "# 发布与修订对照\n\n```{releases}\n```\n",
        f"standards/{STANDARD_DIR}/index.md": f"# 《{title}》\n\n```{{toctree}}\nzongze\n```\n",
        f"standards/{STANDARD_DIR}/zongze.md": ZONGZE.format(standard=STANDARD_DIR),
        "procedures/index.md": PROCEDURES,
        "templates/index.md": "# 执法文书\n\n本县尚未加入执法文书模板。模板写法见 README.md。\n",
        "laws/index.md": "# 法律条文\n\n本县尚未加入法律条文。条款的法律依据须先在此加入对应的法律条文。\n",
        "glossary/index.md": "# 术语\n\n本县尚未加入术语。\n",
        "quizzes/index.md": "# 题库\n\n本县尚未加入试题。\n\n## 覆盖情况\n\n```{coverage}\n```\n",
        "quizzes/blueprint.yaml": BLUEPRINT,
        **common,
    }
    return files


INDEX = """# {county}行政执法规范

本站由 `zhifa` 从本仓库的源文件生成：按章阅读的《{title}》、法律依据、中文搜索，以及培训和考试材料。
站点不从任何外部网站加载资源，内网和离线均可使用。

## 我是新任执法人员

- [按章学习执法规范](standards/index.md)：每条标明条号、状态、施行日期和法律依据。
- [练习中心](drill/index.md)和[模拟考试](drill/exam.md)：题库中有已审核的试题后即可练习。

## 我是培训师

- [题库与覆盖情况](quizzes/index.md)：每道题考查哪些条款，哪些条款还没有试题。

## 我是法制人员

- [发布与修订对照](standards/revisions.md)：每次发布的修订对照表。

```{{toctree}}
:hidden:
:maxdepth: 2

standards/index
procedures/index
templates/index
drill/index
quizzes/index
laws/index
glossary/index
```
"""

ZONGZE = """# 总则

本章尚无条款。用 `zhifa new clause standards/{standard}/zongze.md --title 条旨` 加入条款（自动生成永久 ID）。
"""

PROCEDURES = """# 执法流程

本县尚未加入执法流程。

## 时限一览

```{objecttable}
:type: step
:columns: title, deadline, procedure, role
:where: time_limit
:sortable:
```
"""

BLUEPRINT = """# 模拟考试蓝图（尚未启用）：题库中有足够的已审核试题后，去掉下面各行的 # 号并按需要修改。
# 只抽取已审核的试题；各部分 count × points 之和必须等于 total。zhifa check 会核对试题是否够用。
# name: 行政执法资格模拟考试
# duration: 90        # 分钟
# pass: 60            # 及格分
# total: 100          # 满分
# shuffle: true
# sections:
#   - type: 单选
#     count: 40
#     points: 1
#   - type: 多选
#     count: 20
#     points: 2
#   - type: 判断
#     count: 20
#     points: 1
"""

MAKEFILE = """# make check  快速检查全部内容；make build  构建站点到 _build/html
# make test   检查并从头构建（CI 运行这一条）
ZHIFA ?= zhifa

.PHONY: check build serve test

check:
\t$(ZHIFA) check

build:
\t$(ZHIFA) build

serve:
\t$(ZHIFA) serve

test: check
\t$(ZHIFA) build --clean
"""

PRE_COMMIT = """# pre-commit install   （之后每次提交前自动运行内容检查）
repos:
  - repo: local
    hooks:
      - id: zhifa-check
        name: zhifa check (content)
        entry: zhifa check
        language: system
        pass_filenames: false
"""

CI = """# 每次推送和合并请求：安装 zhifa（本仓库变量 ZHIFA_REPO 写 zhifa 工具仓库的 git 地址），检查内容并从头构建站点。
name: ci
on: [push, pull_request]
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/checkout@v4
        with:
          repository: ${{{{ vars.ZHIFA_REPO }}}}
          ref: {ref}
          path: _tool
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: sudo bash _tool/tools/system-packages.sh serve
      - run: make -C _tool setup
      - run: make test ZHIFA="$PWD/_tool/.venv/bin/zhifa"
      - uses: actions/upload-artifact@v4
        with:
          name: site
          path: _build/html
"""

README = """# {county}行政执法规范

本仓库把《{title}》写成可追溯的条款对象（每条有永久 ID，条号按顺序自动计算，状态由施行、废止日期计算），
用 `zhifa` 生成可离线使用、可中文搜索的培训站点。仓库由 `zhifa init` 创建，开始时没有条款和试题。

## 安装和命令

需要 Python 3.11 和 zhifa 工具（在工具仓库中运行 `make setup`，然后用其中的 `.venv/bin/zhifa`，或把它加入 PATH）。

| 命令 | 作用 |
|---|---|
| `make check`（`zhifa check`） | 快速检查全部内容，逐条输出 `文件:行号: 问题。处理：…` |
| `make build`（`zhifa build`） | 构建站点到 `_build/html` |
| `make serve`（`zhifa serve`） | 构建并在 http://127.0.0.1:8000/ 预览，保存后自动刷新 |
| `make test` | 检查并从头构建（CI 运行的就是这条命令；用其他位置的 zhifa 时写 `make test ZHIFA=路径/zhifa`） |
| `zhifa release` | 发布：附注标签 vYYYY.N 和 ID 登记表 |

CI（`.github/workflows/ci.yml`）需要在仓库设置中添加变量 `ZHIFA_REPO`（zhifa 工具仓库，如 `单位/zhifa`），
工具版本固定为创建本仓库时的提交。`pre-commit install` 后，每次提交前自动运行 `zhifa check`。

## 新任执法人员

打开站点首页，选择“我是新任执法人员”，按章阅读规范：每条显示条号、状态、施行日期、来源和法律依据；
题库中有已审核的试题后，可在“练习中心”练习、在“模拟考试”限时作答，进度保存在浏览器中。

## 培训师

试题写在 `quizzes/*.yaml`（`zhifa new question quizzes/文件.yaml --title 题干` 新建），每题链接所考查的条款；
“题库”页面显示每条的覆盖情况。模拟考试的组成写在 `quizzes/blueprint.yaml`（开始时整份注释掉，
有足够的已审核试题后去掉 `#` 启用）。

## 法制人员

条款写在 `standards/{standard}/` 的章节文件中：`zhifa new clause standards/{standard}/zongze.md --title 条旨`
加入一条（生成永久 ID，标为草案），填好施行日期、来源（法定/示范）和正文后删除 `:draft:`。
法定条款的法律依据（`:basis:`）须先在 `laws/` 中加入对应的法律条文。新的一章：在 `standards/{standard}/`
中新建文件并加入该规范 `index.md` 的目录。修改后运行 `make check`，再 `make serve` 预览。
"""

LAYERED_README = """
## 上级规范（层）

本仓库是上级规范的一层，声明在 `layers.yaml`：`base` 是上级规范（`git:` 仓库加 `release:` 发布标签，
取到被 git 忽略的 `_layers/` 文件夹；或 `path:` 本机文件夹），`prefix` 是本层新增对象的 ID 前缀
（`zhifa new` 自动使用）。`zhifa check` 和 `zhifa build` 读的是合并后的规范：上级规范的条款原样采用；
`overrides` 中的条款用本地条文（同一永久 ID，须写 `reason` 理由）；`excluded` 中的条款不适用（须写理由）；
本地新增的章写在新文件中，并在同路径的目录页（如 `standards/规范/index.md`，复制上级的一份后加上本地的章）中列出。
站点上每条注明“上级规范”“本地调整”（附理由和与上级原文的差异）或“本地新增”。
"""
