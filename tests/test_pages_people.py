"""Representative, station and rule pages: golden files, privacy, the rule-body guard, page size at scale."""

from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath
import re

import pytest

from conftest import CONTENT
from golden import assert_golden, fixed_context
from yizheng.models.lifecycle import Status
from yizheng.models.representative import RepresentativeCategory, ServiceStatus
from yizheng.site import md, wording
from yizheng.site.context import SiteContext
from yizheng.site.generate import render_site
from yizheng.site.pages import cards, representatives, rules, stations
from yizheng.site.pages.rules import rule_body

RENDERERS = [representatives.render, stations.render, rules.render]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _pages(ctx: SiteContext | None = None) -> dict[str, str]:
    return render_site(ctx or fixed_context(), RENDERERS)  # type: ignore[return-value]


@pytest.fixture(scope="module")
def minimal_pages() -> dict[str, str]:
    return _pages()


# --- golden files (minimal fixture, today 2026-11-27) -------------------------------


def test_generated_paths(minimal_pages: dict[str, str]) -> None:
    assert sorted(minimal_pages) == [
        "representatives/hl-001.md",
        "representatives/hl-002.md",
        "representatives/hs-001.md",
        "representatives/index.md",
        "rules/hl-rules-2022.md",
        "rules/hl-rules.md",
        "rules/index.md",
        "stations/hl-home.md",
        "stations/hs-station.md",
        "stations/index.md",
        "stations/nearby/index.md",
        "stations/nearby/streets/haishi.md",
        "stations/nearby/streets/hualong.md",
    ]


@pytest.mark.parametrize(
    ("golden", "path"),
    [
        ("representative-page.md", "representatives/hl-001.md"),
        ("representative-index.md", "representatives/index.md"),
        ("station-page.md", "stations/hl-home.md"),
        ("station-index.md", "stations/index.md"),
        ("rule-page.md", "rules/hl-rules-2022.md"),
        ("rule-index.md", "rules/index.md"),
    ],
)
def test_golden(minimal_pages: dict[str, str], golden: str, path: str) -> None:
    assert_golden(golden, minimal_pages[path])


def test_every_page_has_one_h1_and_record_pages_a_footer(minimal_pages: dict[str, str]) -> None:
    for path, text in minimal_pages.items():
        assert len(re.findall(r"^# ", text, flags=re.M)) == 1, path
        assert re.match(r'---\ntitle: "[^"\n]+"\n(search:\n  exclude: true\n)?---\n\n# ', text), path  # kit.page_start
        if not path.endswith("index.md") and not path.startswith(stations.NEARBY_FOLDER):  # listings, not a record's page
            assert '<div class="yz-record-footer" markdown>' in text, path
            assert '!!! note "示例数据"' in text, path


def test_links_point_at_record_pages_and_listings_that_exist(minimal_pages: dict[str, str]) -> None:
    ctx = fixed_context()
    registry = ctx.registry
    targets = set(minimal_pages) | {cards.INDEX}  # the station index links to the cards (another renderer)
    for kind in ("meeting", "case", "suggestion"):
        targets |= {ctx.page_of(kind, record_id) for record_id in registry.records(kind)}
    for path, text in minimal_pages.items():
        for target in LINK.findall(text):
            if target.startswith("https://"):
                continue
            if target.startswith("geo:"):  # the reader's own map app (RFC 5870): two numbers, nothing else
                assert re.fullmatch(r"geo:-?\d+\.\d{6},-?\d+\.\d{6}", target), f"{path}: {target}"
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            assert resolved in targets, f"{path}: {target}"


def test_representative_links_both_ways(minimal_pages: dict[str, str]) -> None:
    deputy = minimal_pages["representatives/hl-002.md"]
    linked = minimal_pages["representatives/hs-001.md"]
    assert "| 联系的人大代表 | [华明远](hl-002.md) |" in linked.splitlines()
    assert "[石春梅](hs-001.md)（已离任）" in deputy.splitlines()
    # A former representative: the departure is shown, the station's phone is not offered as a contact.
    assert (
        '| 状态 | <span class="yz-badge yz-badge--left">离任</span> <span class="yz-date">2025年12月31日</span> 离任（工作调动） |' in linked.splitlines()
    )
    assert "联络站公开电话" not in linked and wording.REPRESENTATIVE_CONTACT not in linked


def test_rule_supersedes_both_ways(minimal_pages: dict[str, str]) -> None:
    new = minimal_pages["rules/hl-rules.md"].splitlines()
    old = minimal_pages["rules/hl-rules-2022.md"].splitlines()
    assert "| 取代的文件 | [华龙街道议政代表会议事规则（试行）](hl-rules-2022.md) |" in new
    assert "| 被以下文件取代 | [华龙街道议政代表会议事规则](hl-rules.md) |" in old
    assert '| 状态 | <span class="yz-badge yz-badge--in-force">施行</span> |' in new
    assert '| 状态 | <span class="yz-badge yz-badge--repealed">废止</span> |' in old


def test_each_term_and_its_announcement_are_shown(minimal_pages: dict[str, str]) -> None:
    lines = minimal_pages["representatives/hl-002.md"].splitlines()
    assert "| 届次 | 第 1 届 |" in lines
    assert "任期：<span class=\"yz-date\">2022年3月25日</span> 起，至今在任" in lines
    assert "公示情况：<span class=\"yz-date\">2022年3月16日</span> 至 <span class=\"yz-date\">2022年3月22日</span>，在龙兴社区公开栏公示，没有收到异议。" in lines
    two = minimal_pages["representatives/hl-001.md"].splitlines()
    assert "| 届次 | 第 1 届、第 2 届 |" in two
    assert two.index("### 第 2 届") < two.index("### 第 1 届")  # the latest first
    assert "公示情况：<span class=\"yz-date\">2019年2月13日</span> 至 <span class=\"yz-date\">2019年2月19日</span>，在龙兴社区公开栏公示，收到异议 1 件；处理情况：经核实，反映的情况与本人无关，维持推荐。" in two
    left = minimal_pages["representatives/hs-001.md"].splitlines()
    assert "任期：<span class=\"yz-date\">2022年3月25日</span> 至 <span class=\"yz-date\">2025年12月31日</span>（工作调动）" in left


def test_station_phone_is_a_link_a_phone_dials(minimal_pages: dict[str, str]) -> None:
    """Issue #16: a tap on a station's public number calls it."""
    page = minimal_pages["stations/hl-home.md"]
    assert '| 公开电话 | <a class="yz-tel" href="tel:0931-6123456">0931-6123456</a> |' in page.splitlines()
    index = minimal_pages["stations/index.md"]
    assert '<a class="yz-tel" href="tel:0931-6123456">0931-6123456</a>' in index


# --- privacy: unpublished suggestions are only counted ------------------------------


@pytest.fixture(scope="module")
def content_ctx() -> SiteContext:
    return fixed_context(CONTENT)


def test_unpublished_suggestions_never_appear_on_representative_pages(content_ctx: SiteContext) -> None:
    files = render_site(content_ctx, [representatives.render, stations.render])
    hidden = [s for s in content_ctx.registry.suggestions.values() if not s.published and s.representatives]
    # The example content carries both kinds: handled but private, and not yet handled.
    assert any(s.status in (Status.REPLIED, Status.CLOSED) and not s.public for s in hidden)
    assert any(s.status in (Status.RECEIVED, Status.ASSIGNED, Status.IN_PROGRESS) for s in hidden)
    for suggestion in hidden:
        secrets = [suggestion.title, suggestion.problem] + [t for t in (suggestion.proposal, suggestion.location) if t]
        for path, text in files.items():
            for secret in secrets:
                assert secret not in text and md.inline(secret) not in text, (suggestion.id, path)
            assert content_ctx.page_of("suggestion", suggestion.id).rsplit("/", 1)[1] not in text, (suggestion.id, path)
    # ... yet they are counted on the page of the representative who carried them.
    page = files["representatives/xy-006.md"].splitlines()
    assert "另有 2 件尚未公开全文：已答复或办结、提出人未同意公开全文 2 件。意见建议在答复或办结、且提出人同意后公开。" in page
    page = files["representatives/kq-010.md"].splitlines()
    assert "另有 2 件尚未公开全文：正在办理 1 件，不予受理或已合并办理 1 件。意见建议在答复或办结、且提出人同意后公开。" in page


def test_example_content_shows_terms_announcements_and_duty_reports(content_ctx: SiteContext) -> None:
    files = render_site(content_ctx, [representatives.render])
    # 谢海涛 left in 2024 and was selected again in 2025 (补选): two terms, the latest first, he serves again.
    page = files["representatives/hl-017.md"].splitlines()
    assert page[page.index("## 任期和产生程序") + 4] == "任期：<span class=\"yz-date\">2025年6月20日</span> 起，至今在任"
    assert "任期：<span class=\"yz-date\">2022年3月10日</span> 至 <span class=\"yz-date\">2024年9月30日</span>（工作调动，调离本街道）" in page
    assert "| 状态 | <span class=\"yz-badge yz-badge--serving\">在任</span> |" in page
    assert "公示情况：<span class=\"yz-date\">2025年6月9日</span> 至 <span class=\"yz-date\">2025年6月15日</span>，在平安社区公开栏、华龙街道便民服务大厅公示，没有收到异议。" in page
    # An objection received during 公示, and how it was handled.
    page = files["representatives/kq-004.md"]
    assert "收到异议 1 件；处理情况：有居民反映该人选工作繁忙、难以履职。" in page
    # 述职评议 at the January 2026 conference.
    page = files["representatives/hl-010.md"].splitlines()
    assert (
        "| <span class=\"yz-date\">2026年1月15日</span> | [华龙街道第一届议政代表大会第九次会议](../meetings/hl-2026-01-conference.md) "
        "| 参加学习、调研 9 次，协助复兴社区推动煤电二小区业主委员会成立，参与停车收费协商。 "
        "| 出席会议的议政代表和列席的居民代表 | 基本满意 | 希望多到联络站值班，多听取小区居民对物业服务的意见。 |"
    ) in page


# --- the rule body: trusted Markdown, guarded -----------------------------------------


def test_rule_body_headings_are_demoted_under_the_one_h1() -> None:
    rule = fixed_context().registry.rules["hl-rules"]
    body = "\n".join(
        [
            "#  华龙街道议政代表会议事规则 #",
            "",
            "## 第一章 总则",
            "",
            "第一条 条文。",
            "",
            "第二章 会议",
            "-------",
            "",
            "### 第一节",
            "",
            "```",
            "# 代码里的井号不是标题",
            "```",
            "",
            "---",
            "",
            "[相对链接](hl-rules-2022.md) 和 [外部链接](https://www.npc.gov.cn/)",
        ]
    )
    assert rule_body(rule.model_copy(update={"body": body})) == "\n".join(
        [
            "### 第一章 总则",
            "",
            "第一条 条文。",
            "",
            "### 第二章 会议",
            "",
            "#### 第一节",
            "",
            "```",
            "# 代码里的井号不是标题",
            "```",
            "",
            "---",
            "",
            "[相对链接](hl-rules-2022.md) 和 [外部链接](https://www.npc.gov.cn/)",
        ]
    )
    # A first heading that is not the title stays, as the body's top heading.
    other = rule.model_copy(update={"body": "议事规则\n====\n\n第一条"})
    assert rule_body(other) == "### 议事规则\n\n第一条"


# --- size at scale ----------------------------------------------------------------------

MAX_MARKDOWN = 40_000


def _many_representatives(count: int) -> SiteContext:
    """The minimal fixture with `count` extra representatives in one street, all linked to one deputy."""
    ctx = fixed_context()
    registry = ctx.registry
    template = registry.representatives["hl-001"]
    source = registry.source("representative", "hl-001")
    categories = list(RepresentativeCategory)
    for n in range(count):
        rep_id = f"hl-{n + 100:04d}"
        left = n % 9 == 0
        registry.representatives[rep_id] = template.model_copy(
            update={
                "id": rep_id,
                "name": f"代表{n}",
                "category": categories[n % 4 + 1],
                "linked_deputy": "hl-002",
                "terms": template.terms[:-1] + [
                    template.terms[-1].model_copy(
                        update={"end": dt.date(2025, 1, n % 28 + 1), "end_reason": "工作调动"} if left else {}
                    )
                ],
            }
        )
        registry.sources[("representative", rep_id)] = dataclasses.replace(
            source, relpath=f"representatives/{rep_id}.yml"
        )
    meeting = registry.meetings["2026-03-study"]
    for n in range(31):
        meeting_id = f"2026-m{n:02d}"
        registry.meetings[meeting_id] = meeting.model_copy(
            update={"id": meeting_id, "date": dt.date(2026, 1, n + 1), "attendees": list(registry.representatives)}
        )
    return ctx


def test_pages_stay_small_with_hundreds_of_representatives() -> None:
    ctx = _many_representatives(650)
    files = _pages(ctx)
    sizes = {path: len(text.encode("utf-8")) for path, text in files.items()}
    largest = max(sizes, key=sizes.__getitem__)
    assert sizes[largest] < MAX_MARKDOWN, (largest, sizes[largest])
    # The index no longer lists everyone: one listing per street, and one of former representatives.
    index = files["representatives/index.md"]
    assert "[华龙街道](streets/hualong/index.md)" in index and "](hl-0100.md)" not in index
    serving = sum(1 for r in ctx.registry.representatives.values() if r.status is ServiceStatus.SERVING)
    assert serving == 2 + 650 - 73
    assert "representatives/streets/hualong/12.md" in files and "representatives/streets/hualong/13.md" not in files
    assert "representatives/former/2.md" in files
    # The deputy's page names the first LINKED_SHOWN and counts the rest.
    assert f"等 {650 + 1} 名。" in files["representatives/hl-002.md"]
    # The record of duty shows the latest meetings and links to the full, paginated list.
    page = files["representatives/hl-0101.md"]
    assert "以上是最近的 10 项。[查看全部 31 次会议活动](duty/hl-0101/meetings/index.md)" in page.splitlines()
    assert "representatives/duty/hl-0101/meetings/index.md" in files


def test_station_and_rule_listings_split_when_long() -> None:
    ctx = fixed_context()
    registry = ctx.registry
    station = registry.stations["hs-station"]
    for n in range(70):
        station_id = f"hs-extra-{n}"
        registry.stations[station_id] = station.model_copy(update={"id": station_id, "name": f"海石联络点{n}"})
        registry.sources[("station", station_id)] = dataclasses.replace(
            registry.source("station", "hs-station"), relpath=f"stations/{station_id}.yml"
        )
    old = registry.rules["hl-rules-2022"]
    for n in range(60):
        rule_id = f"old-{n}"
        registry.rules[rule_id] = old.model_copy(update={"id": rule_id, "title": f"旧规则{n}"})
        registry.sources[("rule", rule_id)] = dataclasses.replace(
            registry.source("rule", "hl-rules-2022"), relpath=f"rules/{rule_id}.md"
        )
    files = _pages(ctx)
    index = files["stations/index.md"]
    assert "| [海石湾街道](streets/haishi/index.md) | 0 | 71 | 0 | 0 | 71 |" in index.splitlines()
    assert "stations/streets/haishi/2.md" in files and "hs-extra-0" not in index
    rules_index = files["rules/index.md"]
    assert "[查看全部 61 件已废止的文件](repealed/index.md)" in rules_index
    assert "rules/repealed/2.md" in files and "rules/repealed/3.md" not in files
    assert max(len(t.encode("utf-8")) for t in files.values()) < MAX_MARKDOWN
