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


BUILT_SITES = frozenset({"built_site", "zensical_site"})
"""Session fixtures used by several test files: under xdist those files run in one worker (one build each)."""

GROUPS = {
    "tests/test_browser.py": "built sites",
    "tests/test_phone_browser.py": "built sites",
    "tests/test_zensical_browser.py": "built sites",
    "tests/test_site_offline.py": "built sites",  # both, through getfixturevalue
    "tests/test_csp.py": "built sites",
    "tests/test_privacy_scan.py": "built sites",
    "tests/test_sealing.py": "built sites",
}
"""The test files that need a fixture of BUILT_SITES, as one group; every other file is a group of its own
(so a module's fixtures are made once). Checked at collection: a new user of those fixtures must be added."""

LONGEST_FIRST = (
    "built sites",
    "tests/test_hostile_browser.py",
    "tests/test_synth.py",
    "tests/test_bench.py",
    "tests/test_roundtrip.py",
    "tests/test_issue_body.py",
    "tests/test_offline_copy.py",
    "tests/test_preview.py",
)
"""The groups that take longest (pytest --durations), handed out first, so that the two workers of `make test`
finish together instead of one waiting for the other's last long group; the rest keep their order."""


def group_of(nodeid: str) -> str:
    """The group a test runs in under xdist: its file, or the file's group in GROUPS."""
    module = nodeid.split("::")[0]
    return GROUPS.get(module, module)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    groups: dict[str, list[pytest.Item]] = {}
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if SLOW_FIXTURES & names:
            item.add_marker(pytest.mark.slow)
        if BUILT_SITES & names and item.nodeid.split("::")[0] not in GROUPS:
            raise pytest.UsageError(f"{item.nodeid} uses {' '.join(sorted(BUILT_SITES & names))}: add its file to GROUPS in tests/conftest.py")
        groups.setdefault(group_of(item.nodeid), []).append(item)
    # Longest groups first, each group's tests together and in their order.
    rank = {name: index for index, name in enumerate(LONGEST_FIRST)}
    order = sorted(groups, key=lambda name: rank.get(name, len(rank)))
    items[:] = [item for name in order for item in groups[name]]


@pytest.hookimpl(optionalhook=True)  # xdist's hook: no error where xdist is not loaded (-p no:xdist)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    """Under xdist (make test, make check): whole groups to a worker, in collection order (longest first).
    Only in place of the default (`-n` alone); a `--dist` asked for on the command line is xdist's."""
    from xdist.scheduler import LoadScopeScheduling

    if config.getvalue("dist") != "load":
        return None

    class GroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return group_of(nodeid)

    config.option.loadscopereorder = False  # the order is LONGEST_FIRST's, not by number of tests
    return GroupScheduling(config, log)


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
