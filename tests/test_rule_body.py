"""Rule bodies: an allowlist sanitizer (nh3) decides, `yizheng validate` reports, the page embeds what passed.

See scripts/yizheng/site/rulebody.py for the allowlist and why the body stays Markdown.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CONTENT, MINIMAL, ROOT, run_cli
from golden import fixed_context
from hostile import CORPUS
from yizheng.site import rulebody
from yizheng.site.generate import render_site
from yizheng.site.pages import rules

RULE = "rules/hl-rules.md"
FIRST_FREE_LINE = 21
"""tests/fixtures/minimal/rules/hl-rules.md has 19 lines; a body appended after a blank line starts here."""

TAIL = "，请删除或改写；制度正文只能写 Markdown，见工作手册（HANDBOOK.md）第十部分"


def validate_with_body(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str) -> tuple[int, list[str]]:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    path = content / RULE
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") == FIRST_FREE_LINE - 2, "the fixture changed: adjust FIRST_FREE_LINE"
    path.write_text(text + "\n" + extra + "\n", encoding="utf-8")
    monkeypatch.chdir(content)
    code, out, err = run_cli(capsys, "validate", "--content", ".")
    return code, [line for line in (out + err).splitlines() if line.startswith(RULE)]


def line(offset: int, message: str) -> str:
    return f"{RULE}:{FIRST_FREE_LINE + offset}: body: 正文含有{message}{TAIL}"


# --- finding 1 of issue #10: each of these passed the regex blocklist on main -----------------

BYPASSES = [
    ("<details title=\">\" open ontoggle=\"window.__yz_pwned=1\">x</details>", [line(0, "不允许的 HTML 标签 <details>")]),
    (
        "<div title=\">\" tabindex=\"0\" autofocus onfocus=\"window.__yz_pwned=1\">x</div>",
        [
            line(0, "<div> 上不允许的属性 autofocus"),
            line(0, "<div> 上不允许的属性 tabindex"),
            line(0, "<div> 上不允许的属性 title"),
            line(0, "会执行脚本的事件属性 onfocus"),
        ],
    ),
    ("<x:y autofocus tabindex=0 onfocus=\"window.__yz_pwned=1\">x</x:y>", [line(0, "不允许的 HTML 标签 <x:y>")]),
    (
        "段落\n{: title=\"}\" onclick=\"window.__yz_pwned=1\" }",
        [line(1, "<p> 上不允许的属性 title"), line(1, "会执行脚本的事件属性 onclick")],
    ),
    ("<video src=\"https://evil.example/x.mp4\" autoplay></video>", [line(0, "不允许的 HTML 标签 <video>")]),
    ("<div style=\"background:url(https://evil.example/x.png)\">x</div>", [line(0, "style 属性（样式由网站统一设定）")]),
    ("<input type=image src=\"https://evil.example/x.png\">", [line(0, "不允许的 HTML 标签 <input>")]),
    (
        "第一段\n\n<p style=\"position:fixed;top:0;left:0;width:100%;height:100%\">网站已关闭</p>",
        [line(2, "style 属性（样式由网站统一设定）")],
    ),
    ("<textarea>", [line(0, "不允许的 HTML 标签 <textarea>")]),
    ("<plaintext>", [line(0, "不允许的 HTML 标签 <plaintext>")]),
    (
        "<div>\n<!--\n</div>",
        [line(0, "没有结束标签的 <div>（会把页面后面的内容一起包进去）"), line(1, "没有结束的 HTML 注释“<!--”（会遮住页面后面的内容）")],
    ),
    ("<marquee onstart=\"window.__yz_pwned=1\">滚动</marquee>", [line(0, "不允许的 HTML 标签 <marquee>")]),
    ("<div>\n\n没有结束的块", [line(0, "没有结束标签的 <div>（会把页面后面的内容一起包进去）")]),
    ("说明见 <!-- 内部备注 --> 本条", [line(0, "HTML 注释 <!-- -->（网页源代码里人人可见）")]),
    ("![图](https://evil.example/x.png)", [line(0, "图片（制度正文不能放图片，网站上没有存放图片的地方）")]),
    ("第一条\n\n<img src=\"flow.png\" alt=\"流程\">", [line(2, "图片（制度正文不能放图片，网站上没有存放图片的地方）")]),
    (
        "见[旧规则](hl-rules-1999.md)",
        [line(0, "链接“hl-rules-1999.md”指向的页面不存在（正文里只能链接到其他制度文件，写作“编号.md”，或 https:// 网址）")],
    ),
    (
        "见[第二章](hl-rules-2022.md#_2)",
        [line(0, "指向页面中某一节的链接“hl-rules-2022.md#_2”（链接只能指向整个页面，请去掉 # 及其后面的部分）")],
    ),
    (
        "参见[通知](//evil.example/x)",
        [line(0, "以 // 开头、指向其他网站的链接“//evil.example/x”（外部链接请写完整的 https:// 地址）")],
    ),
    ("[点我](JaVa&#115;cript:alert(1))", [line(0, "使用 JaVascript: 的链接“JaVascript:alert(1)”（只能链接到其他制度文件或 https:// 网址）")]),
    ("## 总则 {#__config}", [line(0, "不允许的标题锚点“__config”（不能以 __、md- 或 yz- 开头，只能用字母、数字、_ 和 -）")]),
    ("!!! md-dialog \"假通知\"\n    网站已关闭", [line(0, "<div> 上不允许的 class“md-dialog”（只能用提示框 !!! 自动生成的）")]),
]


@pytest.mark.parametrize(("body", "expected"), BYPASSES, ids=[str(n) for n in range(len(BYPASSES))])
def test_validate_names_what_the_sanitizer_would_remove(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, expected: list[str]
) -> None:
    code, lines = validate_with_body(capsys, tmp_path, monkeypatch, body)
    assert code == 1
    assert lines == sorted(expected)


ORDINARY = [
    "见 <https://www.example.gov.cn/online=1> 和 [办事指南](https://www.example.gov.cn/guide?on=1)",
    "<div markdown>\n\n**注意**：本条所称“onclick”不是属性。\n\n</div>",
    "第一条 本制度所称“数据”，指议政代表收集的意见建议。",
    "| 项目 | 时间 |\n|:--|--:|\n| 学习 | 每月 |",
    "!!! warning \"注意\"\n    本条自公布之日起施行。",
    "## 第二章 会议\n\n### 第一节\n\n1. 一\n2. 二\n\n- 甲\n- 乙\n\n> 引用\n\n---\n\n`代码` *强调* **加粗** H<sub>2</sub>O m<sup>2</sup>  \n换行",
    "[上一版](hl-rules-2022.md \"旧版\")、[本文件](./hl-rules.md)、[全部制度](index.md)和[同一页](../rules/hl-rules-2022.md)",
    "A & B < C > D \" E ' F",
    "{{ config.extra }} ${7*7}",
]


@pytest.mark.parametrize("body", ORDINARY, ids=[str(n) for n in range(len(ORDINARY))])
def test_ordinary_bodies_pass(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    code, lines = validate_with_body(capsys, tmp_path, monkeypatch, body)
    assert (code, lines) == (0, [])


# --- the allowlist as a property ------------------------------------------------------------

_ALLOWED_URL = re.compile(r"^(?:https://|(?![A-Za-z][A-Za-z0-9+.\-]*:)(?!//)(?![\\/]\\))")


def assert_inside_allowlist(html: str) -> None:
    """An oracle written apart from rulebody's own reading: no tag, attribute or address outside the allowlist."""
    open_tags: list[str] = []
    for event in rulebody.events(html):
        assert event[0] in ("start", "end", "text"), event
        if event[0] == "start":
            _, tag, attrs = event
            assert tag in rulebody.TAGS, tag
            if tag not in rulebody.VOID:
                open_tags.append(tag)
            for name, value in attrs:
                assert not name.startswith("on") and name != "style", (tag, name)
                if name == "href":
                    assert _ALLOWED_URL.match(value.strip()), (tag, value)
        elif event[0] == "end":
            assert open_tags and open_tags.pop() == event[1], (event, open_tags)
    assert not open_tags, open_tags


HOSTILE_PIECES = CORPUS + [
    "<div>", "</div>", "<!--", "-->", "{: onclick=x }", "{#__config}", "\n\n", "\n", "    ", "!!! note \"x\"\n    ",
    "<p>", "<a href='//evil.example'>", "`", "```", "|", "---", "> ", "# ", "<div markdown>", "![x](",
]  # fmt: skip


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(HOSTILE_PIECES) | st.text(alphabet="<>/=\"' abcdiv\n{}:#!-", max_size=12), max_size=8))
def test_a_body_with_no_findings_renders_inside_the_allowlist(pieces: list[str]) -> None:
    body = "".join(pieces)
    if not rulebody.problems(body):
        assert_inside_allowlist(rulebody.to_html(body))


@pytest.mark.parametrize("body", CORPUS)
def test_every_corpus_string_is_refused_or_harmless(body: str) -> None:
    if not rulebody.problems(body):
        html = rulebody.to_html(body)
        assert_inside_allowlist(html)
        assert rulebody.events(rulebody.sanitize(html)) == rulebody.events(html)


# --- the example rules, and the page around the body -----------------------------------------


def test_the_example_rule_bodies_pass_and_their_pages_keep_the_body_as_markdown() -> None:
    ctx = fixed_context(CONTENT)
    files = render_site(ctx, [rules.render])
    for rule in ctx.registry.rules.values():
        published = rules.rule_body(rule)
        assert rulebody.problems(published, rule.body) == []
        assert "\n## 正文\n\n" + published + "\n\n" in files[ctx.page_of("rule", rule.id)]


def test_the_site_renders_bodies_with_the_markdown_extensions_of_mkdocs_yml() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names, configs = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if options:
            configs[name] = options
    assert (names, configs) == (rulebody.EXTENSIONS, rulebody.EXTENSION_CONFIGS)


def test_validate_points_at_the_body_line_after_blank_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    path = content / RULE
    front, body = path.read_text(encoding="utf-8").split("\n---\n")
    path.write_text(front + "\n---\n\n\n" + "<b onclick=x>注意</b>\n" + body, encoding="utf-8")
    monkeypatch.chdir(content)
    code, out, _ = run_cli(capsys, "validate", "--content", ".")
    assert code == 1
    assert out.splitlines()[0] == f"{RULE}:19: body: 正文含有会执行脚本的事件属性 onclick{TAIL}"


def test_a_problem_the_model_finds_in_the_body_points_at_the_body(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Personal data in a body was reported at line 3 (inside the front matter)."""
    code, lines = validate_with_body(capsys, tmp_path, monkeypatch, "第二条 联系电话 13912345678")
    assert code == 1
    assert [line.split(" body: ")[0] for line in lines] == [f"{RULE}:21:"]

