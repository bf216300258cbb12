"""The GitHub issue forms, generated from content/site.yml.

`render_forms(registry)` gives the text of the four files of
.github/ISSUE_TEMPLATE/ (the residents' suggestion form, the correction form,
the staff's offline registration form and the chooser's config), and `write_forms` writes those that changed; `yizheng
forms` runs it, and a test fails when the checked-in files drift.

The dropdown options are names residents read ("城市管理", "华龙街道 · 龙兴社区",
"连心卡"); `Vocabulary` is the one place that maps them to the ids a record
holds and back, built from site.yml. The parser (issue_body.py) reads a
submitted body against the form itself and uses this vocabulary to turn the
chosen options into record values.

Options are never written with ", " in them: GitHub joins the choices of a
multi-select dropdown with ", " (the forms here have none, but the parser
relies on it and refuses such a template).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..files import write_text_atomic
from ..models.site import Site
from ..models.suggestion import Channel
from ..registry import Registry

HEADER = "# 由 yizheng forms 根据 content/site.yml 生成，请勿手工修改\n"
FORMS_DIR = Path(".github") / "ISSUE_TEMPLATE"
"""Where the forms live, relative to the repository root."""

SUGGESTION_FILE = "suggestion.yml"
CORRECTION_FILE = "correction.yml"
OFFLINE_FILE = "offline.yml"
CONFIG_FILE = "config.yml"

SUGGESTION_LABELS = ("意见建议", "待受理")
CORRECTION_LABELS = ("纠错",)
OFFLINE_LABELS = ("线下登记",)
CORRECTION_TITLE = "[纠错] "
"""The correction form's default title; the site's “报告错误” links pass their own, with the same prefix."""

PLACE_SEPARATOR = " · "
UNSURE = "不确定"
"""The community option of a street for residents who do not know their community."""

CHANNEL_OPTIONS: dict[str, Channel] = {
    "联络站点": Channel.STATION,
    "连心卡": Channel.CARD,
    "座谈会": Channel.FORUM,
    "接访": Channel.RECEPTION,
    "走访": Channel.VISIT,
    "其他": Channel.OTHER,
}
"""How a suggestion registered offline came in, as the staff's 线下登记 form offers it. The residents'
form asks no such question: what they submit is always 网上表单 (issue #16 item 9)."""


class SuggestionField:
    """Ids of the suggestion form's fields (the issue title is the suggestion's title)."""

    CATEGORY = "category"
    PLACE = "place"
    LOCATION = "location"
    PROBLEM = "problem"
    PROPOSAL = "proposal"
    CHANNEL = "channel"
    CONSENT = "consent"


class OfflineField:
    """Ids of the staff's offline registration form beyond the suggestion form's own (which it shares)."""

    SUBMITTED = "submitted"
    STATION = "station"
    REPRESENTATIVES = "representatives"


class CorrectionField:
    """Ids of the correction form's fields. `record` is filled from the link's ?record=<kind>/<id>."""

    RECORD = "record"
    ERROR = "error"
    CORRECT = "correct"
    BASIS = "basis"


CONSENT_OPTION = "我知道这里填写的内容会公开，内容里没有电话号码、身份证号和家庭住址"
OFFLINE_CONSENT_OPTION = "提出人同意公开；我知道这里填写的内容会公开，内容里没有提出人的姓名、电话号码、身份证号和住址"
LOCATION_MAX = 40
"""A suggestion's location is a Name (at most 40 characters)."""


class FormsError(ValueError):
    """site.yml cannot be turned into unambiguous form options; the message says why, in Chinese.

    `name` is the name in site.yml that causes it (a category's or a community's), to find its line.
    """

    def __init__(self, message: str, name: str = "") -> None:
        super().__init__(message)
        self.name = name


@dataclass(frozen=True)
class Vocabulary:
    """The forms' option labels and the record values they stand for, both ways."""

    categories: dict[str, str]  # option → category id
    places: dict[str, tuple[str, str | None]]  # option → (street id, community id or None when unsure)
    channels: dict[str, Channel]  # option → channel

    def category_option(self, category_id: str) -> str:
        return _inverse(self.categories)[category_id]

    def place_option(self, street_id: str, community_id: str | None) -> str:
        return _inverse(self.places)[(street_id, community_id)]

    def channel_option(self, channel: Channel) -> str:
        return _inverse(self.channels)[channel]


def _inverse(mapping: dict[str, Any]) -> dict[Any, str]:
    return {value: key for key, value in mapping.items()}


def vocabulary(site: Site) -> Vocabulary:
    """The options of the suggestion form, from site.yml; FormsError when two would read the same."""
    categories: dict[str, str] = {}
    for category in site.categories:
        _add(categories, category.name, category.id, "类别", category.name)
    places: dict[str, tuple[str, str | None]] = {}
    for street in site.streets:
        for community in street.communities:
            _add(places, f"{street.name}{PLACE_SEPARATOR}{community.name}", (street.id, community.id), "街道和社区", community.name)
        _add(places, f"{street.name}{PLACE_SEPARATOR}{UNSURE}", (street.id, None), "街道和社区", street.name)
    return Vocabulary(categories, places, dict(CHANNEL_OPTIONS))


def _add(mapping: dict[str, Any], option: str, value: Any, what: str, name: str) -> None:
    if option in mapping:
        raise FormsError(f"site.yml：{what}选项“{option}”出现了两次，表单中无法区分；请修改名称", name)
    if "," in option:
        raise FormsError(f"site.yml：{what}选项“{option}”含有逗号，表单无法使用；请修改名称", name)
    mapping[option] = value


# --- the forms -------------------------------------------------------------------------------


def _warning(site_address: str) -> str:
    return (
        "**请注意：在这里填写的全部内容（包括标题）都会在网上公开，任何人都能看到。**\n"
        "\n"
        "请不要写电话号码、身份证号、银行卡号，也不要写您或别人的家庭住址。"
        "需要工作人员联系您的，请到就近的联络站点当面反映，或者拨打联络站点的公开电话："
        f"[联络站点的地址和电话]({site_address}stations/)。\n"
    )


def suggestion_form(site: Site) -> dict[str, Any]:
    words = vocabulary(site)
    address = site.address
    return {
        "name": "提意见建议",
        "description": f"向{site.district.name}的街道议政代表反映问题、提出建议。提交后会给您一个查询编号，办理情况也在这里告诉您。",
        "labels": list(SUGGESTION_LABELS),
        "body": [
            {"type": "markdown", "attributes": {"value": _warning(address) + (
                "\n"
                "**怎么填**：先在最上面的标题栏（Add a title）用一句话说明问题，"
                "例如“龙兴社区 3 号楼前的路灯不亮”；再一项一项填写下面的内容，最后点页面下方的提交按钮（Create）。"
                "提交后，我们会在这里回复查询编号；办理的每一步也会在这里通知您。\n"
            )}},
            _dropdown(SuggestionField.CATEGORY, "类别", "大致属于哪一类？拿不准就选“其他”。", list(words.categories)),
            _dropdown(
                SuggestionField.PLACE,
                "所在街道和社区",
                f"问题发生在哪个街道、哪个社区。不清楚是哪个社区的，选“某某街道{PLACE_SEPARATOR}{UNSURE}”。",
                list(words.places),
            ),
            {
                "type": "input",
                "id": SuggestionField.LOCATION,
                "attributes": {
                    "label": "具体位置",
                    "description": f"写公共场所，如路口、小区、楼栋；不要写某一户的门牌号。不超过 {LOCATION_MAX} 个字，可以不填。",
                    "placeholder": "例如：海岗公路北区农贸市场路口",
                },
                "validations": {"required": False},
            },
            _textarea(SuggestionField.PROBLEM, "反映的问题", "发生了什么，从什么时候开始，影响到哪些人。", True),
            _textarea(SuggestionField.PROPOSAL, "您的建议", "希望怎么解决。还没想好的，可以不填。", False),
            {
                "type": "checkboxes",
                "id": SuggestionField.CONSENT,
                "attributes": {
                    "label": "同意公开",
                    "description": "办理结果会在网站上公开，方便大家监督。",
                    "options": [{"label": CONSENT_OPTION, "required": True}],
                },
            },
        ],
    }


def offline_form(site: Site) -> dict[str, Any]:
    """The staff's form for a suggestion received at a station, by 连心卡 or at a 接访 (issue #13).

    It shares the suggestion form's field ids, so one reader serves both; only a submission by
    someone with write access to the repository is registered (intake/offline.py)."""
    words = vocabulary(site)
    return {
        "name": "线下登记（工作人员用）",
        "description": "工作人员登记在联络站点、连心卡、座谈会或接访中收到的意见建议。居民请用“提意见建议”。",
        "labels": list(OFFLINE_LABELS),
        "body": [
            {"type": "markdown", "attributes": {"value": (
                "**只供有写权限的工作人员使用；别人提交的不会登记。**\n"
                "\n"
                "**这里填写的全部内容（包括标题）都会在网上公开，任何人都能看到。**\n"
                "\n"
                "提出人不同意公开的，或者内容必须保密的，不要用这个表单，"
                "请在电脑上用命令 `yizheng suggestion new --private` 登记（见工作手册“登记线下收集的意见建议”）。\n"
                "\n"
                "不要写提出人的姓名、电话号码、身份证号和住址。标题栏写一句话标题；"
                "提交后会在这里回复编号（如 2026-X0008）和合并请求，合并后登记完成。\n"
            )}},
            _dropdown(SuggestionField.CATEGORY, "类别", "拿不准就选“其他”。", list(words.categories)),
            _dropdown(
                SuggestionField.PLACE, "所在街道和社区", f"不清楚是哪个社区的，选“某某街道{PLACE_SEPARATOR}{UNSURE}”。",
                list(words.places),
            ),
            {
                "type": "input",
                "id": SuggestionField.LOCATION,
                "attributes": {
                    "label": "具体位置",
                    "description": f"公共场所，如路口、小区、楼栋；不写某一户的门牌号。不超过 {LOCATION_MAX} 个字，可以不填。",
                },
                "validations": {"required": False},
            },
            _textarea(SuggestionField.PROBLEM, "反映的问题", "提出人反映了什么问题（不写姓名和联系方式）。", True),
            _textarea(SuggestionField.PROPOSAL, "提出人的建议", "可以不填。", False),
            _dropdown(SuggestionField.CHANNEL, "收到的方式", "在哪里、以什么方式收到的。", list(words.channels)),
            {
                "type": "input",
                "id": OfflineField.SUBMITTED,
                "attributes": {
                    "label": "收到的日期",
                    "description": "格式如 2026-11-30；不填就是提交本表的日期。",
                    "placeholder": "2026-11-30",
                },
                "validations": {"required": False},
            },
            {
                "type": "input",
                "id": OfflineField.STATION,
                "attributes": {
                    "label": "联络站点编号",
                    "description": "在哪个联络站点收到的，写它的编号（网站上联络站点页面的网址最后一段），如 hl-home；可以不填。",
                },
                "validations": {"required": False},
            },
            {
                "type": "input",
                "id": OfflineField.REPRESENTATIVES,
                "attributes": {
                    "label": "议政代表编号",
                    "description": "收集这条意见建议的议政代表的编号，几位就写几个，用空格分开；可以不填。",
                },
                "validations": {"required": False},
            },
            {
                "type": "checkboxes",
                "id": SuggestionField.CONSENT,
                "attributes": {
                    "label": "同意公开",
                    "description": "线下登记的内容会在网上公开；不同意公开的请用命令登记。",
                    "options": [{"label": OFFLINE_CONSENT_OPTION, "required": True}],
                },
            },
        ],
    }


def correction_form(site: Site) -> dict[str, Any]:
    address = site.address
    return {
        "name": "报告错误",
        "description": "网站上的内容有错误或已经过时，请告诉我们。",
        "title": CORRECTION_TITLE,
        "labels": list(CORRECTION_LABELS),
        "body": [
            {"type": "markdown", "attributes": {"value": _warning(address) + (
                "\n"
                "从网站页面下方点“报告错误”进来的，“有错误的记录”一栏已经自动填好，请不要改动。\n"
            )}},
            {
                "type": "input",
                "id": CorrectionField.RECORD,
                "attributes": {
                    "label": "有错误的记录",
                    "description": "从网站页面进来时已自动填写。自己填写的，请写页面的网址或名称。",
                    "placeholder": "例如：station/hl-home",
                },
                "validations": {"required": True},
            },
            _textarea(CorrectionField.ERROR, "哪里有错误", "请写明是哪一句、哪个数字或哪个名字不对。", True),
            _textarea(CorrectionField.CORRECT, "正确的应该是", "知道正确内容的，请写在这里；不知道可以不填。", False),
            _textarea(CorrectionField.BASIS, "依据", "您是从哪里知道的，例如公告、文件或现场看到的情况。可以不填。", False),
        ],
    }


def config(site: Site) -> dict[str, Any]:
    address = site.address
    return {
        "blank_issues_enabled": False,
        "contact_links": [
            {
                "name": "联络站点的地址和公开电话",
                "url": f"{address}stations/",
                "about": "没有账号或不方便在网上公开填写的，请到就近的联络站点当面反映，或者拨打联络站点的公开电话。",
            },
            {
                "name": "查询办理进度",
                "url": f"{address}track/",
                "about": "输入查询编号，看看您的意见建议办到了哪一步。",
            },
        ],
    }


def _dropdown(field_id: str, label: str, description: str, options: list[str], default: int | None = None) -> dict:
    attributes: dict[str, Any] = {"label": label, "description": description, "options": options}
    if default is not None:
        attributes["default"] = default
    return {"type": "dropdown", "id": field_id, "attributes": attributes, "validations": {"required": True}}


def _textarea(field_id: str, label: str, description: str, required: bool) -> dict:
    return {
        "type": "textarea",
        "id": field_id,
        "attributes": {"label": label, "description": description},
        "validations": {"required": required},
    }


# --- rendering and writing ---------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block style, sequences indented under their key, multi-line text as literal blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def to_yaml(data: dict[str, Any]) -> str:
    return HEADER + yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000
    )


def render_forms(registry: Registry) -> dict[str, str]:
    """File name → YAML text of every file in .github/ISSUE_TEMPLATE/; the same registry gives the same text."""
    site = registry.site
    return {
        CONFIG_FILE: to_yaml(config(site)),
        CORRECTION_FILE: to_yaml(correction_form(site)),
        OFFLINE_FILE: to_yaml(offline_form(site)),
        SUGGESTION_FILE: to_yaml(suggestion_form(site)),
    }


def write_forms(registry: Registry, out_dir: Path) -> list[Path]:
    """Write the forms into `out_dir`; only files whose text changed are written. The paths written."""
    written: list[Path] = []
    for name, text in render_forms(registry).items():
        path = out_dir / name
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        write_text_atomic(path, text)
        written.append(path)
    return written
