"""The kinds of record have one home (yizheng/kinds.py): folders, files, pages and addresses are spelled there only."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from yizheng.kinds import KIND_BY_NAME, KINDS, SUGGESTION
from yizheng.loader import load
from yizheng.registry import Registry
from yizheng.site.context import LISTING_NAMES, SiteContext, page_url
from yizheng.site.generate import render_site

from conftest import CONTENT, ROOT


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load(CONTENT)


def test_the_file_of_every_record_is_where_its_kind_says(registry: Registry) -> None:
    seen = 0
    for kind in KINDS:
        for record_id in registry.records(kind.name):
            assert registry.source(kind.name, record_id).relpath == kind.relpath(record_id)
            seen += 1
    assert seen == sum(registry.counts().values()) > 100


def test_every_record_has_its_page_where_its_kind_says(registry: Registry) -> None:
    ctx = SiteContext(registry=registry, today=dt.date(2026, 11, 27), built_at="2026年11月27日 12:00")
    files = render_site(ctx, jobs=1)
    published = {s.id for s in registry.suggestions.values() if s.published}
    for kind in KINDS:
        for record_id in registry.records(kind.name):
            if kind is SUGGESTION and record_id not in published:
                assert kind.page(record_id) not in files
                continue
            assert kind.page(record_id) in files, (kind.name, record_id)


def test_paths_and_addresses_of_a_suggestion() -> None:
    assert SUGGESTION.relpath("2026-W0005") == "suggestions/2026/2026-W0005.yml"
    assert SUGGESTION.page("2026-W0005") == "suggestions/2026/2026-W0005.md"
    assert SUGGESTION.url("2026-W0005") == "suggestions/2026/2026-W0005/"
    assert SUGGESTION.place == "suggestions/<年份>/<编号>.yml"
    rule = KIND_BY_NAME["rule"]
    assert (rule.relpath("yizheng-guize"), rule.page("yizheng-guize"), rule.url("yizheng-guize")) == (
        "rules/yizheng-guize.md", "rules/yizheng-guize.md", "rules/yizheng-guize/",
    )
    assert [page_url(p) for p in ("index.md", "a.md", "a/index.md", "a/b.md")] == ["", "a/", "a/", "a/b/"]


def test_each_kind_names_a_registry_field_and_the_listings_come_from_the_kinds() -> None:
    fields = {f.name for f in dataclasses.fields(Registry)}
    assert {kind.attribute for kind in KINDS} <= fields
    assert len({kind.folder for kind in KINDS}) == len({kind.pages for kind in KINDS}) == len(KINDS)
    assert LISTING_NAMES == {k.name: k.listings for k in KINDS if k.listings}
    assert set(LISTING_NAMES) == {"representative", "station", "rule", "meeting", "case"}


def test_a_moved_folder_moves_files_pages_and_addresses() -> None:
    moved = dataclasses.replace(SUGGESTION, folder="yijian", pages="jianyi")
    assert moved.relpath("2026-X0001") == "yijian/2026/2026-X0001.yml"
    assert moved.url("2026-X0001") == "jianyi/2026/2026-X0001/"
    assert moved.index == "jianyi/index.md"


# Outside kinds.py no code spells a record folder as the start of a path ("suggestions/…").
FOLDER_IN_A_PATH = re.compile(r"""["'](?:%s)/""" % "|".join(re.escape(k.folder) for k in KINDS))


def test_no_module_but_kinds_spells_a_record_folder_in_a_path() -> None:
    offenders = []
    for path in sorted((ROOT / "scripts" / "yizheng").rglob("*.py")):
        if path.name == "kinds.py" and path.parent.name == "yizheng":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if FOLDER_IN_A_PATH.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_folder_pattern_catches_a_spelled_path() -> None:
    assert FOLDER_IN_A_PATH.search('f"suggestions/{record_id[:4]}/{record_id}.yml"')
    assert not FOLDER_IN_A_PATH.search('"意见建议"')
