"""The command line as staff and CI use it."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_cli


def test_validate_prints_a_one_line_summary(minimal_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "validate", "--content", str(minimal_copy))
    assert (code, err) == (0, "")
    assert len(out.splitlines()) == 1
    assert out.startswith("校验通过：议政代表 ")


def test_validate_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere"
    code, out, err = run_cli(capsys, "validate", "--content", str(missing))
    assert code == 1
    assert out == f"{missing}:1: -: 内容目录不存在\n"
    assert err == "共 1 个错误\n"


def test_annotations_replace_the_plain_lines(minimal_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rep = next((minimal_copy / "representatives").glob("*.yml"))
    text = rep.read_text(encoding="utf-8")
    street_line = next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith("street:"))
    rep.write_text(text.replace("\nstreet: ", "\nstreet: x", 1), encoding="utf-8")
    code, out, _ = run_cli(capsys, "validate", "--content", str(minimal_copy), "--annotations")
    assert code == 1
    (annotation,) = out.splitlines()
    assert annotation.startswith(f"::error file={rep},line={street_line}::street: 未知街道“x")


def test_no_value_or_file_name_starts_a_workflow_command(minimal_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A line break in a YAML value or a file name must not start a log line GitHub reads as a command."""
    rep = next((minimal_copy / "representatives").glob("*.yml"))
    text = rep.read_text(encoding="utf-8")
    rep.write_text(text.replace("\nstreet: ", '\nstreet: "x\\n::stop-commands::t\\r\\n::warning ::y\\u2028z"\nx_street: ', 1), encoding="utf-8")
    (minimal_copy / "representatives" / "a\n::error ::boom.yml").write_text("id: [", encoding="utf-8")
    for flags in (["--annotations"], []):
        code, out, _ = run_cli(capsys, "validate", "--content", str(minimal_copy), *flags)
        assert code == 1
        lines = out.splitlines()
        assert len(lines) >= 3
        for line in lines:
            if flags:
                assert line.startswith("::error file="), line
                assert "::stop-commands::" not in line.split("::", 2)[2] or "%0A" in line, line
            else:
                assert not line.startswith("::"), line
        assert "\u2028" not in out and "\r" not in out


def test_annotation_escapes_newlines_and_commas() -> None:
    from yizheng.problems import Problem

    problem = Problem("content/a,b.yml", 3, "title", "第一行\n第二行 100%")
    assert problem.annotation() == "::error file=content/a%2Cb.yml,line=3::title: 第一行%0A第二行 100%25"
    assert str(problem) == "content/a,b.yml:3: title: 第一行\\n第二行 100%"


def test_warnings_print_as_warnings_and_do_not_fail() -> None:
    from yizheng.problems import Problem

    problem = Problem("content/s.yml", 4, "location", "可能是住址", severity="warning")
    assert problem.annotation() == "::warning file=content/s.yml,line=4::location: 可能是住址"
    assert str(problem) == "content/s.yml:4: location: 提醒：可能是住址"


def test_console_script_is_installed_and_runs() -> None:
    script = Path(sys.executable).parent / "yizheng"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0
    assert "validate" in result.stdout and "fmt" in result.stdout and "schema" in result.stdout


def test_no_subcommand_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys)
    assert code == 2
    assert "子命令" in out


def _every_parser(parser: object) -> list[object]:
    found = [parser]
    for action in getattr(parser, "_actions", []):
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                found += _every_parser(sub)
    return found


def test_every_help_text_has_chinese_headings() -> None:
    """`yizheng … --help` says 用法：/参数：/选项：, never argparse's English words."""
    from yizheng.cli import _parser

    parsers = _every_parser(_parser())
    assert len(parsers) > 20
    for parser in parsers:
        text = parser.format_help()  # type: ignore[attr-defined]
        assert text.startswith("用法：yizheng"), text[:40]
        for english in ("usage:", "options:", "positional arguments", "show this help message", "optional arguments"):
            assert english not in text, (parser.prog, english)  # type: ignore[attr-defined]
        assert "选项：" in text


_CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_option_says_in_chinese_what_it_is_and_takes() -> None:
    """Issue #16 item 17: every option and argument has a Chinese help line, and what it takes is
    named in Chinese ("--content 路径", "--nominated 日期"), never argparse's "CONTENT" or "NOMINATED"."""
    from yizheng.cli import _parser

    missing, english = [], []
    for parser in _every_parser(_parser()):
        for action in parser._actions:  # type: ignore[attr-defined]
            if isinstance(action, argparse._SubParsersAction) or not (action.option_strings or action.dest):
                continue
            name = f"{parser.prog} {'/'.join(action.option_strings) or action.dest}"  # type: ignore[attr-defined]
            if not action.help or not _CJK.search(action.help):
                missing.append(name)
        usage = parser.format_usage()  # type: ignore[attr-defined]
        english += [f"{parser.prog}: {m}" for m in re.findall(r"(?<=[ \[])[A-Z][A-Z_]+\b", usage)]  # type: ignore[attr-defined]
    assert missing == [], "没有中文说明的选项：\n" + "\n".join(missing)
    assert english == [], "用法中的英文占位词：\n" + "\n".join(english)
