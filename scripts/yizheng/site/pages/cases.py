"""Typical cases (典型案例): a paginated list of cards, and one printable page per case.

For the print stylesheet: a case page's body (everything between the title
and the record footer) sits in `<div class="yz-case">`, its timeline table in
`<div class="yz-timeline">`, each resident's quote in
`<blockquote class="yz-quote">`; the listing is `<div class="grid cards yz-case-list">`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from ...kinds import KIND_BY_NAME
from ...models.case import Case, Figure
from ...models.meeting import Meeting
from .. import md
from ..context import SiteContext, assert_no_reserved, listing_path, relative
from ..kit import Listing, example_notice, page_start, paginate, record_footer

FOLDER = KIND_BY_NAME["case"].pages
SUMMARY_CHARS = 60
"""Length of the one-line summary on a card."""
CARD_FIGURES = 3
"""How many figures a card shows."""


def number(value: float) -> md.Safe:
    """A figure's value as people write it: 8, not 8.0; 2.5; never 1e-07 (digits only: Safe)."""
    if value.is_integer():
        return md.Safe(str(int(value)))
    return md.Safe(format(Decimal(repr(value)), "f"))


def figure_text(figure: Figure) -> str:
    """E.g. "加装电梯 8 部"; a percentage with no space: "缴费率 95%"."""
    value = number(figure.value) + ("%" if figure.unit in ("%", "％") else "")
    unit = None if figure.unit in ("%", "％") else figure.unit
    return " ".join(part for part in (figure.label, value, unit) if part)


def one_line(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The first sentence of a text, cut to `limit` characters."""
    flat = " ".join(text.split())
    end = flat.find("。")
    sentence = flat[: end + 1] if end != -1 else flat
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


def last_date(case: Case):  # noqa: ANN201 - a date
    return case.timeline[-1].date


def ordered(cases: list[Case]) -> list[Case]:
    """Newest first by the last timeline date; ties by id."""
    return sorted(sorted(cases, key=lambda c: c.id), key=last_date, reverse=True)


def render(ctx: SiteContext) -> Iterator[tuple[str, str]]:
    assert_no_reserved("case", ctx.registry.cases)
    cases = ordered(list(ctx.registry.cases.values()))
    yield from paginate(FOLDER, cases, lambda listing: _listing(ctx, listing, len(cases)))
    meetings_of: dict[str, list[Meeting]] = defaultdict(list)
    for meeting in sorted(ctx.registry.meetings.values(), key=lambda m: (m.date, m.id)):
        for case_id in meeting.cases:
            meetings_of[case_id].append(meeting)
    for case in cases:
        yield ctx.page_of("case", case.id), _case_page(ctx, case, meetings_of.get(case.id, []))


def _place(ctx: SiteContext, case: Case) -> str:
    index = ctx.registry.index
    street = index.streets.get(case.street)
    parts = [street.name if street else case.street]
    if case.community:
        community = index.communities.get(case.community)
        parts.append(community.name if community else case.community)
    return " ".join(parts)


def _category(ctx: SiteContext, case: Case) -> str:
    category = ctx.registry.index.categories.get(case.category)
    return category.name if category else case.category


def _listing(ctx: SiteContext, listing: Listing, count: int) -> str:
    page, chunk, pager = listing.page, listing.items, listing.pager
    lines = [
        page_start(listing.heading("典型案例")),
        "",
        "群众反映、议政代表推动、有关单位办理后得到解决的事例。"
        f"共 {count} 个，按最近进展的日期排列，最新的在前。",
        "",
    ]
    if pager:
        lines += [pager, ""]
    if not chunk:
        lines += ["暂无典型案例。", ""]
        return "\n".join(lines)
    lines += ['<div class="grid cards yz-case-list" markdown>', ""]
    for case in chunk:
        facts = " · ".join(
            [md.inline(_place(ctx, case)), md.inline(_category(ctx, case)), md.join("最近进展 ", md.date(last_date(case)))]
        )
        lines += [
            f"-   **{md.link(case.title, relative(page, ctx.page_of('case', case.id)))}**",
            "",
            f"    {facts}",
            "",
            f"    {md.inline(one_line(case.summary))}",
            "",
        ]
        if case.figures:
            figures = " · ".join(md.inline(figure_text(f)) for f in case.figures[:CARD_FIGURES])
            lines += [f"    {figures}", ""]
    lines += ["</div>", ""]
    if pager:
        lines += [pager, ""]
    return "\n".join(lines)


def _quote(text: str, speaker: str, source: str | None = None) -> str:
    """A resident's words as a blockquote of escaped text, the speaker on its own line,
    and where they were published before (the case study), the source on the next.

    An HTML blockquote (md_in_html) rather than ">" lines: Markdown would merge
    two ">" quotes separated only by a blank line into one.
    """
    parts = ['<blockquote class="yz-quote" markdown>', md.block(text), f"——{md.inline(speaker)}"]
    if source is not None:
        parts.append(f"引自{md.inline(source)}")
    parts.append("</blockquote>")
    return "\n\n".join(parts)


def _case_page(ctx: SiteContext, case: Case, meetings: list[Meeting]) -> str:
    registry = ctx.registry
    page = ctx.page_of("case", case.id)
    lines = [page_start(case.title), ""]
    notice = example_notice(case.example)
    if notice:
        lines += [notice]
    first, last = case.timeline[0].date, case.timeline[-1].date
    span = md.cell(first) if first == last else md.join(first, " 至 ", last)
    lines += [
        '<div class="yz-case" markdown>',
        "",
        md.definition_list(
            [
                ("地点", md.cell(_place(ctx, case))),
                ("类别", md.cell(_category(ctx, case))),
                ("时间", span),
            ]
        ),
        "",
        "## 概述",
        "",
        md.block(case.summary),
        "",
        "## 办理经过",
        "",
        '<div class="yz-timeline" markdown>',
        "",
        md.table(["日期", "经过"], ([e.date, md.cell(e.event)] for e in case.timeline)),
        "",
        "</div>",
        "",
    ]
    if case.departments:
        lines += ["## 参与单位", ""]
        for unit_id in case.departments:
            unit = registry.index.units.get(unit_id)
            lines.append(f"- {md.inline(unit.name)}（{unit.kind.value}）" if unit else f"- {md.inline(unit_id)}")
        lines.append("")
    lines += ["## 结果", "", md.block(case.outcome), ""]
    if case.figures:
        lines += [
            "## 数字",
            "",
            md.table(
                ["指标", "数值", "单位"],
                ([md.cell(f.label), number(f.value), md.cell(f.unit) or "—"] for f in case.figures),
            ),
            "",
        ]
    if case.quotes:
        lines += ["## 群众说", ""]
        for quote in case.quotes:
            lines += [_quote(quote.text, quote.speaker, quote.source), ""]

    lines += ["## 来源", ""]
    suggestions = [registry.suggestions[s] for s in case.origin.suggestions if s in registry.suggestions]
    published = [s for s in suggestions if ctx.handling(s.id).published]
    if published:
        lines += ["意见建议：", ""]
        for s in published:
            lines.append(f"- {md.link(f'{s.id} {s.title}', relative(page, ctx.page_of('suggestion', s.id)))}")
        lines.append("")
    hidden = len(suggestions) - len(published)
    if hidden:  # the cross-check refuses this; never name them all the same
        lines += [f"另有 {hidden} 件意见建议尚未公开。", ""]
    reps = [registry.representatives[r] for r in case.origin.representatives if r in registry.representatives]
    if reps:
        links = "、".join(md.link(r.name, relative(page, ctx.page_of("representative", r.id))) for r in reps)
        lines += [f"反映、推动此事的议政代表：{links}", ""]
    if meetings:
        lines += ["相关会议活动：", ""]
        lines += [
            f"- {md.date(m.date)} {md.link(m.title, relative(page, ctx.page_of('meeting', m.id)))}" for m in meetings
        ]
        lines.append("")
    if not (suggestions or reps or meetings):
        lines += ["未记录。", ""]
    lines += ["</div>", "", md.link("返回典型案例", relative(page, listing_path(FOLDER, 1))), ""]
    lines.append(record_footer(ctx, "case", case.id, case.title))
    return "\n".join(lines)
