"""The search engine's rules (issue 21), run in node on the shipped client code (static/zhifa-search.js) with
MiniSearch from node_modules, and the build-time vocabulary from jieba (zhifa.model.segment): numbers,
punctuation, fallback to parts, typo suggestions, exact names first, one tokenizer for texts and queries."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from zhifa.model import segment

ROOT = Path(__file__).resolve().parent.parent
CLIENT = ROOT / "tools" / "zhifa" / "static" / "zhifa-search.js"
MINISEARCH = ROOT / "node_modules" / "minisearch" / "dist" / "umd" / "index.js"


def node(script: str, data) -> object:
    exe = shutil.which("node")
    if exe is None:
        pytest.fail("node is missing")
    prelude = (
        # the file the build copies into the site, run as the browser runs it (the package is "type": "module",
        # so node's require would read this UMD file as an ES module)
        f"const m = {{exports: {{}}}}; new Function('module', 'exports', require('fs').readFileSync("
        f"{json.dumps(str(MINISEARCH))}, 'utf8'))(m, m.exports); const MiniSearch = m.exports;"
        f"const Z = require({json.dumps(str(CLIENT))});"
        "const data = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
    )
    result = subprocess.run(
        [exe, "-e", prelude + script], input=json.dumps(data, ensure_ascii=False), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def query_tokens(queries: list[str], words: list[str]) -> list[list[str]]:
    return node(
        "const v = new Z.Vocabulary(data.words, []);"
        "console.log(JSON.stringify(data.queries.map(q => Array.from(v.query(q)))));",
        {"words": words, "queries": queries},
    )


def doc_tokens(texts: list[str], words: list[str]) -> list[list[str]]:
    return node(
        "const v = new Z.Vocabulary(data.words, []);console.log(JSON.stringify(data.texts.map(t => v.document(t))));",
        {"words": words, "texts": texts},
    )


def test_numbers_are_read_and_bounded():
    q = query_tokens(["第12条", "12条", "第十二条", "5日", "五日", "五个工作日", "两年", "90天", "第6章", "200元"], [])
    assert q[0] == q[1] == q[2] == ["第十二条"]
    assert q[3] == q[4] == ["五日"]
    assert "五日" in q[5] and "工作日" in q[5]
    assert q[6] == ["二年"] and q[7] == ["九十日"] and q[8] == ["第六章"] and q[9] == ["二百元"]
    docs = doc_tokens(["自收到决定书之日起十五日内缴纳", "告知后五个工作日内提出", "依照本规范第一百一十二条"], [])
    assert "五日" not in docs[0] and "十五日" in docs[0]  # 五日 never inside 十五日
    assert "五日" in docs[1]
    assert "第一百一十二条" in docs[2] and "第十二条" not in docs[2]
    assert query_tokens(["第112条"], [])[0] == ["第一百一十二条"]


def test_punctuation_and_spaces_are_ignored():
    words = ["查封", "扣押", "双随机一公开"]
    q = query_tokens(["查封、扣押", "查封扣押", "查封 扣押", "双随机、一公开"], words)
    assert q[0] == q[1] == q[2] == ["查封", "扣押"]
    assert q[3] == ["双随机一公开"]
    doc = doc_tokens(["第一章 双随机、一公开"], words)[0]
    assert "双随机一公开" in doc


def test_a_word_the_index_does_not_hold_falls_back_to_its_parts():
    words = ["听证", "期限", "提前", "通知"]
    q = query_tokens(["听证会", "听证期限", "听证要提前几天通知"], words)
    assert q[0] == ["听证"]
    assert q[1] == ["听证", "期限"]
    assert q[2] == ["听证", "提前", "期限", "通知"]  # a question's asking words read as what it asks for


def test_typo_suggestion_exact_names_first_and_one_tokenizer():
    docs = [
        {
            "id": "TPL-1",
            "role": "template",
            "type": "文书模板",
            "head": "听证通知书",
            "num": "",
            "name": "听证通知书",
            "where": [],
            "std": "",
            "text": "听证通知书 听证 通知",
            "url": "t.html#TPL-1",
        },
        {
            "id": "CL-1",
            "role": "article",
            "type": "条款",
            "head": "第六十三条 听证通知 现行",
            "num": "第六十三条",
            "name": "听证通知",
            "where": ["规范", "第十章 听证"],
            "std": "规范",
            "text": "举行听证的七个工作日前通知当事人",
            "url": "c.html#CL-1",
        },
        {
            "id": "",
            "role": "chapter",
            "type": "章",
            "head": "第十章 听证",
            "num": "第十章",
            "name": "听证",
            "where": ["规范"],
            "std": "规范",
            "text": "",
            "url": "c.html",
        },
        {
            "id": "CL-2",
            "role": "article",
            "type": "条款",
            "head": "第六十二条 听证申请 现行",
            "num": "第六十二条",
            "name": "听证申请",
            "where": ["规范", "第十章 听证"],
            "std": "规范",
            "text": "听证 听证 听证 五个工作日内提出",
            "url": "c.html#CL-2",
        },
    ]
    data = {"dict": ["听证", "听证通知", "听证通知书", "听证申请"], "words": ["通知", "提出"], "docs": docs}
    out = node(
        "const e = new Z.Engine(data, MiniSearch);"
        "const r = q => { const x = e.search(q, null);"
        "  return {s: x.suggestion, ids: x.hits.map(d => d.id || d.url)}; };"
        "console.log(JSON.stringify(['听正', '听证', '第63条', 'cl-2', '听证通知书'].map(r)));",
        data,
    )
    typo, term, number, ident, template = out
    assert typo["s"] == "听证" and typo["ids"][0] == "c.html"  # 您要找的是：听证, and its chapter first
    assert term["s"] == "" and term["ids"][0] == "c.html"  # the chapter named 听证 before clauses that say it more
    assert number["ids"][0] == "CL-1"
    assert ident["ids"][0] == "CL-2"
    assert template["ids"][0] == "TPL-1"


def test_the_user_dictionary_keeps_legal_terms_whole():
    text = ["未经法制审核不得作出决定，听取陈述申辩"]
    assert "法制审核" not in segment.words(text, [])  # jieba alone splits them
    user = segment.user_words(["法制审核", "第五十七条 听取陈述申辩与复核", "《中华人民共和国行政处罚法》第五十八条"])
    assert {"法制审核", "听取陈述申辩与复核", "中华人民共和国行政处罚法", "行政处罚法"} <= set(user)
    assert not any(w.startswith("第") for w in user)  # numbers are the number rule's
    found = segment.words(text, user)
    assert {"法制审核"} <= found
