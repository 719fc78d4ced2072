"""The theme's own interface words in Chinese. Furo ships no zh_CN strings and writes several of them
literally in its templates (aria-labels, icon titles), so they are replaced in each rendered page."""

from __future__ import annotations

UI_TEXT = {
    'aria-label="Toggle site navigation sidebar"': 'aria-label="打开或关闭导航栏"',
    'aria-label="Toggle table of contents sidebar"': 'aria-label="打开或关闭本页目录"',
    'aria-label="Toggle Light / Dark / Auto color theme"': 'aria-label="切换浅色、深色或自动配色"',
    "Skip to content": "跳到正文",
    "Back to top": "回到顶部",
    "On this page": "本页目录",
    "Toggle navigation of ": "展开或收起：",
    "<title>Contents</title>": "<title>本页目录</title>",
    "<title>Menu</title>": "<title>菜单</title>",
    "<title>Expand</title>": "<title>展开</title>",
    "<title>Light mode</title>": "<title>浅色模式</title>",
    "<title>Dark mode</title>": "<title>深色模式</title>",
    "<title>Auto light/dark, in light mode</title>": "<title>自动配色（当前浅色）</title>",
    "<title>Auto light/dark, in dark mode</title>": "<title>自动配色（当前深色）</title>",
}


def translate(html: str) -> str:
    for english, chinese in UI_TEXT.items():
        html = html.replace(english, chinese)
    return html


def install(app) -> None:
    """builder-inited: every page the HTML builder renders goes through ``translate``."""
    templates = getattr(app.builder, "templates", None)
    if templates is None or getattr(templates, "zhifa_translated", False):
        return
    render = templates.render
    templates.render = lambda name, context: translate(render(name, context))
    templates.zhifa_translated = True
