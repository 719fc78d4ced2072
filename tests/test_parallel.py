"""Parallel read and write (`zhifa build --jobs 2`, Sphinx's -j) publishes the same site as --jobs 1."""

from __future__ import annotations

import zipfile

from conftest import make_repo, zhifa


def _files(site):
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file() and ".doctrees" not in p.parts}


def test_two_jobs_publish_the_same_site_as_one(tmp_path):
    repo = make_repo(tmp_path / "repo")
    sites = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"html-{jobs}"
        done = zhifa("--root", str(repo), "build", "--clean", "--jobs", jobs, "--out", str(out))
        assert done.returncode == 0, done.stdout + done.stderr
        sites[jobs] = _files(out)
    one, two = sites["1"], sites["2"]
    assert sorted(one) == sorted(two)
    docx = [rel for rel in one if rel.endswith(".docx")]
    assert docx  # the comparison below covers the exports too
    for rel in docx:  # a .docx is a zip whose entries carry the wall-clock time they were written
        with zipfile.ZipFile(one[rel]) as a, zipfile.ZipFile(two[rel]) as b:
            assert a.namelist() == b.namelist(), rel
            assert all(a.read(n) == b.read(n) for n in a.namelist()), rel
    for rel in sorted(set(one) - set(docx)):
        assert one[rel].read_bytes() == two[rel].read_bytes(), rel
