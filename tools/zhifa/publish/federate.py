"""``zhifa federate 配置文件 [-o 文件夹]``: a static comparison site of several counties' published sites (issue 27).

Plain HTML and one CSS file, written by Python: no script, nothing from another host, every published text
escaped. The start page lists the counties (base release, whether they lag behind the newest, deviations, bank
coverage), the counties that could not be read, and every base clause some county deviates from: one click to
that clause's page, which says who adopts, adjusts (reason, base and local text marked as in the 对照表) or
excludes it (reason). The matrix page shows every base clause by county: a table on a desktop, a list on a
phone (CSS only)."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

from zhifa.amend import compare
from zhifa.publish import outputs
from zhifa.publish.federation import ADOPTED, EXCLUDED, OVERRIDDEN, ConfigError, County, Federation, Row, federate

CSS_FILE = "federation.css"
CLAUSE_DIR = "clause"
SHORT = {ADOPTED: "采用", OVERRIDDEN: "调整", EXCLUDED: "不适用", "": "—"}
KIND_CLASS = {ADOPTED: "adopt", OVERRIDDEN: "override", EXCLUDED: "exclude", "": "none"}
e = html.escape

CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC",sans-serif;margin:0;color:#1b1b1b;background:#fff;
line-height:1.6}
header,main{max-width:72em;margin:0 auto;padding:0 1em}
header{border-bottom:2px solid #2f5d8a}
h1{font-size:1.5em;margin:.6em 0}
nav a{margin-right:1em}
a{color:#1d4f80}
table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}
th,td{border:1px solid #b9c3cc;padding:.35em .5em;text-align:left;vertical-align:top}
th{background:#eef2f6}
.fz-adopt{color:#2d6a3e}.fz-override{color:#8a5a00;font-weight:bold}.fz-exclude{color:#9b1c1c;font-weight:bold}
.fz-none{color:#777}
td.fz-override a,td.fz-exclude a{color:inherit}
.fz-lag{color:#9b1c1c;font-weight:bold}
.fz-problem{color:#9b1c1c}
ins{text-decoration:underline;font-weight:bold;background:#e6f4ea}del{color:#900;background:#fdecea}
.fz-text{white-space:pre-wrap;margin:.2em 0}
.fz-county{border:1px solid #b9c3cc;border-radius:4px;padding:.5em 1em;margin:.8em 0}
.fz-county h3{margin:.2em 0}
.fz-matrix th:first-child,.fz-matrix td:first-child{position:sticky;left:0;background:#fff;min-width:12em}
.fz-scroll{overflow-x:auto}
.fz-list{display:none}
@media (max-width:700px){
  .fz-scroll{display:none}
  .fz-list{display:block;padding:0;list-style:none}
  .fz-list>li{border-bottom:1px solid #b9c3cc;padding:.5em 0}
  .fz-wide thead{display:none}
  .fz-wide tr{display:block;border:1px solid #b9c3cc;margin:.5em 0;padding:.3em .5em}
  .fz-wide td{display:block;border:none;padding:.1em 0;overflow-wrap:anywhere}
  .fz-wide td[data-label]::before{content:attr(data-label) "：";font-weight:bold}
}
"""


def _page(fed: Federation, title: str, body: str, depth: int = 0) -> str:
    up = "../" * depth
    return (
        '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f'<title>{e(title)}｜{e(fed.title)}</title><link rel="stylesheet" href="{up}{CSS_FILE}"></head><body>'
        f'<header><h1>{e(fed.title)}</h1><nav><a href="{up}index.html">首页</a>'
        f'<a href="{up}matrix.html">条款对照矩阵</a></nav></header><main>{body}</main></body></html>\n'
    )


def clause_file(cid: str) -> str:
    return f"{CLAUSE_DIR}/{re.sub(r'[^0-9A-Za-z-]', '_', cid)}.html"


def _site_link(county: County) -> str:
    if county.site.startswith(("http://", "https://")):
        return f'<a href="{e(county.site)}">{e(county.site)}</a>'
    return e(county.site)


def _release(fed: Federation, county: County) -> str:
    if county.base is None:
        return "（无上级规范）"
    name, release = county.base
    said = f"{e(name)} {e(release or '（本地文件夹，无发布标签）')}"
    if fed.lagging(county):
        said += f' <span class="fz-lag">未升级到 {e(fed.latest[name])}</span>'
    return said


def _coverage(county: County) -> str:
    if county.tested is None:
        return '<span class="fz-problem">题库不可用</span>'
    total = len(county.in_force)
    share = f"{county.covered * 100 // total}%" if total else "—"
    return f"{county.covered}/{total} 条（{share}），试题 {county.questions} 道"


def index(fed: Federation) -> str:
    parts = ["<h2>各县（区）概况</h2>"]
    parts.append(
        '<table class="fz-wide"><thead><tr><th>县（区）</th><th>上级规范</th><th>本地调整</th><th>不适用</th>'
        "<th>本地新增</th><th>已审核试题覆盖现行条款</th><th>已发布站点</th></tr></thead><tbody>"
    )
    for c in fed.counties:
        notes = "".join(f'<br><span class="fz-problem">{e(p)}</span>' for p in c.problems)
        cells = (
            (f"<b>{e(c.name)}</b>", ""),
            (_release(fed, c), "上级规范"),
            (len(c.overrides), "本地调整"),
            (len(c.excluded), "不适用"),
            (len(c.added), "本地新增"),
            (_coverage(c) + notes, "已审核试题覆盖现行条款"),
            (_site_link(c), "已发布站点"),
        )
        parts.append(
            "<tr>" + "".join(f'<td data-label="{label}">{v}</td>' if label else f"<td>{v}</td>" for v, label in cells)
        )
        parts.append("</tr>")
    parts.append("</tbody></table>")
    lagging = [c for c in fed.counties if fed.lagging(c)]
    parts.append("<h2>未升级到最新上级规范</h2>")
    if lagging:
        parts.append(
            '<ul class="fz-lagging">'
            + "".join(f"<li>{e(c.name)}：{e(c.base[1])}，最新为 {e(fed.latest[c.base[0]])}</li>" for c in lagging)
            + "</ul>"
        )
    else:
        parts.append("<p>各县都已采用最新的上级规范。</p>")
    if fed.skipped:
        parts.append('<h2>未能读取的县（区）</h2><ul class="fz-skipped">')
        parts += [f'<li><b>{e(c.name)}</b>：<span class="fz-problem">{e(why)}</span></li>' for c, why in fed.skipped]
        parts.append("</ul>")
    deviated = [r for r in fed.rows if r.deviating]
    parts.append(f"<h2>有偏离的上级条款（{len(deviated)} 条，共 {len(fed.rows)} 条上级条款）</h2>")
    parts.append("<p>点击条款，查看哪些县调整或不适用，以及理由和条文差异。全部条款见条款对照矩阵。</p>")
    parts.append('<ul class="fz-deviated">')
    for r in deviated:
        who = "；".join(f"{n}{SHORT[r.entries[n].kind]}" for n in r.deviating)
        parts.append(f'<li><a href="{clause_file(r.id)}">{e(r.id)} {e(r.title)}</a>：{e(who)}</li>')
    parts.append("</ul>")
    return _page(fed, "首页", "".join(parts))


def matrix(fed: Federation) -> str:
    heads = "".join(f"<th>{e(c.name)}</th>" for c in fed.counties)
    rows = []
    items = []
    for r in fed.rows:
        link = f'<a href="{clause_file(r.id)}">{e(r.id)} {e(r.title)}</a>'
        cells = "".join(_cell(r, k, c) for k, c in enumerate(fed.counties))
        rows.append(f"<tr><td>{link}</td>{cells}</tr>")
        said = "、".join(
            f'<span class="fz-{KIND_CLASS[r.entries[n].kind]}">{e(n)}{SHORT[r.entries[n].kind]}</span>'
            for n in r.deviating
        )
        items.append(f"<li>{link}<br>{said or '各县均采用'}</li>")
    body = (
        "<h2>条款对照矩阵</h2><p>采用：照上级规范执行；调整：本地调整（有理由）；不适用：本地不适用（有理由）；"
        "—：该县的上级规范中没有这一条。</p>"
        f'<div class="fz-scroll"><table class="fz-matrix"><thead><tr><th>上级条款</th>{heads}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        f'<ul class="fz-list">{"".join(items)}</ul>'
    )
    return _page(fed, "条款对照矩阵", body)


def _cell(r: Row, k: int, c: County) -> str:
    kind = r.entries[c.name].kind
    said = SHORT[kind]
    if kind in (OVERRIDDEN, EXCLUDED):  # straight to this county's reason on the clause page
        said = f'<a href="{clause_file(r.id)}#county-{k}">{said}</a>'
    return f'<td class="fz-{KIND_CLASS[kind]}">{said}</td>'


def _marked(runs: list[tuple[str, bool]], tag: str) -> str:
    return "".join(f"<{tag}>{e(t)}</{tag}>" if changed else e(t) for t, changed in runs)


def clause(fed: Federation, r: Row) -> str:
    parts = [f"<h2>{e(r.id)} {e(r.title)}</h2>", f'<p class="fz-text">{e(r.text)}</p>']
    place = {c.name: k for k, c in enumerate(fed.counties)}
    order = sorted(fed.counties, key=lambda c: ("" == r.entries[c.name].kind, r.entries[c.name].kind == ADOPTED))
    for c in order:
        d = r.entries[c.name]
        parts.append(f'<section class="fz-county" id="county-{place[c.name]}">')
        parts.append(f'<h3>{e(c.name)}：<span class="fz-{KIND_CLASS[d.kind]}">')
        parts.append(f"{e(d.kind or '未列入（该县的上级规范中没有这一条）')}</span></h3>")
        if d.kind in (OVERRIDDEN, EXCLUDED):
            parts.append(f"<p><b>理由：</b>{e(d.reason)}</p>")
        if d.kind == OVERRIDDEN:
            old, new = compare.pieces(f"{d.base_title}｜{d.base_text}", f"{d.title}｜{d.text}")
            parts.append(f'<p><b>上级规范原文：</b></p><p class="fz-text">{_marked(old, "del")}</p>')
            parts.append(f'<p><b>本地条文：</b></p><p class="fz-text">{_marked(new, "ins")}</p>')
        elif d.kind == EXCLUDED:
            parts.append(f'<p><b>上级规范原文：</b></p><p class="fz-text">{e(d.base_title)}｜{e(d.base_text)}</p>')
        if c.base and d.kind:
            parts.append(f"<p>上级规范版本：{_release(fed, c)}</p>")
        parts.append("</section>")
    return _page(fed, r.id, "".join(parts), depth=1)


def write(fed: Federation, out: Path, anchor: Path) -> None:
    """The site into ``out`` (new, empty, or a site this tool wrote: its previous pages are replaced)."""
    site = outputs.claim_site(anchor, out, clean=(out / outputs.SITE_MARKER).is_file(), force=False)
    (out / CLAUSE_DIR).mkdir(parents=True, exist_ok=True)
    (out / CSS_FILE).write_text(CSS.lstrip(), encoding="utf-8")
    (out / "index.html").write_text(index(fed), encoding="utf-8")
    (out / "matrix.html").write_text(matrix(fed), encoding="utf-8")
    for r in fed.rows:
        (out / clause_file(r.id)).write_text(clause(fed, r), encoding="utf-8")
    site.finish()


def cmd_federate(args) -> int:
    from zhifa.publish.federation import read_config

    config_path = Path(args.config)
    try:
        fed = federate(read_config(config_path))
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 1
    out = Path(args.out) if args.out else config_path.resolve().parent / "_build" / "federation"
    write(fed, out, config_path.resolve().parent)
    for county, why in fed.skipped:
        print(f"已跳过 {county.name}（{config_path}:{county.line}）：{why}", file=sys.stderr)
    for county in fed.counties:
        for problem in county.problems:
            print(f"{county.name}（{config_path}:{county.line}）：{problem}", file=sys.stderr)
    deviations = sum(len(r.deviating) for r in fed.rows)
    print(
        f"联邦对照站点已生成：{out / 'index.html'}（{len(fed.counties)} 个县区，{len(fed.skipped)} 个未能读取；"
        f"{len(fed.rows)} 条上级条款，{deviations} 处偏离）"
    )
    return 0


def register(sub) -> None:
    f = sub.add_parser(
        "federate", help="把多个县（区）已发布的站点汇成一个对照站点（谁采用、调整、不适用上级条款及理由）"
    )
    f.add_argument(
        "config",
        metavar="配置文件",
        help="联邦配置文件（YAML）：counties 下每县写 name 和 site（站点文件夹或 http(s) 网址）",
    )
    f.add_argument("-o", "--out", metavar="文件夹", help="输出文件夹（默认配置文件旁的 _build/federation）")
    f.set_defaults(func=cmd_federate)
