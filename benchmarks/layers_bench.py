"""Benchmark (not a test) for issue 26: a county's merged build against the same objects in one repository.

    python benchmarks/layers_bench.py [--size 1000] [--runs 3] [--keep DIR]

A quick look that it works: ``--size 300 --runs 1`` (the smallest size whose bank fills the exam blueprint the
generated repositories carry: 40 single-choice questions of about 0.4 × size, a third of each kind).

The generated repository of bench.py (flavour "ours") is built as it is (single layer), then released as a git
tag and used as the base of a county that overrides three clauses, excludes none and adds none, so both builds
publish the same objects (the county pins its re-reviewed questions first). Each is built from scratch
(`zhifa build --clean`) ``runs`` times after one warm-up build that fills the flowchart cache; the target is a
merged build within 1.2x of the single-layer build.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the generator and the measuring of bench.py)

GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org"]
TARGET = 1.2
SMALLEST = 300  # the blueprint asks for 40 reviewed single-choice questions: 0.4 × 300 / 3


def county(base: Path, dest: Path, clauses: list[str]) -> Path:
    """A county over ``base`` (released v2026.1) overriding the first three of ``clauses``."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(base)], check=True)
    subprocess.run([*GIT, "-C", str(base), "add", "-A"], check=True)
    subprocess.run([*GIT, "-C", str(base), "commit", "-qm", "base"], check=True)
    subprocess.run([*GIT, "-C", str(base), "tag", "-a", "v2026.1", "-m", "v2026.1"], check=True)
    dest.mkdir(parents=True)
    for name in ("metamodel.yaml", "conf.py"):
        shutil.copy(base / name, dest / name)
    entry = "  {}:\n    reason: 本县执法实际\n    text: |\n      本县对该事项另有规定（基准测试）。\n"
    overrides = "".join(entry.format(cid) for cid in clauses[:3])
    (dest / "layers.yaml").write_text(
        f"prefix: ZJ\nbase:\n  git: {base}\n  release: v2026.1\noverrides:\n{overrides}", encoding="utf-8"
    )
    # the county re-reviews the questions on the clauses it words differently, as the gate asks
    subprocess.run([*bench.zhifa(dest), "pin", "--all"], check=True, capture_output=True)
    return dest


def build_seconds(root: Path, out: Path, runs: int) -> list[float]:
    cmd = [*bench.zhifa(root), "build", "--clean", "--out", str(out)]
    return [bench.measure(cmd)[0] for _ in range(runs)]


def run(size: int, runs: int, work: Path) -> dict:
    p = bench.plan(size)
    single = bench.write(work / "single", p, "ours")
    clauses = [cid for chapter in p["chapters"] for cid in chapter]
    layered = county(bench.write(work / "base", p, "ours"), work / "county", clauses)
    bench.measure([*bench.zhifa(single), "build", "--clean", "--out", str(work / "warm")])  # chart cache
    one = build_seconds(single, work / "site-single", runs)
    merged = build_seconds(layered, work / "site-county", runs)
    ratio = statistics.median(merged) / statistics.median(one)
    return {"size": size, "single": statistics.median(one), "merged": statistics.median(merged), "ratio": ratio}


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--size", type=int, default=1000)
    args.add_argument("--runs", type=int, default=3)
    args.add_argument("--keep", help="keep the generated repositories and sites in this folder")
    a = args.parse_args()
    if a.size < SMALLEST or a.runs < 1:
        args.error(f"--size 至少 {SMALLEST}（生成的题库要够考试蓝图抽题），--runs 至少 1")
    work = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix="zhifa-layers-bench-"))
    try:
        r = run(a.size, a.runs, work)
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"{'对象数':>8} {'单层构建 s':>12} {'合并构建 s':>12} {'倍数':>6}  目标 ≤ {TARGET}×")
    verdict = "达标" if r["ratio"] <= TARGET else "未达标"
    print(f"{r['size']:>8} {r['single']:>12.1f} {r['merged']:>12.1f} {r['ratio']:>6.2f}  {verdict}")


if __name__ == "__main__":
    main()
