"""Document templates (执法文书): the declared fields of a template and the placeholders in its text.

A template page holds the {template} object, one {template-fields} block (YAML list of fields) and
one {template-text} block (the document body, with placeholders written 【字段名】).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from zhifa.model import yamlfile

PLACEHOLDER = re.compile(r"【([^【】]+)】")
FIELD_KEYS = {"name", "required", "format", "basis"}


@dataclass
class Field:
    name: str
    required: bool
    format: str
    basis: list[str]
    line: int


def parse_fields(text: str, first_line: int) -> tuple[list[Field], list[tuple[int, str, str]]]:
    """Fields from the YAML body of a {template-fields} block; problems as (line, message, hint)."""
    problems: list[tuple[int, str, str]] = []
    try:
        root = yamlfile.compose(text)
    except yamlfile.YamlError as exc:
        return [], [(first_line + exc.line - 1, f"字段清单 YAML 有语法错误：{exc.message}", "按示例逐项写“- name: …”")]
    if root is None or not isinstance(root, yaml.SequenceNode):
        return [], [(first_line, "字段清单应是一个列表（每项以 - name: 开头）", "参照其他文书的写法")]
    fields: list[Field] = []
    for item in root.value:
        line = first_line + item.start_mark.line
        if not isinstance(item, yaml.MappingNode):
            problems.append((line, "字段清单的每一项都应包含 name、required、format", "改为“- name: 字段名”的形式"))
            continue
        data = {k.value: v for k, v in item.value}
        unknown = set(data) - FIELD_KEYS
        if unknown:
            problems.append(
                (line, f"字段没有这些属性：{'、'.join(sorted(unknown))}", f"可用：{'、'.join(sorted(FIELD_KEYS))}")
            )
        name = data.get("name")
        if not isinstance(name, yaml.ScalarNode) or not str(name.value).strip():
            problems.append((line, "字段缺少 name（字段名）", "写上 name: 字段名"))
            continue
        required = data.get("required")
        if required is not None and str(required.value).lower() not in ("true", "false"):
            problems.append(
                (
                    first_line + required.start_mark.line,
                    f"required 应为 true 或 false，而不是“{required.value}”",
                    "改为 true 或 false",
                )
            )
        basis = data.get("basis")
        basis_ids = (
            [b.strip() for b in str(basis.value).replace("，", ",").split(",") if b.strip()]
            if isinstance(basis, yaml.ScalarNode)
            else []
        )
        fields.append(
            Field(
                str(name.value).strip(),
                required is None or str(required.value).lower() == "true",
                str(data["format"].value) if isinstance(data.get("format"), yaml.ScalarNode) else "",
                basis_ids,
                line,
            )
        )
    return fields, problems


def placeholders(lines: list[str], first_line: int) -> list[tuple[str, int]]:
    return [(m.group(1).strip(), first_line + i) for i, text in enumerate(lines) for m in PLACEHOLDER.finditer(text)]
