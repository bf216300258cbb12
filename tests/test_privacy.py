"""Personal data in records: numbers refused by validate, addresses and names flagged for a person to decide."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from conftest import CONTENT, run_cli
from personal_spellings import EVERYDAY, SPELLINGS
from yizheng import personal_data
from yizheng.privacy import ReviewKind, checked_digest, review_flags

S1 = "suggestions/2026/2026-X0001.yml"
S2 = "suggestions/2026/2026-X0002.yml"
CASE = "cases/overpass.yml"


def _yaml_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar, everything beyond ASCII letters and digits escaped."""
    out = []
    for char in text:
        if char.isascii() and (char.isalnum() or char in " .-+@()_/,"):
            out.append(char)
        else:
            out.append(f"\\u{ord(char):04x}" if ord(char) < 0x10000 else f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def test_every_spelling_in_a_public_field_is_refused_by_validate(
    capsys: pytest.CaptureFixture[str], minimal_copy: Path
) -> None:
    template = (minimal_copy / S1).read_text(encoding="utf-8")
    assert template.splitlines()[8] == "problem: 车多"
    expected = []
    for index, (spelling, kind) in enumerate(SPELLINGS):
        record_id = f"2026-X{1000 + index}"
        text = template.replace("2026-X0001", record_id).replace("problem: 车多", f"problem: {_yaml_quoted('联系 ' + spelling + '。')}")
        (minimal_copy / f"suggestions/2026/{record_id}.yml").write_text(text, encoding="utf-8")
        expected.append(f"suggestions/2026/{record_id}.yml:9: problem: 含有疑似{kind.value}；")
    code, out, err = run_cli(capsys, "validate", "--content", str(minimal_copy))
    assert code == 1
    shown = [line.split(str(minimal_copy) + "/", 1)[-1] for line in out.splitlines()]
    assert len(shown) == len(SPELLINGS)
    for line, start in zip(sorted(shown), sorted(expected)):
        assert line.startswith(start), (line, start)
        assert "个人联系方式和证件号码不得公开" in line
    assert err.strip() == f"共 {len(SPELLINGS)} 个错误"


def test_everyday_numbers_in_a_public_field_pass(capsys: pytest.CaptureFixture[str], minimal_copy: Path) -> None:
    record = minimal_copy / S1
    text = record.read_text(encoding="utf-8")
    everyday = "；".join(t for t in EVERYDAY if t)
    record.write_text(text.replace("problem: 车多", f"problem: {_yaml_quoted(everyday)}"), encoding="utf-8")
    code, out, err = run_cli(capsys, "validate", "--content", str(minimal_copy))
    assert (code, err) == (0, ""), out + err


def test_the_written_out_digit_tables_match_unicodedata() -> None:
    # personal_data spells out, for speed, which characters have a digit value and which are invisible.
    digit_class = re.compile(personal_data._DIGIT)
    invisible = re.compile(f"[{personal_data._INVISIBLE}]")
    for code in range(0x110000):
        char = chr(code)
        if unicodedata.digit(char, None) is not None:
            assert digit_class.match(char), f"U+{code:04X}"
        if unicodedata.category(char) == "Cf":
            assert invisible.match(char), f"U+{code:04X}"
    for char, value in personal_data.CHINESE_DIGITS.items():
        assert personal_data.digits_of(char) == str(value)


ADDRESSES = [
    ("我家在5号楼2单元301，楼道灯坏了", "我家在5号楼2单元301"),
    ("3栋2单元502室漏水", "3栋2单元502室"),
    ("住在2单元301室的住户", "2单元301室"),
    ("5号楼301楼上", "5号楼301"),
    ("请问门牌号怎么写", "门牌号"),
    ("家住幸福小区3号楼", "家住幸福小区3号楼"),
    ("我家在红星村", "我家在红星村"),
]
NAMES = [
    ("我叫张三，反映一个问题", "我叫张三"),
    ("姓名：李四", "姓名：李四"),
    ("联系人：王五", "联系人：王五"),
    ("楼下王阿姨说", "王阿姨"),
    ("今年77岁的赵德顺老人手里拿着连心卡", "赵德顺老人"),
    ("李先生反映", "李先生"),
    ("本人姓刘", "本人姓刘"),
]
NOT_FLAGGED = [
    "3号楼2单元加装电梯",  # a stairwell: a public fact of an elevator case
    "高龄老人过街危险",
    "保安大爷和门卫大爷",
    "周边的老人",
    "各位先生和女士",
    "联系人民群众",
    "我叫了救护车",
    "我家在这条路边上",
    "华龙路88号党群服务中心二楼",
    "鲁国栋代表每周三下午提供法律咨询",
    *EVERYDAY,
]


@pytest.mark.parametrize(("text", "stretch"), ADDRESSES)
def test_likely_addresses_are_flagged(text: str, stretch: str) -> None:
    assert [(f.kind, text[f.start : f.end]) for f in review_flags(text)] == [(ReviewKind.ADDRESS, stretch)]


@pytest.mark.parametrize(("text", "stretch"), NAMES)
def test_likely_names_are_flagged(text: str, stretch: str) -> None:
    assert [(f.kind, text[f.start : f.end]) for f in review_flags(text)] == [(ReviewKind.NAME, stretch)]


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_ordinary_text_is_not_flagged(text: str) -> None:
    assert review_flags(text) == []


def test_the_example_content_has_no_privacy_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "validate", "--content", str(CONTENT))
    assert code == 0 and "提醒" not in out + err


def _warnings(capsys: pytest.CaptureFixture[str], content: Path) -> list[str]:
    code, out, err = run_cli(capsys, "validate", "--content", str(content))
    assert code == 0, out + err
    return [line.split(str(content) + "/", 1)[-1] for line in out.splitlines()[:-1]]


def test_a_flagged_record_warns_until_checked_and_again_after_an_edit(
    capsys: pytest.CaptureFixture[str], minimal_copy: Path
) -> None:
    suggestion = minimal_copy / S2
    problem = "路口车多，住在3栋2单元502室的王阿姨说过街危险。"
    suggestion.write_text(
        suggestion.read_text(encoding="utf-8").replace("problem: 路口车多，老人过街危险。", f"problem: {problem}"), encoding="utf-8"
    )
    case = minimal_copy / CASE
    assert "李先生" not in case.read_text(encoding="utf-8")
    digest = checked_digest([problem])
    assert re.fullmatch(r"[0-9a-f]{12}", digest)
    advice = f"公开前请人工核对：不宜公开就改写或删去，确认可以公开就在记录末尾加一行 privacy_checked: {digest}"
    assert _warnings(capsys, minimal_copy) == [
        f"{S2}:12: problem: 提醒：“3栋2单元502室”可能是个人住址；{advice}",
        f"{S2}:12: problem: 提醒：“王阿姨”可能是个人姓名；{advice}",
    ]
    # Checked: the line the warning gave silences it (and is where `fmt` puts it).
    suggestion.write_text(suggestion.read_text(encoding="utf-8") + f"privacy_checked: {digest}\n", encoding="utf-8")
    assert _warnings(capsys, minimal_copy) == []
    assert run_cli(capsys, "fmt", "--check", "--content", str(minimal_copy))[0] == 0
    # Edited afterwards: flagged again, with the new digest.
    edited = problem.replace("王阿姨说", "王阿姨反映")
    suggestion.write_text(suggestion.read_text(encoding="utf-8").replace(problem, edited), encoding="utf-8")
    new = checked_digest([edited])
    assert new != digest
    again = f"（核对后文字又有改动，需重新核对）；公开前请人工核对：不宜公开就改写或删去，确认可以公开就把 privacy_checked 改为 {new}"
    assert _warnings(capsys, minimal_copy) == [
        f"{S2}:12: problem: 提醒：“3栋2单元502室”可能是个人住址{again}",
        f"{S2}:12: problem: 提醒：“王阿姨”可能是个人姓名{again}",
    ]


def test_a_digest_left_behind_is_a_warning(capsys: pytest.CaptureFixture[str], minimal_copy: Path) -> None:
    case = minimal_copy / CASE
    text = case.read_text(encoding="utf-8") + "privacy_checked: 0123456789ab\n"
    case.write_text(text, encoding="utf-8")
    line = text.count("\n")
    assert _warnings(capsys, minimal_copy) == [f"{CASE}:{line}: privacy_checked: 提醒：记录里已没有需要核对的住址或姓名，这一行可以删去"]


def test_warnings_are_annotations_and_do_not_fail(capsys: pytest.CaptureFixture[str], minimal_copy: Path) -> None:
    suggestion = minimal_copy / S2
    suggestion.write_text(
        suggestion.read_text(encoding="utf-8").replace("proposal: 修建人行天桥。", "proposal: 联系人：赵六"), encoding="utf-8"
    )
    code, out, err = run_cli(capsys, "validate", "--content", str(minimal_copy), "--annotations")
    assert code == 0
    assert out.splitlines()[0].startswith(f"::warning file={minimal_copy}/{S2},line=13::proposal: “联系人：赵六”可能是个人姓名；")
    assert "共 1 个提醒" in err


def test_a_malformed_digest_is_an_error(capsys: pytest.CaptureFixture[str], minimal_copy: Path) -> None:
    case = minimal_copy / CASE
    case.write_text(case.read_text(encoding="utf-8") + "privacy_checked: 已核对\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "validate", "--content", str(minimal_copy))
    assert code == 1
    assert "privacy_checked: " in out and "12 位十六进制数字" in out
