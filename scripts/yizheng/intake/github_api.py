"""Connecting to GitHub (or GitHub Enterprise, or a test server) from the standard Actions environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from github import Auth, Github
from urllib3.util import Retry

# PyGithub's default retry repeats POST requests on any 5xx answer: a comment or a
# pull request could be created twice. Reads may be retried; writes never are — a
# failed run is simply run again, and every run first reads what already exists.
READS_ONLY = Retry(total=3, backoff_factor=0.5, status_forcelist=(502, 503, 504), allowed_methods=frozenset({"GET"}))


class MissingEnvironment(Exception):
    pass


@dataclass(frozen=True)
class ActionsEnv:
    api_url: str
    repository: str
    token: str
    event_path: str | None

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] = os.environ, need_event: bool = True) -> ActionsEnv:
        names = ["GITHUB_API_URL", "GITHUB_REPOSITORY", "GITHUB_TOKEN"] + (["GITHUB_EVENT_PATH"] if need_event else [])
        missing = [name for name in names if not environ.get(name)]
        if missing:
            raise MissingEnvironment(f"缺少环境变量：{'、'.join(missing)}（在 GitHub Actions 中会自动提供）")
        return cls(environ["GITHUB_API_URL"], environ["GITHUB_REPOSITORY"], environ["GITHUB_TOKEN"], environ.get("GITHUB_EVENT_PATH"))

    def client(self) -> Github:
        return Github(auth=Auth.Token(self.token), base_url=self.api_url, retry=READS_ONLY, timeout=30)

