"""Redaction of what residents type: every common spelling removed, everyday numbers kept."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from yizheng import personal_data
from yizheng.intake.redact import marker, redact
from yizheng.personal_data import Kind

MOBILE, LANDLINE, ID, CARD, EMAIL = (
    "［已删除手机号］",
    "［已删除固定电话］",
    "［已删除身份证号］",
    "［已删除银行卡号］",
    "［已删除电子邮箱］",
)

REDACTED = [
    # mobile numbers
    ("电话13812345678。", f"电话{MOBILE}。", Kind.MOBILE),
    ("电话 138 1234 5678 找我", f"电话 {MOBILE} 找我", Kind.MOBILE),
    ("138-1234-5678", MOBILE, Kind.MOBILE),
    ("138—1234—5678", MOBILE, Kind.MOBILE),
    ("+86 13812345678", MOBILE, Kind.MOBILE),
    ("+8613812345678", MOBILE, Kind.MOBILE),
    ("0086-13812345678", MOBILE, Kind.MOBILE),
    ("手机：１３８１２３４５６７８", f"手机：{MOBILE}", Kind.MOBILE),  # full-width digits
    ("１３８ １２３４ ５６７８", MOBILE, Kind.MOBILE),
    ("＋８６　１３８１２３４５６７８", MOBILE, Kind.MOBILE),  # full-width plus and ideographic space
    # landlines, with the local number starting with any digit
    ("(0931)1234567", LANDLINE, Kind.LANDLINE),
    ("（0931）1234567", LANDLINE, Kind.LANDLINE),
    ("0931-1234567", LANDLINE, Kind.LANDLINE),
    ("0931 1234567", LANDLINE, Kind.LANDLINE),
    ("0931-86123456", LANDLINE, Kind.LANDLINE),
    ("(0931) 8612345", LANDLINE, Kind.LANDLINE),
    ("（０９３１）８６１２３４５", LANDLINE, Kind.LANDLINE),
    ("09318612345", LANDLINE, Kind.LANDLINE),
    # resident ID numbers: valid or not, with X, grouped or not
    ("身份证号620102199003071234", f"身份证号{ID}", Kind.ID_NUMBER),
    ("62010219900307123X", ID, Kind.ID_NUMBER),
    ("62010219900307123x号", f"{ID}号", Kind.ID_NUMBER),
    ("620102 19900307 123X", ID, Kind.ID_NUMBER),
    ("12345678901234567X", ID, Kind.ID_NUMBER),  # not a valid date or check digit: redacted all the same
    ("６２０１０２１９９００３０７１２３Ｘ", ID, Kind.ID_NUMBER),
    # e-mail
    ("邮箱 zhang.san@example.com。", f"邮箱 {EMAIL}。", Kind.EMAIL),
    ("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", EMAIL, Kind.EMAIL),
    # bank cards, 16 to 19 digits
    ("卡号6222021234567890", f"卡号{CARD}", Kind.BANK_CARD),
    ("6222 0212 3456 7890", CARD, Kind.BANK_CARD),
    ("6222-0212-3456-7890", CARD, Kind.BANK_CARD),
    ("6222 0212 3456 7890 123", CARD, Kind.BANK_CARD),
    ("6222021234567890123", CARD, Kind.BANK_CARD),
    ("622202 1234567890123", CARD, Kind.BANK_CARD),
    ("６２２２　０２１２　３４５６　７８９０", CARD, Kind.BANK_CARD),
]


@pytest.mark.parametrize(("text", "clean", "kind"), REDACTED, ids=[case[0] for case in REDACTED])
def test_each_spelling_is_removed(text: str, clean: str, kind: Kind) -> None:
    assert redact(text) == (clean, {kind: 1})


KEPT = [
    "2026-03-15 至 2026-04-30",
    "20260315",
    "一共 8 部电梯",
    "2026年以来",
    "打 12345 热线",
    "服务热线 400-123-4567 的回复",
    "3号楼2单元",
    "维修要 1500元",
    "查询编号 2026-W0042",
    "查询编号 2026-X0007",
    "09:00-11:30 值班",
    "第 138 号文件",
    "面积 12345.67 平方米",
    "约 1,234,567 元",
    "兰州市红古区海石湾镇",
    "",
]


@pytest.mark.parametrize("text", KEPT)
def test_everyday_numbers_are_kept(text: str) -> None:
    assert redact(text) == (text, {})


def test_several_findings_are_counted_per_kind_in_kind_order() -> None:
    text = (
        "我叫张三，手机13812345678，也可以打 0931-8612345 或 139 0000 1111；"
        "邮箱 a@example.com，身份证 62010219900307123X。"
    )
    clean, counts = redact(text)
    assert clean == (
        f"我叫张三，手机{MOBILE}，也可以打 {LANDLINE} 或 {MOBILE}；"
        f"邮箱 {EMAIL}，身份证 {ID}。"
    )
    assert counts == {Kind.ID_NUMBER: 1, Kind.MOBILE: 2, Kind.LANDLINE: 1, Kind.EMAIL: 1}
    assert list(counts) == [Kind.ID_NUMBER, Kind.MOBILE, Kind.LANDLINE, Kind.EMAIL]


def test_overlapping_matches_leave_no_digit_behind() -> None:
    # A shorter pattern matches a part of each (a 17-digit card; the first 16 digits of the card):
    # the whole stretch goes, named by the longest match.
    assert redact("12345678901234567X") == (ID, {Kind.ID_NUMBER: 1})
    assert redact("6222 0212 3456 7890 123。") == (f"{CARD}。", {Kind.BANK_CARD: 1})
    assert redact("0931-8612345-801") == (f"{LANDLINE}-801", {Kind.LANDLINE: 1})  # an extension alone is no one's


def test_marker_names_the_kind() -> None:
    assert [marker(kind) for kind in Kind] == [ID, CARD, MOBILE, LANDLINE, EMAIL]


def test_nothing_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    redact("手机13812345678")
    assert capsys.readouterr() == ("", "")


_DIGITY = st.lists(
    st.one_of(
        st.sampled_from(list("0123456789０１２３４５６７８９ -—()（）+＋@.xX\n　")),
        st.sampled_from(["138", "0931", "86", "6222", "1990", "0307", "a@b.cn", "号", "电话", MOBILE]),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x4E20),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_DIGITY)
def test_redacted_text_passes_the_models_check(text: str) -> None:
    clean, counts = redact(text)
    assert personal_data.find(clean) == []
    assert redact(clean) == (clean, {})
    assert sum(counts.values()) == sum(clean.count(marker(kind)) for kind in Kind) - sum(
        text.count(marker(kind)) for kind in Kind
    )


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Nd",), exclude_characters="@＠"), max_size=80))
def test_text_without_digits_or_at_signs_is_untouched(text: str) -> None:
    assert redact(text) == (text, {})


@settings(max_examples=2000, deadline=None)
@given(_DIGITY)
@example("(093)6123456")
@example("电话０９３１－６１２３４５６")
@example("x@y.cn")
@example("x＠y.cn")
def test_the_digit_count_shortcut_never_hides_a_finding(text: str) -> None:
    # `find` skips text with fewer than ten digits and no at sign; the patterns agree.
    assert personal_data.find(text) == personal_data.find_all_patterns(text)


# --- the shared table of spellings (tests/personal_spellings.py) ---

from personal_spellings import EVERYDAY, SPELLINGS  # noqa: E402


def test_the_table_is_large_and_covers_every_kind() -> None:
    assert len(SPELLINGS) >= 60
    assert {kind for _, kind in SPELLINGS} == set(Kind)
    assert len({text for text, _ in SPELLINGS}) == len(SPELLINGS)


@pytest.mark.parametrize(("spelling", "kind"), SPELLINGS, ids=[ascii(text) for text, _ in SPELLINGS])
def test_each_spelling_is_found_and_redacted_exactly(spelling: str, kind: Kind) -> None:
    text = f"联系方式：{spelling}。谢谢"
    found = personal_data.find(text)
    assert [(f.kind, text[f.start : f.end]) for f in found] == [(kind, spelling)]
    assert redact(text) == (f"联系方式：{marker(kind)}。谢谢", {kind: 1})


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_numbers_are_nobodys(text: str) -> None:
    assert personal_data.find(text) == []
    assert redact(text) == (text, {})


_INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u00ad", "\u2060", "\ufeff", "\u202e", "\u2066", "\ufe0f", "\u0301"]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(SPELLINGS),
    st.lists(st.tuples(st.integers(min_value=1), st.sampled_from(_INVISIBLE)), min_size=1, max_size=6),
)
def test_invisible_characters_anywhere_inside_a_number_change_nothing(
    spelling: tuple[str, Kind], inserts: list[tuple[int, str]]
) -> None:
    text, kind = spelling
    for position, char in inserts:
        cut = 1 + position % (len(text) - 1)  # strictly inside: a reader sees the same number
        text = text[:cut] + char + text[cut:]
    padded = f"联系方式：{text}。谢谢"
    assert [(f.kind, padded[f.start : f.end]) for f in personal_data.find(padded)] == [(kind, text)]
    assert redact(padded) == (f"联系方式：{marker(kind)}。谢谢", {kind: 1})
