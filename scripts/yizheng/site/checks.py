"""Content rules that the site depends on, checked when content is loaded (not while rendering).

`yizheng validate` and the build run the same loader, so if validation passes the
build passes: renderers only assert what is checked here.

- A record's id may not take the address of a listing page of its folder
  (kinds.Kind.listings, the names the renderers use for them, or digits only); nor may a
  community's id in site.yml take the chooser's (kinds.COMMUNITY_LISTINGS).
- A rule body must pass the allowlist sanitizer unchanged (rulebody.py), as published:
  with its headings demoted under the page's h1; its relative links must lead to
  pages that exist (the strict MkDocs build fails on any other).
"""

from __future__ import annotations

from pathlib import Path

from .. import yamlio
from ..kinds import COMMUNITY_LISTINGS, COMMUNITY_PAGES, KIND_BY_NAME
from ..problems import Problem, display_path
from ..registry import Registry
from . import rulebody
from .context import LISTING_NAMES, reserved_id


def check(registry: Registry) -> list[Problem]:
    """Every problem that would stop the site from being built or published as it is."""
    return _page_paths(registry) + _community_pages(registry) + _rule_bodies(registry)


def _community_pages(registry: Registry) -> list[Problem]:
    taken = [
        (("streets", i, "communities", j, "id"), community.id)
        for i, street in enumerate(registry.site.streets)
        for j, community in enumerate(street.communities)
        if community.id in COMMUNITY_LISTINGS or community.id.isdigit()
    ]
    if not taken:
        return []
    path = registry.content / "site.yml"
    try:
        doc = yamlio.parse(yamlio.decode(yamlio.read_file(path)))
    except (yamlio.YamlProblem, OSError):
        doc = None
    return [
        Problem(
            display_path(path),
            doc.line_of(loc) if doc is not None else 1,
            yamlio.field_path(loc),
            f"社区编号“{community_id}”会占用网站上“找代表”页的地址 {COMMUNITY_PAGES}/{community_id}/；"
            f"社区编号不能是 {'、'.join(sorted(COMMUNITY_LISTINGS))}，也不能只由数字组成，请改用其他编号"
            "（引用这个社区的记录一起改）",
        )
        for loc, community_id in taken
    ]


def _page_paths(registry: Registry) -> list[Problem]:
    problems = []
    for kind, names in LISTING_NAMES.items():
        title = KIND_BY_NAME[kind].title
        folder = KIND_BY_NAME[kind].pages
        for record_id in registry.records(kind):
            if reserved_id(kind, record_id):
                source = registry.source(kind, record_id)
                problems.append(
                    Problem(
                        display_path(source.path),
                        source.line_of(("id",)),
                        "id",
                        f"编号“{record_id}”会占用网站上{title}列表页的地址 {folder}/{record_id}/；"
                        f"{title}的编号不能是 {'、'.join(sorted(names))}，也不能只由数字组成，请改用其他编号（文件名一起改）",
                    )
                )
    return problems


def _rule_bodies(registry: Registry) -> list[Problem]:
    problems = []
    pages = {"index.md", *(f"{rule_id}.md" for rule_id in registry.rules)}
    for rule in registry.rules.values():
        findings = rulebody.problems(rulebody.demote(rule.title, rule.body), rule.body, pages)
        if not findings:
            continue
        source = registry.source("rule", rule.id)
        first_line = _body_line(source.path, source.doc.line_offset + source.doc.text.count("\n") + 2)
        for finding in findings:
            problems.append(
                Problem(
                    display_path(source.path),
                    first_line + finding.line - 1,
                    "body",
                    f"正文含有{finding.message}，请删除或改写；制度正文只能写 Markdown，见工作手册（HANDBOOK.md）第十部分",
                )
            )
    return problems


def _body_line(path: Path, after_front_matter: int) -> int:
    """The file's line where the body's first non-blank line is (the model trims leading blank lines)."""
    try:
        text = yamlio.decode(yamlio.read_file(path))
    except (yamlio.YamlProblem, OSError):
        return after_front_matter
    lines = text.split("\n")
    line = after_front_matter
    while line <= len(lines) and not lines[line - 1].strip():
        line += 1
    return line if line <= len(lines) else after_front_matter
