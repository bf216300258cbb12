"""What may be a home address or a person's name: flagged for a person to decide, never refused.

Numbers are certain enough to refuse (`yizheng.personal_data`); an address or
a name is not: "3号楼2单元加装电梯" is a public fact of an elevator case,
"5号楼2单元301" is somebody's door. So these heuristics give warnings
(`Problem(severity="warning")`) that staff look at, and a record that was
looked at says so with `privacy_checked: <digest>`, the first 12 hex digits
of the SHA-256 of the flagged texts (in field order, joined by NUL; other
fields may change freely); when a flagged text changes, the digest no longer
matches and the warning comes back, and a digest left behind when nothing is
flagged any more is a warning of its own.

Flagged as a likely home address:
- a room number after a building or a unit: 5号楼2单元301, 3栋2单元502室,
  2单元301室, 5号楼301, 3幢1201 (a building and a unit alone, 3号楼2单元,
  is a stairwell, not flagged);
- 门牌号, 家住… and 我家在… up to a place (小区, 家属院, 村, a number and
  号/楼/单元…), 住在…号.
Flagged as a likely personal name:
- 我叫…, 姓名：…, 联系人：…, 本人姓…;
- a common surname and a form of address: 王阿姨, 李先生, 张大爷, 刘师傅,
  赵德顺老人 (the surname list leaves out surnames that are also ordinary
  words before such forms: 高龄, 保安, 门卫, 出租车, 农村…).
Representatives' names are public by design and are not looked at: only the
kinds of records that carry residents' words are (suggestions, cases, meetings).

tests/test_privacy.py keeps the example content free of flags and lists the
ordinary texts that must never be flagged.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from enum import Enum

from pydantic import BaseModel


class ReviewKind(str, Enum):
    ADDRESS = "住址"
    NAME = "姓名"


@dataclass(frozen=True)
class Flag:
    kind: ReviewKind
    start: int  # in the original text
    end: int


_NUMBER = r"[0-9０-９一二三四五六七八九十〇零]"
_ROOM = rf"{_NUMBER}{{3,4}}\s*(?:室|号|户)?"
_PLACE = rf"(?:小区|花园|家属院|{_NUMBER}+\s*(?:号楼|号院|号|栋|幢|单元|楼|室)|村|巷|胡同)"
_ADDRESS = re.compile(
    "|".join(
        [
            rf"{_NUMBER}+\s*(?:号楼|栋|幢|座|号院)\s*{_NUMBER}+\s*单元\s*{_ROOM}",  # 5号楼2单元301
            rf"{_NUMBER}+\s*(?:号楼|栋|幢)\s*{_NUMBER}{{3,4}}(?:\s*(?:室|号|户))?(?!{_NUMBER}|\s*单元)",  # 5号楼301
            rf"{_NUMBER}+\s*单元\s*{_ROOM}",  # 2单元301
            r"门牌号",
            rf"(?:家住|我家在)(?=[^，。,.；;！!？?\s]{{0,12}}?{_PLACE})[^，。,.；;！!？?\s]{{1,24}}",  # 家住幸福小区…
            rf"住在[^，。,.；;！!？?\s]{{0,12}}?{_NUMBER}+号",
        ]
    )
)

# Common surnames, less those that are also ordinary words before 阿姨, 大爷, 老人… (高龄, 保安, 门卫, 出租车, 农村, 和, 万…).
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵钱严覃武戴莫孔汤康施牛樊葛邢齐易乔伍"
    "庞颜倪庄聂章鲁岳翟殷詹申欧耿兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕季裴霍涂苗谷盛曲翁冉骆蓝游辛靳柴蒙鲍喻祁"
    "蒲滕屈饶牟艾尤穆卓缪褚娄窦戚岑宫费卜冷晏席米柏宗瞿桂佟臧闵苟邬卞姬仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝"
)
_ADDRESS_FORMS = "先生|女士|阿姨|大爷|大妈|大娘|大伯|大婶|奶奶|爷爷|婆婆|师傅|老汉"
_NAME = re.compile(
    "|".join(
        [
            r"我叫(?![了来过人他她车醒])[\u4e00-\u9fff]{2,3}",
            r"本人姓[\u4e00-\u9fff]",
            r"(?:姓名|联系人)\s*[:：]\s*[^\s，。,;；]{2,4}",
        ]
    )
)
# A surname, up to two characters of a given name, and a form of address (a given name has none of _NOT_GIVEN).
_ADDRESSED = re.compile(
    rf"[{_SURNAMES}](?P<given>[\u4e00-\u9fff]{{0,2}}?)(?:{_ADDRESS_FORMS})"
    rf"|[{_SURNAMES}](?P<given2>[\u4e00-\u9fff]{{2}})老人"
)
# Every pattern above holds one of these words: text without any is passed over in one search.
_TRIGGER = re.compile("单元|号楼|栋|幢|门牌号|家住|住在|家在|我叫|本人姓|姓名|联系人|老人|" + _ADDRESS_FORMS)
_NOT_GIVEN = set("的了是在和与及等们个位名多些边里上下头口内外中老小大")


_NOTICED: ContextVar[list[bool] | None] = ContextVar("privacy_noticed", default=None)


@contextmanager
def noticing() -> Iterator[Callable[[], bool]]:
    """Within the block, the models' text check (`notice`) notes whether any text holds a trigger word.

    Every public text of a record passes that check while it is loaded, so the
    loader's warnings walk the records only when something was noticed: content
    without a single trigger word costs one search per text and no walk at all.
    """
    seen = [False]
    token = _NOTICED.set(seen)
    try:
        yield lambda: seen[0]
    finally:
        _NOTICED.reset(token)


def notice(text: str) -> None:
    seen = _NOTICED.get()
    if seen is not None and not seen[0] and _TRIGGER.search(text) is not None:
        seen[0] = True


def review_flags(text: str) -> list[Flag]:
    """Stretches of `text` that may be a home address or a person's name, earliest first.

    For intake and for the loader's warnings; cheap for text with none of the
    trigger words (one regex search each).
    """
    if not _TRIGGER.search(text):
        return []
    flags = [Flag(ReviewKind.ADDRESS, m.start(), m.end()) for m in _ADDRESS.finditer(text)]
    flags += [Flag(ReviewKind.NAME, m.start(), m.end()) for m in _NAME.finditer(text)]
    for match in _ADDRESSED.finditer(text):
        if not _NOT_GIVEN.intersection(match["given"] or match["given2"] or ""):
            flags.append(Flag(ReviewKind.NAME, match.start(), match.end()))
    return sorted(flags, key=lambda f: f.start)


REVIEWED_KINDS = ("suggestion", "case", "meeting")
"""The kinds of records that carry residents' words; they have a `privacy_checked` field."""

Loc = tuple[str | int, ...]


def texts_of(record: BaseModel) -> Iterator[tuple[Loc, str]]:
    """Every text of a record with its field path, in field order (enums and the digest itself left out)."""
    yield from _texts(record, ())


def _texts(value: object, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name != "privacy_checked":
                yield from _texts(getattr(value, name), (*loc, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*loc, index))
    elif isinstance(value, str) and not isinstance(value, Enum):
        yield loc, value


Flagged = tuple[Loc, str, list[Flag]]
"""A text of a record that holds something to look at: its field path, the text, and what."""


def flagged_texts(record: BaseModel) -> list[Flagged]:
    """The texts of a record that hold something to look at, with what."""
    found = []
    for loc, text in texts_of(record):
        flags = review_flags(text)
        if flags:
            found.append((loc, text, flags))
    return found


def checked_digest(texts: list[str]) -> str:
    """What `privacy_checked` must say once a person has looked at these texts (the flagged ones, in field order)."""
    return hashlib.sha256("\x00".join(texts).encode("utf-8")).hexdigest()[:12]


def record_digest(record: BaseModel) -> str | None:
    """The digest that silences a record's warnings; None when nothing in it is flagged."""
    flagged = flagged_texts(record)
    return checked_digest([text for _, text, _ in flagged]) if flagged else None
