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

import functools
import os
import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 512 * 1024
MAX_DEPTH = 32

Loc = tuple[str | int, ...]

try:  # libyaml is part of every PyYAML wheel; the pure parser is the fallback
    _Parser: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Parser = yaml.SafeLoader


class _Loader(_Parser):  # type: ignore[misc, valid-type]
    """libyaml's safe loader, resolving tags as it does but remembering short plain scalars.

    Records repeat the same keys and words (`status`, `date`, `已办结`) thousands of times;
    PyYAML's resolver tries its patterns again for each (see `_plain_tag`). No path
    resolvers are registered, so descending is a no-op.
    """

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and implicit[0] and len(value) <= 32:
            return _plain_tag(value)
        return super().resolve(kind, value, implicit)

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_RESOLVER = yaml.resolver.Resolver()


@functools.lru_cache(maxsize=1 << 16)
def _plain_tag(value: str) -> str:
    """The tag YAML gives a plain (unquoted) scalar: it depends on the text alone, so it is remembered."""
    return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))


_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_PLAIN_BOOL_WORDS = {"yes", "no", "on", "off", "true", "false"}
_TRUE_WORDS = {"yes", "true", "on"}
_NULL_WORDS = {"", "~", "null", "Null", "NULL"}
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

_YAML_PROBLEMS = {
    # libyaml's wording first (it is the parser in use), PyYAML's after it.
    "mapping values are not allowed": "此处不能出现“键: 值”（冒号后的内容可能需要加引号）",
    "block sequence entries are not allowed": "此处不能出现列表项“- ”（检查缩进，或给文本加引号）",
    "could not find expected ':'": "缺少冒号“:”",
    "did not find expected key": "缩进不一致，找不到预期的字段",
    "did not find expected '-' indicator": "列表缩进不一致，找不到预期的“-”",
    "did not find expected node content": "缺少内容（检查缩进和冒号后面的值）",
    "did not find expected ',' or ']'": "方括号列表 [ ] 没有正确结束",
    "did not find expected ',' or '}'": "花括号映射 { } 没有正确结束",
    "did not find expected <document start>": "文档结构不正确（检查缩进）",
    "did not find expected comment or line break": "这一行的值后面有多余的内容（文本请加引号）",
    "did not find expected alphabetic or numeric character": "& 或 * 后面缺少名称（文本请加引号）",
    "did not find URI escaped octet": "标签写法不正确",
    "did not find expected tag URI": "标签写法不正确（! 开头的文本请加引号）",
    "mapping keys are not allowed": "此处不能出现字段名（检查缩进，或给文本加引号）",
    "found unexpected end of stream": "文件意外结束：引号或括号未闭合",
    "found unexpected document indicator": "文本中出现了“---”或“...”（请给文本加引号）",
    "found undefined alias": "使用了未定义的别名",
    "found undefined tag handle": "使用了未定义的标签（! 开头的文本请加引号）",
    "found unknown directive name": "未知的 % 指令（% 开头的文本请加引号）",
    "found incompatible YAML document": "不支持的 YAML 版本",
    "found duplicate": "重复的 YAML 指令",
    "but found another document": "文件只能包含一个 YAML 文档（不要用第二个“---”）",
    "expected a single document in the stream": "文件只能包含一个 YAML 文档（不要用第二个“---”）",
    "found character that cannot start any token": "出现了不能作为开头的字符（例如 @ 或 `，请给文本加引号）",
    "found unknown escape character": "双引号文本中有未知的转义字符（反斜杠）",
    "found unexpected ':'": "出现了多余的冒号“:”",
    "found a tab character": "用制表符 (Tab) 缩进；YAML 只允许空格缩进，请把 Tab 换成空格",
    "exceeded maximum nesting depth": "嵌套层数过深",
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

    def __reduce__(self) -> tuple[type, tuple[int, str, str]]:
        return YamlProblem, (self.line, self.message, self.field)


class Document:
    """A parsed mapping, and on demand the line of every key or list item in it.

    Records are read on a fast path that builds only the values; the lines and
    what was typed are worked out again from the text the first time a problem
    needs them (most records never have one).
    """

    def __init__(self, data: dict[str, Any], text: str | Callable[[], str], line_offset: int = 0) -> None:
        """`text` may be a function that reads it again when first needed (it is kept then)."""
        self.data = data
        self._text = text
        self.line_offset = line_offset
        self._lines: dict[Loc, int] | None = None
        self._raw: dict[Loc, str] = {}

    @property
    def text(self) -> str:
        if not isinstance(self._text, str):
            self._text = self._text()
        return self._text

    @property
    def lines(self) -> dict[Loc, int]:
        """The 1-based line (in `text`) of every key and list item, by its location.

        When the text is read again (see __init__) and is no longer what the values
        came from (the file was edited meanwhile), no line is known: problems then
        point at the first line rather than at a wrong one.
        """
        if self._lines is None:
            builder = _Builder(self.line_offset)
            try:
                same = builder.walk(_root(self.text)) == self.data
            except (YamlProblem, OSError):
                same = False
            self._lines, self._raw = (builder.lines, builder.raw) if same else ({}, {})
        return self._lines

    @property
    def raw(self) -> dict[Loc, str]:
        """What the person typed where YAML read something other than text, by location."""
        self.lines  # noqa: B018 - the same walk records both
        return self._raw

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest part of loc that exists in the file."""
        lines = self.lines
        loc = tuple(loc)
        while loc not in lines and loc:
            loc = loc[:-1]
        return lines.get(loc, 1) + self.line_offset

    def raw_text(self, loc: Loc) -> str | None:
        """What the person typed at loc, where YAML read it as something other than text
        (yes → a boolean, 007 → the number 7, 8:30 → the number 510)."""
        return self.raw.get(tuple(loc))


def read_file(path: Path) -> bytes:
    """The bytes of a record file, refusing what is not a plain file of a sane size."""
    try:
        status = os.lstat(path)
    except OSError:
        status = None
    if status is None or not stat.S_ISREG(status.st_mode):
        raise YamlProblem(1, "不是普通文件（符号链接、目录或设备）；记录必须是普通文件")
    if status.st_size > MAX_BYTES:
        raise YamlProblem(1, f"文件过大：{status.st_size} 字节，上限为 {MAX_BYTES} 字节")
    # os.open rather than open(): no buffered file object, a third quicker over thousands of files.
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    try:
        chunks = []
        size = 0
        while size <= MAX_BYTES:
            chunk = os.read(handle, MAX_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(handle)


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
    """Text of one YAML document to a Document; raises YamlProblem.

    `line_offset` is the number of lines above `text` in its file (the opening
    `---` of a rule's front matter); every line reported counts it.
    """
    try:
        return _parse(text, line_offset)
    except YamlProblem as err:
        err.line += line_offset
        raise


def _parse(text: str, line_offset: int) -> Document:
    root = _root(text)
    try:
        return Document(_plain(root, 0), text, line_offset)
    except _NotPlain:
        pass
    # Something on the fast path needs a message with a line: the full walk says which.
    builder = _Builder(line_offset)
    doc = Document(builder.walk(root), text, line_offset)
    doc._lines, doc._raw = builder.lines, builder.raw
    return doc


def _root(text: str) -> yaml.MappingNode:
    """The node tree of a record's text; raises YamlProblem unless it is a mapping."""
    if "&" in text or "*" in text:
        _refuse_anchors(text)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as err:
        raise _translate(err, text) from None
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == _NULL and not root.value):
        raise YamlProblem(1, "文件为空：应为“字段: 值”形式的记录")
    if not isinstance(root, yaml.MappingNode):
        kind = "列表" if isinstance(root, yaml.SequenceNode) else "单个值"
        raise YamlProblem(root.start_mark.line + 1, f"文件内容应为“字段: 值”形式的映射，实际为{kind}")
    return root


class _NotPlain(Exception):
    """The fast path met something that is refused or needs its line: take the full walk."""


_ScalarNode, _MappingNode, _SequenceNode = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode


# Keys and short values (dates, ids, status words) repeat across thousands of records:
# one string object each keeps memory down and lets pickle send each once per batch.
_SHORT = 24
_intern = sys.intern


def _plain(node: yaml.Node, depth: int) -> Any:
    """The value of a node, without lines; raises _NotPlain where _Builder would raise or record."""
    kind = type(node)
    if depth > MAX_DEPTH:
        raise _NotPlain
    if kind is _ScalarNode:
        tag = node.tag
        if tag == _STR or tag == _TIMESTAMP:
            text = node.value
            return _intern(text) if len(text) <= _SHORT else text
        text = node.value
        if tag == _NULL and text in _NULL_WORDS:
            return None
        if tag == _BOOL and text.lower() in _PLAIN_BOOL_WORDS:
            return text.lower() in _TRUE_WORDS
        if tag == _INT or tag == _FLOAT:
            try:
                return _CONSTRUCTOR.construct_yaml_int(node) if tag == _INT else _CONSTRUCTOR.construct_yaml_float(node)
            except (ValueError, IndexError, OverflowError):
                raise _NotPlain from None
        raise _NotPlain
    if kind is _MappingNode:
        if node.tag != _MAP:
            raise _NotPlain
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not _ScalarNode:
                raise _NotPlain
            key = _intern(key_node.value)
            if key == "<<" or key in result:
                raise _NotPlain
            result[key] = _plain(value_node, depth + 1)
        return result
    if kind is _SequenceNode and node.tag == _SEQ:
        return [_plain(item, depth + 1) for item in node.value]
    raise _NotPlain


class _Builder:
    """The full walk: values, the line of every key and item, and what was typed."""

    def __init__(self, line_offset: int = 0) -> None:
        self.lines: dict[Loc, int] = {}
        self.raw: dict[Loc, str] = {}
        self.line_offset = line_offset
        self.seen: set[int] = set()

    def walk(self, root: yaml.MappingNode) -> dict[str, Any]:
        if root.value:
            self.lines[()] = root.value[0][0].start_mark.line + 1
        return self.mapping(root, ())

    def value(self, node: yaml.Node, loc: Loc) -> Any:
        if id(node) in self.seen:  # an alias that slipped past the text check
            raise YamlProblem(node.start_mark.line + 1, "不支持 YAML 别名（*名称）；请直接写出内容")
        self.seen.add(id(node))
        if len(loc) > MAX_DEPTH:
            raise YamlProblem(node.start_mark.line + 1, f"嵌套超过 {MAX_DEPTH} 层")
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise _unknown_tag(node)
            items = []
            for index, item in enumerate(node.value):
                self.lines[loc + (index,)] = item.start_mark.line + 1
                items.append(self.value(item, loc + (index,)))
            return items
        return self.scalar(node, loc)

    def mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        if node.tag != _MAP:
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
                    line, f"字段重复：第 {first_line[key] + self.line_offset} 行已经写过“{key}”；每个字段只能写一次", field=field_path(loc + (key,))
                )
            first_line[key] = line
            self.lines[loc + (key,)] = line
            result[key] = self.value(value_node, loc + (key,))
        return result

    def scalar(self, node: yaml.ScalarNode, loc: Loc) -> Any:
        tag, text = node.tag, node.value
        if tag in (_STR, _TIMESTAMP):
            return text
        line = node.start_mark.line + 1
        if tag == _NULL:
            if text not in _NULL_WORDS:
                raise YamlProblem(line, f"“{text}”不是空值；如果是文本请去掉 !!null 标签")
            return None
        self.raw[loc] = text
        if tag == _BOOL:
            if text.lower() not in _PLAIN_BOOL_WORDS:
                raise YamlProblem(line, f"“{text}”不是是/否值（应为 true 或 false）")
            return text.lower() in _TRUE_WORDS
        if tag in (_INT, _FLOAT):
            try:
                return _CONSTRUCTOR.construct_yaml_int(node) if tag == _INT else _CONSTRUCTOR.construct_yaml_float(node)
            except (ValueError, IndexError, OverflowError):
                raise YamlProblem(line, f"“{text[:40]}”不是有效的数字；如果是文本请加引号") from None
        raise _unknown_tag(node)


def field_path(loc: Loc) -> str:
    """The one dotted field path of messages: ("history", 2, "status") → "history[2].status"."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_FRONT_MATTER_END = re.compile(r"^---[ \t]*$", re.MULTILINE)


def split_front_matter(text: str) -> tuple[str, str]:
    """The one front-matter splitter: a rule file's YAML (between the "---" lines) and its Markdown body.

    The YAML starts on the file's line 2 (a Document parsed from it takes line_offset=1).
    """
    if not text.startswith("---\n"):
        raise YamlProblem(1, "制度文件应以“---”开头，先写 YAML 格式的文件信息（front matter），再写正文")
    end = _FRONT_MATTER_END.search(text, 4)
    if end is None:
        raise YamlProblem(1, "找不到结束 front matter 的“---”行")
    return text[4 : end.start()], text[end.end() + 1 :]


def _unknown_tag(node: yaml.Node) -> YamlProblem:
    return YamlProblem(node.start_mark.line + 1, f"不支持的 YAML 标签 {node.tag}；记录中只能写文本、数字、日期、列表和映射")


_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)


def _refuse_anchors(text: str) -> None:
    """Fail on the first anchor or alias, before anything is expanded."""
    try:
        for event in yaml.parse(text, Loader=_Parser):
            if isinstance(event, yaml.AliasEvent):
                raise YamlProblem(
                    event.start_mark.line + 1, f"不支持 YAML 别名（*{event.anchor}）；请直接写出内容，不要引用别处"
                )
            if getattr(event, "anchor", None):
                raise YamlProblem(
                    event.start_mark.line + 1, f"不支持 YAML 锚点（&{event.anchor}）；请直接写出内容，不要引用别处"
                )
    except yaml.YAMLError as err:
        raise _translate(err, text) from None


def _translate(err: yaml.YAMLError, text: str) -> YamlProblem:
    """libyaml's error as a Chinese message at the line a person should look at."""
    if isinstance(err, yaml.reader.ReaderError):
        # libyaml counts the position in bytes of the UTF-8 text.
        line = text.encode("utf-8", "surrogatepass")[: max(err.position, 0)].count(b"\n") + 1
        character = err.character if isinstance(err.character, str) else chr(err.character)
        return YamlProblem(line, f"含有不允许的控制字符（U+{ord(character):04X}）；请删除它")
    if not isinstance(err, yaml.MarkedYAMLError):  # pragma: no cover - libyaml marks every other error
        return YamlProblem(1, "YAML 语法错误：无法读取此文件")
    problem = (err.problem or "").strip()
    mark = err.problem_mark or err.context_mark
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if err.context_mark is not None and (mark is None or "end of stream" in problem or mark.line >= lines):
        mark = err.context_mark  # where the unclosed quote or bracket started
    line = min(mark.line + 1, max(lines, 1)) if mark else 1
    tab = _TAB_INDENT.search(text, 0, _offset_of_line(text, line + 1))
    if tab is not None:
        return YamlProblem(text.count("\n", 0, tab.start()) + 1, _YAML_PROBLEMS["found a tab character"])
    for english, chinese in _YAML_PROBLEMS.items():
        if problem.startswith(english) or english in problem:
            return YamlProblem(line, f"YAML 语法错误：{chinese}")
    return YamlProblem(line, "YAML 语法错误：无法读取这一行（请检查缩进、冒号和引号；文本中有特殊符号时请加引号）")


def _offset_of_line(text: str, line: int) -> int:
    """Index of the first character of 1-based `line` (len(text) past the end)."""
    index = 0
    for _ in range(line - 1):
        index = text.find("\n", index)
        if index < 0:
            return len(text)
        index += 1
    return index
