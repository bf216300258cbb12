"""What residents use to reach the representatives: the 提意见建议 page, the community pages (找代表),
the form links that fill in what GitHub lets a link fill in, and the tracking-number reading shared
by the tracking page and the search box. (In a real browser: tests/test_browser.py.)"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import CONTENT, ROOT
from golden import assert_golden, fixed_context
from yizheng.intake import forms
from yizheng.kinds import COMMUNITY_INDEX, community_page
from yizheng.models.common import PHONE_PATTERN
from yizheng.models.representative import ServiceStatus
from yizheng.site import kit, md
from yizheng.site.pages import communities, home, suggest

SCRIPTS = ROOT / "site_overrides" / "assets" / "javascripts"


@pytest.fixture(scope="module")
def example() -> dict[str, str]:
    ctx = fixed_context(CONTENT)
    files = dict(communities.render(ctx))
    files.update(suggest.render(ctx))
    files.update(home.render(ctx))
    return files


def test_goldens() -> None:
    ctx = fixed_context()
    files = {**dict(communities.render(ctx)), **dict(suggest.render(ctx))}
    assert sorted(files) == [
        "communities/haishi-north.md", "communities/index.md", "communities/jinhe.md", "communities/longxing.md",
        "suggest.md",
    ]
    assert_golden("suggest-page.md", files["suggest.md"])
    assert_golden("community-index.md", files[COMMUNITY_INDEX])
    assert_golden("community-page.md", files[community_page("longxing")])


def test_the_form_link_fills_in_the_location_only() -> None:
    ctx = fixed_context()
    assert ctx.suggestion_form_url() == "https://github.com/example/yizheng/issues/new?template=suggestion.yml"
    url = ctx.suggestion_form_url("华龙街道龙兴社区 & <x>")
    assert url == (
        "https://github.com/example/yizheng/issues/new?template=suggestion.yml"
        "&location=%E5%8D%8E%E9%BE%99%E8%A1%97%E9%81%93%E9%BE%99%E5%85%B4%E7%A4%BE%E5%8C%BA+%26+%3Cx%3E"
    )
    assert parse_qs(urlsplit(url).query) == {"template": ["suggestion.yml"], "location": ["华龙街道龙兴社区 & <x>"]}
    # Longer than the form's field takes: left out rather than cut.
    assert ctx.suggestion_form_url("长" * (forms.LOCATION_MAX + 1)) == ctx.suggestion_form_url()
    # The parameters are the form's own: its file and the id of a text field (a dropdown cannot be filled in).
    form = forms.suggestion_form(ctx.registry.site)
    location = [f for f in form["body"] if f.get("id") == forms.SuggestionField.LOCATION]
    assert [f["type"] for f in location] == ["input"]
    assert (ROOT / forms.FORMS_DIR / forms.SUGGESTION_FILE).is_file()


def test_the_page_names_the_forms_own_fields() -> None:
    form = forms.suggestion_form(fixed_context().registry.site)
    labels = {f["attributes"]["label"] for f in form["body"] if f["type"] != "markdown"}
    assert set(suggest.FORM_LABELS) <= labels
    page = dict(suggest.render(fixed_context()))["suggest.md"]
    for label in suggest.FORM_LABELS:
        assert f"“{label}”" in page


def test_phone_numbers_dial() -> None:
    assert kit.phone_link("0931-6201101") == '<a class="yz-tel" href="tel:0931-6201101">0931-6201101</a>'
    assert kit.phone_link("0931-6201101-808") == '<a class="yz-tel" href="tel:09316201101,808">0931-6201101-808</a>'
    assert kit.phone_link("12345") == '<a class="yz-tel" href="tel:12345">12345</a>'
    # Never a link but of a public number in ASCII digits: the rest is shown as text.
    assert kit.phone_link("javascript:alert(1)") == "javascript&#58;alert&#40;1&#41;"
    assert kit.phone_link('0931-6201101" onclick="x') == "0931&#45;6201101&#34; onclick&#61;&#34;x"
    assert kit.phone_link("13912345678") == "13912345678"
    assert kit.phone_link("1000\u0660") == "1000\u0660"  # an Arabic-Indic digit, which the model's pattern takes


@given(st.from_regex(PHONE_PATTERN, fullmatch=True))
def test_a_link_dials_the_number_it_shows(phone: str) -> None:
    """Shown as written; dialled digit for digit, an extension after a pause (",")."""
    link = kit.phone_link(phone)
    if not phone.isascii():
        assert link == md.inline(phone) and "<a" not in link  # digits of another script: shown, not dialled
        return
    shown = re.fullmatch(r'<a class="yz-tel" href="tel:([0-9,-]+)">([0-9-]+)</a>', link)
    assert shown and shown.group(2) == phone
    assert shown.group(1).replace(",", "").replace("-", "") == phone.replace("-", "")


def test_every_community_is_chosen_from_home_and_lists_its_serving_representatives(example: dict[str, str]) -> None:
    ctx = fixed_context(CONTENT)
    registry = ctx.registry
    for street in registry.site.streets:
        for community in street.communities:
            page = example[community_page(community.id)]
            assert f"]({community.id}.md)" in example[COMMUNITY_INDEX]
            assert f"](communities/{community.id}.md)" in example["index.md"]
            linked = set(re.findall(r"\]\(\.\./representatives/([a-z0-9-]+)\.md\)", page))
            serving = {
                r.id for r in registry.representatives.values()
                if r.community == community.id and r.status is ServiceStatus.SERVING
            }
            assert linked == serving, community.id
            assert f"“所在街道和社区”一栏请选“{street.name}{forms.PLACE_SEPARATOR}{community.name}”" in page
    assert "](suggest.md)" in example["index.md"]


def test_the_search_box_reads_a_number_as_the_tracking_page_does() -> None:
    """search-number.js carries a copy of tracking.js's normalize: the two stay the same."""

    def normalize(name: str) -> str:
        text = (SCRIPTS / name).read_text(encoding="utf-8")
        body = re.search(r"function normalize\(text\) \{\n(.*?)\n  \}\n", text, re.S)
        assert body, name
        return "\n".join(line for line in body.group(1).splitlines() if not line.strip().startswith("//")).replace(
            " // 4 to 6 digits as typed (2026-X0123 and 2026-X000123 are two numbers)", ""
        )

    assert normalize("search-number.js") == normalize("tracking.js")
