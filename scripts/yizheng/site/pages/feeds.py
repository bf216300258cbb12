"""Atom 1.0 feeds: newly handled (published) suggestions and cases.

Atom needs absolute links: they start from the site's address (site.yml's
site_url, or the repository's GitHub Pages address).

Every page links the two feeds with <link rel="alternate"> (feed discovery). Material's script
takes each such link for a version of the site in another language and asks for a sitemap.xml
beside it: feeds/sitemap.xml is an empty one (no other versions), so that this request, made
on every page, finds a file instead of a 404.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from ...kinds import KIND_BY_NAME, SUGGESTION
from ...models.case import Case
from ...models.suggestion import Suggestion
from .. import derived
from ..context import SiteContext, page_url

ATOM = "http://www.w3.org/2005/Atom"
LIMIT = 50
SUGGESTIONS_FEED = "feeds/suggestions.xml"
CASES_FEED = "feeds/cases.xml"
NO_OTHER_VERSIONS = "feeds/sitemap.xml"
EMPTY_SITEMAP = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+08:00"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot carry at all, even escaped."""


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    node.text = _NOT_XML.sub("", text)
    return node


def _feed(
    ctx: SiteContext, base: str, path: str, title: str, subtitle: str, alternate: str, entries: list[dict]
) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    _text(feed, "id", base + path)
    _text(feed, "title", title)
    _text(feed, "subtitle", subtitle)
    updated = max((e["updated"] for e in entries), default=ctx.today)
    _text(feed, "updated", _timestamp(updated))
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": base + path})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": base + alternate})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", ctx.registry.site.district.congress)
    for item in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", item["url"])
        _text(entry, "title", item["title"])
        _text(entry, "updated", _timestamp(item["updated"]))
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": item["url"]})
        _text(entry, "summary", item["summary"])
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _suggestion_entry(ctx: SiteContext, base: str, s: Suggestion) -> dict:
    index = ctx.registry.index
    summary = [f"编号 {s.id}，{s.status.value}。{index.categories[s.category].name}，{index.streets[s.street].name}。"]
    summary.append(f"反映的问题：{s.problem}")
    if s.replies:
        reply = s.replies[-1]
        summary.append(f"答复（{index.units[reply.unit].name}，{reply.date.isoformat()}）：{reply.text}")
    return {
        "url": base + page_url(ctx.page_of("suggestion", s.id)),
        "title": f"{s.title}（{s.status.value}）",
        "updated": ctx.handling(s.id).handled_on,
        "summary": "\n".join(summary),
    }


def _case_entry(ctx: SiteContext, base: str, case: Case) -> dict:
    return {
        "url": base + page_url(ctx.page_of("case", case.id)),
        "title": case.title,
        "updated": case.timeline[-1].date,
        "summary": f"{case.summary}\n结果：{case.outcome}",
    }


def render(ctx: SiteContext) -> Iterator[tuple[str, str | bytes]]:
    base = ctx.registry.site.address
    district = ctx.registry.site.district.name
    handled = [ctx.registry.suggestions[sid] for sid in derived.latest_handled(ctx, LIMIT)]
    yield SUGGESTIONS_FEED, _feed(
        ctx,
        base,
        SUGGESTIONS_FEED,
        f"{district}意见建议办理结果",
        f"最近答复或办结、并经提出人同意公开的意见建议（最多 {LIMIT} 件）",
        page_url(SUGGESTION.index),
        [_suggestion_entry(ctx, base, s) for s in handled],
    )
    cases = sorted(ctx.registry.cases.values(), key=lambda c: (c.timeline[-1].date, c.id), reverse=True)[:LIMIT]
    yield CASES_FEED, _feed(
        ctx,
        base,
        CASES_FEED,
        f"{district}典型案例",
        f"最近有进展的典型案例（最多 {LIMIT} 个）",
        page_url(KIND_BY_NAME["case"].index),
        [_case_entry(ctx, base, c) for c in cases],
    )
    yield NO_OTHER_VERSIONS, EMPTY_SITEMAP
