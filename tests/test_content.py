"""The example content: every file valid, canonical, marked as example data, and valid as a whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CONTENT, run_cli
from yizheng.canonical import canonical_text
from yizheng.loader import SITE_FILE, find_record_files, read_record, read_site
from yizheng.problems import Problem
from yizheng.yamlio import decode

FILES = find_record_files(CONTENT, [])


def test_site_file_is_valid_and_canonical() -> None:
    problems: list[Problem] = []
    site = read_site(CONTENT / SITE_FILE, problems)
    assert problems == []
    assert site is not None and site.example
    original = decode((CONTENT / SITE_FILE).read_bytes())
    assert canonical_text(original, site, SITE_FILE, "site") == original


@pytest.mark.parametrize("item", FILES, ids=[item.relpath for item in FILES])
def test_record_file_is_valid_canonical_example(item) -> None:
    problems: list[Problem] = []
    loaded = read_record(item, problems)
    assert problems == [], "\n".join(map(str, problems))
    assert loaded is not None
    record, _ = loaded
    assert record.example, f"{item.relpath} 未标明 example: true（示例数据）"
    original = decode(item.path.read_bytes())
    assert canonical_text(original, record, item.relpath, item.kind.name) == original, "运行 yizheng fmt"


def test_whole_content_validates(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "validate", "--content", str(CONTENT))
    assert (code, err) == (0, "")
    assert out.startswith("校验通过：议政代表 ")


def test_no_stray_files_in_content() -> None:
    problems: list[Problem] = []
    find_record_files(CONTENT, problems)
    assert problems == []


def test_fmt_check_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "fmt", "--check", "--content", str(CONTENT))
    assert (code, out) == (0, "")


def test_fmt_rewrites_to_canonical_and_keeps_comments(minimal_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = next((minimal_copy / "representatives").glob("*.yml"))
    lines = target.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("id:"))
    # Swap the first two fields and add comments of both kinds.
    lines[first], lines[first + 1] = lines[first + 1] + "  # 行尾注释", lines[first]
    lines.insert(first, "# 工作人员的注释")
    shuffled = lines
    target.write_text("\n".join(shuffled) + "\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "fmt", "--check", "--content", str(minimal_copy))
    assert code == 1
    assert out.splitlines()[-1].endswith(f"{target.name}: 格式与统一格式不同；运行 yizheng fmt 改写")
    code, out, _ = run_cli(capsys, "fmt", "--content", str(minimal_copy))
    assert code == 0
    text = target.read_text(encoding="utf-8")
    assert "# 工作人员的注释" in text and "# 行尾注释" in text
    code, out, _ = run_cli(capsys, "fmt", "--check", "--content", str(minimal_copy))
    assert (code, out) == (0, "")


# The people the case study names (../shared/seed/), written backwards so that this file is not a match itself.
REAL_PEOPLE = ["莲莲包", "柯庆张"]


def test_no_real_person_from_the_case_study_is_an_example_person() -> None:
    # The example content invents its people; the case study's own people appear nowhere: not in records,
    # fixtures, golden pages, tests, the handbook or the README (their words, where quoted, cite the source).
    root = CONTENT.parent
    names = [name[::-1] for name in REAL_PEOPLE]
    places = [root / "content", root / "tests", root / "scripts", root / "HANDBOOK.md", root / "README.md"]
    files = [p for place in places for p in ([place] if place.is_file() else place.rglob("*")) if p.is_file()]
    found = [
        f"{path.relative_to(root)}: {name}"
        for path in files
        if path.suffix in {".yml", ".md", ".py", ".json", ".csv"}
        for name in names
        if name in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert len(files) > 100
    assert found == []


def test_quotes_taken_from_the_case_study_cite_it() -> None:
    # The three sentences the case study quotes are shown with their source under them.
    quoted = {"别看这张卡片小", "因为这些场地的开放", "要修座人行天桥"}
    for path in sorted((CONTENT / "cases").glob("*.yml")):
        record, _ = read_record(next(item for item in FILES if item.path == path), [])
        for quote in record.quotes:
            if any(words in quote.text for words in quoted):
                assert quote.source == "红古区人大常委会关于街道议政代表会议制度的案例材料", (path.name, quote.text)
                quoted -= {words for words in quoted if words in quote.text}
    assert quoted == set()
