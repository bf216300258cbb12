"""`yizheng validate` on broken content: every case fails with exactly the expected lines.

Each case is tests/fixtures/broken/<case>/<path inside content>: the file is laid
over a copy of tests/fixtures/minimal (replacing or adding that file), and the
output must be exactly the lines listed in CASES below. A few cases are built
by the test because storing them is awkward (a BOM, bad UTF-8, a file over the
size limit, control characters, an alias bomb, a 5000-digit number).

"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import MINIMAL, run_cli
from yizheng import yamlio

BROKEN = Path(__file__).resolve().parent / "fixtures" / "broken"

R2 = "representatives/hl-002.yml"
HS1 = "representatives/hs-001.yml"
HOME = "stations/hl-home.yml"
HSS = "stations/hs-station.yml"
RULE = "rules/hl-rules.md"
OLD_RULE = "rules/hl-rules-2022.md"
MEET = "meetings/2026-03-study.yml"
CASE = "cases/overpass.yml"
S1 = "suggestions/2026/2026-X0001.yml"
S2 = "suggestions/2026/2026-X0002.yml"
W3 = "suggestions/2026/2026-W0003.yml"
SITE = "site.yml"

# One expected output line: (path inside content, line, field, fragment of the message).
# field "-" is how the CLI shows a problem without a field; None accepts any field and
# a None fragment any Chinese message (used only for bugs whose fix may word it freely).
Expected = tuple[str, int, "str | None", "str | None"]

UNKNOWN_UNIT = (
    "没有“water-bureau”这个承办单位（承办单位见 site.yml 的 handling_units）。可用：housing（区住建局）、hualong-office（华龙街道办事处）"
)
CASES: list[tuple[str, list[Expected]]] = [
    # --- files that are not readable YAML records ---
    ("yaml-unclosed-quote", [(R2, 4, "-", "未闭合")]),
    ("yaml-colon-in-value", [(MEET, 5, "-", "此处不能出现“键: 值”")]),
    ("tab-indentation", [(HSS, 11, "-", "用制表符 (Tab) 缩进")]),
    ("duplicate-key", [(MEET, 14, "title", "第 5 行已经写过“title”")]),
    ("duplicate-key-front-matter", [(RULE, 15, "title", "第 5 行已经写过“title”")]),
    ("anchor-and-alias", [(CASE, 20, "-", "不支持 YAML 锚点（&unit）")]),
    ("alias-bomb", [(S1, 2, "-", "不支持 YAML 锚点（&a）")]),
    ("merge-key", [(R2, 17, "-", "不支持 YAML 合并键（<<）")]),
    ("unknown-tag", [(CASE, 8, "-", "不支持的 YAML 标签 tag:yaml.org,2002:python/object/apply:os.system")]),
    ("multiple-documents", [(HS1, 21, "-", "只能包含一个 YAML 文档")]),
    ("oversized-file", [(R2, 1, "-", f"上限为 {yamlio.MAX_BYTES} 字节")]),
    ("invalid-utf8", [(MEET, 12, "-", "不是有效的 UTF-8 编码")]),
    ("byte-order-mark", [(SITE, 1, "-", "BOM")]),
    ("control-character", [(HSS, 13, None, "控制字符")]),
    ("control-character-and-ampersand", [(HSS, 13, None, "控制字符")]),
    ("empty-file", [("cases/empty.yml", 1, "-", "文件为空")]),
    ("comment-only-file", [("meetings/2026-04-study.yml", 1, "-", "文件为空")]),
    ("list-not-mapping", [(HSS, 2, "-", "应为“字段: 值”形式的映射，实际为列表")]),
    ("site-is-list", [(SITE, 1, "-", "应为“字段: 值”形式的映射，实际为列表")]),
    ("wrong-folder", [("notes/hl-003.yml", 1, "-", "不认识的文件位置")]),
    ("wrong-suffix", [("representatives/hl-003.yaml", 1, "-", "议政代表文件应放在 representatives/<编号>.yml")]),
    ("suggestion-not-in-year-folder", [("suggestions/2026-X0009.yml", 1, "-", "suggestions/<年份>/<编号>.yml")]),
    ("suggestion-folder-not-a-year", [("suggestions/latest/2026-X0009.yml", 1, "-", "“latest”不是年份")]),
    ("rule-without-front-matter", [(RULE, 1, "-", "制度文件应以“---”开头")]),
    ("rule-front-matter-not-closed", [(OLD_RULE, 1, "-", "找不到结束 front matter 的“---”行")]),
    ("rule-body-as-field", [(OLD_RULE, 13, "body", "正文写在 front matter 结束的“---”之后")]),
    # --- values inside one record ---
    ("invalid-date", [(MEET, 6, "date", "不是有效的日期：“2026-02-30”")]),
    ("unquoted-no-as-enum", [(R2, 5, "category", "未加引号的 no 被 YAML 读成了是/否（布尔值）；这里应为以下之一：人大代表、政协委员、企事业单位人员、居民代表、其他")]),
    ("unquoted-on-as-text", [(S1, 9, "problem", '未加引号的 on 被 YAML 读成了是/否（布尔值）；这里应为文本，请加引号写成 "on"')]),
    ("number-as-id", [(MEET, 11, "attendees[1]", '应为文本，实际为数字 7；编号、文号等请加引号，如 "7"')]),
    ("time-read-as-number", [(HOME, 8, "opening_hours", '请加引号，如 "8:30"')]),
    ("leading-zeros-read-as-number", [(MEET, 11, "attendees[1]", '请加引号，如 "007"')]),
    ("integer-malformed-binary", [(R2, 9, None, None)]),
    ("integer-explicit-tag", [(R2, 9, None, None)]),
    ("integer-too-many-digits", [(R2, 10, None, None)]),
    (
        "unknown-and-missing-field",
        [(R2, 2, "name", "缺少必填字段（姓名）"), (R2, 4, "nmae", "未知字段“nmae”；可用字段：id, example, name")],
    ),
    ("site-duplicate-community", [(SITE, 18, "streets[0].communities[1].id", "社区编号“longxing”重复")]),
    (
        "site-bad-yardsticks",
        [
            (SITE, 26, "streets[1].communities[0].centre.latitude", "应不大于 54.0，实际为 96.332"),
            (SITE, 46, "four_ones.publicity", "应不小于 0，实际为 -1"),
            (SITE, 48, "targets.representatives", "应为整数，实际为“很多”"),
        ],
    ),
    ("site-community-takes-chooser", [(SITE, 20, "streets[0].communities[2].id", "社区编号“index”会占用网站上“找代表”页的地址 communities/index/")]),
    ("station-personal-phone", [(HOME, 9, "phone", "格式不符：应为带区号的固定电话")]),
    ("personal-data-in-text", [(S1, 9, "problem", "含有疑似手机号")]),
    ("case-timeline-unsorted", [(CASE, 17, "timeline[1].date", "时间线应按时间先后排列")]),
    ("rule-effective-before-adopted", [(RULE, 12, "effective", "施行日期 2025-12-01 早于通过日期 2025-12-20")]),
    ("representative-left-without-departure", [(HS1, 10, "status", "状态为离任时须填写离任信息")]),
    ("duty-report-not-attending", [(MEET, 19, "duty_reports[0].representative", "述职代表“hs-001”不在出席代表（attendees）中")]),
    ("duty-report-other-street", [(MEET, 20, "duty_reports[0].representative", "“hs-001”属于街道 haishi，不能在 hualong 的会议上述职")]),
    ("unit-evaluation-unknown-unit", [(MEET, 25, "unit_evaluations[0].unit", "未知承办单位“parks”，可选值：housing, hualong-office")]),
    ("old-spelling-left-before-appointed", [(HS1, 12, "departure.date", "任期结束日期 2021-12-31 早于开始日期 2022-03-25")]),
    ("term-not-ended", [(R2, 10, "terms[0].end", "第 1 届之后还有第 2 届，第 1 届须填写任期结束日期")]),
    ("selection-notice-objection-unhandled", [(R2, 17, "terms[0].selection.notice.handling", "收到 2 件异议，须写明处理情况（handling）")]),
    ("terms-and-old-spelling", [(R2, 9, "status", "已有任期列表 terms 时不能再写“status”")]),
    ("suggestion-w-id-issue-mismatch", [(W3, 2, "id", "编号中的数字 3 应等于议题编号 4")]),
    # --- references across records ---
    (
        "unknown-street",
        [
            # Only the one mistake: its station's street is not compared with an unknown street.
            ("representatives/hl-007.yml", 6, "street", '未知街道“hualong2”，可选值：hualong, haishi'),
        ],
    ),
    ("unknown-community", [(R2, 7, "community", '未知社区“nowhere”，hualong 的社区有：longxing, jinhe')]),
    ("unknown-grid", [(S2, 8, "grid", '网格“longxing-9”不属于社区 longxing；可选值：longxing-1')]),
    ("community-in-other-street", [(R2, 7, "community", '社区“haishi-north”属于街道 haishi，不属于 hualong')]),
    ("station-in-other-street", [(R2, 8, "station", '联络站“hs-station”在街道 haishi，而代表属于街道 hualong')]),
    ("meeting-station-in-other-street", [(MEET, 8, "station", '联络站“hs-station”不在街道 hualong')]),
    ("unknown-station", [(S2, 16, "station", '未知联络站“nowhere”，可选值：hl-home, hs-station')]),
    ("unknown-representative", [(MEET, 11, "attendees[1]", '未知议政代表“hl-099”')]),
    ("unknown-linked-deputy", [(HS1, 20, "linked_deputy", '未知议政代表“hl-099”')]),
    ("linked-deputy-not-npc", [(HS1, 20, "linked_deputy", '“hl-001”的类别是居民代表；联系议政代表的应是人大代表')]),
    ("departed-on-schedule", [(HOME, 15, "schedule[0].representatives[1]", '“hs-001”已离任，不能安排值班')]),
    ("unknown-handling-unit", [(S1, 17, "history[1].units[0]", UNKNOWN_UNIT)]),
    ("unknown-case-department", [(CASE, 21, "departments[1]", UNKNOWN_UNIT)]),
    ("unknown-category", [(CASE, 7, "category", '未知类别“transport”，可选值：urban, environment')]),
    ("unknown-suggestion", [(MEET, 15, "suggestions[0]", '未知意见建议“2026-X0099”')]),
    ("unknown-case", [(MEET, 17, "cases[0]", '未知典型案例“flyover”，可选值：overpass')]),
    ("unknown-rule", [(RULE, 14, "supersedes[0]", '未知制度文件“hl-rules-1999”')]),
    ("merged-into-unknown", [(W3, 13, "merged_into", '未知意见建议“2026-X0099”')]),
    (
        "merged-into-merged",
        [("suggestions/2026/2026-X0004.yml", 12, "merged_into", '“2026-W0003”本身已并入 2026-X0001；请直接并入 2026-X0001')],
    ),
    ("id-not-file-name", [(HSS, 2, "id", "编号“hs-other”与文件名不一致；文件应命名为 hs-other.yml")]),
    (
        "suggestion-in-wrong-year",
        [("suggestions/2025/2026-X0005.yml", 8, "submitted", "提出日期在 2026 年，文件应放在 suggestions/2026/ 下")],
    ),
    # --- the suggestion lifecycle ---
    ("lifecycle-skips-a-step", [(S1, 15, "history[1].status", "不能从“已受理”直接变为“办理中”；允许的下一步：已交办、不予受理、合并办理")]),
    ("lifecycle-back-without-reopen", [(S2, 43, "history[4].satisfaction", "从“已答复”退回“办理中”只能由不满意评价引起")]),
    ("lifecycle-closed-without-evaluation", [(S2, 50, "history[6].status", "办结前须先有一条满意或基本满意的评价")]),
    ("lifecycle-status-disagrees", [(S1, 10, "status", "状态“已答复”与办理记录最后一条的“已交办”不一致")]),
    ("lifecycle-reply-missing", [(S2, 20, "replies", "办理记录中有 2 次答复，但答复只有 1 条")]),
    ("lifecycle-after-terminal", [(W3, 21, "history[2].status", "不能从“合并办理”直接变为“已交办”；允许的下一步：无（这是终结状态）")]),
    ("lifecycle-unit-named-twice", [(S1, 24, "history[2].units[1]", "承办单位“housing”已经在办理这条意见建议，不用再次填写")]),
]



def _replace_line(relpath: str, old: str, new: bytes) -> Callable[[], bytes]:
    def build() -> bytes:
        raw = (MINIMAL / relpath).read_bytes()
        assert raw.count(old.encode()) == 1
        return raw.replace(old.encode(), new)

    return build


def _bomb() -> bytes:
    """Billion laughs: 9 levels of 9 aliases each, 9**9 items if it were ever expanded."""
    names = "abcdefghi"
    lines = [
        "# yaml-language-server: $schema=../../../schema/suggestion.schema.json",
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ]
    for previous, name in zip(names, names[1:]):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


# Cases built here instead of stored: case → (path inside content, the file's bytes).
GENERATED: dict[str, tuple[str, Callable[[], bytes]]] = {
    "alias-bomb": (S1, _bomb),
    "oversized-file": (
        R2,
        lambda: (MINIMAL / R2).read_bytes() + b"# padding padding padding padding\n" * (yamlio.MAX_BYTES // 34 + 1),
    ),
    "invalid-utf8": (MEET, _replace_line(MEET, "topic: 学习议事规则", "topic: 学习".encode() + b"\xff" + "议事规则".encode())),
    "byte-order-mark": (SITE, lambda: b"\xef\xbb\xbf" + (MINIMAL / SITE).read_bytes()),
    "control-character": (HSS, _replace_line(HSS, "description: 示例联络站", "description: 示例\x07联络站".encode())),
    "control-character-and-ampersand": (
        HSS,
        _replace_line(HSS, "description: 示例联络站", "description: 示例&联络站\x07".encode()),
    ),
    "integer-too-many-digits": (R2, _replace_line(R2, "term: 1\n", b"term: " + b"9" * 5000 + b"\n")),
}

LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<field>\S+): (?P<message>.+)$")
CJK = re.compile(r"[\u4e00-\u9fff]")


def after_content(shown: str, content: Path) -> str:
    """A path as the CLI printed it (relative to the working directory or absolute), inside content."""
    path = Path(shown)
    if not path.is_absolute():
        path = Path.cwd() / path
    # abspath, not resolve(): a symlinked record must be shown as itself, not as its target.
    return Path(os.path.abspath(path)).relative_to(os.path.abspath(content)).as_posix()


def overlay(content: Path, case: str) -> None:
    """Lay one case over the content folder."""
    if case in GENERATED:
        relpath, build = GENERATED[case]
        target = content / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(build())
    else:
        assert (BROKEN / case).is_dir(), f"no folder tests/fixtures/broken/{case}"
        shutil.copytree(BROKEN / case, content, dirs_exist_ok=True)


Found = tuple[str, int, str, str]


def validate(capsys: pytest.CaptureFixture[str], content: Path, *extra: str) -> tuple[int, list[Found], str, str]:
    """Run validate; its exit code, the problems (path inside content, line, field, message), stdout and stderr."""
    code, out, err = run_cli(capsys, "validate", "--content", str(content), *extra)
    assert "Traceback" not in out and "Traceback" not in err
    problems = []
    for text in out.splitlines():
        if text.startswith("::error "):
            continue
        match = LINE.match(text)
        assert match, f"not a `path:line: field: message` line: {text!r}"
        problems.append((after_content(match["path"], content), int(match["line"]), match["field"], match["message"]))
    return code, problems, out, err


def assert_problems(code: int, problems: list[Found], err: str, expected: list[Expected]) -> None:
    shown = "\n".join(f"{p}:{line}: {field}: {message}" for p, line, field, message in problems)
    assert code == 1, shown
    assert len(problems) == len(expected), shown
    assert err.strip().splitlines()[-1] == f"共 {len(problems)} 个错误"
    remaining = list(problems)
    for relpath, line, field, fragment in expected:
        found = [
            p for p in remaining
            if p[0] == relpath and p[1] == line and (field is None or p[2] == field)
        ]
        assert found, f"expected {relpath}:{line}: {field}: …{fragment}… in\n{shown}"
        problem = found[0]
        remaining.remove(problem)
        message = problem[3]
        assert CJK.search(message), f"message not in Chinese: {message!r}"
        if fragment is not None:
            assert fragment in message, f"{fragment!r} not in {message!r}"
    assert not remaining


@pytest.mark.parametrize(("case", "expected"), [pytest.param(case, expected, id=case) for case, expected in CASES])
def test_broken_case(
    capsys: pytest.CaptureFixture[str], minimal_copy: Path, case: str, expected: list[Expected]
) -> None:
    overlay(minimal_copy, case)
    code, problems, _, err = validate(capsys, minimal_copy)
    assert_problems(code, problems, err, expected)


def test_every_case_has_a_file_and_an_expectation() -> None:
    names = [case for case, _ in CASES]
    assert len(names) == len(set(names))
    stored = {path.name for path in BROKEN.iterdir() if path.is_dir()}
    assert stored == set(names) - set(GENERATED)
    assert not stored & set(GENERATED)
    for case in stored:
        assert [p for p in (BROKEN / case).rglob("*") if p.is_file()], f"{case} has no file"


def test_minimal_is_valid_canonical_and_example(capsys: pytest.CaptureFixture[str], minimal_copy: Path) -> None:
    code, out, err = run_cli(capsys, "validate", "--content", str(minimal_copy))
    assert (code, err) == (0, "")
    assert out == "校验通过：议政代表 3，联络站 2，制度文件 2，会议活动 1，典型案例 1，意见建议 3\n"
    code, out, err = run_cli(capsys, "fmt", "--check", "--content", str(minimal_copy))
    assert (code, out, err) == (0, "", "")
    for path in sorted(minimal_copy.rglob("*.*")):
        text = yamlio.decode(path.read_bytes())
        if path.suffix == ".md":
            text = text.split("---\n")[1]
        assert yamlio.parse(text).data["example"] is True, path


def test_all_errors_are_collected(capsys: pytest.CaptureFixture[str], minimal_copy: Path) -> None:
    """Broken files of six kinds at once: every problem of every file is listed, in order."""
    cases = [
        "unknown-street",
        "tab-indentation",
        "invalid-date",
        "unknown-category",
        "rule-effective-before-adopted",
        "lifecycle-status-disagrees",
        "wrong-folder",
        "site-duplicate-community",
    ]
    expected = dict(CASES)
    for case in cases[:-1]:
        overlay(minimal_copy, case)
    code, problems, out, err = validate(capsys, minimal_copy)
    assert_problems(code, problems, err, [line for case in cases[:-1] for line in expected[case]])
    assert out.splitlines() == sorted(out.splitlines())

    # With site.yml broken too, the file-level problems are still all reported,
    # but the checks across records (which need site.yml) are not run.
    overlay(minimal_copy, cases[-1])
    code, problems, _, err = validate(capsys, minimal_copy)
    across_records = ("unknown-street", "unknown-category")
    file_level = [line for case in cases if case not in across_records for line in expected[case]]
    assert_problems(code, problems, err, file_level)


def test_paths_relative_to_working_directory(
    capsys: pytest.CaptureFixture[str], minimal_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    overlay(minimal_copy, "unknown-street")
    monkeypatch.chdir(minimal_copy.parent)
    code, out, _ = run_cli(capsys, "validate", "--content", "content")
    assert code == 1
    assert out.splitlines()[0] == 'content/representatives/hl-007.yml:6: street: 未知街道“hualong2”，可选值：hualong, haishi'


def test_annotations(capsys: pytest.CaptureFixture[str], minimal_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    overlay(minimal_copy, "unknown-street")
    overlay(minimal_copy, "tab-indentation")
    monkeypatch.chdir(minimal_copy.parent)
    code, out, err = run_cli(capsys, "validate", "--content", "content", "--annotations")
    assert code == 1
    assert out.splitlines() == [
        '::error file=content/representatives/hl-007.yml,line=6::street: 未知街道“hualong2”，可选值：hualong, haishi',
        "::error file=content/stations/hs-station.yml,line=11::用制表符 (Tab) 缩进；YAML 只允许空格缩进，请把 Tab 换成空格",
    ]
    assert err == "共 2 个错误\n"


def test_annotation_escapes_commas_and_colons_in_the_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "a,b:c" / "content"
    shutil.copytree(MINIMAL, content)
    overlay(content, "invalid-date")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(capsys, "validate", "--content", "a,b:c/content", "--annotations")
    assert code == 1
    assert out.splitlines()[-1] == (
        "::error file=a%2Cb%3Ac/content/meetings/2026-03-study.yml,line=6::"
        "date: 不是有效的日期：“2026-02-30”；应为真实存在的日期，格式 YYYY-MM-DD，如 2026-03-15"
    )


def test_missing_site_file(capsys: pytest.CaptureFixture[str], minimal_copy: Path) -> None:
    (minimal_copy / SITE).unlink()
    code, problems, _, err = validate(capsys, minimal_copy)
    assert_problems(code, problems, err, [(SITE, 1, "-", "缺少 site.yml")])


def test_missing_content_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run_cli(capsys, "validate", "--content", str(tmp_path / "nowhere"))
    assert code == 1
    match = LINE.match(out.rstrip("\n"))
    assert match and "\n" not in out.rstrip("\n")
    assert Path(match["path"]).resolve() == (tmp_path / "nowhere").resolve()
    assert (match["line"], match["field"], match["message"]) == ("1", "-", "内容目录不存在")
    assert err == "共 1 个错误\n"


def test_dangling_symlink(capsys: pytest.CaptureFixture[str], minimal_copy: Path) -> None:
    (minimal_copy / "representatives" / "hl-009.yml").symlink_to(minimal_copy / "nowhere.yml")
    code, problems, _, err = validate(capsys, minimal_copy)
    assert_problems(code, problems, err, [("representatives/hl-009.yml", 1, "-", "不是普通文件")])
