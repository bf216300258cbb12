"""Rule pages: the "1+1+5" system of documents behind the conference.

Pages:
- rules/index.md (then rules/2.md, ...): documents in force or on trial,
  grouped by scope (the whole district first, then each street), with a
  section of repealed ones (their own listing, rules/repealed/index.md, when
  there are more than one page of them).
- rules/<id>.md: one page per document (ctx.page_of): its metadata, what it
  supersedes and what supersedes it, the summary and the body.

The body is Markdown written by staff and reviewed in pull requests. It is
published as Markdown with its headings demoted under the page's one h1;
`yizheng validate` has proven that it passes the allowlist sanitizer unchanged
(rulebody.py says what a body may contain and why it stays Markdown).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ...kinds import KIND_BY_NAME
from ...models.rule import Rule, RuleKind, RuleStatus
from .. import md, rulebody, wording
from ..context import LISTING_NAMES, PER_PAGE, SiteContext, assert_no_reserved, listing_folder, listing_path, relative
from ..kit import Listing, blocks, example_notice, link_to, page_start, paginate, record_footer

FOLDER = KIND_BY_NAME["rule"].pages
INDEX = f"{FOLDER}/index.md"
REPEALED = listing_folder("rule", "repealed")

STATUS_SLUGS = {RuleStatus.TRIAL: "trial", RuleStatus.IN_FORCE: "in-force", RuleStatus.REPEALED: "repealed"}
KIND_ORDER = {kind: n for n, kind in enumerate(RuleKind)}
RESERVED_IDS = LISTING_NAMES["rule"]
DISTRICT = "全区"



def badge(rule: Rule) -> str:
    return md.badge(rule.status.value, STATUS_SLUGS[rule.status])


def render(ctx: SiteContext) -> Iterator[tuple[str, str | bytes]]:
    rules = ctx.registry.rules
    assert_no_reserved("rule", rules)
    streets = {sid: n for n, sid in enumerate(ctx.registry.index.streets)}

    def key(rule: Rule) -> tuple:
        scope = -1 if rule.street is None else streets.get(rule.street, len(streets))
        return (scope, KIND_ORDER[rule.kind], rule.adopted, rule.id)

    ordered = sorted(rules.values(), key=key)
    current = [r for r in ordered if r.status is not RuleStatus.REPEALED]
    repealed = sorted(
        (r for r in ordered if r.status is RuleStatus.REPEALED), key=lambda r: (r.repealed, r.id), reverse=True
    )
    superseded_by: dict[str, list[Rule]] = defaultdict(list)
    for rule in ordered:
        for old in rule.supersedes:
            superseded_by[old].append(rule)

    repealed_apart = len(repealed) > PER_PAGE
    yield from paginate(FOLDER, current, lambda listing: _index_page(ctx, listing, current, repealed, repealed_apart))
    if repealed_apart:

        def write(listing: Listing) -> str:
            return blocks(
                page_start(listing.heading("已废止的制度文件")),
                f"共 {len(repealed)} 件，按废止日期从近到远排列。废止的文件不再执行，保留在这里供查阅。",
                md.link("返回制度文件", relative(listing.page, INDEX)),
                listing.pager,
                _repealed_table(ctx, listing.page, listing.items),
                listing.pager,
            )

        yield from paginate(REPEALED, repealed, write)
    for rule in ordered:
        yield ctx.page_of("rule", rule.id), rule_page(ctx, rule, superseded_by.get(rule.id, []))


# --- listings -----------------------------------------------------------------------


def _scope(ctx: SiteContext, rule: Rule) -> str:
    if rule.street is None:
        return DISTRICT
    street = ctx.registry.index.streets.get(rule.street)
    return street.name if street is not None else rule.street


def _index_page(ctx: SiteContext, listing: Listing, current: list[Rule], repealed: list[Rule], repealed_apart: bool) -> str:
    page = listing.page
    parts = [
        page_start(listing.heading("制度文件")),
        wording.RULES_INTRO,
        f"现行（施行或试行）的文件 {len(current)} 件，已废止 {len(repealed)} 件。",
        listing.pager,
    ]
    scopes: dict[str, list[Rule]] = {}
    for rule in listing.items:
        scopes.setdefault(_scope(ctx, rule), []).append(rule)
    for scope, group in scopes.items():
        parts.append(md.heading(2, scope))
        rows = [
            [
                link_to(ctx, page, "rule", r.id, r.title),
                md.cell(r.kind.value),
                md.cell(r.number) if r.number else "—",
                md.cell(r.issuer),
                badge(r),
                r.adopted,
                r.effective if r.effective else "—",
            ]
            for r in group
        ]
        parts.append(md.table(["标题", "类型", "文号", "发布机关", "状态", "通过日期", "施行日期"], rows))
    if not current:
        parts.append("目前没有施行中的制度文件。")
    parts.append(listing.pager)
    if listing.number == 1 and repealed:
        parts.append(md.heading(2, "已废止的文件"))
        if repealed_apart:
            parts.append(
                "废止的文件不再执行，保留供查阅："
                + md.link(f"查看全部 {len(repealed)} 件已废止的文件", relative(page, listing_path(REPEALED, 1)))
            )
        else:
            parts.append("废止的文件不再执行，保留在这里供查阅。")
            parts.append(_repealed_table(ctx, page, repealed))
    return blocks(*parts)


def _repealed_table(ctx: SiteContext, page: str, repealed: list[Rule]) -> str:
    rows = [
        [
            link_to(ctx, page, "rule", r.id, r.title),
            md.cell(_scope(ctx, r)),
            md.cell(r.number) if r.number else "—",
            md.cell(r.issuer),
            badge(r),
            r.adopted,
            r.repealed if r.repealed else "—",
        ]
        for r in repealed
    ]
    return md.table(["标题", "适用范围", "文号", "发布机关", "状态", "通过日期", "废止日期"], rows)


# --- one rule -------------------------------------------------------------------------------


def rule_page(ctx: SiteContext, rule: Rule, superseded_by: list[Rule]) -> str:
    page = ctx.page_of("rule", rule.id)
    rules = ctx.registry.rules
    body = rule_body(rule)
    facts = [
        ("类型", md.cell(rule.kind.value)),
        ("文号", md.cell(rule.number) if rule.number else "—"),
        ("发布机关", md.cell(rule.issuer)),
        ("适用范围", md.cell(_scope(ctx, rule))),
        ("状态", badge(rule)),
        ("通过日期", rule.adopted),
        ("施行日期", rule.effective if rule.effective else "—"),
    ]
    if rule.repealed is not None:
        facts.append(("废止日期", rule.repealed))
    if rule.supersedes:
        older = [link_to(ctx, page, "rule", old, rules[old].title if old in rules else old) for old in rule.supersedes]
        facts.append(("取代的文件", md.join(*older, sep="、")))
    if superseded_by:
        facts.append(("被以下文件取代", md.join(*(link_to(ctx, page, "rule", new.id, new.title) for new in superseded_by), sep="、")))

    parts = [page_start(rule.title), example_notice(rule.example)]
    if rule.status is RuleStatus.REPEALED:
        notice = f"本文件已于 {md.date(rule.repealed) if rule.repealed else ''} 废止，不再执行。"
        current = [new for new in superseded_by if new.status is not RuleStatus.REPEALED]
        if current:
            notice += "现行文件见" + "、".join(link_to(ctx, page, "rule", new.id, f"《{new.title}》") for new in current) + "。"
        parts.append(f'<div class="yz-notice yz-notice--repealed" markdown>\n\n**{notice}**\n\n</div>')
    parts.append(md.definition_list(facts))
    if rule.summary:
        parts += ["## 摘要", md.block(rule.summary)]
    parts += ["## 正文", body]
    parts.append(md.link("返回制度文件列表", relative(page, INDEX)))
    parts.append(record_footer(ctx, "rule", rule.id, rule.title))
    return blocks(*parts)


# --- the body: trusted Markdown, proven safe by validation ------------------------------


def rule_body(rule: Rule) -> str:
    """The body as published under the page's h1: title line dropped, headings demoted.

    Validation (site/checks.py) has proven that this Markdown passes the allowlist of
    rulebody.py unchanged, so it is embedded as it is.
    """
    return rulebody.demote(rule.title, rule.body)
