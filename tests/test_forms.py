"""The issue forms: generated from site.yml, checked in unchanged, valid for GitHub, plain about privacy."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from conftest import CONTENT, MINIMAL, ROOT
from yizheng.models.site import github_pages_url
from yizheng.intake.forms import (
    CHANNEL_OPTIONS,
    CONFIG_FILE,
    CORRECTION_FILE,
    FORMS_DIR,
    HEADER,
    OFFLINE_FILE,
    SUGGESTION_FILE,
    FormsError,
    render_forms,
    vocabulary,
    write_forms,
)
from yizheng.loader import load
from yizheng.models.suggestion import Channel
from yizheng.site.context import SiteContext

FORMS = ROOT / FORMS_DIR


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    return render_forms(load(CONTENT))


def _form(rendered: dict[str, str], name: str) -> dict:
    return yaml.safe_load(rendered[name])


def _element(form: dict, field_id: str) -> dict:
    return next(e for e in form["body"] if e.get("id") == field_id)


# --- generated, and checked in unchanged -------------------------------------------------------


@pytest.mark.parametrize("name", [CONFIG_FILE, CORRECTION_FILE, OFFLINE_FILE, SUGGESTION_FILE])
def test_checked_in_form_matches_site_yml(rendered: dict[str, str], name: str) -> None:
    path = FORMS / name
    assert path.exists(), f"{FORMS_DIR / name} 不存在：运行 yizheng forms"
    assert path.read_text(encoding="utf-8") == rendered[name], f"{FORMS_DIR / name} 与 content/site.yml 不一致：运行 yizheng forms"


def test_no_stray_form_files(rendered: dict[str, str]) -> None:
    assert sorted(p.name for p in FORMS.iterdir()) == sorted(rendered)


def test_rendering_is_deterministic_and_marked_generated(rendered: dict[str, str]) -> None:
    assert render_forms(load(CONTENT)) == rendered
    assert HEADER == "# 由 yizheng forms 根据 content/site.yml 生成，请勿手工修改\n"
    for text in rendered.values():
        assert text.startswith(HEADER)
        assert text.endswith("\n") and not text.endswith("\n\n")


def test_write_forms_only_writes_what_changed(tmp_path: Path) -> None:
    registry = load(CONTENT)
    out = tmp_path / ".github" / "ISSUE_TEMPLATE"
    assert write_forms(registry, out) == [out / CONFIG_FILE, out / CORRECTION_FILE, out / OFFLINE_FILE, out / SUGGESTION_FILE]
    assert write_forms(registry, out) == []
    (out / CORRECTION_FILE).write_text("name: 手工改过\n", encoding="utf-8")
    assert write_forms(registry, out) == [out / CORRECTION_FILE]
    assert (out / CORRECTION_FILE).read_text(encoding="utf-8") == render_forms(registry)[CORRECTION_FILE]


# --- valid for GitHub --------------------------------------------------------------------------


def _check_jsonschema() -> str:
    beside = Path(sys.executable).parent / "check-jsonschema"
    found = str(beside) if beside.exists() else shutil.which("check-jsonschema")
    if found is None:
        pytest.skip("check-jsonschema 未安装（pip install check-jsonschema），无法用 GitHub 的表单规范校验")
    return found


def _validate(schema: str, *paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_check_jsonschema(), "--builtin-schema", schema, *map(str, paths)],
        capture_output=True, text=True, check=False, timeout=120,
    )


def test_forms_pass_githubs_issue_form_schema(tmp_path: Path) -> None:
    minimal = tmp_path / "minimal"
    write_forms(load(MINIMAL), minimal)
    forms = [FORMS / SUGGESTION_FILE, FORMS / CORRECTION_FILE, FORMS / OFFLINE_FILE, minimal / SUGGESTION_FILE,
             minimal / CORRECTION_FILE, minimal / OFFLINE_FILE]
    result = _validate("vendor.github-issue-forms", *forms)
    assert result.returncode == 0, result.stdout + result.stderr
    result = _validate("vendor.github-issue-config", FORMS / CONFIG_FILE, minimal / CONFIG_FILE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_does_catch_a_broken_form(tmp_path: Path, rendered: dict[str, str]) -> None:
    form = _form(rendered, SUGGESTION_FILE)
    _element(form, "consent")["validations"] = {"required": True}  # checkboxes take no validations
    broken = tmp_path / "broken.yml"
    broken.write_text(yaml.safe_dump(form, allow_unicode=True), encoding="utf-8")
    assert _validate("vendor.github-issue-forms", broken).returncode == 1


# --- what the forms say --------------------------------------------------------------------------


@pytest.mark.parametrize("name", [SUGGESTION_FILE, CORRECTION_FILE])
def test_a_plain_privacy_warning_comes_first(rendered: dict[str, str], name: str) -> None:
    first = _form(rendered, name)["body"][0]
    assert first["type"] == "markdown"
    warning = first["attributes"]["value"]
    assert "都会在网上公开，任何人都能看到" in warning
    for word in ("电话号码", "身份证号", "家庭住址"):
        assert word in warning
    assert "https://honggu-npc.github.io/yizheng/stations/" in warning


def test_suggestion_form(rendered: dict[str, str]) -> None:
    form = _form(rendered, SUGGESTION_FILE)
    assert form["name"] == "提意见建议"
    assert form["labels"] == ["意见建议", "待受理"]
    assert "title" not in form  # the resident writes the title; it becomes the suggestion's title
    fields = [(e["type"], e.get("id"), e["attributes"].get("label")) for e in form["body"]]
    assert fields == [
        ("markdown", None, None),
        ("dropdown", "category", "类别"),
        ("dropdown", "place", "所在街道和社区"),
        ("input", "location", "具体位置"),
        ("textarea", "problem", "反映的问题"),
        ("textarea", "proposal", "您的建议"),
        ("checkboxes", "consent", "同意公开"),
    ]  # no "提出方式": residents could not answer it; the online form is always 网上表单 (#16 item 9)
    required = {e["id"]: e.get("validations", {}).get("required") for e in form["body"] if "id" in e}
    assert required == {
        "category": True, "place": True, "location": False, "problem": True, "proposal": False,
        "consent": None,
    }
    consent = _element(form, "consent")["attributes"]["options"]
    assert consent == [{"label": "我知道这里填写的内容会公开，内容里没有电话号码、身份证号和家庭住址", "required": True}]


def test_options_come_from_site_yml(rendered: dict[str, str]) -> None:
    form = _form(rendered, SUGGESTION_FILE)
    assert _element(form, "category")["attributes"]["options"] == [
        "城市管理", "环境保护", "社会事务", "食品安全", "交通出行", "住房与物业", "文体设施", "供水供暖", "其他",
    ]
    assert _element(form, "place")["attributes"]["options"] == [
        "华龙街道 · 振兴社区", "华龙街道 · 复兴社区", "华龙街道 · 龙兴社区", "华龙街道 · 平安社区", "华龙街道 · 不确定",
        "矿区街道 · 矿山社区", "矿区街道 · 建设社区", "矿区街道 · 胜利社区", "矿区街道 · 不确定",
        "窑街街道 · 东山社区", "窑街街道 · 红山社区", "窑街街道 · 金河社区", "窑街街道 · 不确定",
        "下窑街道 · 团结社区", "下窑街道 · 和平社区", "下窑街道 · 不确定",
    ]
    offline = _form(rendered, OFFLINE_FILE)
    assert _element(offline, "channel")["attributes"]["options"] == ["联络站点", "连心卡", "座谈会", "接访", "走访", "其他"]
    assert _element(offline, "place")["attributes"]["options"] == _element(form, "place")["attributes"]["options"]


def test_vocabulary_maps_both_ways() -> None:
    registry = load(CONTENT)
    words = vocabulary(registry.site)
    assert words.categories["住房与物业"] == "housing-property"
    assert words.places["华龙街道 · 龙兴社区"] == ("hualong", "longxing")
    assert words.places["下窑街道 · 不确定"] == ("xiayao", None)
    assert words.channels == {
        "联络站点": Channel.STATION, "连心卡": Channel.CARD, "座谈会": Channel.FORUM, "接访": Channel.RECEPTION,
        "走访": Channel.VISIT, "其他": Channel.OTHER,
    }
    assert words.channels is not CHANNEL_OPTIONS
    for category in registry.site.categories:
        assert words.categories[words.category_option(category.id)] == category.id
    for street in registry.site.streets:
        assert words.places[words.place_option(street.id, None)] == (street.id, None)
        for community in street.communities:
            assert words.places[words.place_option(street.id, community.id)] == (street.id, community.id)
    assert words.channel_option(Channel.STATION) == "联络站点"
    assert Channel.ONLINE not in words.channels.values()  # only the staff's offline form asks


def test_names_that_would_read_the_same_are_refused() -> None:
    site = load(CONTENT).site
    street = site.streets[0]
    twin = street.communities[1].model_copy(update={"name": street.communities[0].name})
    clash = site.model_copy(update={"streets": [street.model_copy(update={"communities": [*street.communities, twin]})]})
    with pytest.raises(FormsError, match="街道和社区选项“华龙街道 · 振兴社区”出现了两次"):
        vocabulary(clash)
    categories = [*site.categories, site.categories[0].model_copy(update={"id": "again"})]
    with pytest.raises(FormsError, match="类别选项“城市管理”出现了两次"):
        vocabulary(site.model_copy(update={"categories": categories}))
    comma = site.model_copy(update={"categories": [site.categories[0].model_copy(update={"name": "城市管理, 其他"})]})
    with pytest.raises(FormsError, match="含有逗号"):
        vocabulary(comma)


def test_correction_form_takes_the_record_from_the_sites_link(rendered: dict[str, str]) -> None:
    form = _form(rendered, CORRECTION_FILE)
    assert form["labels"] == ["纠错"]
    assert form["title"] == "[纠错] "
    assert [(e["type"], e.get("id")) for e in form["body"]] == [
        ("markdown", None), ("input", "record"), ("textarea", "error"), ("textarea", "correct"), ("textarea", "basis"),
    ]
    # Every query parameter of the site's “报告错误” link names the template, the title or a field of the form.
    registry = load(CONTENT)
    context = SiteContext(registry=registry, today=dt.date(2026, 11, 27), built_at="")
    url = urlsplit(context.report_url("station", "hl-home", "华龙街道议政代表之家"))
    query = parse_qs(url.query)
    assert query["template"] == [CORRECTION_FILE]
    assert query["title"] == ["[纠错] 华龙街道议政代表之家"]
    assert query["record"] == ["station/hl-home"]
    ids = {e.get("id") for e in form["body"]}
    assert set(query) - {"template", "title"} <= ids


def test_config_turns_blank_issues_off_and_links_the_stations(rendered: dict[str, str]) -> None:
    assert _form(rendered, CONFIG_FILE) == {
        "blank_issues_enabled": False,
        "contact_links": [
            {
                "name": "联络站点的地址和公开电话",
                "url": "https://honggu-npc.github.io/yizheng/stations/",
                "about": "没有账号或不方便在网上公开填写的，请到就近的联络站点当面反映，或者拨打联络站点的公开电话。",
            },
            {
                "name": "查询办理进度",
                "url": "https://honggu-npc.github.io/yizheng/track/",
                "about": "输入查询编号，看看您的意见建议办到了哪一步。",
            },
        ],
    }


@pytest.mark.parametrize(
    ("repository", "url"),
    [
        ("https://github.com/honggu-npc/yizheng", "https://honggu-npc.github.io/yizheng/"),
        ("https://github.com/Honggu-NPC/YiZheng/", "https://honggu-npc.github.io/YiZheng/"),
        ("https://github.com/honggu-npc/yizheng.git", "https://honggu-npc.github.io/yizheng/"),
        ("https://github.com/Honggu-NPC/honggu-npc.github.io", "https://honggu-npc.github.io/"),
    ],
)
def test_site_url(repository: str, url: str) -> None:
    assert github_pages_url(repository) == url


def test_offline_form_is_for_staff_and_says_everything_is_public(rendered: dict[str, str]) -> None:
    form = _form(rendered, OFFLINE_FILE)
    assert form["name"] == "线下登记（工作人员用）"
    assert form["labels"] == ["线下登记"]
    warning = form["body"][0]["attributes"]["value"]
    assert warning.startswith("**只供有写权限的工作人员使用；别人提交的不会登记。**\n")
    assert "\n**这里填写的全部内容（包括标题）都会在网上公开，任何人都能看到。**\n" in warning
    assert "`yizheng suggestion new --private`" in warning
    assert [(e["type"], e.get("id")) for e in form["body"][1:]] == [
        ("dropdown", "category"), ("dropdown", "place"), ("input", "location"), ("textarea", "problem"),
        ("textarea", "proposal"), ("dropdown", "channel"), ("input", "submitted"), ("input", "station"),
        ("input", "representatives"), ("checkboxes", "consent"),
    ]
