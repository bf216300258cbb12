"""The figures (yizheng.stats) on hand-made registries, with exact numbers, and their invariants."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import DATES, histories
from yizheng import stats
from yizheng.models import Meeting, Representative, Site, Station, Suggestion
from yizheng.models.lifecycle import ORDER, Status
from yizheng.registry import Registry

TODAY = dt.date(2026, 6, 15)
D = dt.date

SITE = {
    "district": {"name": "红古区", "full_name": "甘肃省兰州市红古区", "congress": "红古区人大常委会", "introduction": "简介"},
    "repository": "https://github.com/example/yizheng",
    "streets": [
        {"id": "a", "name": "甲街道", "communities": [{"id": "a1", "name": "甲一社区"}]},
        {"id": "b", "name": "乙街道", "communities": [{"id": "b1", "name": "乙一社区"}]},
    ],
    "categories": [{"id": "c1", "name": "城市管理"}, {"id": "c2", "name": "环境保护"}],
    "handling_units": [
        {"id": "u1", "name": "区住建局", "kind": "区直部门"},
        {"id": "u2", "name": "甲街道办事处", "kind": "街道"},
    ],
}


def h(day: dt.date, status: str, **extra: Any) -> dict[str, Any]:
    return {"date": day, "status": status, **extra}


def reply(day: dt.date, unit: str) -> dict[str, Any]:
    return {"date": day, "unit": unit, "text": "已处理。"}


def suggestion(number: int, submitted: dt.date, street: str, category: str, history: list, **extra: Any) -> Suggestion:
    return Suggestion.model_validate(
        {
            "id": f"{submitted.year}-X{number:04d}",
            "title": f"第{number}条意见建议",
            "category": category,
            "street": street,
            "channel": "联络站",
            "submitted": submitted,
            "problem": "问题",
            "status": history[-1]["status"],
            "history": history,
            **extra,
        }
    )


def hand_made() -> Registry:
    """Nine suggestions, one of each situation the definitions distinguish."""
    items = [
        # 1: closed, replied on time.
        suggestion(1, D(2026, 3, 1), "a", "c1", [
            h(D(2026, 3, 1), "已受理"),
            h(D(2026, 3, 2), "已交办", units=["u1"], deadline=D(2026, 3, 20)),
            h(D(2026, 3, 15), "已答复"),
            h(D(2026, 3, 16), "已答复", satisfaction="满意"),
            h(D(2026, 3, 17), "已办结"),
        ], replies=[reply(D(2026, 3, 15), "u1")]),
        # 2: replied two days late, not yet evaluated.
        suggestion(2, D(2026, 3, 1), "a", "c2", [
            h(D(2026, 3, 1), "已受理"),
            h(D(2026, 3, 2), "已交办", units=["u2"], deadline=D(2026, 3, 10)),
            h(D(2026, 3, 12), "已答复"),
        ], replies=[reply(D(2026, 3, 12), "u2")]),
        # 3: 不满意, reopened, second reply late, then 基本满意 and closed.
        suggestion(3, D(2026, 4, 1), "b", "c1", [
            h(D(2026, 4, 1), "已受理"),
            h(D(2026, 4, 2), "已交办", units=["u1"], deadline=D(2026, 4, 20)),
            h(D(2026, 4, 10), "已答复"),
            h(D(2026, 4, 12), "办理中", satisfaction="不满意", deadline=D(2026, 5, 10)),
            h(D(2026, 5, 15), "已答复"),
            h(D(2026, 5, 16), "已答复", satisfaction="基本满意"),
            h(D(2026, 5, 17), "已办结"),
        ], replies=[reply(D(2026, 4, 10), "u1"), reply(D(2026, 5, 15), "u1")]),
        # 4: assigned, deadline five days ago: overdue.
        suggestion(4, D(2026, 5, 20), "b", "c2", [
            h(D(2026, 5, 20), "已受理"),
            h(D(2026, 5, 21), "已交办", units=["u2"], deadline=D(2026, 6, 10)),
        ]),
        # 5: in progress with two units, extended to two days from now: due soon.
        suggestion(5, D(2026, 6, 1), "a", "c1", [
            h(D(2026, 6, 1), "已受理"),
            h(D(2026, 6, 2), "已交办", units=["u1"], deadline=D(2026, 6, 12)),
            h(D(2026, 6, 5), "办理中", units=["u2"], deadline=D(2026, 6, 17), note="增加承办单位并延期"),
        ]),
        # 6: rejected.
        suggestion(6, D(2026, 6, 2), "a", "c1", [h(D(2026, 6, 2), "已受理"), h(D(2026, 6, 3), "不予受理")]),
        # 7: merged into 1.
        suggestion(7, D(2026, 6, 3), "a", "c2", [h(D(2026, 6, 3), "已受理"), h(D(2026, 6, 4), "合并办理")],
                   merged_into="2026-X0001"),
        # 8: only received; a street site.yml does not know.
        suggestion(8, D(2026, 6, 10), "zz", "c1", [h(D(2026, 6, 10), "已受理")]),
        # 9: replied on time, rated 不满意, reopened with a deadline still ahead.
        suggestion(9, D(2026, 5, 1), "b", "c1", [
            h(D(2026, 5, 1), "已受理"),
            h(D(2026, 5, 2), "已交办", units=["u2"], deadline=D(2026, 5, 20)),
            h(D(2026, 5, 18), "已答复"),
            h(D(2026, 5, 25), "办理中", satisfaction="不满意", deadline=D(2026, 6, 30)),
        ], replies=[reply(D(2026, 5, 18), "u2")]),
    ]  # fmt: skip
    return Registry(
        content=Path("."),
        site=Site.model_validate(SITE),
        representatives={r.id: r for r in _representatives()},
        stations={s.id: s for s in _stations()},
        meetings={m.id: m for m in _meetings()},
        suggestions={s.id: s for s in items},
    )


def _representatives() -> list[Representative]:
    base = {"street": "a", "community": "a1", "station": "s1"}
    term = {"term": 1, "start": D(2022, 3, 1)}
    return [
        Representative.model_validate({**base, "id": "r1", "name": "王示例", "category": "居民代表", "terms": [term]}),
        Representative.model_validate({**base, "id": "r2", "name": "李示例", "category": "人大代表", "terms": [term]}),
        Representative.model_validate(
            {**base, "id": "r3", "name": "张示例", "category": "居民代表",
             "terms": [{**term, "end": D(2025, 1, 5), "end_reason": "工作调动"}]}
        ),  # fmt: skip
    ]


def _stations() -> list[Station]:
    return [
        Station.model_validate(
            {"id": "s1", "name": "甲一社区联络站", "kind": "联络站", "street": "a", "address": "甲路 1 号", "opening_hours": "工作日"}
        )
    ]


def _meetings() -> list[Meeting]:
    base = {"street": "a", "station": "s1", "topic": "主题", "summary": "纪要"}
    return [
        Meeting.model_validate({**base, "id": "m1", "kind": "学习", "title": "六月学习", "date": D(2026, 6, 1)}),
        Meeting.model_validate({**base, "id": "m2", "kind": "代表大会", "title": "年中大会", "date": D(2026, 7, 1)}),
        Meeting.model_validate({**base, "id": "m3", "kind": "学习", "title": "去年学习", "date": D(2025, 6, 1)}),
    ]


def test_overall_figures() -> None:
    f = stats.summary(hand_made(), TODAY).figures
    assert [f.by_status[s] for s in ORDER] == [1, 1, 2, 1, 2, 1, 1]
    assert (f.received, f.accepted, f.handled, f.closed) == (9, 7, 3, 2)
    assert (f.evaluated, f.satisfied, f.replied, f.on_time) == (3, 2, 4, 2)
    assert (f.overdue, f.due_soon) == (1, 1)
    assert (f.closed_rate, f.satisfaction_rate, f.on_time_rate) == (stats.Ratio(2, 7), stats.Ratio(2, 3), stats.Ratio(2, 4))
    assert (f.closed_rate.percent(), f.satisfaction_rate.percent(), f.on_time_rate.percent()) == ("28.6%", "66.7%", "50%")
    # 3 was rated 不满意 first and 基本满意 after a second round; 9 is in its second round: by the
    # first evaluation only 1 was satisfied, and two were handled again.
    assert (f.first_satisfied, f.handled_again, f.first_satisfaction_rate) == (1, 2, stats.Ratio(1, 3))


def test_percent_has_one_way_of_writing() -> None:
    """Issue #16: "100%", never "100.0%"; one decimal only when it says something."""
    assert [stats.Ratio(n, d).percent() for n, d in [(1, 1), (1, 2), (2, 3), (0, 5), (1, 8), (1, 1000)]] == [
        "100%", "50%", "66.7%", "0%", "12.5%", "0.1%"
    ]


def test_ratio_without_denominator() -> None:
    assert stats.Ratio(0, 0).value is None
    assert stats.Ratio(0, 0).percent() == "—"
    assert stats.Ratio(1, 3).percent(2) == "33.33%"


def test_reply_rounds_use_the_deadline_in_force() -> None:
    registry = hand_made()
    replies = lambda sid: [(r.replied, r.deadline) for r in registry.handling[sid].rounds if r.replied]  # noqa: E731
    assert replies("2026-X0003") == [(D(2026, 4, 10), D(2026, 4, 20)), (D(2026, 5, 15), D(2026, 5, 10))]
    assert registry.handling["2026-X0003"].on_time is False
    assert registry.handling["2026-X0009"].on_time is True
    assert replies("2026-X0004") == []


def test_summary_of_people_places_and_meetings() -> None:
    s = stats.summary(hand_made(), TODAY)
    assert (s.representatives_serving, s.representatives_total, s.stations, s.meetings_this_year) == (2, 3, 1, 1)
    assert s.representatives_by_category == {"人大代表": 1, "政协委员": 0, "企事业单位人员": 0, "居民代表": 1, "其他": 0}
    assert s.stations_by_kind == {"议政代表之家": 0, "联络站": 1, "联络点": 0, "联络岗": 0}
    assert s.meetings_by_kind["学习"] == 1 and s.meetings_by_kind["代表大会"] == 0  # July's is after today


def _table(groups: list[stats.Group]) -> list[tuple]:
    return [
        (g.key, g.label, g.figures.received, g.figures.closed, g.figures.replied, g.figures.on_time, g.figures.overdue,
         g.figures.due_soon)
        for g in groups
    ]  # fmt: skip


def test_by_street_in_site_order_then_unknown() -> None:
    assert _table(stats.breakdown(hand_made(), TODAY, "street")) == [
        ("a", "甲街道", 5, 1, 2, 1, 0, 1),
        ("b", "乙街道", 3, 1, 2, 1, 1, 0),
        ("zz", "zz", 1, 0, 0, 0, 0, 0),
    ]


def test_by_category() -> None:
    groups = stats.breakdown(hand_made(), TODAY, "category")
    assert _table(groups) == [
        ("c1", "城市管理", 6, 2, 3, 2, 0, 1),
        ("c2", "环境保护", 3, 0, 1, 0, 1, 0),
    ]
    assert groups[0].figures.closed_rate == stats.Ratio(2, 5)  # the rejected one is not accepted


def test_by_unit_counts_a_suggestion_once_under_its_lead_unit() -> None:
    # 2026-X0005 was assigned to u1 (主办) and u2 joined while in progress (协办): it is u1's alone here,
    # due soon under u1, and u2 counts it as assisting; the lead units add up to the 6 assigned suggestions.
    groups = stats.breakdown(hand_made(), TODAY, "unit")
    assert _table(groups) == [
        ("u1", "区住建局", 3, 2, 2, 1, 0, 1),
        ("u2", "甲街道办事处", 3, 0, 2, 1, 1, 0),
    ]
    assigned = sum(1 for h in hand_made().handling.values() if h.lead_unit is not None)
    assert sum(g.figures.received for g in groups) == assigned == 6
    assert stats.assisting(hand_made()) == {"u2": 1}
    assert (hand_made().handling["2026-X0005"].lead_unit, hand_made().handling["2026-X0005"].assisting_units) == ("u1", ("u2",))


def test_by_month_of_submission() -> None:
    groups = stats.breakdown(hand_made(), TODAY, "month")
    assert [(g.key, g.label, g.figures.received) for g in groups] == [
        ("2026-03", "2026年3月", 2),
        ("2026-04", "2026年4月", 1),
        ("2026-05", "2026年5月", 2),
        ("2026-06", "2026年6月", 4),
    ]
    last = stats.last_months(groups, TODAY, 5)
    assert [(g.key, g.figures.received) for g in last] == [
        ("2026-02", 0), ("2026-03", 2), ("2026-04", 1), ("2026-05", 2), ("2026-06", 4)
    ]  # fmt: skip
    assert [g.key for g in stats.last_months([], D(2026, 1, 31), 3)] == ["2025-11", "2025-12", "2026-01"]


def test_unknown_breakdown() -> None:
    with pytest.raises(ValueError, match="unknown breakdown"):
        stats.breakdown(hand_made(), TODAY, "colour")


def test_overdue_and_due_soon() -> None:
    registry = hand_made()
    late = stats.overdue(registry, TODAY)
    assert late == [
        stats.Late("2026-X0004", ("u2",), D(2026, 6, 10), 5),
        stats.Late("2026-X0005", ("u1", "u2"), D(2026, 6, 17), -2),
    ]
    assert [x.overdue for x in late] == [True, False]
    assert stats.overdue(registry, TODAY, soon_days=1) == late[:1]
    # On the deadline day itself a suggestion is due, not late.
    assert stats.overdue(registry, D(2026, 6, 17), soon_days=0) == [
        stats.Late("2026-X0004", ("u2",), D(2026, 6, 10), 7),
        stats.Late("2026-X0005", ("u1", "u2"), D(2026, 6, 17), 0),
    ]
    assert [(x.lead, x.assisting) for x in late] == [("u2", ()), ("u1", ("u2",))]
    assert stats.late_by_unit(late) == {"u2": late[:1], "u1": late[1:]}  # under the lead unit only


# --- invariants ---------------------------------------------------------------

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
_COUNTS = ("received", "accepted", "handled", "closed", "evaluated", "satisfied", "replied", "on_time", "overdue", "due_soon")


@st.composite
def _suggestion(draw: st.DrawFn, number: int) -> Suggestion:
    """A suggestion with a random walk of the lifecycle; only what the figures read varies."""
    submitted = draw(DATES)
    history = draw(histories(submitted))
    named: set[str] = set()
    for entry in history:  # units from the site's vocabulary, sometimes two; a unit is named once
        if entry.get("units"):
            options = [units for units in (["u1"], ["u2"], ["u1", "u2"], ["zz"]) if not named & set(units)]
            if options:
                entry["units"] = draw(st.sampled_from(options))
                named.update(entry["units"])
            else:
                del entry["units"]
    units = [u for entry in history for u in entry.get("units", [])]
    rounds = sum(1 for a, b in zip(history, history[1:]) if b["status"] == "已答复" and a["status"] != "已答复")
    extra: dict[str, Any] = {"replies": [reply(history[-1]["date"], units[0]) for _ in range(rounds)]}
    if history[-1]["status"] == "合并办理":
        extra["merged_into"] = f"{submitted.year}-X0000"
    return Suggestion.model_validate(
        {
            "id": f"{submitted.year}-X{number:04d}",
            "title": "标题",
            "category": draw(st.sampled_from(["c1", "c2", "c9"])),
            "street": draw(st.sampled_from(["a", "b", "zz"])),
            "channel": "联络站",
            "submitted": submitted,
            "problem": "问题",
            "status": history[-1]["status"],
            "history": history,
            **extra,
        }
    )


@st.composite
def registries(draw: st.DrawFn) -> Registry:
    size = draw(st.integers(min_value=0, max_value=12))
    items = [draw(_suggestion(number)) for number in range(1, size + 1)]
    return Registry(content=Path("."), site=Site.model_validate(SITE), suggestions={s.id: s for s in items})


def _rates(f: stats.Figures) -> list[float | None]:
    return [f.closed_rate.value, f.satisfaction_rate.value, f.on_time_rate.value]


@PROPERTY
@given(registries(), DATES)
def test_figures_are_consistent(registry: Registry, today: dt.date) -> None:
    for s in registry.suggestions.values():  # what a suggestion counts as agrees with its rounds (shown on its page)
        h = registry.handling[s.id]
        answered = [r for r in h.rounds if r.replied]
        assert (h.satisfaction, h.deadline, h.replied) == (s.satisfaction, s.deadline, bool(answered))
        assert h.on_time == (bool(answered) and not any((r.days_late or 0) > 0 for r in answered))
    f = stats.summary(registry, today).figures
    assert sum(f.by_status.values()) == f.received == len(registry.suggestions)
    assert list(f.by_status) == list(ORDER)
    assert f.closed <= f.handled <= f.accepted <= f.received
    assert f.satisfied <= f.evaluated and f.on_time <= f.replied
    assert f.evaluated <= f.replied  # one can only rate what was replied to
    for by in stats.BREAKDOWNS:
        groups = stats.breakdown(registry, today, by)
        for figures in [f] + [g.figures for g in groups]:
            assert all(rate is None or 0 <= rate <= 1 for rate in _rates(figures))
        if by == "unit":  # each assigned suggestion once, under its lead unit; the others assist
            assigned = [s for s in registry.suggestions.values() if s.handling_units]
            for g in groups:
                assert g.figures.received == sum(s.handling_units[0] == g.key for s in assigned)
            whole = stats.figures(assigned, today)
            for name in _COUNTS:
                assert sum(getattr(g.figures, name) for g in groups) == getattr(whole, name), (by, name)
            assisting = stats.assisting(registry)
            assert sum(assisting.values()) == sum(len(s.handling_units) - 1 for s in assigned)
            continue
        for name in _COUNTS:
            assert sum(getattr(g.figures, name) for g in groups) == getattr(f, name), (by, name)
        for status in ORDER:
            assert sum(g.figures.by_status[status] for g in groups) == f.by_status[status]


@PROPERTY
@given(registries(), DATES, st.integers(min_value=0, max_value=10))
def test_overdue_agrees_with_the_figures(registry: Registry, today: dt.date, soon: int) -> None:
    late = stats.overdue(registry, today, soon)
    f = stats.figures(registry.suggestions.values(), today, soon)
    assert sum(x.overdue for x in late) == f.overdue
    assert sum(not x.overdue for x in late) == f.due_soon
    assert all(x.days_late >= -soon for x in late)
    assert all(registry.suggestions[x.suggestion].status in (Status.ASSIGNED, Status.IN_PROGRESS) for x in late)
    assert [x.days_late for x in late] == sorted((x.days_late for x in late), reverse=True)
