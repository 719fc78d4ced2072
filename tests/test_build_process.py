"""The build's process-level savings (issue 28): the process that runs Sphinx ends without freeing its heap,
so it must still report Sphinx's exit status and every message; the repository parse is reused file by file."""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import subprocess
import sys
import threading
import time
from collections import Counter
from functools import partial
from pathlib import Path

import pytest

from conftest import BUILD_DATE, make_repo, published_needs
from zhifa import forks
from zhifa.model import myst, repo, segment
from zhifa.publish import site


def _build(src, out):
    return subprocess.run(
        [sys.executable, "-m", "zhifa.publish.run_sphinx", "-W", "--keep-going", "-q", "--no-color", "-b", "html"]
        + ["-D", f"zhifa_build_date={BUILD_DATE}", "-d", str(out) + ".state", str(src), str(out)],
        capture_output=True,
        text=True,
    )


def test_the_build_process_reports_sphinx_s_status_and_its_last_messages(tmp_path):
    src = make_repo(tmp_path / "repo")
    ok = _build(src, tmp_path / "site")
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "site" / "standards" / "demo" / "general.html").is_file()
    # the build counts what it published, so `zhifa build` does not read needs.json back
    published = published_needs(tmp_path / "site")
    counted = json.loads((tmp_path / "site.state" / site.COUNTS_FILE).read_text(encoding="utf-8"))
    assert counted["by_type"] == dict(Counter(n["type"] for n in published.values()))
    assert site.counts(src, tmp_path / "site", tmp_path / "site.state")["条款"] == counted["by_type"]["clause"]

    page = src / "standards" / "demo" / "general.md"
    page.write_text(page.read_text(encoding="utf-8").replace("LAW-XZCF-042", "LAW-XZCF-999"), encoding="utf-8")
    failed = _build(src, tmp_path / "site2")
    assert failed.returncode != 0
    # the checker's located warning, written just before the process ends, is not lost
    assert "general.md" in failed.stderr and "LAW-XZCF-999" in failed.stderr


def test_a_reload_parses_only_the_files_that_changed(tmp_path, monkeypatch):
    src = make_repo(tmp_path / "repo")
    parsed: dict = {}
    first = repo.load(src, parsed=parsed)
    assert set(parsed) == {d + ".md" for d in first.docs}

    read = []
    real_read = myst.read
    monkeypatch.setattr(myst, "read", lambda path, *a: read.append(path) or real_read(path, *a))
    page = src / "standards" / "demo" / "general.md"
    page.write_text(page.read_text(encoding="utf-8").replace("执法人员不得少于两人", "执法人员应当两人以上"), "utf-8")
    (src / "standards" / "demo" / "filing.md").unlink()
    again = repo.load(src, parsed=parsed)
    assert read == ["standards/demo/general.md"]
    assert "standards/demo/filing.md" not in parsed  # a deleted file's parse is dropped

    fresh = repo.load(src)
    assert again.objects == fresh.objects and again.problems == fresh.problems
    assert any("执法人员应当两人以上" in line for o in again.objects for line in o.body)


def test_the_bank_is_parsed_again_only_where_a_file_changed(tmp_path, monkeypatch):
    """bank.quiz.load(parsed=...): the build's checker keeps the bank files it parsed (validate.BANK_CACHE) and
    parses again only the files whose bytes changed; a deleted file is dropped; what it gives equals a fresh load."""
    from zhifa.bank import quiz

    src = make_repo(tmp_path / "repo")
    other = src / "quizzes" / "second.yaml"
    other.write_text((src / "quizzes" / "demo.yaml").read_text(encoding="utf-8").replace("Q-", "Q2-"), "utf-8")
    parsed: dict = {}
    first = quiz.load(src, parsed)
    assert set(parsed) == {"quizzes/demo.yaml", "quizzes/second.yaml"} and first[0]

    read = []
    real = quiz.load_file
    monkeypatch.setattr(quiz, "load_file", lambda path, rel: read.append(rel) or real(path, rel))
    bank = src / "quizzes" / "demo.yaml"
    bank.write_text(bank.read_text(encoding="utf-8") + "\n- id: [\n", encoding="utf-8")  # a syntax error
    again = quiz.load(src, parsed)
    assert read == ["quizzes/demo.yaml"]
    fresh = quiz.load(src)

    def written(loaded):
        return [(i.path, i.line, i.values, [c.values for c in i.children]) for i in loaded[0]], loaded[1]

    assert written(again) == written(fresh) and again[1]  # the new problem is reported, as a fresh load does
    other.unlink()
    quiz.load(src, parsed)
    assert set(parsed) == {"quizzes/demo.yaml"}

    from zhifa.codekey import code_key
    from zhifa.sphinx import validate

    monkeypatch.undo()
    bank.write_text(bank.read_text(encoding="utf-8").removesuffix("\n- id: [\n"), encoding="utf-8")
    assert _build(src, tmp_path / "site").returncode == 0
    kept = tmp_path / "site.state" / validate.BANK_CACHE  # written by the build's checker, for the next one
    assert site.BANK_CACHE == validate.BANK_CACHE
    with open(kept, "rb") as f:
        assert pickle.load(f)[0] == code_key()  # another version's parse is never reused


def test_the_sources_parse_is_kept_by_the_docx_helper_for_the_next_checker_and_never_by_the_build(tmp_path):
    """The standards' .docx helper keeps its parse of the sources (validate.PARSED_CACHE, with the code key) and the
    next build's checker starts from it; the build's own process neither loads, passes on nor saves it (its state
    holds no parse)."""
    from zhifa.codekey import code_key
    from zhifa.model.problems import Problem
    from zhifa.sphinx import incremental, validate

    src = make_repo(tmp_path / "repo")
    out = tmp_path / "site"
    assert _build(src, out).returncode == 0
    state = tmp_path / "site.state"
    assert site.PARSED_CACHE == validate.PARSED_CACHE
    with open(state / validate.PARSED_CACHE, "rb") as f:
        key, parsed = pickle.load(f)
    assert key == code_key() and "standards/demo/general.md" in parsed
    with open(state / incremental.STATE_FILE, "rb") as f:
        assert "parsed" not in pickle.load(f)

    # plant a problem in the kept parse of a file the next build leaves unchanged
    hash_key, doc = parsed["standards/demo/general.md"]
    planted = Problem("standards/demo/general.md", 1, "由上次构建的解析结果带来的问题")
    parsed["standards/demo/general.md"] = (hash_key, dataclasses.replace(doc, problems=[*doc.problems, planted]))
    with open(state / validate.PARSED_CACHE, "wb") as f:
        pickle.dump((key, parsed), f)
    page = src / "standards" / "demo" / "filing.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    again = _build(src, out)
    assert again.returncode != 0 and "由上次构建的解析结果带来的问题" in again.stderr

    with open(state / validate.PARSED_CACHE, "wb") as f:
        pickle.dump(("another version of the code", parsed), f)
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert _build(src, out).returncode == 0, "another version's parse is never reused"


# Run in a fresh interpreter: the test process may run threads (servers of other tests), and Ahead refuses to
# fork a process that runs threads (test_jieba_ahead_in_a_process_with_threads_cuts_here covers that case).
AHEAD_CHILD = """
import os, select
from zhifa.model import segment

read_end, write_end = os.pipe()  # another process's input, as the chart renderer's is
ahead = segment.Ahead()
try:
    assert ahead.pid, "forked"
    os.close(write_end)
    # the reader of that pipe sees its end at once: the forked child closed its copy of the writing end
    assert select.select([read_end], [], [], 30)[0] == [read_end] and os.read(read_end, 1) == b""
    user = ["法制审核", "行政处罚决定书"]
    jobs = {"a": ["重大执法决定法制审核由法制机构负责", "送达行政处罚决定书"], "b": ["当事人陈述申辩"]}
    cut = ahead.words_by_key(user, jobs)
    assert not segment._tokenizer.cache_info().currsize  # the child cut them: jieba never loaded here
    assert cut == {k: sorted(segment.words(texts, user)) for k, texts in jobs.items()}
    assert "法制审核" in cut["a"] and "行政处罚决定书" in cut["a"]
finally:
    ahead.close()  # a failure above must not leave the child waiting

unused = segment.Ahead()
pid = unused.pid
unused.close()
assert pid and unused.pid is None
try:
    os.waitpid(pid, os.WNOHANG)
    raise AssertionError("the child was not reaped")
except ChildProcessError:
    pass  # reaped: no zombie left behind
print("ok")
"""


def test_jieba_loaded_ahead_cuts_as_this_process_would_holds_no_other_pipe_and_ends_with_the_build():
    done = subprocess.run([sys.executable, "-c", AHEAD_CHILD], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_jieba_ahead_in_a_process_with_threads_cuts_here():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        ahead = segment.Ahead()
        assert ahead.pid is None  # forking a process that runs threads is unsafe
        user = ["法制审核"]
        assert ahead.words_by_key(user, {"a": ["法制审核意见"]}) == {"a": sorted(segment.words(["法制审核意见"], user))}
    finally:
        stop.set()
        thread.join()
        segment._tokenizer.cache_clear()


def test_the_dictionary_table_cuts_a_few_pages_as_the_whole_dictionary_does(tmp_path):
    """segment.words_from_store: only the dictionary entries found inside the texts, looked up in the table a
    helper wrote once, and jieba cuts as with all 500,000 (with the user dictionary's words kept whole)."""
    store = tmp_path / "jieba.sqlite"
    assert segment.words_from_store({"a": ["行政处罚"]}, [], store) is None  # no table yet: the caller loads jieba
    segment.write_store(store)
    user = ["法制审核", "行政处罚决定书", "重大执法决定法制审核", "执法全过程记录"]
    texts = {
        "a": ["作出重大执法决定前，应当进行法制审核；未经法制审核或者审核未通过的，不得作出决定。"],
        "b": ["行政机关应当依法送达行政处罚决定书。", "执法人员不得少于两人，应当出示执法证件。"],
        "c": ["当事人有权进行陈述和申辩；听证由行政机关指定的非本案调查人员主持。", "㐀𠀀混排 ABC 123 五个工作日"],
        "d": ["执法全过程记录制度", ""],
    }
    try:
        whole = {k: sorted(segment.words(t, user)) for k, t in texts.items()}
    finally:
        segment._tokenizer.cache_clear()
    assert segment.words_from_store(texts, user, store) == whole
    assert any("法制审核" in w for w in whole["a"]) and whole["b"]
    too_much = {"x": ["法" * (segment.STORE_MOST + 1)]}
    assert segment.words_from_store(too_much, user, store) is None  # a whole site: loading jieba is faster


def test_an_edit_build_writes_jieba_s_table_once_and_cuts_the_changed_pages_from_it(tmp_path):
    """A full build loads jieba itself and writes no table; the first incremental build loads it beside the
    build (segment.Ahead), which writes the table; later edit builds look the changed pages' strings up in it
    (an entry planted in the table shows in the published vocabulary)."""
    import sqlite3

    import jieba

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    store = tmp_path / "xdg" / "zhifa" / "search" / f"jieba-{jieba.__version__}-{segment.STORE_FORMAT}.sqlite"
    src = make_repo(tmp_path / "repo")
    out = tmp_path / "site"
    page = src / "standards" / "demo" / "general.md"
    original = page.read_text(encoding="utf-8")

    def build_with(sentence: str) -> list[str]:
        page.write_text(original.replace("制定本规范。", "制定本规范。" + sentence), encoding="utf-8")
        args = ["-q", "-W", "--keep-going", "-b", "html", "-D", f"zhifa_build_date={BUILD_DATE}"]
        args += ["-d", str(tmp_path / "state"), str(src), str(out)]
        done = subprocess.run([sys.executable, "-m", "zhifa.publish.run_sphinx", *args], env=env, capture_output=True)
        assert done.returncode == 0, done.stderr.decode()[-2000:]
        return json.loads((out / "zhifa-search.json").read_text(encoding="utf-8"))["words"]

    build_with("")
    assert not store.exists()
    assert "送达" in build_with("文书由承办人员送达。")
    assert store.is_file()
    with sqlite3.connect(store) as con:  # a word no dictionary has, with its prefixes as jieba keeps them
        con.executemany("INSERT OR IGNORE INTO freq VALUES (?, 0)", [("承",), ("承办",), ("承办送",)])
        con.execute("INSERT INTO freq VALUES ('承办送达', 1000000)")
    assert "承办送达" in build_with("文书由承办送达人员办理。")


def _write_pid(path):
    path.write_text(str(os.getpid()), encoding="utf-8")
    return os.getpid()


def test_jobs_run_in_a_helper_process_while_the_build_goes_on_and_a_failure_is_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")]))
    files = [tmp_path / f"{i}.txt" for i in range(3)]
    gate = tmp_path / "gate"
    helper = forks.Background([partial(_wait_for, gate), *(partial(_write_pid, f) for f in files)])
    assert not any(f.exists() for f in files)  # started, not waited for: the build goes on meanwhile
    gate.write_text("go", encoding="utf-8")
    results = helper.results()
    pid = results[1]
    assert pid != os.getpid() and results == [None, pid, pid, pid]  # one helper process, jobs in order
    assert {f.read_text(encoding="utf-8") for f in files} == {str(pid)}

    fine, failing = partial(_write_pid, tmp_path / "ok.txt"), partial(_write_pid, tmp_path / "nowhere" / "x.txt")
    with pytest.raises(forks.ChildFailed, match="FileNotFoundError"):
        forks.Background([fine, failing, fine]).results()

    # the helper and the chart browser take a core only when the build's own process leaves it idle
    assert forks.Background([partial(os.nice, 0)]).results() == [forks.NICEST]
    niced = subprocess.run(forks.beside([sys.executable, "-c", "import os; print(os.nice(0))"]), capture_output=True)
    assert niced.stdout.decode().strip() == str(forks.NICEST)

    stuck = forks.Background([partial(_wait_for, tmp_path / "never")])
    stuck.cancel()  # a failed build does not wait for its helper
    assert stuck.proc.returncode is not None


def _big_result_under_signals(size):
    """A result far larger than a pipe holds, written while a signal keeps interrupting the writing (one whose
    default is to be ignored, so the helper's exit is not one)."""
    import signal

    signal.signal(signal.SIGWINCH, lambda *_: None)
    main = threading.main_thread().ident

    def interrupt():
        while True:
            signal.pthread_kill(main, signal.SIGWINCH)
            time.sleep(0.0005)

    threading.Thread(target=interrupt, daemon=True).start()
    return "条" * size


def test_a_helper_s_large_result_arrives_whole_although_signals_interrupt_its_writing(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.setenv("PYTHONUNBUFFERED", "1")  # as CI and many terminals set it: the helper's stdout is raw
    size = 5_000_000
    assert forks.Background([partial(_big_result_under_signals, size)]).results() == ["条" * size]


def _wait_for(path):
    while not path.exists():
        time.sleep(0.01)


def test_zhifa_build_starts_sphinx_first_and_kills_it_unused_when_no_build_is_needed(tmp_path, monkeypatch):
    """publish.early: `zhifa build` starts Sphinx's process before it reads its command line; that process
    builds with the arguments site.build decides (no second Sphinx process), and is killed, having built
    nothing, when nothing changed or the command fails before Sphinx."""
    from zhifa import cli
    from zhifa.publish import early

    assert early.command_of(["--root", "build", "check"]) == "check"  # a folder named build is not the command
    assert early.command_of(["build", "--clean"]) == "build" and early.command_of(["--help"]) is None

    started = []
    real_popen = subprocess.Popen

    def recorded(argv, **kwargs):
        proc = real_popen(argv, **kwargs)
        if early.FLAG in argv:  # Popen is subprocess's own: git runs through it too
            started.append(proc)
        return proc

    monkeypatch.setattr(early.subprocess, "Popen", recorded)
    monkeypatch.setattr(site, "SPHINX", [sys.executable, "-c", "raise SystemExit(97)"])  # no second Sphinx process
    monkeypatch.setenv("ZHIFA_BUILD_DATE", BUILD_DATE)
    src = make_repo(tmp_path / "repo")
    out = tmp_path / "site"
    build = ["--root", str(src), "build", "--out", str(out)]
    assert cli.main(build) == 0
    assert started[0].args[-1] == early.FLAG and started[0].returncode == 0
    assert (out / "standards" / "demo" / "general.html").is_file()

    assert cli.main(build) == 0  # nothing changed: no build, and the waiting process is gone
    assert len(started) == 2 and started[1].returncode == -9

    (src / "metamodel.yaml").write_text("types: [\n", encoding="utf-8")  # fails before Sphinx is needed
    assert cli.main(build) == 1
    early.discard()  # what zhifa does at exit
    assert started[2].returncode == -9

    with pytest.raises(SystemExit):  # zhifa build --help only prints: no process is started for it
        cli.main(["build", "--help"])
    assert len(started) == 3

    # a waiting process whose zhifa went away without a word builds nothing
    alone = real_popen([sys.executable, "-m", early.MODULE, early.FLAG], stdin=subprocess.PIPE)
    alone.stdin.close()
    assert alone.wait() == 0
