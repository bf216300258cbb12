"""`yizheng remind`: one issue, "逾期和即将到期的意见建议", kept up to date every week.

Run by .github/workflows/remind.yml on a weekly schedule (and by hand). The issue's
body is `yizheng overdue --markdown` per handling unit (numbers only, no titles: an
issue is public and these suggestions may not be published yet), with each unit's
GitHub team named when site.yml gives one (`github_team`). GitHub notifies a mention
only when a comment or issue is created, not when a body is edited, so each run that
finds something late or due also posts one comment for the day that @-mentions the
teams of the lead units (主办单位) concerned. An assisting unit (协办单位) is named in the
table, not mentioned: the deadline and the overdue count are the lead unit's (HANDBOOK.md,
"交办" and "每周一的逾期提醒"; tests/test_remind.py checks it).

Only an open issue with the label 逾期提醒 written by the bot's own login is the
reminder issue; anyone else's issue with that title or label is left alone. A second
run on the same day changes nothing.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from github.GithubException import GithubException
from github.Issue import Issue
from github.Repository import Repository

from ..loader import InvalidContent, load
from ..registry import Registry
from ..staff.overdue import markdown, team_counts
from .github_api import start_run, written_by
from .receive import own_comment
from .wording import beijing_today

TITLE = "逾期和即将到期的意见建议"
LABEL = "逾期提醒"
MARKER = "<!-- yizheng:remind -->"


def day_marker(today: dt.date) -> str:
    return f"<!-- yizheng:remind {today.isoformat()} -->"


def body(registry: Registry, today: dt.date, soon: int) -> str:
    return "\n".join([
        MARKER,
        "本页由系统每周一自动更新，列出逾期和即将到期的意见建议（只有编号，不含标题）。"
        "办理情况登记并合并以后，下次更新时就会从这里消失。",
        "",
        markdown(registry, today, soon, teams=True).rstrip("\n"),
    ]) + "\n"


def mention(registry: Registry, today: dt.date, soon: int) -> str | None:
    """The day's comment that notifies the units' teams; None when nothing is late or due."""
    counts = team_counts(registry, today, soon)
    if not counts:
        return None
    lines = [day_marker(today), f"{today} 的提醒：", ""]
    for name, team, words in counts:
        lines.append(f"- {name}{f'（@{team}）' if team else ''}：{words}")
    lines += ["", "详细编号见本页正文。"]
    return "\n".join(lines) + "\n"


def find_issue(repo: Repository, bot_login: str) -> Issue | None:
    for issue in repo.get_issues(state="open", labels=[LABEL]):
        if issue.pull_request is None and issue.title == TITLE and written_by(issue, bot_login):
            return issue
    return None


def remind(repo: Repository, registry: Registry, today: dt.date, soon: int, bot_login: str) -> list[str]:
    text = body(registry, today, soon)
    done: list[str] = []
    issue = find_issue(repo, bot_login)
    if issue is None:
        issue = repo.create_issue(title=TITLE, body=text, labels=[LABEL])
        done.append(f"新建提醒 #{issue.number}")
    elif issue.body != text:
        issue.edit(body=text)
        done.append(f"更新提醒 #{issue.number}")
    comment = mention(registry, today, soon)
    if comment is not None and own_comment(issue, day_marker(today), bot_login) is None:
        issue.create_comment(comment)
        done.append("提醒承办单位")
    return done


def run(content: Path, today: dt.date | None, soon: int, bot_login: str | None = None) -> int:
    started = start_run(bot_login, need_event=False)
    if started is None:
        return 2
    env, _ = started
    try:
        registry = load(content)
    except InvalidContent as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 1
    day = today or beijing_today()
    try:
        done = remind(env.client().get_repo(env.repository), registry, day, soon, env.bot_login)
    except GithubException as err:
        print(f"GitHub 返回 {err.status}，本次未完成；重新运行即可（已完成的部分不会重复）", file=sys.stderr)
        return 1
    print(f"{day}：{'、'.join(done) if done else '已是最新'}")
    return 0
