"""Benchmark (not a test): synthetic repositories of 1,000 / 3,000 / 10,000 objects, shaped like the
real one (clauses in chapters of a standard, law articles, questions linking 1-2 clauses), and a table
of what it costs: full publishing build, rebuild after editing one clause, `check`, built site size.

    python benchmarks/bench.py [--sizes 1000,3000,10000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PER_PAGE = 50
TEXT = ("行政机关在调查或者进行检查时，执法人员不得少于两人，并应当主动向当事人或者有关人员出示执法证件。"
        "询问或者检查应当制作笔录。当事人应当如实回答询问，并协助调查或者检查。")


def _id(prefix: str, n: int) -> str:
    digits = []
    for _ in range(6):
        n, r = divmod(n, 32)
        digits.append(ALPHABET[r])
    return prefix + "".join(reversed(digits))


def generate(dest: Path, total: int, seed: int = 7) -> Path:
    rnd = random.Random(seed)
    n_laws = max(10, total // 20)
    n_questions = int(total * 0.4)
    n_clauses = total - n_laws - n_questions
    for name in ("metamodel.yaml", "conf.py"):
        shutil.copy(ROOT / name, dest / name)
    laws = [f"LAW-XZCF-{i:03d}" for i in range(1, n_laws + 1)]
    clauses = [_id("CL-", i) for i in range(n_clauses)]
    (dest / "standards/bench").mkdir(parents=True)
    (dest / "laws").mkdir()
    (dest / "quizzes").mkdir()
    chapters = [clauses[i:i + PER_PAGE] for i in range(0, n_clauses, PER_PAGE)]
    for k, chunk in enumerate(chapters):
        blocks = [f"# 第{k + 1}部分\n"]
        for cid in chunk:
            basis = ", ".join(rnd.sample(laws, 2))
            blocks.append(f"```{{clause}} 条款 {cid}\n:id: {cid}\n:effective: 2024-01-01\n:source: 法定\n"
                          f":basis: {basis}\n\n{TEXT}\n```\n")
        (dest / f"standards/bench/c{k:04d}.md").write_text("\n".join(blocks), encoding="utf-8")
    _index(dest / "standards/bench/index.md", "《基准规范》", [f"c{k:04d}" for k in range(len(chapters))])
    _index(dest / "standards/index.md", "执法规范", ["bench/index"])
    law_blocks = ["# 法律\n"] + [
        f"```{{law}} 主题 {i}\n:id: {lid}\n:law: 中华人民共和国行政处罚法\n:article: {i}\n"
        f":url: https://flk.npc.gov.cn/\n\n要旨 {i}。\n```\n" for i, lid in enumerate(laws, 1)]
    (dest / "laws/xzcf.md").write_text("\n".join(law_blocks), encoding="utf-8")
    _index(dest / "laws/index.md", "法律条文", ["xzcf"])
    questions = [_id("Q-", i) for i in range(n_questions)]
    pages = []
    for k in range(0, n_questions, PER_PAGE):
        items = []
        for j, qid in enumerate(questions[k:k + PER_PAGE]):
            tests = ", ".join(rnd.sample(clauses, rnd.choice((1, 2))))
            kind = ("单选", "多选", "判断")[(k + j) % 3]
            body = {"单选": "  options:\n    A: 两人\n    B: 一人\n    C: 三人\n  answer: A\n",
                    "多选": "  options:\n    A: 出示证件\n    B: 制作笔录\n    C: 私下收款\n  answer: [A, B]\n",
                    "判断": "  answer: 正确\n"}[kind]
            items.append(f"- id: {qid}\n  type: {kind}\n  stem: 某执法人员在调查 {qid} 时，关于执法人数的说法正确的是？\n{body}"
                         f"  explanation: 见条款 {{clause}}`{tests.split(',')[0]}`。\n  tests: [{tests}]\n  difficulty: 2\n"
                         f"  review: 已审核\n  reviewer: 基准\n  reviewed: 2026-01-01\n")
        name = f"q{k // PER_PAGE:04d}"
        (dest / f"quizzes/{name}.yaml").write_text("\n".join(items), encoding="utf-8")
        (dest / f"quizzes/{name}.md").write_text(f"# 试题 {k // PER_PAGE + 1}\n\n```{{questions}} {name}.yaml\n```\n",
                                                 encoding="utf-8")
        pages.append(name)
    shutil.copy(ROOT / "quizzes/blueprint.yaml", dest / "quizzes/blueprint.yaml")
    (dest / "drill").mkdir()
    shutil.copy(ROOT / "drill/exam.md", dest / "drill/exam.md")
    (dest / "drill/index.md").write_text("# 练习中心\n\n```{drill}\n```\n\n```{toctree}\nexam\n```\n", encoding="utf-8")
    _index(dest / "quizzes/index.md", "题库", pages)
    _index(dest / "index.md", "基准站点", ["standards/index", "laws/index", "quizzes/index", "drill/index"])
    subprocess.run([sys.executable, "-m", "zhifa.cli", "--root", str(dest), "pin", "--all"], check=True,
                   capture_output=True)
    return dest


def _index(path: Path, title: str, entries: list[str]) -> None:
    path.write_text(f"# {title}\n\n```{{toctree}}\n" + "\n".join(entries) + "\n```\n", encoding="utf-8")


def measure(cmd: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Seconds and peak MB of a command run in a fresh interpreter (so peaks don't carry over)."""
    probe = ("import resource,subprocess,sys,time;t=time.perf_counter();"
             "r=subprocess.run(sys.argv[1:]);"
             "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);"
             "sys.exit(r.returncode)")
    out = subprocess.run([sys.executable, "-c", probe, *cmd], cwd=cwd, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{out.stderr[-2000:]}")
    seconds, kb = out.stdout.strip().splitlines()[-1].split()
    return float(seconds), int(kb) / 1024


def exam_ready(site: Path) -> dict:
    """Seconds from navigating to the exam page to the first question being answerable (loopback, headless
    system Chromium), and the transfer size of the published bank."""
    import functools
    import gzip
    import http.server
    import threading

    bank = (site / "zhifa-bank.json").read_bytes()
    sizes = {"bank_mb": len(bank) / 1e6, "bank_gz_mb": len(gzip.compress(bank)) / 1e6, "questions": bank.count(b'"id":"Q-')}
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {**sizes, "exam_s": float("nan")}
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/drill/exam.html"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        times = []
        for _ in range(3):
            page.goto("about:blank")
            start = time.perf_counter()
            page.goto(url)
            page.get_by_role("button", name="开始考试").click()
            page.locator(".zf-exam-stage input").first.wait_for()
            times.append(time.perf_counter() - start)
            page.evaluate("localStorage.clear()")
        browser.close()
    server.shutdown()
    return {**sizes, "exam_s": sorted(times)[1]}


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def bench(total: int, keep: Path | None) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"zhifa-bench-{total}-", dir=keep))
    (work / "repo").mkdir()
    repo = generate(work / "repo", total)
    out = work / "html"
    zhifa = [sys.executable, "-m", "zhifa.cli", "--root", str(repo)]
    check_s, _ = measure([*zhifa, "check"])
    full_s, full_mb = measure([*zhifa, "build", "--out", str(out)])
    incremental = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(repo), str(out)]
    noop_s, _ = measure(incremental)
    chapter = repo / "standards/bench/c0000.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(TEXT, TEXT + "（已修改）", 1), encoding="utf-8")
    edit_s, _ = measure(incremental)
    row = {"objects": total, "check_s": check_s, "full_s": full_s, "full_mb": full_mb,
           "noop_s": noop_s, "edit_s": edit_s, "site_mb": size_mb(out), **exam_ready(out)}
    if keep is None:
        shutil.rmtree(work)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="1000,3000,10000")
    ap.add_argument("--keep", type=Path, help="keep the generated repositories under this folder")
    args = ap.parse_args()
    rows = [bench(int(n), args.keep) for n in args.sizes.split(",")]
    print("| objects | check (s) | full build (s) | peak MB | no-op rebuild (s) | one-edit rebuild (s) | site MB "
          "| questions | bank MB (gzip) | exam ready (s) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['objects']:,} | {r['check_s']:.2f} | {r['full_s']:.1f} | {r['full_mb']:.0f} | "
              f"{r['noop_s']:.1f} | {r['edit_s']:.1f} | {r['site_mb']:.1f} | {r['questions']:,} | "
              f"{r['bank_mb']:.2f} ({r['bank_gz_mb']:.2f}) | {r['exam_s']:.2f} |")
    print("\nfull build = `zhifa build` (sphinx-build -E -W with sphinx-needs and our extension, plus the "
          "search index); rebuilds are plain incremental sphinx-build runs.")
    print("Reference (plain sphinx-needs, stack_notes.md): 1,000 objects ~7-15 s, 10,000 ~74-92 s full build.")
    print("exam ready = navigation to the exam page until the first question of a freshly drawn paper is "
          "answerable (median of 3, loopback, headless system Chromium); target under 1 s.")


if __name__ == "__main__":
    main()
