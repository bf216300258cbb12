"""Issue #13: the weekly reminder issue, against the local GitHub server with PyGithub."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import CONTENT, MINIMAL, run_cli
from github_server import BOT_LOGIN, OUTSIDER_LOGIN, FakeGitHub
from yizheng.intake.remind import LABEL, MARKER, TITLE
from yizheng.loader import load
from yizheng.staff.overdue import markdown

API = "/repos/honggu-npc/yizheng"


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example content, with GitHub teams for two handling units."""
    target = tmp_path_factory.mktemp("remind") / "content"
    shutil.copytree(CONTENT, target)
    site = target / "site.yml"
    text = site.read_text(encoding="utf-8")
    for unit, team in (("district-housing", "honggu-npc/housing"), ("street-hualong", "honggu-npc/hualong")):
        anchor = f"  - id: {unit}\n"
        assert anchor in text
        start = text.index(anchor)
        end = text.index("    kind: ", start)
        end = text.index("\n", end) + 1
        text = text[:end] + f"    github_team: {team}\n" + text[end:]
    site.write_text(text, encoding="utf-8")
    return target


def remind(capsys, content: Path, date: str) -> tuple[int, str, str]:
    return run_cli(capsys, "remind", "--content", str(content), "--date", date)


def test_one_issue_kept_up_to_date_and_the_units_teams_mentioned_once_a_day(
    capsys, content: Path, github: FakeGitHub
) -> None:
    github.state.add_issue(1, TITLE, "我也想提醒一下", labels=(LABEL,), user=OUTSIDER_LOGIN)  # not the bot's: left alone
    assert remind(capsys, content, "2026-11-30") == (0, "2026-11-30：新建提醒 #2、提醒承办单位\n", "")
    issue = github.state.issues[2]
    assert (issue["title"], issue["labels"], issue["user"]) == (TITLE, [LABEL], BOT_LOGIN)
    registry = load(content)
    assert issue["body"] == (
        f"{MARKER}\n本页由系统每周一自动更新，列出逾期和即将到期的意见建议（只有编号，不含标题）。"
        "办理情况登记并合并以后，下次更新时就会从这里消失。\n\n" + markdown(registry, dt.date(2026, 11, 30), 3, teams=True)
    )
    assert "\n### 红古区住房和城乡建设局（@honggu-npc/housing）\n" in issue["body"]
    assert "\n### 红古区综合行政执法局\n" in issue["body"]  # no team in site.yml: named, not mentioned
    # Under its lead unit only (the deadline is the lead's): 华龙街道办事处 only assists, so it is named in
    # the 协办单位 column, not mentioned.
    assert "@honggu-npc/hualong" not in issue["body"] and "| 华龙街道办事处 |" in issue["body"]
    (comment,) = github.state.issue_comments(2)
    assert comment.splitlines() == [
        "<!-- yizheng:remind 2026-11-30 -->",
        "2026-11-30 的提醒：",
        "",
        "- 红古区住房和城乡建设局（@honggu-npc/housing）：逾期 1 件，即将到期 0 件",
        "- 红古区综合行政执法局：逾期 1 件，即将到期 0 件",
        "- 兰州市生态环境局红古分局：逾期 0 件，即将到期 1 件",
        "- 红古区城市供水供热有限公司：逾期 1 件，即将到期 0 件",
        "",
        "详细编号见本页正文。",
    ]
    assert github.state.issues[1]["body"] == "我也想提醒一下" and github.state.issue_comments(1) == []

    writes = list(github.state.writes())
    assert remind(capsys, content, "2026-11-30")[1] == "2026-11-30：已是最新\n"
    assert github.state.writes() == writes  # the same day again changes nothing

    assert remind(capsys, content, "2026-12-07")[1] == "2026-12-07：更新提醒 #2、提醒承办单位\n"
    assert len(github.state.issues) == 2 and len(github.state.issue_comments(2)) == 2
    assert "（截至 2026-12-07）" in github.state.issues[2]["body"]


def test_nothing_late_updates_the_issue_and_mentions_nobody(capsys, github: FakeGitHub) -> None:
    assert remind(capsys, MINIMAL, "2020-01-06") == (0, "2020-01-06：新建提醒 #1\n", "")
    assert github.state.issues[1]["body"].endswith("\n\n## 逾期和即将到期的意见建议（截至 2020-01-06）\n\n没有逾期或 3 天内到期的意见建议。\n")
    assert github.state.issue_comments(1) == []
    assert ("POST", f"{API}/issues") in github.state.writes()


@pytest.mark.parametrize("team", ["@honggu-npc/housing", "honggu-npc", "a/b c", "a/b\n@everyone", "a/[x](https://evil.example)"])
def test_a_team_is_only_ever_org_slash_team(team: str) -> None:
    from pydantic import ValidationError

    from yizheng.models.site import HandlingUnit

    assert HandlingUnit.model_validate({"id": "u", "name": "单位", "kind": "其他", "github_team": "honggu-npc/housing"})
    with pytest.raises(ValidationError):
        HandlingUnit.model_validate({"id": "u", "name": "单位", "kind": "其他", "github_team": team})
