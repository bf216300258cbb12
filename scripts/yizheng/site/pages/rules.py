"""Rule pages: the "1+1+5" system of documents behind the conference.

Pages:
- rules/index.md (then rules/2.md, ...): documents in force or on trial,
  grouped by scope (the whole district first, then each street), with a
  section of repealed ones (their own listing, rules/repealed/index.md, when
  there are more than one page of them).
- rules/<id>.md: one page per document (ctx.page_of): its metadata, what it
  supersedes and what supersedes it, the summary and the body.

The body is Markdown written by staff and reviewed in pull requests, so it is
published as Markdown, but guarded: its headings are demoted under the page's
one h1, and raw HTML that could run script (script/iframe tags, on...=
attributes, javascript: links) or load from another host stops the build.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterator

from ...models.rule import Rule, RuleKind, RuleStatus
from .. import md
from ..context import PER_PAGE, SiteContext, listing_path, pages, relative
from ..parts import example_notice, record_footer
from .representatives import check_reserved, join, link_to, pager

FOLDER = "rules"
INDEX = f"{FOLDER}/index.md"
REPEALED = f"{FOLDER}/repealed"

STATUS_SLUGS = {RuleStatus.TRIAL: "trial", RuleStatus.IN_FORCE: "in-force", RuleStatus.REPEALED: "repealed"}
KIND_ORDER = {kind: n for n, kind in enumerate(RuleKind)}
RESERVED_IDS = frozenset({"index", "repealed"})
DISTRICT = "全区"

INTRO = (
    "街道议政代表会议制度由“1+1+5”制度体系规范：区委、区人大常委会的 1 个实施意见，"
    "各街道的 1 个实施方案，以及议事规则和工作职责、学习、调研视察、意见建议办理 4 项工作制度"
    "（“一规则四制度”）共 5 项制度。点击标题可以阅读全文。"
)


def badge(rule: Rule) -> str:
    return md.badge(rule.status.value, STATUS_SLUGS[rule.status])


def render(ctx: SiteContext) -> Iterator[tuple[str, str | bytes]]:
    rules = ctx.registry.rules
    check_reserved("制度文件", rules, RESERVED_IDS)
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

    chunks = pages(current)
    repealed_apart = len(repealed) > PER_PAGE
    for number, chunk in enumerate(chunks, start=1):
        page = listing_path(FOLDER, number)
        yield page, _index_page(ctx, page, current, chunk, number, len(chunks), repealed, repealed_apart)
    if repealed_apart:
        chunks = pages(repealed)
        for number, chunk in enumerate(chunks, start=1):
            page = listing_path(REPEALED, number)
            yield page, join(
                "# 已废止的制度文件",
                f"共 {len(repealed)} 件，按废止日期从近到远排列。废止的文件不再执行，保留在这里供查阅。",
                md.link("返回制度文件", relative(page, INDEX)),
                pager(page, REPEALED, number, len(chunks)),
                _repealed_table(ctx, page, chunk),
                pager(page, REPEALED, number, len(chunks)),
            )
    for rule in ordered:
        yield ctx.page_of("rule", rule.id), rule_page(ctx, rule, superseded_by.get(rule.id, []))


# --- listings -----------------------------------------------------------------------


def _scope(ctx: SiteContext, rule: Rule) -> str:
    if rule.street is None:
        return DISTRICT
    street = ctx.registry.index.streets.get(rule.street)
    return street.name if street is not None else rule.street


def _index_page(
    ctx: SiteContext,
    page: str,
    current: list[Rule],
    chunk: list[Rule],
    number: int,
    total: int,
    repealed: list[Rule],
    repealed_apart: bool,
) -> str:
    parts = ["# 制度文件", INTRO, f"现行（施行或试行）的文件 {len(current)} 件，已废止 {len(repealed)} 件。"]
    parts.append(pager(page, FOLDER, number, total))
    scopes: dict[str, list[Rule]] = {}
    for rule in chunk:
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
                r.adopted.isoformat(),
                r.effective.isoformat() if r.effective else "—",
            ]
            for r in group
        ]
        parts.append(md.table(["标题", "类型", "文号", "发布机关", "状态", "通过日期", "施行日期"], rows))
    if not current:
        parts.append("目前没有施行中的制度文件。")
    parts.append(pager(page, FOLDER, number, total))
    if number == 1 and repealed:
        parts.append(md.heading(2, "已废止的文件"))
        if repealed_apart:
            parts.append(
                "废止的文件不再执行，保留供查阅："
                + md.link(f"查看全部 {len(repealed)} 件已废止的文件", relative(page, listing_path(REPEALED, 1)))
            )
        else:
            parts.append("废止的文件不再执行，保留在这里供查阅。")
            parts.append(_repealed_table(ctx, page, repealed))
    return join(*parts)


def _repealed_table(ctx: SiteContext, page: str, repealed: list[Rule]) -> str:
    rows = [
        [
            link_to(ctx, page, "rule", r.id, r.title),
            md.cell(_scope(ctx, r)),
            md.cell(r.number) if r.number else "—",
            md.cell(r.issuer),
            badge(r),
            r.adopted.isoformat(),
            r.repealed.isoformat() if r.repealed else "—",
        ]
        for r in repealed
    ]
    return md.table(["标题", "适用范围", "文号", "发布机关", "状态", "通过日期", "废止日期"], rows)


# --- one rule -------------------------------------------------------------------------------


def rule_page(ctx: SiteContext, rule: Rule, superseded_by: list[Rule]) -> str:
    page = ctx.page_of("rule", rule.id)
    rules = ctx.registry.rules
    body = rule_body(rule, _source(ctx, rule))
    facts = [
        ("类型", md.cell(rule.kind.value)),
        ("文号", md.cell(rule.number) if rule.number else "—"),
        ("发布机关", md.cell(rule.issuer)),
        ("适用范围", md.cell(_scope(ctx, rule))),
        ("状态", badge(rule)),
        ("通过日期", rule.adopted.isoformat()),
        ("施行日期", rule.effective.isoformat() if rule.effective else "—"),
    ]
    if rule.repealed is not None:
        facts.append(("废止日期", rule.repealed.isoformat()))
    if rule.supersedes:
        older = [link_to(ctx, page, "rule", old, rules[old].title if old in rules else old) for old in rule.supersedes]
        facts.append(("取代的文件", "、".join(older)))
    if superseded_by:
        facts.append(("被以下文件取代", "、".join(link_to(ctx, page, "rule", new.id, new.title) for new in superseded_by)))

    parts = [md.heading(1, rule.title), example_notice(rule.example)]
    if rule.status is RuleStatus.REPEALED:
        notice = f"本文件已于 {rule.repealed.isoformat() if rule.repealed else ''} 废止，不再执行。"
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
    return join(*parts)


def _source(ctx: SiteContext, rule: Rule) -> str:
    try:
        return ctx.relpath("rule", rule.id)
    except KeyError:
        return f"rules/{rule.id}.md"


# --- the body: trusted Markdown, guarded ------------------------------------------------

_FORBIDDEN_TAG = re.compile(
    r"<\s*/?\s*(script|iframe|frame|frameset|object|embed|applet|style|link|meta|base|form|svg|math)\b", re.I
)
_EVENT_IN_TAG = re.compile(r"<(?![a-z][a-z0-9+.-]*:)[a-z][^>]*?[\s/\"']on[a-z]+\s*=", re.I)  # not in <https://...>
_EVENT_IN_ATTR_LIST = re.compile(r"\{[^}\n]*\bon[a-z]+\s*=", re.I)
_BAD_SCHEME = re.compile(r"(?:java|vb|live)script\s*:|data\s*:\s*text/html", re.I)
_BAD_SCHEME_LOOSE = re.compile(r"(?:java|vb|live)script:|data:text/html", re.I)
_IMG_TAG = re.compile(r"<\s*img\b", re.I)
_INLINE_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?\s*(?:[a-z][a-z0-9+.-]*:|//)", re.I)
_REF_IMAGE = re.compile(r"!\[([^\]]*)\](?:\[([^\]]*)\])?")
_REF_DEF = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
_ABSOLUTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


def check_body(rule_id: str, body: str, source: str = "") -> None:
    """Refuse a body that could run script or load from another host; the error names the rule."""
    problems = []
    if _FORBIDDEN_TAG.search(body):
        problems.append(f"HTML 标签 <{_FORBIDDEN_TAG.search(body)[1].lower()}>")
    if _EVENT_IN_TAG.search(body) or _EVENT_IN_ATTR_LIST.search(body):
        problems.append("事件属性 on...=")
    # Entities and whitespace must not hide a scheme: "java&#115;cript:", "java\tscript:".
    squeezed = re.sub(r"[\s\x00-\x1f]+", "", html.unescape(body))
    if _BAD_SCHEME.search(body) or _BAD_SCHEME_LOOSE.search(squeezed):
        problems.append("javascript: 等可执行脚本的链接")
    references = {label.strip().lower(): url for label, url in _REF_DEF.findall(body)}
    external_ref = any(
        _ABSOLUTE.match(references.get((ref or alt).strip().lower(), ""))
        for alt, ref in _REF_IMAGE.findall(body)
    )
    if _IMG_TAG.search(body) or _INLINE_IMAGE.search(body) or external_ref:
        problems.append("外部图片或 <img> 标签（图片须放在本站，用相对路径引用）")
    if problems:
        where = f"（{source}）" if source else " "
        raise ValueError(
            f"制度文件 {rule_id}{where}的正文含有不允许的内容：{'；'.join(problems)}。"
            "正文只能写 Markdown：不能有 <script>、<iframe> 等标签、on...= 事件属性、javascript: 链接或外部图片。"
            "请删除后重新提交。"
        )


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)(.*)$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_LIST_OR_QUOTE = re.compile(r"^ {0,3}(?:[-*+>]|\d+[.)])(?:[ \t]|$)")


def _normal(title: str) -> str:
    return re.sub(r"[\s《》「」“”\"']+", "", title)


def rule_body(rule: Rule, source: str = "") -> str:
    """The body as safe Markdown under the page's h1: checked, title line dropped, headings demoted.

    The body's top heading level becomes h3 (under the page's "## 正文");
    headings inside fenced code stay as they are.
    """
    check_body(rule.id, rule.body, source)
    lines = rule.body.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    # Pass 1: every heading as (line number, level, text); setext headings become ATX ones.
    headings: dict[int, tuple[int, str]] = {}
    drop: set[int] = set()
    fence: str | None = None
    for n, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening[1][0] == fence[0] and len(opening[1]) >= len(fence) and not line.strip(" `~"):
                fence = None
            continue
        if opening:
            fence = opening[1]
            continue
        atx = _ATX.match(line)
        if atx:
            text = re.sub(r"[ \t]+#+[ \t]*$", "", atx[3]).strip()
            headings[n] = (len(atx[2]), text)
            continue
        setext = _SETEXT.match(line)
        if setext and n > 0 and n - 1 not in headings and n - 1 not in drop:
            previous = lines[n - 1]
            if previous.strip() and not _FENCE.match(previous) and not _LIST_OR_QUOTE.match(previous):
                headings[n - 1] = (1 if setext[1][0] == "=" else 2, previous.strip())
                drop.add(n)

    # A leading heading that repeats the title is the page's h1 already.
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    if first is not None and first in headings and _normal(headings[first][1]) == _normal(rule.title):
        del headings[first]
        drop.add(first)

    shift = max(0, 3 - min((level for level, _ in headings.values()), default=3))
    out = []
    for n, line in enumerate(lines):
        if n in drop:
            continue
        if n in headings:
            level, text = headings[n]
            out.append("#" * min(6, level + shift) + (" " + text if text else ""))
        else:
            out.append(line)
    return "\n".join(out).strip("\n")
