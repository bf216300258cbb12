"""Shared test fixtures."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from yizheng.cli import main

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"

pytest_plugins = ("github_env",)  # the local GitHub server fixture for the workflow commands' tests


SLOW_FIXTURES = frozenset({"built_site", "zensical_site", "ten_thousand", "hostile_site", "browser", "offline_copy"})
"""Tests that need one of these (a whole built site, a browser, 10,000 synthetic records) are `slow`."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the example content."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture
def minimal_copy(tmp_path: Path) -> Path:
    """A writable copy of the smallest valid content folder (tests/fixtures/minimal)."""
    target = tmp_path / "content"
    shutil.copytree(MINIMAL, target)
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """content/ built once per test session with `yizheng build` (today fixed): the site folder.

    Shared by the offline scan and the browser tests, which only read it.
    """
    out = tmp_path_factory.mktemp("built")
    env = {**os.environ, "YIZHENG_TODAY": "2026-11-27"}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "yizheng"), "build", "--content", str(CONTENT),
         "--site-dir", str(out / "site"), "--docs-dir", str(out / "docs")],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, f"yizheng build failed:\n{result.stdout}\n{result.stderr}"
    return out / "site"


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """content/ generated once per session with `yizheng generate` (today fixed) and built by the
    second engine, Zensical, from the generated configuration alone: the site folder."""
    out = tmp_path_factory.mktemp("zensical")
    env = {**os.environ, "YIZHENG_TODAY": "2026-11-27"}
    bin_dir = Path(sys.executable).parent
    for command in (
        [str(bin_dir / "yizheng"), "generate", "--content", str(CONTENT), "--docs-dir", str(out / "docs")],
        [str(bin_dir / "zensical"), "build", "-f", str(out / "mkdocs.generated.yml")],
    ):
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{command[1]} failed:\n{result.stdout}\n{result.stderr}"
    return out / "site"


@pytest.fixture(scope="session")
def chromium() -> str:
    """The system's Chromium (Debian: apt-get install chromium), never one from `playwright install`."""
    path = os.environ.get("YIZHENG_CHROMIUM") or shutil.which("chromium")
    if path:
        return path
    message = "没有找到 Chromium，浏览器测试需要它：sudo apt-get install chromium"
    if os.environ.get("YIZHENG_REQUIRE_BROWSER") == "1":
        pytest.fail(message + "（YIZHENG_REQUIRE_BROWSER=1）")
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[object]:
    """One headless Chromium for the whole session, shared by every browser test module."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extra installs it
        if os.environ.get("YIZHENG_REQUIRE_BROWSER") == "1":
            pytest.fail("没有安装 playwright：.venv/bin/pip install -e '.[test]'")
        pytest.skip("没有安装 playwright：.venv/bin/pip install -e '.[test]'")
    from browsing import CHROMIUM_ARGS

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `yizheng ARGS`; its exit code, standard output and standard error."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err
