"""Benchmark (not a test) for issue 27: `zhifa federate` over generated counties' published files.

    python benchmarks/federate_bench.py [--counties 100] [--objects 100000] [--keep DIR]

Generates, without building any site, one set of published files (needs.json, zhifa-layers.json, zhifa-bank.json)
per county, all over one base: --objects in all, per county four fifths clauses and one fifth questions. Each
county adopts most base clauses, overrides about 3 %, excludes about 1 %, adds its own; a third of the counties
are one base release behind. Then runs `zhifa federate` once and prints its wall time and peak memory (the
child's maximum resident set) against the targets (under 60 s, under 2 GB on a 2-core machine).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
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
TEXT = (
    "行政执法人员在执法过程中应当出示执法证件，告知当事人作出行政处罚决定的事实、理由及依据，并告知其依法享有的权利。"
)
TARGET_SECONDS, TARGET_BYTES = 60, 2 * 1024**3


def code(n: int, width: int) -> str:
    out = ""
    for _ in range(width):
        n, r = divmod(n, 32)
        out = ALPHABET[r] + out
    return out


def prefix(k: int) -> str:
    return "C" + code(k, 2)  # C00 … CZZ: one per county, never shared


def generate(folder: Path, counties: int, objects: int, seed: int = 1) -> Path:
    rnd = random.Random(seed)
    per = objects // counties
    clauses, questions = per * 4 // 5, per - per * 4 // 5
    base_count = clauses * 9 // 10
    base = {f"CL-A{code(i, 5)}": (f"基础条款{i}", f"{TEXT}（第{i}条）") for i in range(base_count)}
    sites = []
    for k in range(counties):
        site = folder / f"county-{k:03d}"
        site.mkdir(parents=True)
        ids = list(base)
        over = set(rnd.sample(ids, max(1, base_count * 3 // 100)))
        left = [i for i in ids if i not in over]
        out = set(rnd.sample(left, max(1, base_count // 100)))
        needs, origins, overrides, excluded = {}, {}, {}, {}
        for cid, (title, text) in base.items():
            if cid in out:
                excluded[cid] = {"reason": f"本县不涉及（{k}）", "base_title": title, "base_text": text}
                continue
            if cid in over:
                local = text.replace("出示执法证件", f"出示执法证件和本县执法记录（{k}）")
                overrides[cid] = {
                    "reason": f"本县执法力量调整（{k}）",
                    "base_title": title,
                    "base_text": text,
                    "title": title,
                    "text": local,
                }
                text = local
            needs[cid] = {"id": cid, "type": "clause", "title": title, "content": text, "status": "现行"}
            origins[cid] = "本地调整" if cid in over else "上级规范"
        own = clauses - len(needs)
        for i in range(own):
            cid = f"CL-{prefix(k)}{code(i, 3)}"
            needs[cid] = {"id": cid, "type": "clause", "title": f"本县条款{i}", "content": TEXT, "status": "现行"}
            origins[cid] = "本地新增"
        tested = rnd.sample(list(needs), min(len(needs), questions))
        bank = [{"id": f"Q-{prefix(k)}{code(i, 3)}", "clauses": [{"id": c}]} for i, c in enumerate(tested)]
        decl = {
            "format": 1,
            "project": f"第{k}县",
            "prefix": prefix(k),
            "base": {"name": "city", "release": "v2026.1" if k % 3 == 0 else "v2026.2"},
            "origins": origins,
            "overrides": overrides,
            "excluded": excluded,
            "clause_type": "clause",
            "current_status": "现行",
        }
        files = {
            "needs.json": {"current_version": "", "versions": {"": {"needs": needs}}},
            "zhifa-layers.json": decl,
            "zhifa-bank.json": {"version": "x", "questions": bank},
        }
        for name, data in files.items():
            (site / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        sites.append(site)
    lines = ["title: 基准测试市", "counties:"]
    for k, site in enumerate(sites):
        lines += [f"  - name: 第{k:03d}县", f"    site: {site.name}"]
    config = folder / "federation.yaml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--counties", type=int, default=100)
    ap.add_argument("--objects", type=int, default=100_000, help="objects in all counties' published files")
    ap.add_argument("--keep", type=Path, help="keep the generated files and the federation site under this folder")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="zhifa-federate-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        return run(work, args)
    finally:
        if not args.keep:
            shutil.rmtree(work)


def run(work: Path, args) -> int:
    config = generate(work / "published", args.counties, args.objects)
    print(
        f"机器：{platform.processor() or platform.machine()}，{os.cpu_count()} 核；Python {platform.python_version()}"
    )
    print(f"生成 {args.counties} 县已发布文件，共 {args.objects} 个对象（不构建站点）")
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "zhifa.cli", "federate", str(config), "-o", str(work / "federation")],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # Linux reports KiB
    if done.returncode != 0:
        print(done.stdout + done.stderr, file=sys.stderr)
        return 1
    print(done.stdout.strip())
    pages = sum(1 for _ in (work / "federation").rglob("*.html"))
    print("| 项目 | 测得 | 目标 | 结论 |\n|---|---|---|---|")
    verdict = "达标" if seconds < TARGET_SECONDS else "未达标"
    print(f"| zhifa federate 用时 | {seconds:.1f} s | < {TARGET_SECONDS} s | {verdict} |")
    print(f"| 峰值内存 | {peak / 1024**2:.0f} MiB | < 2 GiB | {'达标' if peak < TARGET_BYTES else '未达标'} |")
    print(f"对照站点 {pages} 个页面" + (f"：{work / 'federation'}" if args.keep else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
