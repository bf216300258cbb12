"""The page 提意见建议 (suggest.md): the two ways a resident can make a suggestion.

Online, through the issue form (the link opens it; the page says which option to
choose in each dropdown, since a link cannot choose one), and offline, for anyone
without an account or who would rather not write in public: at a 联络站点 during the
representatives' duty times, by phone, on a 连心卡, or at a 接访. The 联络站点 are
grouped by street: each street's own in full, and its communities linking to their pages, which
list theirs; a reader finds the nearest without a script.

Every page links here from its header (site_overrides/main.html); the home page too.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...kinds import COMMUNITY_INDEX, community_page
from ...models.station import StationKind
from .. import md
from ..context import SiteContext, relative
from ..kit import blocks, page_start, station_contact

PAGE = "suggest.md"
TRACK = "track.md"

FORM_LABELS = ("类别", "所在街道和社区", "具体位置", "反映的问题", "您的建议", "同意公开")
"""The suggestion form's fields this page names (intake/forms.py); tests/test_residents.py checks they are the form's."""

KIND_ORDER = list(StationKind)


def render(ctx: SiteContext) -> Iterator[tuple[str, str]]:
    yield PAGE, page(ctx)


def form_button(ctx: SiteContext, label: str, location: str | None = None) -> md.Safe:
    """The big button that opens the online form (a new page on GitHub)."""
    return md.Safe(
        f"{md.link(label, ctx.suggestion_form_url(location))}"
        "{ .md-button .md-button--primary .yz-big-button }"
    )


def page(ctx: SiteContext) -> str:
    site = ctx.registry.site
    communities = relative(PAGE, COMMUNITY_INDEX)
    track = relative(PAGE, TRACK)
    parts = [
        page_start("提意见建议"),
        "对街道、社区的大事小情有意见或建议，可以用下面两种办法中的任何一种告诉议政代表。"
        "两种办法一样有效，都会登记、交给有关单位办理，并公开办理结果。",
        "- [在网上填写表单](#online)：需要一个 GitHub 网站的账号（免费注册），填写的内容会公开。\n"
        "- [不上网，当面或打电话反映](#offline)：到就近的联络站点找值班的议政代表，或者打站点的公开电话。",
        "## 在网上填写表单 {#online}",
        "网上表单放在 GitHub 网站上。第一次使用，要先免费注册一个账号并登录；"
        "点下面的按钮，会打开填写页面。",
        form_button(ctx, "打开网上表单"),
        "<strong>请注意：表单里填写的全部内容都会在网上公开，任何人都能看到。</strong>"
        "请不要写电话号码、身份证号和家庭住址。需要工作人员联系您、或者不想公开的，请用下面的[线下办法](#offline)。",
        "填写时：",
        "1. 在最上面的标题栏（页面上写着英文 Add a title），用一句话说明问题，例如“3 号楼前的路灯不亮”。\n"
        "2. “类别”：选最接近的一类，拿不准就选“其他”。\n"
        "3. “所在街道和社区”：在长长的选项里找到“街道名 · 社区名”，如“"
        + _example_place(ctx)
        + "”；不清楚是哪个社区的，选“街道名 · 不确定”。"
        + f"不知道自己属于哪个社区，可以先到{md.link('找代表', communities)}页看一看。\n"
        "4. “具体位置”：写路口、小区或楼栋，不要写门牌号。\n"
        "5. “反映的问题”和“您的建议”：发生了什么、希望怎么解决。\n"
        "6. 表单里其余的选择题，按页面上的说明选；已经替您选好的，不用改。\n"
        "7. 勾选“同意公开”，再点页面最下面的提交按钮（英文写着 Create）。",
        "提交后，页面上会回复一个查询编号（形如 2026-W0042），以后办理的每一步也会在那里告诉您。"
        f"工作人员核对登记后，可以在{md.link('进度查询', track)}页用这个编号查看办到了哪一步。",
        "## 不上网，当面或打电话反映 {#offline}",
        "没有账号、不方便上网，或者不想公开自己写的内容，都可以用下面的办法。工作人员或议政代表会替您登记，"
        "并告诉您查询编号（形如 2026-X0007）。",
        "- **到联络站点当面说**：在下面列出的值班时间，议政代表在站点接待居民（开放时间内也有工作人员）。\n"
        "- **打电话**：拨打就近站点的公开电话。\n"
        "- **连心卡**：议政代表发放的“为民服务连心卡”上印有联系方式，按卡上的方式找代表就可以。\n"
        "- **接访**：议政代表在站点值班接待来访的居民，也会到社区里流动接访，时间见下面的值班时间和站点公告。",
        "### 就近的联络站点",
        f"先找到您所在的街道：街道的议政代表之家等站点列在街道名下面；社区里的站点，点您的社区名查看。"
        f"社区没有站点的，可以去本街道的站点。也可以在{md.link('找代表', communities)}页按社区查看。",
    ]
    parts += _stations(ctx)
    parts.append(f"查询已经提出的意见建议办到了哪一步，请到{md.link('进度查询', track)}页。")
    return blocks(*parts)


def _example_place(ctx: SiteContext) -> str:
    street = ctx.registry.site.streets[0]
    return md.join(street.name, " · ", street.communities[0].name)


def _stations(ctx: SiteContext) -> list[str]:
    """By street: the street's own 联络站点 in full (contact and duty times), then its communities,
    each linking to its page, which lists the community's 联络站点 the same way. The page grows with
    the number of streets, not of stations."""
    registry = ctx.registry
    if not registry.stations:
        return ["目前还没有联络站点的记录。"]
    parts: list[str] = []
    for street in registry.site.streets:
        members = [s for s in registry.stations.values() if s.street == street.id]
        own = sorted((s for s in members if s.community is None), key=lambda s: (KIND_ORDER.index(s.kind), s.id))
        with_station = {s.community for s in members if s.community is not None}
        if not members:
            continue
        parts.append(md.heading(4, street.name))
        parts += [station_contact(ctx, PAGE, s) for s in own]
        if with_station:
            links = md.join(
                *(md.link(c.name, relative(PAGE, community_page(c.id))) for c in street.communities if c.id in with_station),
                sep="、",
            )
            parts.append(md.join(md.Safe("社区里的联络站点（点社区名查看地址、电话和值班时间）："), links, md.Safe("。")))
    return parts
