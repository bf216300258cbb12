"""The generator's core: safe Markdown pieces and the one writer."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yizheng.site import md
from yizheng.site.writer import write_tree

EXTENSIONS = ["tables", "attr_list", "md_in_html", "toc"]
_TAG = re.compile(r"<[^>]+>")


def render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


HOSTILE = [
    "<script>alert(1)</script>",
    "[点我](javascript:alert(1))",
    "![图](https://evil.example/x.png)",
    "# 假标题",
    "- 列表\n1. 列表",
    "| a | b |\n| --- | --- |",
    "<img src=x onerror=alert(1)>",
    "&lt;script&gt;",
    "`code` **粗体** _斜体_ ~~删除~~",
    "    缩进的代码块",
    "标题\n===",
    "<https://evil.example>",
    "[ref]: https://evil.example",
    "{: onclick=alert(1) }",
    '<div markdown="1">*x*</div>',
]


@pytest.mark.parametrize("text", HOSTILE)
def test_inline_is_only_text(text: str) -> None:
    out = render("前 " + md.inline(text) + " 后")
    assert _TAG.findall(out) == ["<p>", "</p>"]
    assert html.unescape(_TAG.sub("", out)) == "前 " + " ".join(text.split()) + " 后"


@pytest.mark.parametrize("text", HOSTILE)
def test_a_cell_cannot_break_its_table(text: str) -> None:
    out = render(md.table(["甲", "乙"], [[md.cell(text), "x"]]))
    assert out.count("<td>") == 2 and out.count("<tr>") == 2
    assert "<script" not in out and "<img" not in out and "<a " not in out


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80))
def test_any_text_renders_as_exactly_that_text(text: str) -> None:
    out = render(md.block(text))
    tags = set(_TAG.findall(out))
    assert tags <= {"<p>", "</p>", "<br>"}, tags
    # Line breaks and tabs become spaces; other control characters are dropped.
    words = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]", "", text)
    words = " ".join(re.sub(r"[\t\n\r\u2028\u2029\x85\u00a0\u3000]", " ", words).split())
    assert " ".join(html.unescape(_TAG.sub(" ", out)).split()) == " ".join(words.split())


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "http://plain.example", "//evil.example", " https://x"])
def test_unsafe_link_targets_are_refused(url: str) -> None:
    with pytest.raises(ValueError):
        md.link("x", url)


def test_safe_links() -> None:
    assert md.link("源文件 [1]", "https://github.com/o/r/blob/main/content/a b.yml") == (
        "[源文件 &#91;1&#93;](https://github.com/o/r/blob/main/content/a%20b.yml)"
    )
    assert md.link("上一页", "../cases/index.md") == "[上一页](../cases/index.md)"


def test_writer_writes_only_what_changed_and_removes_the_rest(tmp_path: Path) -> None:
    first = write_tree(tmp_path, {"a.md": "甲\n", "sub/b.md": "乙\n", "data/x.json": b"{}"})
    assert (first.written, first.unchanged, first.removed) == (["a.md", "data/x.json", "sub/b.md"], 0, [])
    (tmp_path / ".gitkeep").write_text("", encoding="utf-8")
    second = write_tree(tmp_path, {"a.md": "甲\n", "sub/b.md": "乙（改）\n"})
    assert (second.written, second.unchanged, second.removed) == (["sub/b.md"], 1, ["data/x.json"])
    assert not (tmp_path / "data").exists()
    assert (tmp_path / ".gitkeep").exists()
    assert (tmp_path / "sub/b.md").read_text(encoding="utf-8") == "乙（改）\n"


def test_writer_notices_a_file_changed_behind_its_back(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.md": "甲乙\n", "b.md": "丙\n"})
    (tmp_path / "a.md").write_text("乙甲\n", encoding="utf-8")  # same size, other bytes, newer time
    (tmp_path / "b.md").unlink()
    again = write_tree(tmp_path, {"a.md": "甲乙\n", "b.md": "丙\n"})
    assert (again.written, again.unchanged) == (["a.md", "b.md"], 0)
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "甲乙\n"
    assert write_tree(tmp_path, {"a.md": "甲乙\n", "b.md": "丙\n"}).unchanged == 2


def test_writer_is_not_fooled_by_a_replaced_file_with_the_old_size_and_time(tmp_path: Path) -> None:
    (tmp_path / ".yizheng-written.json").write_text("{}", encoding="utf-8")  # left by earlier versions: removed
    write_tree(tmp_path, {"a.md": "甲乙\n"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]
    before = (tmp_path / "a.md").stat()
    (tmp_path / "new").write_text("乙甲\n", encoding="utf-8")
    os.utime(tmp_path / "new", ns=(before.st_atime_ns, before.st_mtime_ns))
    (tmp_path / "new").replace(tmp_path / "a.md")
    assert write_tree(tmp_path, {"a.md": "甲乙\n"}).written == ["a.md"]
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "甲乙\n"
