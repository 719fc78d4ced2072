"""Library costs that grow with the site (zhifa/sphinx/upstream_costs.py): a page is purged of its objects only
when sphinx-needs holds some of it; the object table passed to its events is cheap to print; an asset's
checksum is looked up once per build, not per page; MyST's default settings are computed once, not per page."""

from __future__ import annotations

import io
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

from jinja2.bccache import bc_magic

from conftest import BUILD_DATE, make_repo

# Sphinx run in a child process that counts sphinx-needs' purges, measures what Sphinx prints of the arguments
# of the events passing the object table, counts the asset checksums looked up and the docutils settings made
# other than Sphinx's own.
DRIVER = """
import json, sys, traceback
import docutils.frontend
import sphinx.builders.html
import sphinx.events
import sphinx_needs.data as data
purged, shown, checksums, settings, read = [], [], [], [], []
checksum = sphinx.builders.html._file_checksum
def checksum_counted(outdir, filename):
    checksums.append(str(filename))
    return checksum(outdir, filename)
sphinx.builders.html._file_checksum = checksum_counted
made = docutils.frontend.OptionParser.__init__
def made_counted(self, *args, **kwargs):
    caller = traceback.extract_stack(limit=3)[0]
    if "/sphinx/" not in caller.filename:  # Sphinx's own: one per page read, and two for its HTML writer
        settings.append(caller.filename)
    return made(self, *args, **kwargs)
docutils.frontend.OptionParser.__init__ = made_counted
remove = data.SphinxNeedsData.remove_doc
def counted(self, docname):
    purged.append(docname)
    return remove(self, docname)
data.SphinxNeedsData.remove_doc = counted
emit = sphinx.events.EventManager.emit
def measured(self, name, *args, **kwargs):
    if name.startswith("needs-before-"):
        shown.append([len(args[0]), len(repr(args))])
    if name == "source-read":
        read.append(args[0])
    return emit(self, name, *args, **kwargs)
sphinx.events.EventManager.emit = measured
from sphinx.cmd.build import build_main
status = build_main(sys.argv[1:])
print(json.dumps({"status": status, "purged": purged, "shown": shown, "checksums": checksums,
                  "settings": settings, "read": read}))
"""


def run(src: Path, out: Path, *extra: str) -> dict:
    args = ["-q", "-W", "--keep-going", "-b", "html", "-D", f"zhifa_build_date={BUILD_DATE}"]
    args += ["-d", str(out.parent / "state"), *extra, str(src), str(out)]
    done = subprocess.run([sys.executable, "-c", DRIVER, *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["status"] == 0, done.stderr
    return result


def test_a_page_is_purged_only_of_what_sphinx_needs_holds_of_it(tmp_path):
    src = make_repo(tmp_path / "src")
    out = tmp_path / "site"
    clean = run(src, out, "-E")
    assert clean["purged"] == []  # a clean build reads every page for the first time: nothing to purge

    page = src / "standards/demo/filing.md"  # a clause no question tests: no re-review is due
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("```{clause} 将来施行的条款", "```{clause} 将来施行的新条款"), encoding="utf-8")
    again = run(src, out)
    # the edited page is purged of its objects (else its clauses would be duplicate IDs and fail the build) ...
    assert again["purged"] == ["standards/demo/filing"]
    needs = json.loads((out / "needs.json").read_text(encoding="utf-8"))
    objects = needs["versions"][needs["current_version"]]["needs"]
    assert objects["CL-AAAAA4"]["title"] == "将来施行的新条款"

    # ... and Sphinx's debug message of the object table names each object by its ID, not by every field
    count, length = max(clean["shown"])
    assert count > 20 and length < 40 * count

    # each asset's checksum once per build (every page links a dozen), MyST's default settings once per process
    pages = len(clean["read"])
    assert pages > 10 and len(clean["checksums"]) == len(set(clean["checksums"])) > 5
    assert len(clean["settings"]) <= 1, clean["settings"]


def test_the_build_process_imports_no_builder_of_another_format_nor_what_only_its_helpers_use(tmp_path):
    """A clean build and a clause edit, through run_sphinx as zhifa build runs it: the .docx are written (by the
    helper), yet the build process itself never imports python-docx, pkg_resources (jieba opens its own files)
    or the EPUB, LaTeX and link-check builders; the site still searches in Chinese."""
    src = make_repo(tmp_path / "repo")
    out = tmp_path / "site"

    def build() -> set[str]:
        """The modules the build process has loaded when it ends."""
        args = ["-q", "-W", "--keep-going", "-b", "html", "-D", f"zhifa_build_date={BUILD_DATE}"]
        args += ["-d", str(tmp_path / "state"), str(src), str(out)]
        probe = "import json, sys; from zhifa.publish import run_sphinx; status = run_sphinx.main(sys.argv[1:]); "
        probe += "print(json.dumps([status, [m for m, v in sys.modules.items() if v is not None]]))"
        done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True)
        status, modules = json.loads(done.stdout.splitlines()[-1])
        assert status == 0, done.stderr[-3000:]
        return set(modules)

    unwanted = {"docx", "pkg_resources", "sphinx.builders.epub3", "sphinx.builders.latex", "sphinx.builders.linkcheck"}
    imported = build()
    assert "jieba" in imported and "sphinx.builders.html" in imported  # the probe sees the build's imports
    assert imported & unwanted == set()
    assert list((out / "docx").glob("*.docx"))
    page = src / "standards" / "demo" / "general.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("制定本规范。", "制定本规范。文书由承办人员送达。"), encoding="utf-8"
    )
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.docx")}
    imported = build()
    assert imported & unwanted == set()
    assert any(p.stat().st_mtime_ns != t for p, t in before.items())  # a .docx was written again, by the helper
    assert "送达" in json.loads((out / "zhifa-search.json").read_text(encoding="utf-8"))["words"]  # cut by jieba


FAILING_ENV_WRITER = """
import pickle, sys
from sphinx.environment import BuildEnvironment
from zhifa.sphinx import upstream_costs

class Refusing:
    def __getattr__(self, name):
        return getattr(pickle, name)

    def dump(self, obj, file, protocol=None):
        if isinstance(obj, BuildEnvironment):
            raise OSError("disk full")
        return pickle.dump(obj, file, protocol)

upstream_costs.pickle = Refusing()
from sphinx.cmd.build import build_main
sys.exit(build_main(sys.argv[1:]))
"""


def test_an_incremental_build_writes_sphinx_s_environment_in_a_child_while_it_goes_on(tmp_path):
    """upstream_costs.write_env_beside: the environment Sphinx writes after reading is written by a forked child
    in an incremental build; it is complete when the build ends, and a child that failed fails the build."""
    src = make_repo(tmp_path / "repo")
    out = tmp_path / "site"
    run(src, out)
    page = src / "standards" / "demo" / "general.md"
    page.write_text(page.read_text(encoding="utf-8").replace("# 总则", "# 总则（修订）"), encoding="utf-8")
    run(src, out)

    with open(out.parent / "state" / "environment.pickle", "rb") as f:
        env = pickle.load(f)
    assert env.titles["standards/demo/general"].astext().endswith("总则（修订）")

    page.write_text(page.read_text(encoding="utf-8").replace("总则（修订）", "总则"), encoding="utf-8")
    args = ["-q", "-W", "--keep-going", "-b", "html", "-D", f"zhifa_build_date={BUILD_DATE}"]
    args += ["-d", str(out.parent / "state"), str(src), str(out)]
    failed = subprocess.run([sys.executable, "-c", FAILING_ENV_WRITER, *args], capture_output=True, text=True)
    assert failed.returncode != 0 and "未能写入 Sphinx 的构建环境" in failed.stderr, failed.stderr[-2000:]


COUNTING_TEMPLATES = """
import json, os, sys
from pathlib import Path
import jinja2
import sphinx.search
from zhifa.sphinx import upstream_costs
upstream_costs.TEMPLATE_CACHE = Path(os.environ["TEMPLATE_CACHE"])
compiled, fed = [], []
compile = jinja2.Environment.compile
def counted(self, source, name=None, filename=None, *args, **kwargs):
    if name is not None:  # a template file (a template made from a string has no name)
        compiled.append(name)
    return compile(self, source, name, filename, *args, **kwargs)
jinja2.Environment.compile = counted
feed = sphinx.search.IndexBuilder.feed
def fed_counted(self, docname, *args, **kwargs):
    fed.append(docname)
    return feed(self, docname, *args, **kwargs)
sphinx.search.IndexBuilder.feed = fed_counted
from sphinx.cmd.build import build_main
status = build_main(sys.argv[1:])
print(json.dumps({"status": status, "compiled": compiled, "fed": fed}))
"""


def test_templates_are_compiled_once_per_machine_and_sphinx_s_unused_index_is_not_made(tmp_path):
    """upstream_costs.compiled_templates: the theme's templates are compiled by the first build only (Jinja's
    bytecode cache), and a changed template is compiled again. search_index.without_sphinx_index: Sphinx's own
    searchindex.js, which no page reads, is neither fed nor written; the search page is still made."""
    src = make_repo(tmp_path / "repo")
    out = tmp_path / "site"
    cache = tmp_path / "templates"

    def build() -> dict:
        args = ["-q", "-W", "--keep-going", "-b", "html", "-D", f"zhifa_build_date={BUILD_DATE}"]
        args += ["-d", str(tmp_path / "state"), str(src), str(out)]
        env = {**os.environ, "TEMPLATE_CACHE": str(cache)}
        command = [sys.executable, "-c", COUNTING_TEMPLATES, *args]
        done = subprocess.run(command, capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
        result = json.loads(done.stdout.strip().splitlines()[-1])
        assert result["status"] == 0, done.stderr[-3000:]
        return result

    first = build()
    assert "page.html" in first["compiled"] and list(cache.iterdir())
    assert first["fed"] == [] and not (out / "searchindex.js").exists()
    assert "zf-search-form" in (out / "search.html").read_text(encoding="utf-8")

    page = src / "standards" / "demo" / "general.md"
    page.write_text(page.read_text(encoding="utf-8").replace("# 总则", "# 总则（修订）"), encoding="utf-8")
    second = build()
    assert second["compiled"] == [] and second["fed"] == [] and not (out / "searchindex.js").exists()
    assert "总则（修订）" in (out / "standards" / "demo" / "general.html").read_text(encoding="utf-8")

    for cached in cache.iterdir():  # as if each template had changed since: Jinja keeps its source's checksum
        data = io.BytesIO(cached.read_bytes()[len(bc_magic) :])
        pickle.load(data)
        cached.write_bytes(bc_magic + pickle.dumps("another source", 2) + data.read())
    page.write_text(page.read_text(encoding="utf-8").replace("总则（修订）", "总则"), encoding="utf-8")
    assert "page.html" in build()["compiled"]
