"""Build progress on a terminal: each phase with its count, elapsed time and time left (rich), on stderr.
Nothing at all in CI, when stderr is not a terminal, or with ZHIFA_PROGRESS=0. Counted from Sphinx's events in
the main process (reading in parallel child processes shows the phase without a count)."""

from __future__ import annotations

import os
import sys

PHASES = {"read": "读取源文件", "charts": "生成流程图", "write": "写出页面", "finish": "搜索索引和导出文件"}


def wanted() -> bool:
    if os.environ.get("ZHIFA_PROGRESS") == "0" or os.environ.get("CI"):
        return False
    return sys.stderr.isatty()


class Bar:
    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("剩余"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
        )
        self.task = None
        self.pending: set[str] = set()
        self.progress.start()

    def phase(self, name: str, total: int | None, names=()) -> None:
        self.done()
        self.pending = set(names)
        self.task = self.progress.add_task(PHASES[name], total=total)

    def step(self) -> None:
        if self.task is not None:
            self.progress.advance(self.task)

    def done(self) -> None:
        """The current phase is over (an indeterminate one shows as one step done)."""
        if self.task is not None:
            total = self.progress.tasks[-1].total or 1
            self.progress.update(self.task, total=total, completed=total)

    def stop(self) -> None:
        self.done()
        self.progress.stop()


def _bar(app) -> Bar | None:
    return getattr(app, "zhifa_progress", None)


def start(app) -> None:
    """builder-inited."""
    if wanted() and getattr(app, "zhifa_progress", None) is None:
        app.zhifa_progress = Bar()


def reading(app, env, docnames) -> None:
    if bar := _bar(app):
        bar.phase("read", len(docnames))


def read_one(app, docname, source) -> None:
    if bar := _bar(app):
        bar.step()


def charts(app, env) -> None:
    if bar := _bar(app):
        bar.phase("charts", None)


def writing(app, builder) -> None:
    """write-started: the pages to write are known only when the builder writes them."""
    bar = _bar(app)
    if bar is None:
        return
    write_documents = builder.write_documents

    def counted(docnames):
        bar.phase("write", len(docnames), docnames)
        write_documents(docnames)
        bar.phase("finish", None)

    builder.write_documents = counted


def wrote_one(app, doctree, docname) -> None:
    bar = _bar(app)
    if bar is not None and docname in bar.pending:
        bar.pending.discard(docname)
        bar.step()


def finished(app, exception) -> None:
    if bar := _bar(app):
        bar.stop()
        app.zhifa_progress = None


def register(app) -> None:
    app.connect("builder-inited", start)
    app.connect("env-before-read-docs", reading)
    app.connect("source-read", read_one)
    app.connect("env-updated", charts, priority=590)  # just before the charts are drawn
    app.connect("write-started", writing)
    app.connect("doctree-resolved", wrote_one)
    app.connect("build-finished", finished, priority=999)
