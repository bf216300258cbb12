"""The glossary (glossary.yml) is followed: no word it says to avoid in what residents and staff read.

Issue #16: one glossary for the site, the forms, the bot and the handbook, and a test that
fails when a banned word appears. What is read:

- site: every page generated from the example content (in process, the same text MkDocs
  turns into HTML), without the open-data pages (data/, for people who process the data)
  and the rule documents themselves (rules/<id>.md: official texts, quoted as adopted),
  and the text of the theme's own templates (site_overrides/*.html);
- forms: the issue forms in .github/ISSUE_TEMPLATE/;
- bot: every kind of comment the bot writes under an issue: the receipt, the "needs work"
  notice, the failure, recovery and closing notices, the status comment for each example
  suggestion (with its real history, notes and replies), and the answers to a submitter's
  issue command (/评价);
- handbook: HANDBOOK.md.

A failure names the word, the place (file and line), the text around it and what to use.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from golden import fixed_context

from yizheng.intake import command, notify, receive
from yizheng.loader import load
from yizheng.site.generate import render_site

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
GLOSSARY = ROOT / "glossary.yml"
PLACES = ("site", "forms", "bot", "handbook")
BASE_URL = "https://example.org/yizheng/"


@dataclass(frozen=True)
class Avoid:
    name: str  # the word, or the pattern as written in the glossary
    pattern: re.Pattern[str]
    use: str
    why: str
    places: tuple[str, ...]


def _avoided() -> list[Avoid]:
    data = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
    entries = []
    for entry in data["avoid"]:
        assert ("word" in entry) != ("pattern" in entry), entry
        assert set(entry["in"]) <= set(PLACES), entry
        name = entry.get("word") or entry["pattern"]
        pattern = re.compile(re.escape(entry["word"]) if "word" in entry else entry["pattern"])
        entries.append(Avoid(name, pattern, entry["use"], entry["why"], tuple(entry["in"])))
    return entries


AVOIDED = _avoided()

# --- what is read, as (place, where, text) -------------------------------------------------------

_TAGS = re.compile(r"<[^>]*>")
_LINK_TARGETS = re.compile(r"\]\([^)]*\)")
_JINJA_COMMENTS = re.compile(r"\{#.*?#\}", re.S)


def _readable(text: str) -> str:
    """What a reader sees of generated Markdown: no link targets, no tags, character references read."""
    return html.unescape(_TAGS.sub("", _LINK_TARGETS.sub("]", text)))


@pytest.fixture(scope="module")
def texts() -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    ctx = fixed_context(CONTENT)
    for path, text in render_site(ctx).items():
        official = path.startswith("rules/") and path != "rules/index.md"
        if path.endswith(".md") and not path.startswith("data/") and not official:
            found.append(("site", f"网站页面 {path}", _readable(str(text))))
    for template in sorted((ROOT / "site_overrides").glob("*.html")):
        found.append(("site", f"site_overrides/{template.name}", _readable(_JINJA_COMMENTS.sub("", template.read_text(encoding="utf-8")))))
    for form in sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml")):
        found.append(("forms", f".github/ISSUE_TEMPLATE/{form.name}", form.read_text(encoding="utf-8")))
    registry = load(CONTENT)
    some = min(registry.suggestions.values(), key=lambda s: s.id)
    found += [
        ("bot", "机器人回执（receive.receipt）", receive.receipt(some, {"电话号码": 1}, BASE_URL)),
        ("bot", "机器人“需要修改”（receive.needs_work）", receive.needs_work(["标题：请填写标题"])),
        ("bot", "机器人故障通知（receive.failed_notice）", receive.failed_notice()),
        ("bot", "机器人恢复通知（receive.recovered_notice）", receive.recovered_notice()),
        ("bot", "机器人关闭通知（receive.closed_notice）", receive.closed_notice()),
        # What the issue commands answer the submitter (staff get other words: submitter=False).
        ("bot", "指令回复：拒绝（command.refusal）", command.refusal(1, "/评价", "这一步现在不能做", "/评价", submitter=True)),
        ("bot", "指令回复：不认识（command.unknown）", command.unknown(1, "/评")),
        ("bot", "指令回复：不公开（command.private_refusal）", command.private_refusal(1, "/评价", some.id, True)),
        ("bot", "指令回复：收到（command.confirmation）", command.confirmation(1, "/评价", 5, True, submitter=True)),
    ]
    for suggestion in sorted(registry.suggestions.values(), key=lambda s: s.id):
        found.append(("bot", f"机器人进度通知（notify.comment_text，{suggestion.id}）", notify.comment_text(suggestion, None, BASE_URL)))
    found.append(("handbook", "HANDBOOK.md", (ROOT / "HANDBOOK.md").read_text(encoding="utf-8")))
    return found


def test_every_place_is_read(texts: list[tuple[str, str, str]]) -> None:
    counts = {place: sum(1 for p, _, _ in texts if p == place) for place in PLACES}
    assert counts["site"] > 100 and counts["forms"] >= 2 and counts["bot"] > 30 and counts["handbook"] == 1, counts


def _problems(texts: list[tuple[str, str, str]], place: str) -> list[str]:
    problems = []
    for _, where, text in (t for t in texts if t[0] == place):
        for avoid in (a for a in AVOIDED if place in a.places):
            for match in avoid.pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                around = " ".join(text[max(0, match.start() - 15) : match.end() + 15].split())
                problems.append(f"{where}:{line}: 不要用“{avoid.name}”（{avoid.why}），改用：{avoid.use}。原文：…{around}…")
    return problems


@pytest.mark.parametrize("place", PLACES)
def test_no_avoided_word(texts: list[tuple[str, str, str]], place: str) -> None:
    problems = _problems(texts, place)
    assert not problems, f"{len(problems)} 处不符合用词表 glossary.yml：\n" + "\n".join(problems[:60])


def test_the_check_finds_what_it_should() -> None:
    """Each avoided word is found in a sentence that has it, and only there."""
    for avoid in AVOIDED:
        sample = avoid.name if avoid.pattern.pattern == re.escape(avoid.name) else None
        if sample is not None:
            assert avoid.pattern.search(f"请看{sample}。"), avoid.name
    by_name = {a.name: a.pattern for a in AVOIDED}
    percent, spaced = by_name[r"\d\.0%"], by_name[r"\d\s+%"]
    assert percent.search("满意率 100.0%") and not percent.search("满意率 100%") and not percent.search("42.9%")
    assert spaced.search("95 %") and not spaced.search("95%")
    iso = by_name[r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])"]
    assert iso.search("数据截至 2026-11-27。") and not iso.search("2026年11月27日") and not iso.search("2026-W0042")
    people = by_name[r"(?:代表|任|（)\s*\d+\s*人(?![大民员])"]
    assert people.search("本站议政代表（3 人）") and people.search("在任议政代表 42 人，离任 2 人")
    pieces = by_name[r"(?:共|另有|已公开|最多|有)\s*\**\d+\**\s*条(?!例|件|款)"]
    assert pieces.search("共 22 条，最新的在前") and pieces.search("逾期的有 **3** 条") and not pieces.search("共 22 件")
    assert not people.search("（3 名）") and not people.search("（12 人大代表）") and not people.search("老人 46 人")


def test_one_publication_rule_said_the_same_everywhere(texts: list[tuple[str, str, str]]) -> None:
    """Issue #16 item 18: the site publishes from 已答复 (handling.visibility); the handbook, the README
    and the site say so in the same sentence (site/wording.py PUBLICATION)."""
    from yizheng.site import wording

    rule = wording.PUBLICATION
    assert "“已答复”起" in rule
    site = {where: text for place, where, text in texts if place == "site"}
    assert rule in site["网站页面 suggestions/index.md"]
    assert rule in (ROOT / "HANDBOOK.md").read_text(encoding="utf-8")
    assert rule in (ROOT / "README.md").read_text(encoding="utf-8")
