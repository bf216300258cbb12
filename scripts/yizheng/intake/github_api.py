"""Connecting to GitHub (or GitHub Enterprise, or a test server) from the standard Actions environment."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from github import Auth, Github
from urllib3.util import Retry

# PyGithub's default retry repeats POST requests on any 5xx answer: a comment or a
# pull request could be created twice. Reads may be retried; writes never are — a
# failed run is simply run again, and every run first reads what already exists.
READS_ONLY = Retry(total=3, backoff_factor=0.5, status_forcelist=(502, 503, 504), allowed_methods=frozenset({"GET"}))

DEFAULT_BOT_LOGIN = "github-actions[bot]"
"""Who writes with the workflow's own GITHUB_TOKEN. With a GitHub App's token it is "<app-slug>[bot]"."""

BOT_LOGIN_VARIABLE = "YIZHENG_BOT_LOGIN"
WRITE_PAUSE_VARIABLE = "YIZHENG_GITHUB_WRITE_PAUSE"
DEFAULT_WRITE_PAUSE = 1.0
"""Seconds between two writes. GitHub's REST API guide asks for at least one second between
POST, PATCH, PUT and DELETE requests (secondary rate limits) and for requests one at a time,
which the commands do anyway. Reads need no pause: PyGithub's own default of 0.25 s before
every request made one intake run against a local server take over 5 seconds of sleeping."""


class MissingEnvironment(Exception):
    pass


@dataclass(frozen=True)
class ActionsEnv:
    api_url: str
    repository: str
    token: str
    event_path: str | None
    bot_login: str = DEFAULT_BOT_LOGIN
    """The account the token writes as: only comments by this login are the bot's own."""
    write_pause: float = DEFAULT_WRITE_PAUSE

    @classmethod
    def from_environ(
        cls, environ: Mapping[str, str] = os.environ, need_event: bool = True, bot_login: str | None = None
    ) -> ActionsEnv:
        names = ["GITHUB_API_URL", "GITHUB_REPOSITORY", "GITHUB_TOKEN"] + (["GITHUB_EVENT_PATH"] if need_event else [])
        missing = [name for name in names if not environ.get(name)]
        if missing:
            raise MissingEnvironment(f"缺少环境变量：{'、'.join(missing)}（在 GitHub Actions 中会自动提供）")
        login = (bot_login or environ.get(BOT_LOGIN_VARIABLE) or DEFAULT_BOT_LOGIN).strip()
        pause_text = environ.get(WRITE_PAUSE_VARIABLE, "").strip()
        try:
            pause = float(pause_text) if pause_text else DEFAULT_WRITE_PAUSE
        except ValueError:
            raise MissingEnvironment(f"环境变量 {WRITE_PAUSE_VARIABLE} 应是秒数（如 1 或 0.5）") from None
        if not 0 <= pause <= 60:  # NaN and inf fail too
            raise MissingEnvironment(f"环境变量 {WRITE_PAUSE_VARIABLE} 应在 0 到 60 秒之间")
        return cls(
            environ["GITHUB_API_URL"], environ["GITHUB_REPOSITORY"], environ["GITHUB_TOKEN"],
            environ.get("GITHUB_EVENT_PATH"), login, pause,
        )

    def event(self) -> dict[str, Any]:
        """The event that started the workflow run (the JSON file at GITHUB_EVENT_PATH)."""
        path = Path(self.event_path or "")
        try:
            event = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            raise MissingEnvironment(f"事件文件 {path} 无法读取或不是 JSON（GITHUB_EVENT_PATH，在 GitHub Actions 中会自动提供）") from None
        if not isinstance(event, dict):
            raise MissingEnvironment(f"事件文件 {path} 不是 JSON 对象（GITHUB_EVENT_PATH，在 GitHub Actions 中会自动提供）")
        return event

    def client(self) -> Github:
        return Github(
            auth=Auth.Token(self.token), base_url=self.api_url, retry=READS_ONLY, timeout=30,
            seconds_between_requests=None, seconds_between_writes=self.write_pause or None,
        )


def start_run(bot_login: str | None = None, need_event: bool = True) -> tuple[ActionsEnv, dict[str, Any]] | None:
    """A workflow command's start: its environment and the event that started it ({} when it needs
    none); None after saying on stderr, in Chinese, what is missing (the command then exits with 2)."""
    try:
        env = ActionsEnv.from_environ(need_event=need_event, bot_login=bot_login)
        return env, env.event() if need_event else {}
    except MissingEnvironment as err:
        print(err, file=sys.stderr)
        return None


def written_by(comment: object, login: str) -> bool:
    """Whether an issue comment was written by `login` (the bot): markers count only there."""
    user = getattr(comment, "user", None)
    return user is not None and (user.login or "").lower() == login.lower()


WRITE_PERMISSIONS = frozenset({"admin", "write"})
"""GitHub's legacy permission names with write access (the maintain role reads as "write", triage as "read")."""


def has_write_access(repo: object, login: str) -> bool:
    """Whether `login` may write to the repository, asked of GitHub (never taken from text anyone typed)."""
    from github.GithubException import UnknownObjectException

    try:
        return repo.get_collaborator_permission(login) in WRITE_PERMISSIONS  # type: ignore[attr-defined]
    except UnknownObjectException:  # no such user
        return False
