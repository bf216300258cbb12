"""Issue bodies read back into the form's fields, against the form itself."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CONTENT, ROOT
from yizheng.intake.forms import FORMS_DIR, SUGGESTION_FILE
from yizheng.intake.issue_body import (
    NO_RESPONSE,
    Template,
    Value,
    correction_template,
    parse_body,
    read_correction_form,
    read_suggestion_form,
    record_ref,
    suggestion_template,
    tidy,
)
from yizheng.loader import load
from yizheng.registry import Registry

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "issues"
CONSENT = "我知道这里填写的内容会公开，内容里没有电话号码、身份证号和家庭住址"
TITLE = "3号楼电梯经常坏"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load(CONTENT)


def fixture(name: str) -> str:
    """An issue body exactly as stored (read as bytes: CRLF line ends stay CRLF)."""
    return (FIXTURES / name).read_bytes().decode("utf-8")


def github_body(template: Template, values: dict[str, Value], newline: str = "\n") -> str:
    """A body as GitHub renders a submitted form: every field, in order, even when empty."""
    parts = []
    for field in template.fields:
        value = values[field.id]
        if field.type == "checkboxes":
            assert isinstance(value, frozenset)
            shown = "\n".join(f"- [{'X' if option in value else ' '}] {option}" for option in field.options)
        elif field.type == "dropdown" and field.multiple:
            assert isinstance(value, list)
            shown = ", ".join(value) or NO_RESPONSE
        else:
            assert value is None or isinstance(value, str)
            shown = value or NO_RESPONSE
        parts.append(f"### {field.label}\n\n{shown}")
    return "\n\n".join(parts).replace("\n", newline)


# --- the template is the checked-in form -------------------------------------------------------


def test_template_is_read_from_the_form_itself(registry: Registry) -> None:
    checked_in = Template.from_yaml((ROOT / FORMS_DIR / SUGGESTION_FILE).read_text(encoding="utf-8"))
    assert checked_in == suggestion_template(registry)
    assert checked_in.name == "提意见建议"
    assert [(f.id, f.label, f.type, f.required) for f in checked_in.fields] == [
        ("category", "类别", "dropdown", True),
        ("place", "所在街道和社区", "dropdown", True),
        ("location", "具体位置", "input", False),
        ("problem", "反映的问题", "textarea", True),
        ("proposal", "您的建议", "textarea", False),
        ("consent", "同意公开", "checkboxes", True),
    ]
    assert checked_in.field("consent").required_options == frozenset({CONSENT})
    assert [f.id for f in correction_template(registry).fields] == ["record", "error", "correct", "basis"]


def test_a_template_the_parser_could_not_read_is_refused() -> None:
    multi = "body:\n  - type: dropdown\n    id: a\n    attributes:\n      label: A\n      multiple: true\n      options: ['x, y', z]\n"
    with pytest.raises(ValueError, match="must not contain ', '"):
        Template.from_yaml(multi)
    with pytest.raises(ValueError, match="has no id"):
        Template.from_yaml("body:\n  - type: input\n    attributes:\n      label: A\n")
    twice = "body:\n" + "".join(f"  - type: input\n    id: {i}\n    attributes:\n      label: A\n" for i in "ab")
    with pytest.raises(ValueError, match="distinct labels"):
        Template.from_yaml(twice)


# --- realistic bodies ------------------------------------------------------------------------------

BASE = {
    "title": TITLE,
    "category": "housing-property",
    "street": "hualong",
    "community": "longxing",
    "location": "龙兴社区 3号楼 东侧",
    "problem": "3号楼的电梯经常坏，上个月停了 8 天。",
    "proposal": "请物业尽快检修，并公布维修时间。",
}


def _without(*keys: str, **changes: Any) -> dict[str, Any]:
    values = {k: v for k, v in BASE.items() if k not in keys}
    values.update(changes)
    return values


SUGGESTIONS: dict[str, tuple[dict[str, Any], list[str], dict[str, int]]] = {
    "suggestion-ok.md": (
        _without(problem=(
            "龙兴社区老旧小区一共 8 部电梯，2026年以来坏了很多次，2026-03-15 又停了。\n\n"
            "### 我自己写的小标题\n\n"
            "物业说维修要 1500元，让居民分摊。我的电话是 ［已删除手机号］，可以联系我。\n\n"
            "- 第一条\n- 第二条"
        )),
        [],
        {"手机号": 1},
    ),
    "suggestion.crlf.md": (_without("location", "proposal", problem="路灯不亮。\n晚上出门很不方便。"), [], {}),
    "suggestion-heading-in-text.md": (
        _without(
            problem="### 具体位置\n就在市场门口。\n### 补充说明\n#### 不是标题\n###没有空格",
            proposal="设置临时摊位。\n### 提出方式\n以上。",
        ),
        [],
        {},
    ),
    "suggestion-fence.md": (
        _without(problem=(
            "我把告示抄在下面：\n\n```\n### 所在街道和社区\n\n### 您的建议\n\n```\n\n"
            "还有一段：\n\n~~~~\n```\n\n### 您的建议\n\n~~~~\n\n完。"
        )),
        [],
        {},
    ),
    "suggestion-unclosed-fence.md": (
        _without(problem="有人在墙上写了 ``` 和\n```\n这样的符号，一直没人清理。"),
        [],
        {},
    ),
    "suggestion-unsure.md": (_without("community", "location", "proposal", street="xiayao"), [], {}),
    "suggestion-unchecked-consent.md": (BASE, [f"“同意公开”：需要勾选“{CONSENT}”"], {}),
    "suggestion-unknown-option.md": (
        _without("street", "community"),
        ["“所在街道和社区”：填写的内容不是表单中的选项；请从下拉列表中选择一项，不要改写选项的文字"],
        {},
    ),
    "suggestion-missing-field.md": (
        _without("location"),
        ["“具体位置”：正文里找不到这一项，可能是小标题“### 具体位置”被改动或删除了"],
        {},
    ),
    "suggestion-out-of-order.md": (
        _without("location", "proposal"),
        [
            "“具体位置”：只能填写一行（正文的格式可能被改动过）",
            "“您的建议”：这一项的位置不对，可能是正文中各项的顺序被改动了",
        ],
        {},
    ),
    "suggestion-ambiguous.md": (
        _without("proposal", problem="电梯坏了。"),
        ["“您的建议”：内容里有单独一行“### 您的建议”，和表单的小标题一样，分不清各项的内容；请删去或改写这一行"],
        {},
    ),
    "suggestion-required-empty.md": (
        _without("category", "problem"),
        ["“类别”：请选择一项", "“反映的问题”：这一项必须填写"],
        {},
    ),
    "suggestion-tampered.md": (
        BASE,
        [
            "正文开头有不属于表单任何一项的内容；请不要改动表单的格式",
            "“同意公开”：这一项只能勾选表单中的选项，请不要改写选项的文字或在这里写别的内容",
        ],
        {},
    ),
    "not-a-form.md": ({"title": TITLE}, ["正文不是按“提意见建议”表单的格式填写的，读不出任何一项"], {}),
}


@pytest.mark.parametrize("name", sorted(SUGGESTIONS))
def test_suggestion_fixture(registry: Registry, name: str) -> None:
    values, errors, redactions = SUGGESTIONS[name]
    form = read_suggestion_form(fixture(name), registry, title=TITLE)
    assert form.errors == errors
    assert form.values == values
    assert form.redactions == redactions


def test_every_fixture_is_expected() -> None:
    names = {p.name for p in FIXTURES.glob("*.md")}
    assert names == set(SUGGESTIONS) | {"correction.md", "correction-typed.crlf.md"}


def test_crlf_fixtures_really_have_crlf() -> None:
    for path in FIXTURES.glob("*.crlf.md"):
        raw = path.read_bytes()
        assert raw.count(b"\r\n") == raw.count(b"\n") > 0, path.name
    assert b"\r" not in (FIXTURES / "suggestion-ok.md").read_bytes()


def test_fields_as_read_before_mapping(registry: Registry) -> None:
    parsed = read_suggestion_form(fixture("suggestion-ok.md"), registry).fields
    assert parsed.ok
    assert parsed.values["place"] == "华龙街道 · 龙兴社区"
    assert "channel" not in parsed.values  # the residents' form asks no such question
    assert parsed.values["consent"] == frozenset({CONSENT})
    unchecked = parse_body(fixture("suggestion-unchecked-consent.md"), suggestion_template(registry))
    assert unchecked.values["consent"] == frozenset()
    assert not unchecked.ok


def test_correction_from_the_sites_link(registry: Registry) -> None:
    form = read_correction_form(fixture("correction.md"), registry)
    assert form.errors == []
    assert form.record == ("station", "hl-home")
    assert form.record_text == "station/hl-home"
    assert form.error == "开放时间写的是周一到周五，现在周六也开门。"
    assert form.correct == "周一至周六 09:00-17:00"
    assert form.basis is None


def test_correction_typed_by_hand(registry: Registry) -> None:
    form = read_correction_form(fixture("correction-typed.crlf.md"), registry)
    assert form.errors == []
    assert form.record is None
    assert form.record_text == "华龙街道议政代表之家的页面"
    assert (form.error, form.correct, form.basis) == ("地址不对。", None, "我就住在旁边。")


def test_record_ref(registry: Registry) -> None:
    assert record_ref("case/overpass") == ("case", "overpass")
    assert record_ref(" suggestion/2026-W0042 ") == ("suggestion", "2026-W0042")
    assert record_ref("station/hl-home", registry) == ("station", "hl-home")
    assert record_ref("station/no-such-station", registry) is None
    assert record_ref("planet/mars") is None
    assert record_ref("https://example.org/stations/hl-home/") is None


# --- titles and redaction --------------------------------------------------------------------------


def _body(registry: Registry, **values: Value) -> str:
    base: dict[str, Value] = {
        "category": "其他", "place": "华龙街道 · 龙兴社区", "location": None, "problem": "路灯不亮。", "proposal": None,
        "consent": frozenset({CONSENT}),
    }
    base.update(values)
    return github_body(suggestion_template(registry), base)


def test_personal_data_is_removed_from_every_text_and_counted(registry: Registry) -> None:
    body = _body(
        registry,
        location="3号楼，电话0931-8612345",
        problem="我的身份证 62010219900307123X，手机 138 1234 5678",
        proposal="联系 a@example.com 或 13900001111",
    )
    form = read_suggestion_form(body, registry, title="路灯不亮 请打１３８１２３４５６７８")
    assert form.errors == []
    assert form.values["title"] == "路灯不亮 请打［已删除手机号］"
    assert form.values["location"] == "3号楼，电话［已删除固定电话］"
    assert form.values["problem"] == "我的身份证 ［已删除身份证号］，手机 ［已删除手机号］"
    assert form.values["proposal"] == "联系 ［已删除电子邮箱］ 或 ［已删除手机号］"
    assert form.redactions == {"身份证号": 1, "手机号": 3, "固定电话": 1, "电子邮箱": 1}
    assert list(form.redactions) == ["身份证号", "手机号", "固定电话", "电子邮箱"]


@pytest.mark.parametrize(
    ("title", "values", "errors"),
    [
        ("  路灯   不亮 ", {"title": "路灯 不亮"}, []),
        ("灯", {}, ["“标题”：请在标题栏用一句话说明问题"]),
        ("长" * 81, {}, ["“标题”：不能超过 80 个字，现在有 81 个字"]),
        (None, {}, []),
    ],
)
def test_title(registry: Registry, title: str | None, values: dict, errors: list[str]) -> None:
    form = read_suggestion_form(_body(registry), registry, title=title)
    assert form.errors == errors
    assert {k: v for k, v in form.values.items() if k == "title"} == values


def test_location_longer_than_a_name_is_refused(registry: Registry) -> None:
    form = read_suggestion_form(_body(registry, location="很" * 41), registry, title=TITLE)
    assert form.errors == ["“具体位置”：不能超过 40 个字，现在有 41 个字"]


# --- the details of GitHub's format ------------------------------------------------------------------

SMALL = Template.from_yaml(
    """
name: 测试
body:
  - type: markdown
    attributes:
      value: 说明
  - type: input
    id: name
    attributes:
      label: 名称
  - type: textarea
    id: log
    attributes:
      label: 日志
      render: shell
  - type: dropdown
    id: one
    attributes:
      label: 单选
      options: [甲, 乙]
  - type: dropdown
    id: many
    attributes:
      label: 多选
      multiple: true
      options: [路灯, 电梯 维修, "### 其他"]
  - type: checkboxes
    id: boxes
    attributes:
      label: 确认
      options:
        - label: 我同意
        - label: "我已阅读 ### 说明"
"""
)


def _small(**values: str) -> str:
    shown = {"名称": NO_RESPONSE, "日志": NO_RESPONSE, "单选": NO_RESPONSE, "多选": NO_RESPONSE,
             "确认": "- [ ] 我同意\n- [ ] 我已阅读 ### 说明"}
    shown.update(values)
    return "\n\n".join(f"### {label}\n\n{value}" for label, value in shown.items())


def test_empty_fields() -> None:
    parsed = parse_body(_small(), SMALL)
    assert parsed.errors == []
    assert parsed.values == {"name": None, "log": None, "one": None, "many": [], "boxes": frozenset()}


def test_none_is_empty_only_for_dropdowns() -> None:
    parsed = parse_body(_small(名称="None", 单选="None", 多选="None"), SMALL)
    assert parsed.errors == []
    assert parsed.values["name"] == "None"
    assert (parsed.values["one"], parsed.values["many"]) == (None, [])


def test_multi_select_and_checkboxes() -> None:
    parsed = parse_body(_small(多选="电梯 维修, ### 其他", 确认="- [x] 我同意\n- [X] 我已阅读 ### 说明"), SMALL)
    assert parsed.errors == []
    assert parsed.values["many"] == ["电梯 维修", "### 其他"]
    assert parsed.values["boxes"] == frozenset({"我同意", "我已阅读 ### 说明"})
    parsed = parse_body(_small(多选="路灯, 水管", 确认="- [x] 我同意\n随便写点"), SMALL)
    assert parsed.errors == [
        "“多选”：填写的内容不是表单中的选项；请从下拉列表中选择一项，不要改写选项的文字",
        "“确认”：这一项只能勾选表单中的选项，请不要改写选项的文字或在这里写别的内容",
    ]


def test_a_rendered_textarea_is_unwrapped() -> None:
    parsed = parse_body(_small(日志="```shell\n$ ls\n### 多选\n```"), SMALL)
    assert parsed.errors == []
    assert parsed.values["log"] == "$ ls\n### 多选"


def test_single_choice_must_be_an_option() -> None:
    assert parse_body(_small(单选="丙"), SMALL).errors == ["“单选”：填写的内容不是表单中的选项；请从下拉列表中选择一项，不要改写选项的文字"]


@pytest.mark.parametrize("text", ["第一行\n### 单选\n第三行", "第一行\n\n### 单选\n第三行", "第一行\n### 单选\n\n第三行"])
def test_a_heading_glued_to_text_is_not_a_heading(text: str) -> None:
    # GitHub puts a blank line before and after each heading; the resident's line lacks one or both.
    parsed = parse_body(_small(名称="路灯", 日志=text, 单选="甲"), SMALL_PLAIN)
    assert parsed.errors == []
    assert parsed.values["log"] == text


def test_a_fence_left_open_cannot_hide_the_rest_of_the_form(registry: Registry) -> None:
    template = suggestion_template(registry)
    # Never closed: no fence at all.
    form = read_suggestion_form(_body(registry, problem="```\n没有闭合的代码块"), registry)
    assert (form.errors, form.values["problem"]) == ([], "```\n没有闭合的代码块")
    # Opened in one field and closed, by accident, in the next: the heading between them is still found.
    body = _body(registry, problem="```\n第一段", proposal="```\n第二段")
    assert "### 您的建议" in body
    parsed = parse_body(body, template)
    assert parsed.errors == []
    assert (parsed.values["problem"], parsed.values["proposal"]) == ("```\n第一段", "```\n第二段")


# --- property: any values survive GitHub's rendering ----------------------------------------------------

_CHARS = st.text(
    st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        st.sampled_from(["\n", "\t", "·", "　"]),
    ),
    max_size=8,
)
_TRICKY = st.sampled_from(
    ["###", "### ", "#### ", "```", "~~~", "````", "```python", NO_RESPONSE, "None", "`", "\n", "\n\n", "- [X] ",
     "- [ ] ", " · ", "### 名称", "### 日志", "### 反映的问题", "### 您的建议", "### 确认", "### 多选x"]
)
_TEXT = st.lists(st.one_of(_CHARS, _TRICKY), max_size=12).map("".join).map(str.strip)


def _headings(template: Template) -> set[str]:
    return {f"### {field.label}" for field in template.fields}


def _plain(template: Template, text: str) -> bool:
    """Text GitHub's format can carry unambiguously: no line of it is a heading of the form."""
    headings = _headings(template)
    return text not in ("", NO_RESPONSE) and not any(line.rstrip() in headings for line in text.split("\n"))


def _values(template: Template, text: st.SearchStrategy[str], draw: st.DrawFn, fill_required: bool) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for field in template.fields:
        if field.type == "checkboxes":
            chosen = draw(st.sets(st.sampled_from(field.options)))
            values[field.id] = frozenset(chosen | (field.required_options if fill_required else set()))
        elif field.type == "dropdown" and field.multiple:
            values[field.id] = draw(st.lists(st.sampled_from(field.options), unique=True))
        elif field.type == "dropdown":
            choice = st.sampled_from(field.options)
            values[field.id] = draw(choice if field.required and fill_required else st.none() | choice)
        else:
            one = text.filter(lambda t: "\n" not in t) if field.type == "input" else text
            one = one.filter(lambda t: _plain(template, t))
            values[field.id] = draw(one if field.required and fill_required else st.none() | one)
    return values


@st.composite
def _small_values(draw: st.DrawFn) -> dict[str, Value]:
    return _values(SMALL_PLAIN, _TEXT, draw, fill_required=False)


SMALL_PLAIN = Template(SMALL.name, tuple(f if f.id != "log" else type(f)(f.id, f.label, f.type) for f in SMALL.fields))
"""SMALL without `render` (a rendered textarea is a fence of its own; tested above)."""


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(values=_small_values(), crlf=st.booleans())
def test_any_values_survive_githubs_rendering(values: dict[str, Value], crlf: bool) -> None:
    parsed = parse_body(github_body(SMALL_PLAIN, values, "\r\n" if crlf else "\n"), SMALL_PLAIN)
    assert parsed.errors == []
    assert parsed.values == values


_FENCE_FREE = _TEXT.map(lambda t: t.replace("`", "'").replace("~", "-").strip())


@st.composite
def _fenced_headings(draw: st.DrawFn) -> dict[str, Value]:
    """Values whose text quotes the form's headings, inside fenced code blocks."""
    values = _values(SMALL_PLAIN, _FENCE_FREE, draw, fill_required=False)
    for field in SMALL_PLAIN.fields:
        if field.type in ("input", "dropdown", "checkboxes") or not draw(st.booleans()):
            continue
        mark = draw(st.sampled_from(["```", "~~~", "````", "~~~~~"]))
        quoted = draw(st.lists(st.sampled_from(sorted(_headings(SMALL_PLAIN)) + [""]), min_size=1, max_size=4))
        before = draw(_FENCE_FREE.filter(lambda t: _plain(SMALL_PLAIN, t)))
        after = draw(_FENCE_FREE.filter(lambda t: _plain(SMALL_PLAIN, t)))
        values[field.id] = f"{before}\n{mark}\n" + "\n".join(quoted) + f"\n{mark}\n{after}"
    return values


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(values=_fenced_headings(), crlf=st.booleans())
def test_headings_quoted_in_code_fences_survive(values: dict[str, Value], crlf: bool) -> None:
    parsed = parse_body(github_body(SMALL_PLAIN, values, "\r\n" if crlf else "\n"), SMALL_PLAIN)
    assert parsed.errors == []
    assert parsed.values == values


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(data=st.data())
def test_any_valid_suggestion_survives_githubs_rendering(registry: Registry, data: st.DataObject) -> None:
    template = suggestion_template(registry)
    no_digits = _TEXT.map(lambda t: "".join(c for c in t if not c.isdigit() and c != "@").strip())
    values = _values(template, no_digits, data.draw, fill_required=True)
    parsed = parse_body(github_body(template, values, data.draw(st.sampled_from(["\n", "\r\n"]))), template)
    assert parsed.errors == []
    assert parsed.values == values
    form = read_suggestion_form(github_body(template, values), registry, title=TITLE)
    if not form.errors:  # a location over 40 characters is refused, rightly
        assert form.values["problem"] == tidy(values["problem"])  # only tabs and spaces at line ends differ
        assert form.values.get("proposal") == (tidy(values["proposal"]) or None if values["proposal"] else None)
        assert form.redactions == {}


# --- time grows linearly with the body (issue #11) ------------------------------------------------------

GITHUB_BODY_LIMIT = 65_534
"""The longest issue body GitHub accepts, in characters."""

WORST_SHAPES = {
    "unclosed fences": "```x\n",
    "unclosed tildes": "~~~ y\n",
    "fences of falling length": "`````\n````x\n```\n",
    "headings between blank lines": "### 类别\n\n",
    "bare ###": "###\n",
    "blank lines": "\n",
    "one long line": "长",
}


def shaped_body(unit: str, size: int) -> str:
    """A valid suggestion body of exactly `size` characters, padded inside “您的建议” with `unit` repeated."""
    body = (FIXTURES / "suggestion-ok.md").read_text(encoding="utf-8")
    anchor = "请物业尽快检修，并公布维修时间。"
    room = size - len(body)
    padded = body.replace(anchor, (unit * (room // len(unit) + 1))[:room] + anchor)
    assert len(padded) == size
    return padded


def cpu_seconds(body: str, template: Template) -> float:
    """CPU time of parsing `body`: the best of three runs of enough repetitions to be measurable."""
    best = float("inf")
    for _ in range(3):
        start, runs = time.process_time(), 0
        while True:
            parse_body(body, template)
            runs += 1
            spent = time.process_time() - start
            if spent > 0.02:
                break
        best = min(best, spent / runs)
    return best


@pytest.mark.parametrize("shape", list(WORST_SHAPES))
def test_parse_time_grows_linearly_with_the_body(registry: Registry, shape: str) -> None:
    template = suggestion_template(registry)
    small, large = (shaped_body(WORST_SHAPES[shape], size) for size in (16 * 1024, GITHUB_BODY_LIMIT))
    assert parse_body(large, template).values["problem"]  # still read as the form
    ratio = cpu_seconds(large, template) / cpu_seconds(small, template)
    assert ratio < 8, f"{shape}: 4 times the text took {ratio:.1f} times the time"


def test_the_bench_step_reads_bodies_of_githubs_limit(registry: Registry) -> None:
    from yizheng.intake.body_bench import GITHUB_BODY_LIMIT as LIMIT
    from yizheng.intake.body_bench import SHAPES, body_of, text

    assert LIMIT == GITHUB_BODY_LIMIT
    template = suggestion_template(registry)
    for unit in SHAPES.values():
        body = body_of(template, unit)
        assert len(body) == LIMIT and parse_body(body, template).ok
    shown = text([{"shape": "空行", "chars": LIMIT, "parsed": True, "parse_s": 0.0181, "redact_s": 0.011}])
    assert shown.splitlines()[1] == "  空行：65,534 个字符，解析 18.1 毫秒，删除个人信息 11.0 毫秒"
