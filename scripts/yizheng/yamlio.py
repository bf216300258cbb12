"""Strict YAML reading: plain Python data plus the line of every field.

Records are typed by people, so the reader refuses what YAML would otherwise
accept silently: duplicate keys (PyYAML keeps the last one), anchors and
aliases (an alias bomb must fail before it expands), tabs in indentation, a
byte order mark, invalid UTF-8, oversized files, more than one document and
unknown tags. libyaml (the C parser) does the parsing; this module builds the
values itself from the node tree so it can record lines and refuse aliases.

Values are plain: dict, list, str, int, float, bool, None. Dates stay the text
the person typed; the models parse them, so `2026-02-30` is reported as an
invalid date of the field it sits in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

MAX_BYTES = 512 * 1024
MAX_DEPTH = 32

Loc = tuple[str | int, ...]

try:  # libyaml is part of every PyYAML wheel; the pure parser is the fallback
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

_INT = yaml.constructor.SafeConstructor()
_PLAIN_BOOL_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false"}

_YAML_PROBLEMS = {
    "mapping values are not allowed here": "此处不能出现“键: 值”（冒号后的内容可能需要加引号）",
    "could not find expected ':'": "缺少冒号“:”",
    "did not find expected key": "缩进不一致，找不到预期的字段",
    "did not find expected '-' indicator": "列表缩进不一致，找不到预期的“-”",
    "found unexpected end of stream": "文件意外结束（引号或括号未闭合？）",
    "found undefined alias": "使用了未定义的别名",
    "expected a single document in the stream": "文件只能包含一个 YAML 文档（不要用第二个“---”）",
    "found character that cannot start any token": "出现了不能作为开头的字符（例如 @ 或 `，请给文本加引号）",
    "found unknown escape character": "双引号文本中有未知的转义字符（反斜杠）",
    "exceeded maximum nesting depth": "嵌套层数过深",
    "found unexpected ':'": "出现了多余的冒号“:”",
    "found a tab character that violates indentation": "用制表符 (Tab) 缩进；YAML 只允许空格缩进",
    "control characters are not allowed": "含有不允许的控制字符",
    "special characters are not allowed": "含有不允许的特殊字符",
}


class YamlProblem(Exception):
    """The file cannot be read as a record; line is 1-based."""

    def __init__(self, line: int, message: str, field: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.field = field


@dataclass
class Document:
    """A parsed mapping and the line of every key or list item in it."""

    data: dict[str, Any]
    lines: dict[Loc, int] = field(default_factory=dict)
    bool_words: dict[Loc, str] = field(default_factory=dict)
    line_offset: int = 0

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest part of loc that exists in the file."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc] + self.line_offset
            loc = loc[:-1]
        return 1 + self.line_offset

    def bool_word(self, loc: Loc) -> str | None:
        """The unquoted word (yes, no, on...) YAML turned into a boolean at loc."""
        return self.bool_words.get(tuple(loc))


def decode(raw: bytes) -> str:
    """Bytes of a record file to text, refusing what editors get wrong."""
    if len(raw) > MAX_BYTES:
        raise YamlProblem(1, f"文件过大：{len(raw)} 字节，上限为 {MAX_BYTES} 字节")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise YamlProblem(1, "文件以 BOM（字节顺序标记）开头；请保存为不带 BOM 的 UTF-8")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise YamlProblem(line, f"不是有效的 UTF-8 编码（第 {err.start + 1} 个字节）；请保存为 UTF-8") from None
    return text.replace("\r\n", "\n")


def parse(text: str, line_offset: int = 0) -> Document:
    """Text of one YAML document to a Document; raises YamlProblem."""
    _check_tabs(text)
    if "&" in text or "*" in text:
        _refuse_anchors(text)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        raise _translate(err) from None
    except yaml.YAMLError as err:  # pragma: no cover - libyaml always marks errors
        raise YamlProblem(1, f"YAML 语法错误：{err}") from None
    if root is None:
        raise YamlProblem(1, "文件为空：应为“字段: 值”形式的记录")
    if not isinstance(root, yaml.MappingNode):
        kind = "列表" if isinstance(root, yaml.SequenceNode) else "单个值"
        raise YamlProblem(root.start_mark.line + 1, f"文件内容应为“字段: 值”形式的映射，实际为{kind}")
    doc = Document(data={}, line_offset=line_offset)
    builder = _Builder(doc)
    doc.data = builder.mapping(root, ())
    return doc


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.seen: set[int] = set()

    def value(self, node: yaml.Node, loc: Loc) -> Any:
        if id(node) in self.seen:  # an alias that slipped past the text check
            raise YamlProblem(node.start_mark.line + 1, "不支持 YAML 别名（*名称）；请直接写出内容")
        self.seen.add(id(node))
        if len(loc) > MAX_DEPTH:
            raise YamlProblem(node.start_mark.line + 1, f"嵌套超过 {MAX_DEPTH} 层")
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                raise _unknown_tag(node)
            items = []
            for index, item in enumerate(node.value):
                self.doc.lines[loc + (index,)] = item.start_mark.line + 1
                items.append(self.value(item, loc + (index,)))
            return items
        return self.scalar(node, loc)

    def mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        if node.tag != "tag:yaml.org,2002:map":
            raise _unknown_tag(node)
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(line, "字段名必须是简单文本，不能是列表或映射")
            key = key_node.value
            if key == "<<":
                raise YamlProblem(line, "不支持 YAML 合并键（<<）；请直接写出各字段")
            if key in first_line:
                raise YamlProblem(
                    line, f"字段重复：第 {first_line[key]} 行已经写过“{key}”；每个字段只能写一次", field=_dotted(loc + (key,))
                )
            first_line[key] = line
            self.doc.lines[loc + (key,)] = line
            result[key] = self.value(value_node, loc + (key,))
        return result

    def scalar(self, node: yaml.ScalarNode, loc: Loc) -> Any:
        tag, text = node.tag, node.value
        if tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
            return text
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            if not node.style and text.lower() in _PLAIN_BOOL_WORDS:
                self.doc.bool_words[loc] = text
            return text.lower() in ("yes", "true", "on", "y")
        if tag == "tag:yaml.org,2002:int":
            return _INT.construct_yaml_int(node)
        if tag == "tag:yaml.org,2002:float":
            return _INT.construct_yaml_float(node)
        raise _unknown_tag(node)


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _unknown_tag(node: yaml.Node) -> YamlProblem:
    return YamlProblem(node.start_mark.line + 1, f"不支持的 YAML 标签 {node.tag}；记录中只能写文本、数字、日期、列表和映射")


_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)


def _check_tabs(text: str) -> None:
    match = _TAB_INDENT.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        raise YamlProblem(line, "用制表符 (Tab) 缩进；YAML 只允许空格缩进，请把 Tab 换成空格")


def _refuse_anchors(text: str) -> None:
    """Fail on the first anchor or alias, before anything is expanded."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                raise YamlProblem(
                    event.start_mark.line + 1, f"不支持 YAML 别名（*{event.anchor}）；请直接写出内容，不要引用别处"
                )
            if getattr(event, "anchor", None):
                raise YamlProblem(
                    event.start_mark.line + 1, f"不支持 YAML 锚点（&{event.anchor}）；请直接写出内容，不要引用别处"
                )
    except yaml.MarkedYAMLError as err:
        raise _translate(err) from None


def _translate(err: yaml.MarkedYAMLError) -> YamlProblem:
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 if mark else 1
    problem = (err.problem or "").strip()
    for english, chinese in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return YamlProblem(line, f"YAML 语法错误：{chinese}")
    return YamlProblem(line, f"YAML 语法错误：{problem or err}")
