"""A federation of county sites (issue 27): the config listing them, their published files read from a folder or
an intranet URL, and the comparison computed from those files alone (no county is built here).

The config (YAML)::

    title: 某市行政执法规范对照        # optional
    latest: {city: v2026.2}           # optional: the newest release of each base (default: newest any county pins)
    counties:
      - name: 甲县
        site: ../jia/_build/html      # a folder (relative to the config) or an http(s) URL of a published site

Each county publishes needs.json (its merged standard), zhifa-layers.json (sphinx/federation.py) and
zhifa-bank.json. A county whose needs.json or zhifa-layers.json cannot be read is listed with the reason and
skipped; a missing bank only leaves its coverage unknown. Two counties with the same layer prefix, or a malformed
config, is a ConfigError at the config's line.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from zhifa.amend.history import release_key
from zhifa.model import layers, yamlfile

NEEDS, LAYERS, BANK = "needs.json", "zhifa-layers.json", "zhifa-bank.json"
TIMEOUT = 10  # seconds per file fetched from a URL: an unreachable county is skipped, never waited for
KEYS = ("title", "latest", "counties")
COUNTY_KEYS = ("name", "site")
ID = re.compile(r"^[A-Z][A-Z0-9]*(-[0-9A-Z]+)+$")
ADOPTED, OVERRIDDEN, EXCLUDED, ADDED = layers.ADOPTED, layers.OVERRIDDEN, layers.EXCLUDED, layers.ADDED


class ConfigError(Exception):
    """``path:line: message。处理：hint``"""

    def __init__(self, path: str, line: int, message: str, hint: str):
        super().__init__(f"{path}:{line}: {message}。处理：{hint}")


class Unreadable(Exception):
    """A county's published file that cannot be fetched or is not what a zhifa site publishes."""


@dataclass
class Clause:
    title: str
    text: str
    status: str


@dataclass
class County:
    name: str
    site: str
    line: int
    prefix: str | None = None
    base: tuple[str, str | None] | None = None  # (base name, release)
    clauses: dict[str, Clause] = field(default_factory=dict)  # the merged standard's clauses, in site order
    origins: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, dict] = field(default_factory=dict)
    excluded: dict[str, dict] = field(default_factory=dict)
    current_status: str = ""
    tested: set[str] | None = None  # clauses tested by a published (reviewed) question; None: no bank
    questions: int = 0
    problems: list[str] = field(default_factory=list)  # files that could not be read (the county still shown)

    @property
    def in_force(self) -> list[str]:
        return [cid for cid, c in self.clauses.items() if c.status == self.current_status]

    @property
    def covered(self) -> int:
        return len(set(self.in_force) & (self.tested or set()))

    @property
    def added(self) -> list[str]:
        return [cid for cid in self.clauses if self.origins.get(cid) == ADDED]


@dataclass
class Entry:
    """One county's stand on one base clause."""

    kind: str  # ADOPTED / OVERRIDDEN / EXCLUDED, or "" when the county's base does not have it
    reason: str = ""
    base_title: str = ""
    base_text: str = ""
    title: str = ""
    text: str = ""


@dataclass
class Row:
    id: str
    title: str
    text: str
    entries: dict[str, Entry]  # county name → entry

    @property
    def deviating(self) -> list[str]:
        return [n for n, e in self.entries.items() if e.kind in (OVERRIDDEN, EXCLUDED)]


@dataclass
class Federation:
    title: str
    counties: list[County]  # read (possibly with problems), in config order
    skipped: list[tuple[County, str]]  # (county, why) not read at all
    latest: dict[str, str]  # base name → its newest release
    rows: list[Row]

    def lagging(self, county: County) -> bool:
        return bool(county.base and county.base[1] and self.latest.get(county.base[0]) != county.base[1])


# ---- the config ----------------------------------------------------------------------------------------------


@dataclass
class Config:
    path: Path
    title: str
    latest: dict[str, str]
    counties: list[County]


def read_config(path: Path) -> Config:
    shown = str(path)
    try:
        data, node = yamlfile.load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(shown, 1, f"无法读取联邦配置（{exc.strerror}）", "检查文件路径") from None
    except UnicodeDecodeError:
        raise ConfigError(shown, 1, "文件不是 UTF-8 编码", "用 UTF-8 重新保存") from None
    except yamlfile.YamlError as exc:
        raise ConfigError(shown, exc.line, f"YAML 语法错误：{exc.message}", "检查缩进和冒号") from None
    if not isinstance(data, dict):
        raise ConfigError(shown, 1, "联邦配置应是“键: 值”的映射", "写 title、latest、counties")
    for key in data:
        if key not in KEYS:
            where = yamlfile.line_of(node, key)
            raise ConfigError(shown, where, f"未知的键 {key}", f"只可写 {'、'.join(KEYS)}")
    latest = data.get("latest") or {}
    if not isinstance(latest, dict) or not all(isinstance(v, str) and v for v in latest.values()):
        raise ConfigError(
            shown,
            yamlfile.line_of(node, "latest"),
            "latest 应是“上级规范名: 发布标签”的映射",
            "如 latest: {city: v2026.2}",
        )
    counties = data.get("counties")
    items = _value(node, "counties")
    if not isinstance(counties, list) or not counties:
        raise ConfigError(
            shown,
            yamlfile.line_of(node, "counties"),
            "缺少县（区）列表 counties",
            "写 counties: 加每县一项 - name: 县名 和 site: 站点文件夹或网址",
        )
    out: list[County] = []
    names: dict[str, int] = {}
    for item, item_node in zip(counties, items.value):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict):
            raise ConfigError(shown, line, "每县应写 name 和 site", "如 - name: 甲县 加下一行 site: ../jia/_build/html")
        for key in item:
            if key not in COUNTY_KEYS:
                raise ConfigError(
                    shown,
                    yamlfile.line_of(item_node, key, line),
                    f"未知的键 {key}",
                    f"每县只写 {'、'.join(COUNTY_KEYS)}",
                )
        name, site = str(item.get("name") or "").strip(), str(item.get("site") or "").strip()
        if not name or not site:
            missing = "name（县名）" if not name else "site（已发布站点的文件夹或网址）"
            raise ConfigError(shown, line, f"这一县缺少 {missing}", "每县都写 name 和 site")
        if name in names:
            raise ConfigError(shown, line, f"县名 {name} 重复（第 {names[name]} 行已有）", "每县只列一次")
        names[name] = line
        if "://" in site and not site.startswith(("http://", "https://")):
            raise ConfigError(
                shown, line, f"{name} 的站点地址 {site} 不是 http(s) 网址", "写 http:// 或 https:// 网址，或文件夹路径"
            )
        out.append(County(name, site, line))
    return Config(Path(path), str(data.get("title") or "行政执法规范联邦对照"), dict(latest), out)


def _value(node, key: str):
    for k, v in getattr(node, "value", []):
        if k.value == key:
            return v
    return None


# ---- reading a county's published files ----------------------------------------------------------------------


def fetch(site: str, name: str, anchor: Path) -> bytes:
    """A published file of ``site`` (a URL, or a folder relative to ``anchor``). Raises Unreadable."""
    if site.startswith(("http://", "https://")):
        url = site.rstrip("/") + "/" + name
        try:
            with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            raise Unreadable(f"无法读取 {url}（HTTP {exc.code}）") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            why = getattr(exc, "reason", None) or exc
            raise Unreadable(f"无法读取 {url}（{why}）") from None
    path = (anchor / site / name).resolve()
    try:
        return path.read_bytes()
    except OSError as exc:
        raise Unreadable(f"无法读取 {path}（{exc.strerror}）") from None


def _json(site: str, name: str, anchor: Path) -> object:
    raw = fetch(site, name, anchor)
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise Unreadable(f"{site.rstrip('/')}/{name} 不是有效的 JSON（{exc}）") from None


def _bad(site: str, name: str, what: str) -> Unreadable:
    return Unreadable(
        f"{site.rstrip('/')}/{name} 格式不符：{what}（不是 zhifa build 发布的文件，或版本过旧，请重新构建该站点）"
    )


def load_county(county: County, anchor: Path) -> None:
    """Fill ``county`` from its published files. Raises Unreadable when needs.json or zhifa-layers.json cannot
    be read; a bank that cannot be read is recorded in ``county.problems``."""
    decl = _json(county.site, LAYERS, anchor)
    if not isinstance(decl, dict) or decl.get("format") != 1:
        raise _bad(county.site, LAYERS, "缺少 format: 1")
    try:
        clause_type, county.current_status = str(decl["clause_type"]), str(decl["current_status"])
        county.prefix = decl["prefix"]
        base = decl["base"]
        county.base = (str(base["name"]), base["release"] and str(base["release"])) if base else None
        county.origins = {str(k): str(v) for k, v in dict(decl["origins"]).items()}
        county.overrides = {str(k): _strings(v) for k, v in dict(decl["overrides"]).items()}
        county.excluded = {str(k): _strings(v) for k, v in dict(decl["excluded"]).items()}
    except (KeyError, TypeError, ValueError) as exc:
        raise _bad(county.site, LAYERS, f"缺少或错误的项 {exc}") from None
    needs = _json(county.site, NEEDS, anchor)
    try:
        objects = needs["versions"][needs["current_version"]]["needs"]
        for oid, n in objects.items():
            if n["type"] == clause_type:
                county.clauses[oid] = Clause(str(n["title"]), str(n["content"]), str(n["status"]))
    except (KeyError, TypeError, AttributeError) as exc:
        raise _bad(county.site, NEEDS, f"缺少项 {exc}") from None
    for oid in [*county.clauses, *county.overrides, *county.excluded]:
        if not ID.match(oid):
            raise _bad(county.site, NEEDS if oid in county.clauses else LAYERS, f"对象 ID {oid[:40]!r} 无效")
    try:
        bank = _json(county.site, BANK, anchor)
        questions = bank["questions"]
        county.tested = {str(c["id"]) for q in questions for c in q["clauses"]}
        county.questions = len(questions)
    except Unreadable as exc:
        county.problems.append(f"{exc}；题库覆盖情况未知")
    except (KeyError, TypeError) as exc:
        county.problems.append(f"{_bad(county.site, BANK, f'缺少项 {exc}')}；题库覆盖情况未知")


def _strings(value) -> dict[str, str]:
    if not isinstance(value, dict):
        raise TypeError("应是映射")
    return {str(k): str(v) for k, v in value.items()}


# ---- the comparison --------------------------------------------------------------------------------------------


def federate(config: Config) -> Federation:
    """Read every county's published files and compare them. Raises ConfigError for a prefix two counties claim."""
    anchor = config.path.resolve().parent
    counties, skipped = [], []
    prefixes: dict[str, County] = {}
    for county in config.counties:
        try:
            load_county(county, anchor)
        except Unreadable as exc:
            skipped.append((county, str(exc)))
            continue
        if county.prefix is not None:
            if county.prefix in prefixes:
                first = prefixes[county.prefix]
                raise ConfigError(
                    str(config.path),
                    county.line,
                    f"{county.name} 与 {first.name}（第 {first.line} 行）使用同一个层前缀 {county.prefix}，"
                    "两县的 ID 会冲突",
                    "每县在自己的 layers.yaml 中使用不同的 prefix，或检查 site 是否写成了另一县的站点",
                )
            prefixes[county.prefix] = county
        counties.append(county)
    latest = dict(config.latest)
    for county in counties:
        if county.base and county.base[1] and county.base[0] not in config.latest:
            best = latest.get(county.base[0])
            if best is None or release_key(county.base[1]) > release_key(best):
                latest[county.base[0]] = county.base[1]
    return Federation(config.title, counties, skipped, latest, _rows(counties, latest))


def _rows(counties: list[County], latest: dict[str, str]) -> list[Row]:
    """Every base clause any county adopts, overrides or excludes; its wording as a county on the newest base
    release has it (adopted: the text it shows; overridden or excluded: the base text it records)."""
    order: dict[str, None] = {}
    wording: dict[str, tuple[str, str, bool]] = {}  # id → (title, text, from a county on the newest release)
    for county in counties:
        if county.base is None:
            continue
        newest = latest.get(county.base[0]) == county.base[1]
        for cid in [*county.clauses, *county.excluded]:
            origin = EXCLUDED if cid in county.excluded else county.origins.get(cid)
            if origin not in (ADOPTED, OVERRIDDEN, EXCLUDED):
                continue
            order.setdefault(cid)
            if origin == ADOPTED:
                said = (county.clauses[cid].title, county.clauses[cid].text)
            else:
                d = county.overrides.get(cid) or county.excluded[cid]
                said = (d.get("base_title", ""), d.get("base_text", ""))
            if cid not in wording or (newest and not wording[cid][2]):
                wording[cid] = (*said, newest)
    rows = []
    for cid in order:
        entries = {}
        for county in counties:
            if cid in county.excluded:
                d = county.excluded[cid]
                entries[county.name] = Entry(
                    EXCLUDED, d.get("reason", ""), d.get("base_title", ""), d.get("base_text", "")
                )
            elif cid in county.overrides:
                d = county.overrides[cid]
                entries[county.name] = Entry(
                    OVERRIDDEN,
                    d.get("reason", ""),
                    d.get("base_title", ""),
                    d.get("base_text", ""),
                    d.get("title", ""),
                    d.get("text", ""),
                )
            elif county.origins.get(cid) == ADOPTED and cid in county.clauses:
                entries[county.name] = Entry(ADOPTED)
            else:
                entries[county.name] = Entry("")
        rows.append(Row(cid, wording[cid][0], wording[cid][1], entries))
    return rows
