"""The search vocabulary: the words a query is cut into, found by jieba in the site's own text.

jieba alone splits legal terms (法制审核 → 法制 + 审核), so it is given a user dictionary made of the
glossary terms, the object titles (cut at their punctuation) and the law names: those stay whole. The
browser (static/zhifa-search.js) receives the user dictionary and the words jieba found, cuts documents
and queries with them by maximum matching and adds CJK bigrams for whatever no word covers, so a query
and the text it should find are always cut the same way. Numbers (第十二条, 五日) are the browser's
business too: one rule there reads 5日 as 五日 and never finds 五日 inside 十五日.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
import sqlite3
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from zhifa import cachedir, forks

MAX_WORD = 12  # the longest word the browser looks up (a law's full name)
CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
PIECES = re.compile(r"[^\u3400-\u9fff]+")  # punctuation, spaces, Latin and digits cut a title into parts
# a number with its unit (第十二条, 五个工作日): the browser's number rule reads those, not the dictionary
UNITS = "工作日|小时|周岁|日|天|条|章|节|款|项|步|年|月|元|人|倍|次|岁"
NUMBER = re.compile(rf"第?[零〇一二三四五六七八九十百千万两]+个?({UNITS})?")


def _keep(word: str) -> bool:
    """A word of two to MAX_WORD Chinese characters that is not a number."""
    return 2 <= len(word) <= MAX_WORD and CJK_RUN.fullmatch(word) is not None and not NUMBER.fullmatch(word)


def user_words(titles: Iterable[str]) -> list[str]:
    """The user dictionary: every Chinese part of the given titles and names, sorted."""
    words = set()
    for title in titles:
        for part in PIECES.split(title or ""):
            if _keep(part):
                words.add(part)
            if part.startswith("中华人民共和国") and _keep(part[7:]):
                words.add(part[7:])  # 《行政处罚法》 as officers write it
    return sorted(words)


def _loaded():
    """A jieba tokenizer with its dictionary loaded (about half a second) and no user words yet."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # its dictionary-loading messages are not the reader's business
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


def _with_user(tok, user: Iterable[str]):
    for word in user:
        tok.add_word(word, freq=100000)  # high enough that jieba keeps the term whole
    return tok


@cache
def _tokenizer(user: tuple[str, ...]):
    return _with_user(_loaded(), user)


def dictionary_digest(user: list[str]) -> str:
    return hashlib.sha256("\n".join(user).encode("utf-8")).hexdigest()[:16]


def words(texts: Iterable[str], user: list[str]) -> set[str]:
    """The words jieba finds in ``texts`` with the user dictionary (search mode: long words and the
    dictionary words inside them), without HMM guesses, so the same text always gives the same words."""
    return _cut(_tokenizer(tuple(user)), texts)


def _cut(tok, texts: Iterable[str]) -> set[str]:
    found: set[str] = set()
    done: set[str] = set()  # about half the runs of Chinese text repeat (boilerplate, cited clauses)
    for text in texts:
        for run in CJK_RUN.findall(text or ""):
            if run not in done:
                done.add(run)
                found.update(w for w in tok.cut_for_search(run, HMM=False) if _keep(w))
    return found


STORE_FORMAT = 1
STORE_MOST = 20_000  # Chinese characters to cut: beyond, loading the whole dictionary is faster than looking up


def store_path() -> Path:
    """jieba's dictionary as a table, one per jieba version (``write_store``)."""
    import jieba

    return cachedir.ROOT / "search" / f"jieba-{jieba.__version__}-{STORE_FORMAT}.sqlite"


def write_store(path: Path, tok=None) -> None:
    """jieba's prefix dictionary (every word and every prefix of one, with its frequency) and its total as a
    SQLite table, so that a build which cuts a few changed pages looks up the strings in them rather than loading
    all 500,000 entries (half a second of a core). Written once per machine, by the process that loads the whole
    dictionary for an incremental build anyway (``Ahead``; ``tok``: its tokenizer, without user words yet);
    whole or not at all (a new file renamed into place)."""
    if path.is_file():
        return
    tok = tok or _loaded()
    path.parent.mkdir(parents=True, exist_ok=True)
    new = path.with_name(f"{path.name}.{os.getpid()}.new")
    con = sqlite3.connect(new)
    try:
        con.execute("CREATE TABLE freq (word TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID")
        con.executemany("INSERT INTO freq VALUES (?, ?)", tok.FREQ.items())
        con.execute("CREATE TABLE meta (total INTEGER NOT NULL, longest INTEGER NOT NULL)")
        con.execute("INSERT INTO meta VALUES (?, ?)", (tok.total, max(map(len, tok.FREQ))))
        con.commit()
    finally:
        con.close()
    os.replace(new, path)


def words_from_store(jobs: dict[str, list[str]], user: list[str], path: Path) -> dict[str, list[str]] | None:
    """{key: texts} -> {key: sorted words of those texts}, as ``words`` finds them, by a tokenizer that holds only
    the dictionary entries found inside the texts: jieba's cut looks up nothing else (the strings of a run, at
    most the longest entry long), so it cuts the same. None without the store, or for more text than
    STORE_MOST characters."""
    runs = {run for texts in jobs.values() for text in texts for run in CJK_RUN.findall(text or "")}
    if not path.is_file() or sum(map(len, runs)) > STORE_MOST:
        return None
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        total, longest = con.execute("SELECT total, longest FROM meta").fetchone()
        inside = list({r[i:j] for r in runs for i in range(len(r)) for j in range(i + 1, min(len(r), i + longest) + 1)})
        freq: dict[str, int] = {}
        for k in range(0, len(inside), 900):
            chunk = inside[k : k + 900]
            freq.update(con.execute(f"SELECT word, n FROM freq WHERE word IN ({','.join('?' * len(chunk))})", chunk))
    except (sqlite3.Error, TypeError):
        return None
    finally:
        con.close()
    import jieba

    tok = jieba.Tokenizer()
    tok.FREQ, tok.total, tok.initialized = freq, total, True
    tok = _with_user(tok, user)
    return {k: sorted(_cut(tok, texts)) for k, texts in jobs.items()}


class Ahead:
    """jieba's dictionary loaded in a forked process while the build does other work, for a build that
    will cut only a few changed pages: ``words_by_key`` then costs the cutting, not the loading.
    Anything that goes wrong (no fork, a failed child) falls back to cutting in this process."""

    def __init__(self, store: Path | None = None) -> None:
        self.pid = None
        if not forks.can_fork():
            return
        try:
            requests, self._ask = os.pipe()
            self._answer, answers = os.pipe()
            self.pid = os.fork()
        except OSError:
            return
        if self.pid == 0:  # the child: load, wait for the texts, answer, leave without any cleanup
            code = 1
            try:
                forks.close_all_but(requests, answers)
                forks.lower_priority()
                tok = _loaded()
                if store is not None:  # while the build goes on, before any user word is added
                    try:
                        write_store(store, tok)
                    except (OSError, sqlite3.Error):
                        pass  # only later builds' speed depends on it
                with os.fdopen(requests, "rb") as f:
                    data = f.read()
                if data:
                    user, jobs = pickle.loads(data)
                    tok = _with_user(tok, user)
                    with os.fdopen(answers, "wb") as f:
                        f.write(pickle.dumps({k: sorted(_cut(tok, texts)) for k, texts in jobs.items()}))
                code = 0
            finally:
                os._exit(code)
        os.close(requests)
        os.close(answers)

    def words_by_key(self, user: list[str], jobs: dict[str, list[str]]) -> dict[str, list[str]]:
        """{key: texts} -> {key: sorted words of those texts}, as ``words`` finds them."""
        answer = None
        if self.pid:
            try:
                with os.fdopen(self._ask, "wb") as f:
                    f.write(pickle.dumps((list(user), jobs)))
                with os.fdopen(self._answer, "rb") as f:
                    answer = pickle.loads(f.read())
            except (OSError, EOFError, pickle.PickleError):
                answer = None
            self._reap()
        return answer if answer is not None else {k: sorted(words(texts, user)) for k, texts in jobs.items()}

    def close(self) -> None:
        """Not needed after all: the child ends when its request pipe closes."""
        if self.pid:
            for fd in (self._ask, self._answer):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self._reap()

    def _reap(self) -> None:
        pid, self.pid = self.pid, None
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
