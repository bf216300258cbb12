"""Synthetic content: valid, canonical, deterministic; and the loader at 10,000 suggestions."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import run_cli
from yizheng.loader import load
from yizheng.models.lifecycle import Status


def _digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            sha.update(path.relative_to(folder).as_posix().encode())
            sha.update(path.read_bytes())
    return sha.hexdigest()


@pytest.mark.slow
def test_same_seed_same_bytes_and_canonical(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    assert run_cli(capsys, "synth", "--out", str(first), "--suggestions", "60", "--seed", "7")[0] == 0
    assert run_cli(capsys, "synth", "--out", str(second), "--suggestions", "60", "--seed", "7")[0] == 0
    assert run_cli(capsys, "synth", "--out", str(other), "--suggestions", "60", "--seed", "8")[0] == 0
    assert _digest(first) == _digest(second)
    assert _digest(first) != _digest(other)
    assert run_cli(capsys, "fmt", "--check", "--content", str(first)) == (0, "", "")


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "keep.txt").write_text("x", encoding="utf-8")
    code, _, err = run_cli(capsys, "synth", "--out", str(tmp_path), "--suggestions", "5")
    assert code == 2
    assert err == f"{tmp_path}: 输出目录已存在且不为空；请指定新目录\n"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_progress_is_told_about_every_tenth_of_the_files(tmp_path: Path) -> None:
    from yizheng.synth import synth

    told: list[tuple[int, int]] = []
    count = synth(tmp_path / "c", 60, seed=7, progress=lambda done, total: told.append((done, total)))
    assert count == sum(1 for p in (tmp_path / "c").rglob("*") if p.is_file())
    step = -(-count // 10)
    assert told == [(done, count) for done in range(step, count, step)] + [(count, count)]
    assert 10 <= len(told) <= 11


@pytest.fixture(scope="module")
def ten_thousand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from yizheng.synth import synth

    out = tmp_path_factory.mktemp("synth") / "content"
    synth(out, 10_000, seed=1)
    return out


def test_ten_thousand_suggestions_load_and_validate(ten_thousand: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "validate", "--content", str(ten_thousand))
    assert (code, err) == (0, "")
    assert out == "校验通过：议政代表 423，联络站 87，制度文件 7，会议活动 2496，典型案例 50，意见建议 10000\n"


def test_ten_thousand_cover_every_status_category_and_street(ten_thousand: Path) -> None:
    registry = load(ten_thousand)
    suggestions = registry.suggestions.values()
    assert {s.status for s in suggestions} == set(Status)
    assert {s.category for s in suggestions} == set(registry.index.categories)
    assert {s.street for s in suggestions} == set(registry.index.streets)
    assert {u for s in suggestions for u in s.handling_units} == set(registry.index.units)
