"""The privacy scan of the built site: a number planted in any kind of file is found, public phones are not."""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import CONTENT, MINIMAL, ROOT, run_cli
from personal_spellings import EVERYDAY, SPELLINGS
from yizheng.loader import load
from yizheng import personal_data
from yizheng.personal_data import Kind
from yizheng.privacy.scan import as_shown, public_numbers, scan_file, scan_site

MOBILE = "13812345678"


def _public() -> frozenset[str]:
    registry = load(CONTENT)
    return public_numbers(s.phone for s in registry.stations.values() if s.phone)


def test_the_example_site_passes_and_its_station_phones_are_public(built_site: Path) -> None:
    public = _public()
    assert len(public) >= 10
    assert scan_site(built_site, public) == []
    # The phones are there (the station pages and open data publish them) and only they would be found.
    unfiltered = scan_site(built_site)
    assert unfiltered and {leak.kind for leak in unfiltered} == {Kind.LANDLINE}
    assert {"stations/hl-home/index.html", "data/stations.csv", "data/stations.json"} <= {leak.path for leak in unfiltered}
    # Shared among processes, the same findings.
    assert scan_site(built_site, jobs=2) == scan_site(built_site, jobs=1) == unfiltered


def _plant(site: Path, relpath: str, edit) -> None:  # noqa: ANN001 - str -> str
    path = site / relpath
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")


def test_planted_numbers_are_found_in_pages_index_feeds_data_shards_and_sitemap(
    built_site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    # A page: tags between the digits and a character reference for one of them.
    _plant(site, "cases/index.html", lambda t: "<p>电话 1<b>3</b>8&#49;2345678</p>\n" + t)

    # The search index: full-width digits, which JSON writes as \uff11… escapes.
    def index(text: str) -> str:
        data = json.loads(text)
        data["docs"][1]["text"] += "<p>身份证 ６２０１０２１９９００３０７１２３Ｘ</p>"
        return json.dumps(data, ensure_ascii=True)

    _plant(site, "search/search_index.json", index)
    _plant(site, "feeds/cases.xml", lambda t: t.replace("</feed>", "<entry><summary>zhang&#64;example.com</summary></entry></feed>", 1))
    _plant(site, "data/suggestions.csv", lambda t: t + "x,卡号 6222 0212 3456 7890\n")
    _plant(site, "data/cases.json", lambda t: t.replace('"title":"', '"title":"0931\\u200b8612345 ', 1))
    _plant(site, "tracking/2026.json", lambda t: t.replace('"已受理"', '"已受理 一三八一二三四五六七八"', 1))
    _plant(site, "sitemap.xml", lambda t: t.replace("</urlset>", "<url><loc>https://example.org/15912345678/</loc></url></urlset>"))
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(b"<urlset><url><loc>/620102900307123/</loc></url></urlset>"))

    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(capsys, "scan-site", "site", "--content", str(CONTENT))
    assert code == 1, out + err
    found = sorted((line.split(":")[0], line.split("疑似")[1].split("（")[0].split("；")[0]) for line in out.splitlines())
    assert found == sorted(
        [
            ("site/cases/index.html", "手机号"),
            ("site/data/cases.json", "固定电话"),
            ("site/data/suggestions.csv", "银行卡号"),
            ("site/feeds/cases.xml", "电子邮箱"),
            ("site/search/search_index.json", "身份证号"),
            ("site/sitemap.xml", "手机号"),
            ("site/sitemap.xml.gz", "身份证号"),
            ("site/tracking/2026.json", "手机号"),
        ]
    )
    assert "site/cases/index.html:1: -: 生成的网站文件中有疑似手机号（按网页显示的文字）；" in out
    for secret in ("1381234567", "8612345", "62010219900307123", "620102900307123", "zhang", "6222", "15912345678"):
        assert secret not in out and secret not in err


@pytest.mark.parametrize(("spelling", "kind"), SPELLINGS, ids=[ascii(text) for text, _ in SPELLINGS])
def test_every_spelling_is_found_in_a_page_and_in_json(spelling: str, kind: Kind) -> None:
    page = f"<article>\n<p>联系方式：{html.escape(spelling)}。</p>\n</article>".encode()
    assert [(leak.line, leak.kind) for leak in scan_file("x/index.html", page)] == [(2, kind)]
    data = json.dumps({"docs": [{"text": f"<p>联系方式：{html.escape(spelling)}。</p>"}]}).encode()
    assert [leak.kind for leak in scan_file("data/suggestions.json", data)] == [kind]
    # In the search index a plain space ends a number (table cells are joined with spaces there).
    in_index = [leak.kind for leak in scan_file("search/search_index.json", data)]
    if " " not in spelling and "\n" not in spelling:
        assert in_index == [kind]
    else:  # found only if a part of it is a number by itself (+86 13812345678)
        assert in_index in ([], [kind])


def test_everyday_numbers_and_markup_are_not_findings() -> None:
    page = "\n".join(f"<tr><td>{html.escape(text)}</td><td>12</td><td>3456</td></tr>" for text in EVERYDAY)
    svg = '<svg viewBox="0 0 24 24"><path d="M12 8a3 3 0 0 0 3-3 3 3 0 0 0-3-3 3 3 0 0 0-3 3 3 3 0 0 0 3 3"/></svg>'
    script = "<script>var w=[17,65,16,1,0,0,0,0,0,0,0,0,0,0,0,0,48,0,128];</script>"
    assert scan_file("x/index.html", (page + svg + script).encode()) == []
    # The same attribute words in a page's text are text.
    assert [leak.kind for leak in scan_file("x/index.html", '<p>见 d="13812345678"</p>'.encode())] == [Kind.MOBILE]


def test_table_rows_in_the_search_index_are_counts() -> None:
    index = {"docs": [{"location": "statistics/", "text": "合计\u200b 150 2500 2480 7 3"}]}
    assert scan_file("search/search_index.json", json.dumps(index).encode()) == []
    index["docs"][0]["text"] += " 电话\u200b 15025002480"
    assert [leak.kind for leak in scan_file("search/search_index.json", json.dumps(index).encode())] == [Kind.MOBILE]
    # Elsewhere a space is a space: the same row in a page's paragraph reads as a phone number.
    assert [leak.kind for leak in scan_file("x/index.html", b"<p>150 2500 2480</p>")] == [Kind.MOBILE]


def test_csv_is_read_field_by_field() -> None:
    rows = 'id,issue,count,total\r\n2026-X0001,150,2500,2480\r\n2026-X0002,"电话 138,1234,5678",1,2\r\n'
    assert [(leak.line, leak.kind) for leak in scan_file("data/x.csv", rows.encode())] == [(3, Kind.MOBILE)]


def test_cells_stay_apart_and_inline_tags_join() -> None:
    assert as_shown("<td>138</td><td>1234</td><td>5678</td>") == "\x00138\x00\x001234\x00\x005678\x00"
    assert as_shown("1<b>3</b>8<span\nclass=x>1</span>") == "138\n1"  # the line break stays where it was
    assert scan_file("x.html", b"<td>138</td><td>1234</td><td>5678</td>") == []


def test_files_that_are_not_text_are_passed_over_and_other_text_is_read() -> None:
    assert scan_file("logo.png", b"\x89PNG\r\n\x1a\n\xff\xfe\xff13812345678") == []
    # Not compressed after all, or in the older Chinese encoding: read all the same.
    assert [leak.kind for leak in scan_file("broken.gz", b"not gzip 13812345678")] == [Kind.MOBILE]
    assert [leak.kind for leak in scan_file("old.html", "<p>电话：13812345678</p>".encode("gb18030"))] == [Kind.MOBILE]


def test_the_build_fails_on_a_leak_and_names_the_file_not_the_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Text that never passes the models' check: the description of every page, set in mkdocs.yml.
    shutil.copytree(MINIMAL, tmp_path / "content")
    shutil.copytree(ROOT / "site_overrides", tmp_path / "site_overrides")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^site_description: .*$", f"site_description: 值班手机 {MOBILE}", config, count=1)
    assert MOBILE in config
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("YIZHENG_TODAY", "2026-11-27")
    code, out, err = run_cli(capsys, "build", "--content", "content", "--site-dir", "site", "--docs-dir", "docs")
    assert code == 1
    assert "site/index.html:" in out and "生成的网站文件中有疑似手机号" in out
    assert err.strip().endswith("网站构建失败：生成的文件中有疑似个人信息，不能发布")
    assert MOBILE not in out + err
    assert os.path.isdir(tmp_path / "site")


def test_redacted_spellings_reach_the_site_as_markers_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # What intake does with a resident's text, then the whole build (which scans what it wrote).
    from yizheng.intake.redact import marker, redact

    shutil.copytree(MINIMAL, tmp_path / "content")
    clean, counts = redact("；".join(f"第{index}条：{spelling}" for index, (spelling, _) in enumerate(SPELLINGS)))
    assert sum(counts.values()) == len(SPELLINGS)
    record = tmp_path / "content/suggestions/2026/2026-X0002.yml"  # handled and public: published in full
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("problem: 路口车多，老人过街危险。", f"problem: {json.dumps(clean)}"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("YIZHENG_TODAY", "2026-11-27")
    config = ROOT / "mkdocs.yml"
    shutil.copytree(ROOT / "site_overrides", tmp_path / "site_overrides")
    shutil.copy(config, tmp_path / "mkdocs.yml")
    code, out, err = run_cli(capsys, "build", "--content", "content", "--site-dir", "site", "--docs-dir", "docs")
    assert code == 0, out + err
    assert "隐私检查通过" in out
    page = (tmp_path / "site/suggestions/2026/2026-X0002/index.html").read_text(encoding="utf-8")
    assert page.count(marker(Kind.MOBILE)) == counts[Kind.MOBILE]


def test_the_hostile_corpus_holds_no_personal_number_and_breaks_no_reading() -> None:
    from hostile import CORPUS

    for text in CORPUS:
        if personal_data.find(text):  # the corpus's e-mail address: validate refuses it, and the scan finds it
            assert [leak.kind for leak in scan_file("x/index.html", text.encode())] == [Kind.EMAIL], text
            continue
        for name in ("x/index.html", "feed.xml", "data/x.json", "search/search_index.json", "x.csv", "sitemap.xml.gz"):
            data = gzip.compress(text.encode()) if name.endswith(".gz") else text.encode()
            assert scan_file(name, data) == [], (name, text)
        # Planted inside each, a number is still found, in a page and in JSON.
        assert [leak.kind for leak in scan_file("x/index.html", f"{text}\n<p>手机 {MOBILE}</p>".encode())] == [Kind.MOBILE]
        data = json.dumps([text, f"手机 {MOBILE}"]).encode()
        assert [leak.kind for leak in scan_file("data/x.json", data)] == [Kind.MOBILE]
