"""Every command in HANDBOOK.md runs, in order, on a copy of the example content, with the output shown."""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import CONTENT, ROOT
from yizheng.cli import main

HANDBOOK = ROOT / "HANDBOOK.md"


@dataclass
class Example:
    line: int
    command: str
    expected: list[str] = field(default_factory=list)
    exit_code: int = 0


def examples() -> list[Example]:
    found: list[Example] = []
    exit_code = 0
    inside = False
    for number, line in enumerate(HANDBOOK.read_text(encoding="utf-8").splitlines(), 1):
        if not inside and (marker := re.fullmatch(r"<!-- exit: (\d+) -->", line)):
            exit_code = int(marker[1])
        elif line == "```console":
            inside = True
        elif inside and line == "```":
            inside, exit_code = False, 0
        elif inside and line.startswith("$ "):
            found.append(Example(number, line[2:], exit_code=exit_code))
        elif inside:
            found[-1].expected.append(line)
    return found


def _matches(expected: str, actual: str) -> bool:
    return actual.startswith(expected[:-1]) if expected.endswith("…") else actual == expected


def test_the_handbook_has_examples_of_every_staff_command() -> None:
    commands = {" ".join(shlex.split(e.command)[1:3]) for e in examples()}
    for needed in ("suggestion new", "suggestion assign", "suggestion progress", "suggestion reply", "suggestion evaluate",
                   "suggestion close", "suggestion reject", "new representative", "new station", "new meeting",
                   "new case", "representative leave", "validate", "fmt --check"):
        assert needed in commands, needed


def test_every_handbook_command_runs_as_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    for example in examples():
        words = shlex.split(example.command)
        assert words[0] == "yizheng", f"HANDBOOK.md:{example.line}: 命令应以 yizheng 开头"
        code = main(words[1:])
        out, err = capsys.readouterr()
        actual = (out + err).splitlines()
        where = f"HANDBOOK.md:{example.line}: {example.command}"
        assert code == example.exit_code, f"{where}\n退出码 {code}\n{out}{err}"
        assert len(actual) == len(example.expected) and all(
            _matches(e, a) for e, a in zip(example.expected, actual)
        ), f"{where}\n预期：\n" + "\n".join(example.expected) + "\n实际：\n" + "\n".join(actual)
