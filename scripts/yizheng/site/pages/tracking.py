"""The tracking page (进度查询) and its data: tracking/<year>.json.

Every suggestion is in the tracking data, published or not, but only by
number, status, dates and evaluations (plus the page of a published one, the number
it was merged into, and the public reason for 不予受理 when its submitter agreed to
publication): never its title, text, location or units. The page's script (site_overrides/assets/javascripts/
tracking.js) looks a number up in the shard of its year. The form has no
style= attributes (the Content-Security-Policy allows none): its look is the
yz-track classes in site_overrides/assets/stylesheets/yizheng.css.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator

from ...kinds import SUGGESTION
from ...models.lifecycle import Status
from ...models.suggestion import HistoryEntry, Suggestion
from ...sealing import Sealed
from .. import md, wording
from ..context import SiteContext, listing_path, page_url, relative
from ..kit import page_start

PAGE = "track.md"
SCRIPT = "assets/javascripts/tracking.js"
"""Served from the theme's custom_dir (site_overrides/), at the site root."""

SCRIPT_FROM_PAGE = "../" + SCRIPT
"""The script as the page's HTML must name it: track.md is built as track/index.html (use_directory_urls: true)."""


def shard_path(year: int) -> str:
    return f"tracking/{year}.json"


def entry(ctx: SiteContext, s: Suggestion) -> dict:
    handling = ctx.handling(s.id)
    item: dict = {
        "status": s.status.value,
        "submitted": s.submitted.isoformat(),
        "history": [_step(h) for h in s.history],
        "deadline": handling.deadline.isoformat() if handling.deadline else None,
        "published": handling.published,
    }
    if s.merged_into:
        item["merged_into"] = s.merged_into
    if s.status is Status.REPLIED and handling.evaluated is not None:
        item["evaluated"] = handling.evaluated.value  # 已评价，等待办结
    reason = s.history[-1].note
    if s.status is Status.REJECTED and s.public and reason and not isinstance(reason, Sealed):
        item["reason"] = str(reason)
    if handling.published:
        item["url"] = page_url(ctx.page_of("suggestion", s.id))
    return item


def _step(entry: HistoryEntry) -> list[str]:
    """[date, status], and the evaluation when the step is one (满意 and 基本满意 keep 已答复, 不满意 reopens)."""
    step = [entry.date.isoformat(), entry.status.value]
    if entry.satisfaction is not None:
        step.append(entry.satisfaction.value)
    return step


def shards(ctx: SiteContext) -> dict[int, dict[str, dict]]:
    years: dict[int, dict[str, dict]] = defaultdict(dict)
    for s in sorted(ctx.registry.suggestions.values(), key=lambda s: s.id):
        years[int(s.id[:4])][s.id] = entry(ctx, s)
    return dict(sorted(years.items()))


def render(ctx: SiteContext) -> Iterator[tuple[str, str | bytes]]:
    # Each shard is json.dumps(shards(ctx)[year], ensure_ascii=False, separators=(",", ":")), put
    # together from one piece per suggestion (kept between incremental generations: SiteContext.memo).
    years: dict[int, list[str]] = defaultdict(list)
    for s in sorted(ctx.registry.suggestions.values(), key=lambda s: s.id):
        years[int(s.id[:4])].append(ctx.memo(_entry_json, s))
    for year, pieces in sorted(years.items()):
        yield shard_path(year), "{" + ",".join(pieces) + "}\n"
    yield PAGE, _page(ctx)


def _entry_json(ctx: SiteContext, s: Suggestion) -> str:
    return _compact(s.id) + ":" + _compact(entry(ctx, s))


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))



def _page(ctx: SiteContext) -> str:
    suggestions = relative(PAGE, SUGGESTION.index)
    closed = relative(PAGE, listing_path(f"{SUGGESTION.pages}/status/closed", 1))
    form = "\n".join(
        [
            '<form id="yz-track" class="yz-track" method="get" autocomplete="off">',
            '<p><label for="yz-track-number" class="yz-track__label">查询编号</label></p>',
            '<p id="yz-track-hint">形如 2026-W0042 或 2026-X0007。</p>',
            "<p>",
            '<input id="yz-track-number" name="no" type="text" inputmode="text" autocapitalize="characters"'
            ' spellcheck="false" maxlength="40" placeholder="2026-W0042" aria-describedby="yz-track-hint"'
            ' class="yz-track__input">',
            "</p>",
            '<p><button type="submit" class="md-button md-button--primary yz-track__button">查询</button></p>',
            "</form>",
            '<div id="yz-track-result" class="yz-track-result" role="status" aria-live="polite"></div>',
            '<noscript markdown>',
            "",
            f"**按编号查询需要浏览器开启 JavaScript。** 没有开启时，可以在{md.link('意见建议列表', suggestions)}"
            f"中查看已经答复、办结并公开的意见建议，如{md.link('已办结的意见建议', closed)}。",
            "",
            "</noscript>",
            f'<script src="{SCRIPT_FROM_PAGE}"></script>',
        ]
    )
    lines = [
        page_start("进度查询"),
        "",
        "输入受理时拿到的查询编号，可以看到意见建议现在办到哪一步、每一步的日期和办理期限。",
        "",
        "- 通过网上表单提出的，编号在提交后收到的回复里，形如 2026-W0042（W 表示网上）。",
        "- 在联络站点、座谈会等线下提出的，编号由工作人员告知，形如 2026-X0007（X 表示线下）。",
        "- 也可以直接在网站上方的搜索框里输入编号。",
        "",
        form,
        "",
        f"查询结果为网站更新时（{ctx.built_at}）的数据。"
        "还没有办完的意见建议只显示编号、状态和日期；答复或办结并经提出人同意后，可以查看全文和答复。",
        "",
        f"不查编号，也可以浏览{md.link('已公开的意见建议', suggestions)}，如{md.link('已办结的意见建议', closed)}。",
        "",
        "## 各状态是什么意思",
        "",
        md.table(["状态", "意思"], [[status.value, md.Safe(meaning)] for status, meaning in wording.STATUS_MEANING.items()]),
        "",
    ]
    return "\n".join(lines)
