"""What a suggestion's history means (yizheng.handling), and that every place showing it agrees.

The rules are written once, in handling.py; these tests do not restate them. They check the
visibility table (privacy), and that pages, figures, tracking shards and open data, which all
read handling.py, say the same thing about every record of a synthetic set.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import pytest

from yizheng import handling, stats
from yizheng.handling import Visibility
from yizheng.loader import load
from yizheng.models.lifecycle import Status
from yizheng.registry import Registry
from yizheng.site.context import SiteContext
from yizheng.site.pages import statistics, suggestions, tracking

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    from yizheng.synth import synth

    out = tmp_path_factory.mktemp("handling") / "content"
    synth(out, 400, seed=7)
    return load(out)


def test_visibility_of_every_status() -> None:
    """Published only when handled and agreed; the rest is pending or withheld, never shown."""
    expected = {
        (Status.RECEIVED, True): Visibility.PENDING,
        (Status.ASSIGNED, True): Visibility.PENDING,
        (Status.IN_PROGRESS, True): Visibility.PENDING,
        (Status.REPLIED, True): Visibility.PUBLISHED,
        (Status.CLOSED, True): Visibility.PUBLISHED,
        (Status.REJECTED, True): Visibility.ENDED,
        (Status.MERGED, True): Visibility.ENDED,
        (Status.RECEIVED, False): Visibility.PENDING,
        (Status.ASSIGNED, False): Visibility.PENDING,
        (Status.IN_PROGRESS, False): Visibility.PENDING,
        (Status.REPLIED, False): Visibility.PRIVATE,
        (Status.CLOSED, False): Visibility.PRIVATE,
        (Status.REJECTED, False): Visibility.ENDED,
        (Status.MERGED, False): Visibility.ENDED,
    }

    @dataclasses.dataclass
    class Stub:
        status: Status
        public: bool

    assert {key: handling.visibility(Stub(*key)) for key in expected} == expected  # type: ignore[arg-type]
    assert [v for v in Visibility if v.withheld] == [Visibility.ENDED, Visibility.PRIVATE]


def test_the_synthetic_set_has_every_situation(synthetic: Registry) -> None:
    """So that the agreement tests below can fail: late and on-time replies, extensions, second rounds."""
    known = synthetic.handling.values()
    assert {h.visibility for h in known} == set(Visibility)
    rounds = [r for h in known for r in h.rounds]
    assert any(r.days_late and r.days_late > 0 for r in rounds)
    assert any(r.on_time for r in rounds)
    assert any(r.number == 2 for r in rounds)
    assert any(h.published and not h.on_time for h in known) and any(h.published and h.on_time for h in known)


RESULT = re.compile(r"^\| 第 \d+ 轮[^|]* \| [^|]* \| [^|]* \| [^|]* \| (?P<result>[^|]+) \|$", re.M)


def test_on_time_on_each_page_agrees_with_the_statistics_page(synthetic: Registry) -> None:
    """按期 on each suggestion's page adds up to 按期答复率 on the statistics page, for every record
    (the set is cut to its published suggestions, so that every record has a page)."""
    published = {sid: s for sid, s in synthetic.suggestions.items() if synthetic.handling[sid].published}
    registry = dataclasses.replace(synthetic, suggestions=published)
    ctx = SiteContext(registry=registry, today=TODAY, built_at="2026年11月27日 12:00")
    pages = dict(suggestions.render_pages(ctx))
    replied = on_time = 0
    for sid in published:
        results = RESULT.findall(pages[ctx.page_of("suggestion", sid)])
        answered = [r for r in results if r != "尚未答复"]
        assert all(r == "按期答复" or r == "已答复" or re.fullmatch(r"逾期 \d+ 天答复", r) for r in answered), results
        replied += bool(answered)
        on_time += bool(answered) and not any(r.startswith("逾期") for r in answered)
    assert 0 < on_time < replied
    page = dict(statistics.render(ctx))["statistics.md"]
    assert f"| 按期答复率 | {stats.Ratio(on_time, replied).percent()}（{on_time} ÷ {replied}） |" in page.splitlines()


def test_tracking_shards_agree_with_the_handling(synthetic: Registry) -> None:
    ctx = SiteContext(registry=synthetic, today=TODAY, built_at="2026年11月27日 12:00")
    seen = 0
    for path, text in tracking.render(ctx):
        if not path.endswith(".json"):
            continue
        for sid, item in json.loads(text).items():
            h = synthetic.handling[sid]
            assert item["published"] is h.published
            assert item["deadline"] == (h.deadline.isoformat() if h.deadline else None)
            seen += 1
    assert seen == len(synthetic.suggestions)


def test_the_model_shorthands_read_the_handling(synthetic: Registry) -> None:
    for sid, s in synthetic.suggestions.items():
        h = synthetic.handling[sid]
        assert (s.published, s.deadline, s.satisfaction) == (h.published, h.deadline, h.satisfaction)
        assert (h.handled_on is not None) == (s.status in (Status.REPLIED, Status.CLOSED))
        if h.handled_on is not None:
            assert s.submitted <= h.handled_on <= s.updated
