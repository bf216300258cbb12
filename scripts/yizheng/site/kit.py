"""The page kit: what every page renderer builds its pages with.

One way to start a page (title, front matter, search exclusion), one pager, one
paginate, the by-street count table, links to records, names from site.yml, status
badges, the example-data notices and the record footer. Everything here escapes what
it is given unless it is `Safe` (see md.py); page modules import from here and from
md, never from each other.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from .. import stats
from ..kinds import SUGGESTION, community_page
from ..models.common import PHONE_PATTERN
from ..models.lifecycle import Status
from ..models.meeting import EVALUATED_BY_DEFAULT, Evaluation, Meeting
from ..models.representative import Representative, RepresentativeCategory
from ..models.station import Station, Weekday
from . import md, wording
from .context import PER_PAGE, STATUS_SLUG, SiteContext, listing_path, pages, relative
from .md import Safe

__all__ = [
    "LINKED_SHOWN",
    "Listing",
    "Safe",
    "blocks",
    "community_chooser",
    "duty_times",
    "example_banner",
    "evaluations_table",
    "example_notice",
    "figure_sentences",
    "link_to",
    "name_of",
    "page_start",
    "pager",
    "paginate",
    "phone_link",
    "record_footer",
    "representative_order",
    "station_contact",
    "status_badge",
    "street_table",
    "unit_page",
    "unsearched",
]

LINKED_SHOWN = 100
"""Representatives linked to a deputy (or based at a station) listed by name; the rest are counted."""

# --- starting a page ----------------------------------------------------------------

_NOT_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff]")


def page_start(title: str, *, searchable: bool = True) -> Safe:
    """Front matter with the page title, then the title as the page's h1 (no blank line after).

    The title goes in the front matter, HTML-escaped, because Material's
    base.html writes an h1-derived title as `{{ page.title | striptags }}`,
    and striptags turns md.inline's &#60; back into "<": a title such as
    "</title><script>…" would run as script. page.meta.title is written as it
    is, so the escaped text stays text. Unsearchable pages stay out of the
    search index that every reader downloads (Material's search plugin reads
    `search.exclude`): each published suggestion's page is excluded, and the
    replied/closed listings, which carry every published title once and link
    to the pages, stay searchable, so a title word still finds the suggestion.
    """
    plain = html.escape(" ".join(_NOT_TEXT.sub("", title).split()), quote=True)
    # A JSON (and YAML) string: no quote, control character or line break is left in `plain`,
    # so only the backslash needs escaping (json.dumps would do the same, three times slower).
    quoted = '"' + plain.replace("\\", "\\\\") + '"'
    search = "search:\n  exclude: true\n" if not searchable else ""
    return Safe(f"---\ntitle: {quoted}\n{search}---\n\n{md.heading(1, title)}")


def blocks(*parts: str) -> Safe:
    """Markdown blocks separated by blank lines, empty ones left out, ending with one newline.

    The parts are Markdown already (built with md and this kit); plain text goes through md.block first.
    """
    return Safe("\n\n".join(part.strip("\n") for part in parts if part and part.strip()) + "\n")


def unsearched(markdown: str) -> Safe:
    """Markdown kept out of the search index: tables of dates that only bloat it."""
    return Safe(f'<div class="yz-unsearched" data-search-exclude markdown>\n\n{markdown}\n\n</div>')


# --- listings in pages --------------------------------------------------------------


def pager(folder: str, number: int, total: int) -> Safe:
    """The one pager: '上一页 · 第 2 / 5 页 · 下一页' (links to the pages of `folder`); empty for one page."""
    if total <= 1:
        return Safe("")
    here = listing_path(folder, number)
    pieces = []
    if number > 1:
        pieces.append(md.link("上一页", relative(here, listing_path(folder, number - 1))))
    pieces.append(Safe(f"第 {number} / {total} 页"))
    if number < total:
        pieces.append(md.link("下一页", relative(here, listing_path(folder, number + 1))))
    return Safe('<nav class="yz-pager" markdown>\n\n' + " · ".join(pieces) + "\n\n</nav>")


@dataclass(frozen=True)
class Listing:
    """One page of a paginated listing, as given to the function that writes it."""

    page: str  # its path, e.g. suggestions/status/closed/2.md
    number: int  # 1-based
    total: int  # how many pages the listing has
    items: list  # the items on this page
    pager: Safe  # the pager (empty when there is one page)

    def heading(self, title: str) -> str:
        """The listing's title, with the page number from page 2 on."""
        return title if self.number == 1 else f"{title}（第 {self.number} 页）"


def paginate(
    folder: str, items: Sequence, write: Callable[[Listing], str], per_page: int = PER_PAGE
) -> Iterator[tuple[str, str]]:
    """Pages folder/index.md, folder/2.md, ... of `per_page` items each (always at least one page)."""
    chunks = pages(list(items), per_page)
    for number, chunk in enumerate(chunks, start=1):
        page = listing_path(folder, number)
        yield page, write(Listing(page, number, len(chunks), chunk, pager(folder, number, len(chunks))))


# --- the by-street count table ------------------------------------------------------


def street_table(
    ctx: SiteContext,
    page: str,
    columns: Sequence[tuple[str, Mapping[str, int]]],
    folder: str | None = None,
    linked: Iterable[str] = (),
) -> Safe:
    """One row per street of site.yml with its count in each column, then a 合计 row.

    `columns` are (header, count by street id). The names of the streets in `linked` link to
    page 1 of folder/<street id> (the street's own listing).
    """
    linked = set(linked)
    rows: list[list[md.Cell]] = []
    for street in ctx.registry.site.streets:
        label: md.Cell = street.name
        if folder is not None and street.id in linked:
            label = md.link(street.name, relative(page, listing_path(f"{folder}/{street.id}", 1)))
        rows.append([label, *(counts.get(street.id, 0) for _, counts in columns)])
    rows.append(["合计", *(sum(counts.get(s.id, 0) for s in ctx.registry.site.streets) for _, counts in columns)])
    return md.table(["街道", *(header for header, _ in columns)], rows)


# --- links and names ----------------------------------------------------------------


def link_to(ctx: SiteContext, page: str, kind: str, record_id: str, label: str) -> Safe:
    """A link from `page` to the page of a record, its label escaped."""
    return md.link(label, relative(page, ctx.page_of(kind, record_id)))


def unit_page(unit_id: str) -> str:
    """A handling unit's page: the first page of the published suggestions it handles, with its evaluations."""
    return listing_path(f"{SUGGESTION.pages}/unit/{unit_id}", 1)


def evaluation_cells(entry: Evaluation) -> list[Safe]:
    """One 评议 as table cells: what was reported, who evaluated, the result and the remarks."""
    return [
        md.cell(entry.report),
        md.cell(entry.evaluated_by or EVALUATED_BY_DEFAULT),
        md.cell(entry.result.value),
        md.cell(entry.note) if entry.note else Safe("—"),
    ]


def evaluations_table(ctx: SiteContext, page: str, entries: Iterable[tuple[Meeting, Evaluation]]) -> Safe:
    """述职评议 (a representative's) or 评议承办单位 (a unit's): at which meeting, what was reported,
    who evaluated, the result and the remarks; the latest first, as given."""
    rows = [
        [meeting.date, link_to(ctx, page, "meeting", meeting.id, meeting.title), *evaluation_cells(entry)]
        for meeting, entry in entries
    ]
    return md.table(["日期", "会议", "报告内容", "评议人", "评议结果", "评议意见"], rows)


def name_of(mapping: Mapping, key: str | None, fallback: str = "—") -> Safe:
    """The display name of a site.yml vocabulary entry (street, community, grid), escaped."""
    if key is None:
        return md.inline(fallback)
    entry = mapping.get(key)
    return md.inline(entry.name if entry is not None else key)


CATEGORY_ORDER = list(RepresentativeCategory)


def representative_order(ctx: SiteContext) -> Callable[[Representative], tuple]:
    """Sort key: street and community in site.yml order, category in RepresentativeCategory order, then id."""
    streets = {sid: n for n, sid in enumerate(ctx.registry.index.streets)}
    communities = {cid: n for n, cid in enumerate(ctx.registry.index.communities)}
    categories = {c: n for n, c in enumerate(CATEGORY_ORDER)}

    def key(rep: Representative) -> tuple:
        return (
            streets.get(rep.street, len(streets)),
            categories[rep.category],
            communities.get(rep.community, len(communities)),
            rep.id,
        )

    return key


# --- pieces many pages share ---------------------------------------------------------


def status_badge(status: Status) -> Safe:
    return md.badge(status.value, STATUS_SLUG[status])


def example_banner(is_example: bool) -> Safe:
    """The notice at the top of a page of a site whose content is example data."""
    if not is_example:
        return Safe("")
    # The site's notice box (class yz-notice, styled in site_overrides), in body-size text.
    return Safe(
        '<div class="yz-notice yz-notice--example" markdown>\n\n'
        "**示例数据**：本网站的全部内容（人名、地址、电话、意见建议和办理情况）都是演示用的虚构示例数据，不是真实记录。\n\n"
        "</div>\n"
    )


def example_notice(is_example: bool) -> Safe:
    """A visible note on every record that is example data; empty otherwise."""
    if not is_example:
        return Safe("")
    return Safe('!!! note "示例数据"\n    本页内容为演示用的虚构示例，不是真实记录。\n')


def record_footer(ctx: SiteContext, kind: str, record_id: str, title: str) -> Safe:
    """When the record last changed, its source file and history, and a way to report an error."""
    changed = ctx.changed_on(kind, record_id)
    when = f"本记录最后修改于 {md.date(changed)}。" if changed else "本记录尚无提交记录。"
    links = " · ".join(
        [
            md.link("查看源文件", ctx.source_url(kind, record_id)),
            md.link("修改历史", ctx.history_url(kind, record_id)),
            md.link("报告错误", ctx.report_url(kind, record_id, title)),
        ]
    )
    return Safe(f'<div class="yz-record-footer" markdown>\n\n{when}{links}\n\n</div>\n')


# --- reaching a station: where, when, which number ---------------------------------------

_PHONE = re.compile(PHONE_PATTERN, re.ASCII)
"""A number as the model takes it, in ASCII digits (the model's pattern also takes other scripts' digits)."""
_WEEKDAYS = {day: n for n, day in enumerate(Weekday)}


def phone_link(phone: str) -> Safe:
    """A public phone number as a link that dials it on a phone (tel:); an extension after a pause.

    Only numbers of the model's form (models.common.PHONE_PATTERN) in ASCII digits and dashes are
    linked; anything else is shown as escaped text.
    """
    if not _PHONE.fullmatch(phone):
        return md.inline(phone)
    parts = phone.split("-")
    dial = "".join(parts[:2]) + "," + parts[2] if phone.startswith("0") and len(parts) == 3 else phone
    return Safe(f'<a class="yz-tel" href="tel:{dial}">{phone}</a>')


def duty_times(station: Station) -> Safe:
    """When representatives are on duty at a station: '周一 09:00-11:30、周三 14:30-17:00'."""
    shifts = sorted(station.schedule, key=lambda s: (_WEEKDAYS[s.weekday], s.time))
    if not shifts:
        return Safe("暂未公布，请在开放时间前往或打电话问一问")
    return md.join(*(f"{shift.weekday.value} {shift.time}" for shift in shifts), sep="、")


def station_contact(ctx: SiteContext, page: str, station: Station) -> Safe:
    """A station as a short card for residents: its name (a link), kind, address, phone, hours and duty times."""
    lines = [
        md.join(Safe("**"), link_to(ctx, page, "station", station.id, station.name), Safe("**（"), station.kind.value, Safe("）")),
        md.join(Safe("地址："), station.address),
        md.join(Safe("公开电话："), phone_link(station.phone) if station.phone else Safe("未公布")),
        md.join(Safe("开放时间："), station.opening_hours),
        md.join(Safe("议政代表值班时间："), duty_times(station)),
    ]
    return Safe('<div class="yz-station-card" markdown>\n\n' + "<br>\n".join(lines) + "\n\n</div>")


def community_chooser(ctx: SiteContext, page: str, folded: bool = False) -> Safe:
    """Every street with its communities as links to their pages (找代表), for choosing one's own without a script.

    `folded`: each street is a <details> the reader opens (the home page); otherwise a heading and a list.
    """
    parts = []
    for street in ctx.registry.site.streets:
        links = "\n".join(f"- {md.link(c.name, relative(page, community_page(c.id)))}" for c in street.communities)
        if folded:
            parts.append(
                f'<details class="yz-chooser" markdown>\n<summary>{md.inline(street.name)}</summary>\n\n{links}\n\n</details>'
            )
        else:
            parts.append(f'<div class="yz-chooser" markdown>\n\n{md.heading(3, street.name)}\n\n{links}\n\n</div>')
    return Safe("\n\n".join(parts))


# --- the figures in words (home page and statistics page say them alike) ---------------


def figure_sentences(f: stats.Figures) -> md.Safe:
    """办结率 and 满意率 with their definitions and numbers, as on the home page (site/wording.py)."""
    closed = wording.CLOSED_RATE.format(
        percent=f.closed_rate.percent(), closed=f.closed, accepted=f.accepted
    )
    satisfied = wording.SATISFACTION_RATE.format(
        percent=f.satisfaction_rate.percent(),
        satisfied=f.satisfied,
        evaluated=f.evaluated,
        first_percent=f.first_satisfaction_rate.percent(),
        first_satisfied=f.first_satisfied,
        again=f.handled_again,
    )
    return md.Safe(f"{closed}\n\n{satisfied}")
