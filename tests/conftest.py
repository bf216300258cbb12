"""Shared test fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from yizheng.cli import main

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"


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


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `yizheng ARGS`; its exit code, standard output and standard error."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err
