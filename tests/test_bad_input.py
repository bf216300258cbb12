"""yamlio.decode and yamlio.parse on bad input: exact lines, Chinese messages, no crash, no hang.

Each problem must name its line and say in Chinese what is wrong; nothing may
raise anything but YamlProblem, and nothing may take long.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL
from yizheng import yamlio
from yizheng.loader import InvalidContent, load
from yizheng.problems import Problem
from yizheng.yamlio import MAX_BYTES, MAX_DEPTH, Document, YamlProblem, decode, parse

CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH = re.compile(r"[A-Za-z]{3,} [A-Za-z]{2,}")  # two English words in a row


def problem_of(text: str, **kwargs: int) -> YamlProblem:
    with pytest.raises(YamlProblem) as info:
        parse(text, **kwargs)
    return info.value


# --- decode -----------------------------------------------------------------


def test_decode_accepts_utf8_and_normalises_line_ends() -> None:
    assert decode("名称: 龙兴\r\nid: a\r\n".encode()) == "名称: 龙兴\nid: a\n"


def test_decode_size_limit() -> None:
    at_limit = b"a: 1\n" + b"#" * (MAX_BYTES - 6) + b"\n"
    assert len(at_limit) == MAX_BYTES
    assert decode(at_limit).startswith("a: 1\n")
    with pytest.raises(YamlProblem) as info:
        decode(at_limit + b"\n")
    assert info.value.line == 1
    assert info.value.message == f"文件过大：{MAX_BYTES + 1} 字节，上限为 {MAX_BYTES} 字节"


def test_decode_refuses_a_byte_order_mark() -> None:
    with pytest.raises(YamlProblem) as info:
        decode(b"\xef\xbb\xbfid: a\n")
    assert info.value.line == 1
    assert "BOM（字节顺序标记）" in info.value.message


@pytest.mark.parametrize(
    ("raw", "line", "fragment"),
    [
        pytest.param(b"a: 1\nb: \xff\n", 2, "第 9 个字节", id="stray-byte"),
        pytest.param("a: 1\r\nb: 2\r\nc: 龙".encode()[:-1], 3, "第 16 个字节", id="truncated-character-crlf"),
        pytest.param("名称: caf\xe9\n".encode("latin-1", "replace"), 1, "第 8 个字节", id="latin-1"),
        pytest.param("id: a\n名称: 龙兴\n".encode("gbk"), 2, "第 7 个字节", id="gbk"),
        pytest.param("id: a\n".encode("utf-16"), 1, "第 1 个字节", id="utf-16"),
    ],
)
def test_decode_refuses_invalid_utf8(raw: bytes, line: int, fragment: str) -> None:
    with pytest.raises(YamlProblem) as info:
        decode(raw)
    assert info.value.line == line
    assert info.value.message.startswith("不是有效的 UTF-8 编码")
    assert fragment in info.value.message


# --- parse: problems with an exact line --------------------------------------

PROBLEMS = [
    # (id, text, line, field, fragment of the message)
    ("empty", "", 1, "", "文件为空"),
    ("blank-lines", "\n\n   \n", 1, "", "文件为空"),
    ("comments-only", "# 说明\n# 还没写\n", 1, "", "文件为空"),
    ("list", "# 说明\n- a\n- b\n", 2, "", "实际为列表"),
    ("scalar", "\n你好\n", 2, "", "实际为单个值"),
    ("tab-indentation", "a:\n  b: 1\n\tc: 2\n", 3, "", "用制表符 (Tab) 缩进"),
    ("tab-after-spaces", "a:\n  b: 1\n  \tc: 2\n", 3, "", "用制表符 (Tab) 缩进"),
    ("duplicate-key", "id: a\nname: x\nid: b\n", 3, "id", "第 1 行已经写过“id”"),
    ("duplicate-nested-key", "x:\n  y: 1\n  y: 2\n", 3, "x.y", "第 2 行已经写过“y”"),
    ("duplicate-key-in-list-item", "l:\n  - y: 1\n    y: 2\n", 3, "l[0].y", "第 2 行已经写过“y”"),
    ("duplicate-after-quoting", "1: a\n'1': b\n", 2, "1", "第 1 行已经写过“1”"),
    ("anchor", "a: 1\nb: &x 2\n", 2, "", "不支持 YAML 锚点（&x）"),
    ("anchor-on-mapping", "a:\n  b: 1\nc: &m\n  d: 1\n", 3, "", "不支持 YAML 锚点（&m）"),
    ("anchor-on-key", "a: 1\n&k b: 1\n", 2, "", "不支持 YAML 锚点（&k）"),
    ("undefined-alias", "a: 1\nb: *x\n", 2, "", "不支持 YAML 别名（*x）"),
    ("merge-key", "a: 1\n<<: {b: 2}\n", 2, "", "不支持 YAML 合并键（<<）"),
    ("python-object", "a: 1\nb: !!python/object:os.system x\n", 2, "", "不支持的 YAML 标签 tag:yaml.org,2002:python/object:"),
    ("python-object-apply", "a: 1\nb: !!python/object/apply:os.system [echo]\n", 2, "", "python/object/apply:os"),
    ("python-dict", "a: !!python/dict {b: 1}\n", 1, "", "不支持的 YAML 标签 tag:yaml.org,2002:python/dict"),
    ("verbatim-tag", "a: !<tag:yaml.org,2002:python/object> x\n", 1, "", "python/object"),
    ("binary-tag", "a: 1\nb: !!binary aGk=\n", 2, "", "tag:yaml.org,2002:binary"),
    ("set-tag", "a: !!set {x: null}\n", 1, "", "tag:yaml.org,2002:set"),
    ("omap-tag", "a: !!omap [{x: 1}]\n", 1, "", "tag:yaml.org,2002:omap"),
    ("local-tag", "a: 1\nb: !secret x\n", 2, "", "不支持的 YAML 标签 !secret"),
    ("tagged-root", "!!python/object:x\na: 1\n", 1, "", "python/object:x"),
    ("complex-key", "a: 1\n? [x, y]\n: 2\n", 2, "", "字段名必须是简单文本"),
    ("flow-sequence-key", "a: 1\n[x, y]: 2\n", 2, "", "字段名必须是简单文本"),
    ("flow-mapping-key", "a: 1\nb:\n  {x: 1}: 2\n", 3, "", "字段名必须是简单文本"),
    ("too-deep-block", "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 1)) + "  " * (MAX_DEPTH + 1) + "v\n",
     MAX_DEPTH + 2, "", f"嵌套超过 {MAX_DEPTH} 层"),
    ("too-deep-lists", "a:\n" + "".join("  " * (i + 1) + "-\n" for i in range(MAX_DEPTH + 5)), MAX_DEPTH + 2, "", "嵌套"),
    ("too-deep-flow", "a: " + "[" * 100_000 + "]" * 100_000 + "\n", 1, "", "嵌套层数过深"),
    ("unclosed-flow-deep", "a: " + "{x: " * 100_000 + "\n", 1, "", "嵌套层数过深"),
    ("at-sign", "a: 1\nb: @张三\n", 2, "", "不能作为开头的字符"),
    ("backtick", "a: `x`\n", 1, "", "不能作为开头的字符"),
    ("bad-escape", 'a: 1\nb: "C:\\q"\n', 2, "", "未知的转义字符"),
    ("bad-indentation", "a:\n  b: 1\n c: 2\n", 3, "", "缩进不一致"),
    ("unclosed-quote-at-end", "a: 1\nb: 'abc", 2, "", "文件意外结束"),
]


@pytest.mark.parametrize(("text", "line", "field", "fragment"), [pytest.param(*p[1:], id=p[0]) for p in PROBLEMS])
def test_parse_problem(text: str, line: int, field: str, fragment: str) -> None:
    start = time.perf_counter()
    problem = problem_of(text)
    assert time.perf_counter() - start < 2
    assert (problem.line, problem.field) == (line, field)
    assert fragment in problem.message
    assert "\n" not in problem.message


def test_nesting_up_to_the_limit_is_fine() -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH)) + "  " * MAX_DEPTH + "v\n"
    data = parse(text).data
    for i in range(MAX_DEPTH):
        data = data[f"k{i}"]
    assert data == "v"


BILLION_LAUGHS = "\n".join(
    [
        "# 9 levels of 9 aliases: 9**9 = 387 420 489 strings if expanded",
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ]
    + [f"{n}: &{n} [" + ", ".join([f"*{p}"] * 9) + "]" for p, n in zip("abcdefgh", "bcdefghi")]
) + "\n"


def test_billion_laughs_fails_fast_without_building_anything(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_compose(*args: object, **kwargs: object) -> None:
        raise AssertionError("the alias bomb reached yaml.compose")

    monkeypatch.setattr(yamlio.yaml, "compose", no_compose)
    start = time.perf_counter()
    problem = problem_of(decode(BILLION_LAUGHS.encode()))
    assert time.perf_counter() - start < 2
    assert problem.line == 2
    assert problem.message.startswith("不支持 YAML 锚点（&a）")


def test_billion_laughs_after_valid_lines() -> None:
    text = "id: a\nname: 张三\n" + BILLION_LAUGHS.replace("a: &a", "lol: &a")
    start = time.perf_counter()
    problem = problem_of(text)
    assert time.perf_counter() - start < 2
    assert problem.line == 4


def test_anchor_characters_inside_text_are_fine() -> None:
    doc = parse("a: R&D\nb: '*'\nc: \"&x\"\nd: x*y\ne: 5 * 3\n")
    assert doc.data == {"a": "R&D", "b": "*", "c": "&x", "d": "x*y", "e": "5 * 3"}


# --- parse: values and lines --------------------------------------------------


def test_values_and_lines() -> None:
    doc = parse("# 说明\nid: a\nlist:\n  - 1\n  - x: 2026-02-30\n    y: yes\nmap:\n  k: 'no'\n  on: ~\n")
    assert doc.data == {"id": "a", "list": [1, {"x": "2026-02-30", "y": True}], "map": {"k": "no", "on": None}}
    assert doc.lines == {
        (): 2,
        ("id",): 2,
        ("list",): 3,
        ("list", 0): 4,
        ("list", 1): 5,
        ("list", 1, "x"): 5,
        ("list", 1, "y"): 6,
        ("map",): 7,
        ("map", "k"): 8,
        ("map", "on"): 9,
    }
    assert doc.raw == {("list", 0): "1", ("list", 1, "y"): "yes"}
    assert doc.line_of(("list", 1, "y", "deeper")) == 6
    assert doc.line_of(("missing",)) == 2  # a missing field points at the record's first field


def test_what_was_typed_is_remembered_where_yaml_read_no_text() -> None:
    doc = parse("a: yes\nb: 'no'\nc: On\nd: [off, n]\ne: true\nf: 007\ng: 8:30\nh: 1.50\n")
    assert doc.data == {"a": True, "b": "no", "c": True, "d": [False, "n"], "e": True, "f": 7, "g": 510, "h": 1.5}
    assert doc.raw == {
        ("a",): "yes", ("c",): "On", ("d", 0): "off", ("e",): "true", ("f",): "007", ("g",): "8:30", ("h",): "1.50"
    }


def test_line_offset() -> None:
    doc = parse("a: 1\nb:\n  c: 2\n", line_offset=1)
    assert (doc.line_of(("a",)), doc.line_of(("b", "c")), doc.line_of(("zz",))) == (2, 4, 2)


def test_explicit_document_markers_are_one_document() -> None:
    assert parse("---\na: 1\n...\n").data == {"a": 1}


# --- parse: libyaml's own errors, control characters, numbers, explicit tags ---


def test_colon_in_a_value_is_explained_in_chinese() -> None:
    problem = problem_of("a: 1\ntitle: 学习: 议事规则\n")
    assert problem.line == 2
    assert "此处不能出现“键: 值”" in problem.message


def test_multiple_documents_are_explained_in_chinese() -> None:
    problem = problem_of("a: 1\n---\nb: 2\n")
    assert problem.line == 2
    assert "只能包含一个 YAML 文档" in problem.message


def test_unclosed_quote_points_at_the_quote() -> None:
    assert problem_of("a: 'abc\nb: 2\nc: 3\n").line == 1


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a: [1, 2\nb: 3\n", id="unclosed-flow-sequence"),
        pytest.param("a: {x: 1\nb: 3\n", id="unclosed-flow-mapping"),
        pytest.param("a: - b\n", id="sequence-in-value"),
        pytest.param("%YAML 1.1\na: 1\n", id="directive-without-document"),
        pytest.param("a: 1\n...\nb: 2\n", id="document-end-marker"),
        pytest.param("%FOO bar\n---\na: 1\n", id="unknown-directive"),
        pytest.param("a: !x!y b\n", id="undefined-tag-handle"),
        pytest.param("a: |x\n  b\n", id="bad-block-scalar-header"),
        pytest.param("a: & b\n", id="anchor-without-name"),
        pytest.param("a: !!\n", id="empty-tag"),
        pytest.param("a: ? b\n", id="key-in-value"),
        pytest.param("...\n", id="only-document-end"),
    ],
)
def test_every_syntax_error_is_in_chinese(text: str) -> None:
    problem = problem_of(text)
    assert not ENGLISH.search(problem.message), problem.message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("a: 1\nb: 示例\x07\n", 2, id="bell"),
        pytest.param("a: 1\nb: x\x00\n", 2, id="nul"),
        pytest.param("a: 1\nb: x\x7f\n", 2, id="delete"),
        pytest.param("a: 1\nb: x\x9b\n", 2, id="c1-control"),
        pytest.param("a: 'R&D'\nb: x\x00\n", 2, id="nul-and-ampersand"),
        pytest.param("a: '*'\n\nb: x\x1b\n", 3, id="escape-and-star"),
    ],
)
def test_control_characters(text: str, line: int) -> None:
    problem = problem_of(text)
    assert problem.line == line
    assert "控制字符" in problem.message
    assert "\n" not in problem.message


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a: 0b_\n", id="binary-without-digits"),
        pytest.param("a: 0x_\n", id="hex-without-digits"),
        pytest.param("a: " + "9" * 5000 + "\n", id="5000-digits"),
        pytest.param("a: !!int abc\n", id="int-tag-on-text"),
        pytest.param("a: !!int 08\n", id="int-tag-bad-octal"),
        pytest.param("a: !!int\n", id="int-tag-empty"),
        pytest.param("a: !!float abc\n", id="float-tag-on-text"),
        pytest.param("a: !!float ''\n", id="float-tag-empty"),
    ],
)
def test_malformed_numbers_do_not_crash(text: str) -> None:
    try:
        parse(text)
    except YamlProblem as problem:
        assert problem.line == 1


@pytest.mark.parametrize(("text", "typed"), [("a: !!bool maybe\n", "maybe"), ("a: !!null x\n", "x")])
def test_explicit_tags_do_not_silently_change_text(text: str, typed: str) -> None:
    try:
        doc = parse(text)
    except YamlProblem:
        return
    assert doc.data["a"] == typed


# --- properties ---------------------------------------------------------------

_BREAKS = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")

PRINTABLE = st.one_of(
    st.characters(codec="utf-8", exclude_categories=("Cc",), exclude_characters="\ufffe\uffff"),
    st.sampled_from("\t\n\r"),
)
# Pieces of YAML, so that generated text reaches the parser's corners. Known crashers
# (control characters, !!int, !!float, 0b_/0x_) are given as explicit examples below.
TOKENS = [
    "id", "a", "名称", ":", ": ", "-", "- ", " ", "  ", "\n", "\n  ", "\t", "#", "'", '"', "[", "]", "{", "}", ",",
    "? ", "&a ", "*a", "!", "!!str ", "!!map ", "!!seq ", "!!bool ", "!!null ", "!!timestamp ", "!!binary ",
    "!!python/object ", "!x ", "<<", "|", ">", "|-", "---", "...", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n",
    "yes", "no", "on", "~", "null", "1", "0", "007", ".", "e5", "+", ".inf", ".nan", "2026-02-30", "1:20",
    "\\", "@", "`", "%", "\ufeff", "\r", "\u2028", "9" * 10,
]
TEXT = st.one_of(st.text(PRINTABLE, max_size=200), st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
CRASHERS = [
    "a: '&'\nb: x\x00\n",
    "a: 0b_\n",
    "a: !!int abc\n",
    "a: !!float\n",
    "a: " + "9" * 5000 + "\n",
]


def _check_parse(text: str) -> None:
    lines = len(_BREAKS.findall(text)) + 1
    try:
        doc = parse(text)
    except YamlProblem as problem:
        assert 1 <= problem.line <= lines, (problem.line, lines)
        assert CJK.search(problem.message), problem.message
    else:
        assert isinstance(doc, Document) and isinstance(doc.data, dict)
        assert all(1 <= line <= lines for line in doc.lines.values())


@settings(max_examples=200, derandomize=True, database=None, deadline=None)
@given(st.one_of(st.text(max_size=200), TEXT))
@example(CRASHERS[0])
@example(CRASHERS[1])
@example(CRASHERS[2])
@example(CRASHERS[3])
@example(CRASHERS[4])
def test_parse_returns_a_document_or_a_problem(text: str) -> None:
    _check_parse(text)


def _full_walk(text: str) -> Any:
    """The values parse gives when the fast path is never taken."""
    return yamlio._Builder().walk(yamlio._root(text))


# YAML that the fast path must read exactly as the full walk does: every kind of value,
# and the things that make it hand over to the full walk.
RECORDISH = st.lists(
    st.sampled_from([
        "id: a\n", "title: 标题\n", "n: 007\n", "x: 1.50\n", "b: yes\n", "c: Off\n", "t: 8:30\n",
        "d: 2026-02-30\n", "e: ~\n", "f: null\n", "g: !!null x\n", "h: !!bool maybe\n", "i: !!int abc\n",
        "l:\n  - 1\n  - two\n  - k: v\n", "m:\n  k: 'no'\n  on: ~\n", "id: dup\n", "<<: x\n",
        "? [a]\n: b\n", "s: !!set {}\n", "q: !x y\n", "z: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
    ]),
    min_size=1,
    max_size=8,
).map("".join)


@settings(max_examples=500, derandomize=True, database=None, deadline=None)
@given(st.one_of(RECORDISH, TEXT))
def test_the_fast_path_reads_what_the_full_walk_reads(text: str) -> None:
    # Values and problems; the lines come from the full walk itself (test_values_and_lines).
    try:
        full = _full_walk(text)
    except YamlProblem as problem:
        with pytest.raises(YamlProblem) as raised:
            parse(text)
        assert (raised.value.line, raised.value.message) == (problem.line, problem.message)
        return
    assert repr(parse(text).data) == repr(full)  # repr: True and 1 are equal, but not the same value


TARGETS = [
    "site.yml",
    "representatives/hl-002.yml",
    "stations/hl-home.yml",
    "rules/hl-rules.md",
    "meetings/2026-03-study.yml",
    "cases/overpass.yml",
    "suggestions/2026/2026-X0002.yml",
]


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("arbitrary") / "content"
    shutil.copytree(MINIMAL, target)
    return target


def _bytes_for(data: st.DataObject, original: bytes) -> bytes:
    fragment = st.one_of(st.binary(max_size=40), TEXT.map(str.encode), st.sampled_from(CRASHERS).map(str.encode))
    whole = st.one_of(st.binary(max_size=300), TEXT.map(str.encode))
    raw = data.draw(
        st.one_of(
            whole,
            # a real record with a stretch of it replaced by something else
            st.tuples(st.integers(0, len(original)), st.integers(0, 30), fragment).map(
                lambda t: original[: t[0]] + t[2] + original[t[0] + t[1] :]
            ),
        )
    )
    return raw


def _check_load(content: Path, relpath: str, raw: bytes) -> None:
    path = content / relpath
    original = path.read_bytes()
    path.write_bytes(raw)
    try:
        load(content)
    except InvalidContent as err:
        assert err.problems
        for problem in err.problems:
            assert isinstance(problem, Problem)
            assert problem.line >= 1
            assert CJK.search(problem.message), problem
            assert "\n" not in problem.message, problem
    finally:
        path.write_bytes(original)


@settings(max_examples=200, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TARGETS), st.data())
@example("representatives/hl-002.yml", None).via("a control character next to an ampersand")
def test_loader_turns_arbitrary_bytes_into_problems(
    content: Path, relpath: str, data: st.DataObject | None
) -> None:
    if data is None:
        raw = CRASHERS[0].encode()
    else:
        raw = _bytes_for(data, (MINIMAL / relpath).read_bytes(), )
    _check_load(content, relpath, raw)


def test_lines_of_a_text_that_changed_since_its_values_were_read() -> None:
    # A parsing process sends values without text; the text is read again for a line.
    texts = iter(["a: 1\nb: x\n", "a: 1\n\n\nb: x\n", "a: [\n", "a: 2\nb: x\n"])
    same, moved, broken, other = (Document({"a": 1, "b": "x"}, lambda: next(texts)) for _ in range(4))
    assert same.line_of(("b",)) == 2
    assert moved.line_of(("b",)) == 4  # the same values, lines further down: still right
    assert (broken.line_of(("b",)), broken.raw_text(("a",))) == (1, None)  # no longer YAML: no line
    assert (other.line_of(("b",)), other.raw_text(("a",))) == (1, None)  # other values: no line
