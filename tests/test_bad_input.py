"""Each kind of bad input, one small fixture: `check` names the file, the line and what to do and
exits 1, and the Sphinx build of the same repository fails too (the two agree)."""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES, make_repo, sphinx_build, zhifa

CHAPTER = "standards/demo/filing.md"
PROCEDURE, CHART, FORM = "procedures/filing.md", "flowcharts/filing.mmd", "templates/filing-form.md"
QUIZ = "quizzes/demo.yaml"
# fixture file -> (path it replaces, expected line, fragment of the message[, file the line is in])
CASES = {
    "link_typo.md": (CHAPTER, 7, "指向不存在的对象 LAW-XZCF-45"),
    "link_wrong_type.md": (CHAPTER, 7, "只能指向法律条文，CL-AAAAA1 是条款"),
    "duplicate_id.md": (CHAPTER, 12, "ID CL-AAAAA1 重复：另见 standards/demo/general.md:4"),
    "bad_id.md": (CHAPTER, 4, "ID“CL-lian01”格式不对"),
    "missing_field.md": (CHAPTER, 3, "缺少必填字段 :source:（来源）"),
    "bad_enum.md": (CHAPTER, 6, "“法律”不是允许的取值"),
    "bad_date.md": (CHAPTER, 5, "“2024-13-01”不是有效日期"),
    "repealed_before_effective.md": (CHAPTER, 6, "废止日期 2023-12-31 早于施行日期 2024-01-01"),
    "relies_on_repealed.md": (CHAPTER, 17, "现行的 CL-BBBBB2 依赖已废止的 CL-BBBBB1"),
    "unclosed_fence.md": (CHAPTER, 3, "围栏没有闭合"),
    "broken_front_matter.md": (CHAPTER, 3, "元数据 YAML 有语法错误"),
    "raw_html.md": (CHAPTER, 8, "内容中出现 HTML 标记 <img src=x onerror=alert(1)>"),
    "raw_directive.md": (CHAPTER, 3, "不允许使用 raw 指令"),
    "literal_number.md": (CHAPTER, 8, "直接写了编号“第二条”"),
    "unknown_directive.md": (CHAPTER, 3, "未知的指令 {clasue}"),
    "unknown_option.md": (CHAPTER, 7, "条款没有字段 :bassis:。处理：是否想写 :basis:？"),
    "status_written.md": (CHAPTER, 7, "不要手写 :status:"),
    "role_typo.md": (CHAPTER, 8, "{clause} 引用了不存在的对象 CL-AAAAA9"),
    "bad_table.md": (CHAPTER, 4, "{objecttable} 的 :type: “clauses”不是对象类型"),
    "chart_unknown_node.mmd": (CHART, 6, "节点 ST-AAAAA6 不是流程 PR-AAAAA1 的环节"),
    "chart_missing_edge.mmd": (CHART, 30, "流程图 flowcharts/filing.mmd 缺少连线 ST-AAAAA3 --> ST-AAAAA5", PROCEDURE),
    "chart_wrong_label.mmd": (CHART, 3, "连线 ST-AAAAA2 --> ST-AAAAA3 的标签应为“符合”，流程图中是“是”"),
    "decision_one_branch.md": (PROCEDURE, 20, "判断环节 ST-AAAAA2 至少需要两个分支"),
    "deadline_incomplete.md": (PROCEDURE, 30, "环节 ST-AAAAA3 的时限不完整，缺少 :time_unit:"),
    "markup_in_title.md": (PROCEDURE, 30, "标题中出现 HTML 标记 <img src=x onerror=alert(1)>"),
    "undeclared_placeholder.md": (FORM, 33, "占位符【承办人】不是文书 TPL-AAAAA1 声明的字段"),
    "quiz_answer_not_option.yaml": (QUIZ, 9, "试题 Q-AAAAA1 的答案 E 不在选项中"),
    "quiz_single_two_answers.yaml": (QUIZ, 9, "单选题 Q-AAAAA1 只能有一个答案，现在是 AB"),
    "quiz_multi_one_answer.yaml": (QUIZ, 37, "多选题 Q-AAAAA3 至少要有两个正确答案"),
    "quiz_judgement_letter.yaml": (QUIZ, 22, "判断题 Q-AAAAA2 的答案应为“正确”或“错误”"),
    "quiz_duplicate_option.yaml": (QUIZ, 5, "试题 Q-AAAAA1 有重复的选项“应当及时立案”"),
    "quiz_tests_not_clause.yaml": (QUIZ, 24, "试题 Q-AAAAA2 考查的 LAW-XZCF-042 不是条款"),
    "quiz_reviewed_without_reviewer.yaml": (QUIZ, 26, "已审核的试题 Q-AAAAA2 须写明审核人和审核日期"),
    "quiz_yaml_error.yaml": (QUIZ, 21, "题库 YAML 有语法错误"),
    "quiz_duplicate_id.yaml": (QUIZ, 30, "试题 ID Q-AAAAA2 重复：另见 quizzes/demo.yaml:19"),
    "blueprint_too_many.yaml": ("quizzes/blueprint.yaml", 6, "第 1 部分需要 10 道已审核的单选题，题库中只有 3 道"),
    "blueprint_total.yaml": ("quizzes/blueprint.yaml", 4, "各部分分值之和为 6，与满分 10 不一致"),
    "blueprint_quota_short.yaml": (
        "quizzes/blueprint.yaml",
        10,
        "第 1 项配额（difficulty 2）需要 2 道已审核的试题，只能保证 1 道，差 1 道",
    ),
    "quiz_tests_repealed.md": (CHAPTER, 11, "试题 Q-AAAAA1 考查的条款 CL-AAAAA3 已于 2025-01-01 废止", QUIZ),
    # untrusted content (issue 18): nothing hidden from the checker, no script, no redirect, nothing read from outside
    "blockquote_directive.md": (CHAPTER, 29, "指令 {eval-rst} 写在了引用块（>）或列表中"),
    "nested_list_directive.md": (CHAPTER, 32, "指令 {raw} 写在了引用块（>）或列表中"),
    "javascript_link.md": (CHAPTER, 29, "不允许使用 {eval-rst} 指令"),
    "meta_refresh.md": (CHAPTER, 29, "不允许使用 {meta} 指令"),
    "myst_front_matter.md": (CHAPTER, 2, "元数据中不允许使用 myst:"),
    "include_outside.md": (CHAPTER, 29, "不允许使用 {include} 指令（内容不得读取其他文件）"),
    "remote_image.md": (CHAPTER, 29, "图片“https://example.org/seal.png”不是仓库中的文件"),
    "flowchart_outside.md": (PROCEDURE, 5, "流程图路径“../../../../etc/passwd”不在 flowcharts/ 文件夹中"),
    "stray_option.md": (CHAPTER, 9, "选项 :cites: 落在了指令正文中"),
    "fullwidth_maxdepth.md": ("standards/demo/index.md", 4, "选项 :maxdepth： 用了全角冒号"),
    "invisible_title.md": (CHAPTER, 21, "不可见字符或控制字符 U+202E（RIGHT-TO-LEFT OVERRIDE）"),
    "zero_width_id.md": (CHAPTER, 14, "不可见字符或控制字符 U+200B（ZERO WIDTH SPACE）"),
    "quiz_invisible_stem.yaml": (QUIZ, 3, "不可见字符或控制字符 U+202E（RIGHT-TO-LEFT OVERRIDE）"),
    "malformed_option_line.md": (CHAPTER, 17, "选项行“:>”格式不对，MyST 会因此丢弃整个选项块"),
    "heading_h2_first.md": (CHAPTER, 1, "页面的第一个标题是 2 级（##），应为一级（#）"),
    "code_block_unknown_language.md": (CHAPTER, 13, "代码块的语言“{clause>”无法识别"),
    "backtick_in_directive_title.md": (CHAPTER, 13, "指令第一行中有反引号 `，Markdown 不把它当作指令"),
    "transition_after_heading.md": (CHAPTER, 2, "分隔线不能位于页面开头或紧接在标题之后"),
    "quiz_explanation_directive.yaml": (QUIZ, 10, "试题 Q-AAAAA1 的解析中不允许使用指令 {eval-rst}"),
    "missing_toctree_entry.md": (
        "standards/demo/index.md",
        6,
        "目录（toctree）中的 standards/demo/handling 没有对应的 .md 文件",
    ),
}


def _repo_with(tmp_path, fixture: str):
    repo = make_repo(tmp_path / "repo")
    dest, line, fragment, *where = CASES[fixture]
    shutil.copy(FIXTURES / "bad" / fixture, repo / dest)
    return repo, (where or [dest])[0], line, fragment


def test_every_fixture_has_a_case():
    assert {p.name for p in (FIXTURES / "bad").iterdir()} == set(CASES)


def test_the_clean_fixture_passes(tmp_path):
    repo = make_repo(tmp_path / "repo")
    result = zhifa("--root", str(repo), "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert sphinx_build(repo, tmp_path / "out").returncode == 0


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_check_reports_file_line_and_fix(tmp_path, fixture):
    repo, target, line, fragment = _repo_with(tmp_path, fixture)
    result = zhifa("--root", str(repo), "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    reported = [ln for ln in result.stdout.splitlines() if ln.startswith(f"{target}:{line}: ")]
    assert any(fragment in ln for ln in reported), result.stdout
    assert all("。处理：" in ln for ln in result.stdout.splitlines() if ln.strip())


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_build_fails_where_check_fails(tmp_path, fixture):
    repo, target, line, fragment = _repo_with(tmp_path, fixture)
    result = sphinx_build(repo, tmp_path / "out")
    assert result.returncode != 0
    assert f"{target}:{line}: " in result.stderr and fragment in result.stderr


def test_orphan_page(tmp_path):
    repo = make_repo(tmp_path / "repo")
    (repo / "standards/demo/orphan.md").write_text("# 孤立页面\n\n没有目录收录。\n", encoding="utf-8")
    result = zhifa("--root", str(repo), "check")
    assert result.returncode == 1
    assert "standards/demo/orphan.md:1: 该页面没有被任何目录（toctree）收录" in result.stdout


def test_legal_clause_needs_basis(tmp_path):
    repo = make_repo(tmp_path / "repo")
    path = repo / "standards/demo/general.md"
    path.write_text(path.read_text(encoding="utf-8").replace(":basis: LAW-XZCF-042\n", ""), encoding="utf-8")
    result = zhifa("--root", str(repo), "check")
    assert result.returncode == 1
    assert "standards/demo/general.md:11: 来源为“法定”的条款 CL-AAAAA2 没有法律依据" in result.stdout


def test_the_invisible_character_check_has_the_same_answer_on_its_quick_path():
    """bad_char and lines_with_bad_chars skip text str.isprintable() accepts; what they report must not
    change: every code point alone, in a line with allowed characters, and line numbers around a BOM and CRLF."""
    import unicodedata

    from zhifa.checks.policy import lines_with_bad_chars
    from zhifa.model.policy import bad_char

    def slow(ch: str) -> bool:
        cat = unicodedata.category(ch)
        return cat in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") or (cat == "Zs" and ch not in " \u3000")

    wrong = [hex(cp) for cp in range(0x110000) if (bad_char(chr(cp)) is not None) != slow(chr(cp))]
    assert wrong == []
    assert bad_char("条款\u3000正文\t", allow="\t") is None
    assert bad_char("条款\u202e正文").startswith("U+202E")

    def lines(text):
        return [(p.line, p.message.split("字符 ")[1][:6]) for p in lines_with_bad_chars("a.md", text)]

    assert lines("\ufeff# 标题\r\n正文\u3000\t全角\r\n") == []
    assert lines("\ufeff# 标题\r\n正文\r\n第三行\u200b\r\n") == [(3, "U+200B")]
    assert lines("第一行\r第一行续\n") == [(1, "U+000D")]
    assert lines("正文\n\ufeff在第二行\n") == [(2, "U+FEFF")]
