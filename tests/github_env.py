"""The local GitHub server (github_server.FakeGitHub) as the workflow commands meet it: the Actions
environment pointing at it, a run started by an event, and the suggestion on issue 5 that the
command and notify tests handle. Loaded for every test module by conftest (`pytest_plugins`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import run_cli
from github_server import TOKEN, FakeGitHub

W5 = """\
# yaml-language-server: $schema=../../../schema/suggestion.schema.json
id: 2026-W0005
example: true
title: 龙兴社区健身器材损坏
category: urban
street: hualong
community: longxing
channel: 网上表单
submitted: 2026-11-20
problem: 广场上的健身器材坏了三件，老人锻炼不安全。
issue: 5
status: 已受理
history:
  - date: 2026-11-20
    status: 已受理
"""
"""A received suggestion from the online form, on issue 5, for tests/fixtures/minimal."""


def use_server(monkeypatch: pytest.MonkeyPatch, gh: FakeGitHub) -> None:
    """The Actions environment of a workflow run, pointing at the local server (no pause between writes)."""
    monkeypatch.setenv("GITHUB_API_URL", gh.api_url)
    monkeypatch.setenv("GITHUB_REPOSITORY", gh.repository)
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.setenv("YIZHENG_GITHUB_WRITE_PAUSE", "0")


@pytest.fixture
def github(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    """A fresh local GitHub server, and the Actions environment pointing at it."""
    with FakeGitHub() as gh:
        use_server(monkeypatch, gh)
        yield gh


def run_with_event(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, event_file: Path, event: dict[str, Any],
    *args: str,
) -> tuple[int, str, str]:
    """`yizheng ARGS` as a workflow run started by `event` (written to `event_file`, GITHUB_EVENT_PATH)."""
    event_file.write_text(json.dumps(event), encoding="utf-8")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event_file))
    return run_cli(capsys, *args)
