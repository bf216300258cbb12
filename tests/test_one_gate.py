"""Issue #10: one gate. What `yizheng validate` accepts, the site renders and MkDocs builds.

- Record ids that would take a listing page's address are refused by validate (not by a renderer).
- Names from site.yml that the theme prints raw are refused when they hold markup characters,
  and the site's own template escapes everything it prints.
- A property: random hostile mutations of tests/fixtures/minimal either fail `load()` or render
  every page (in-process, no MkDocs); a few of them are built by real MkDocs too.
- The reserved names cannot drift from what the renderers write.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import datetime as dt
import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import MINIMAL, ROOT, run_cli
from golden import fixed_context
from hostile import CORPUS, one_line
from yizheng.loader import InvalidContent, load
from yizheng.models import Site
from yizheng.site import md
from yizheng.models.representative import ServiceStatus
from yizheng.site import rulebody
from yizheng.kinds import KIND_BY_NAME
from yizheng.site.context import LISTING_NAMES, SiteContext, reserved_id
from yizheng.site.generate import render_site

TODAY = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))

# --- finding 3: rules that only rendering checked ----------------------------------------------

RESERVED_CASES = [
    ("representatives/hl-002.yml", "former"),
    ("representatives/hl-002.yml", "index"),
    ("representatives/hl-002.yml", "streets"),
    ("representatives/hl-002.yml", "duty"),
    ("stations/hs-station.yml", "streets"),
    ("stations/hs-station.yml", "index"),
    ("rules/hl-rules-2022.md", "repealed"),
    ("meetings/2026-03-study.yml", "index"),
    ("cases/overpass.yml", "index"),
    ("cases/overpass.yml", "2"),
    ("meetings/2026-03-study.yml", "2026"),
]


def _copy_with_id(content: Path, relpath: str, new_id: str) -> tuple[str, int]:
    """A copy of a record under a new id (the original stays); its path and the line of its id."""
    source = content / relpath
    text = source.read_text(encoding="utf-8")
    old_id = source.name.removesuffix(source.suffix)
    text = text.replace(f"\nid: {old_id}\n", f"\nid: '{new_id}'\n", 1)
    target = source.with_name(new_id + source.suffix)
    target.write_text(text, encoding="utf-8")
    line = text.split("\n").index(f"id: '{new_id}'") + 1
    return target.relative_to(content).as_posix(), line


@pytest.mark.parametrize(("relpath", "new_id"), RESERVED_CASES)
def test_validate_refuses_an_id_that_takes_a_listing_address(
    capsys: pytest.CaptureFixture[str], minimal_copy: Path, monkeypatch: pytest.MonkeyPatch, relpath: str, new_id: str
) -> None:
    path, line = _copy_with_id(minimal_copy, relpath, new_id)
    kind = {"representatives": "representative", "stations": "station", "rules": "rule", "meetings": "meeting", "cases": "case"}[
        relpath.split("/")[0]
    ]
    title = {"representative": "议政代表", "station": "联络站", "rule": "制度文件", "meeting": "会议活动", "case": "典型案例"}[kind]
    monkeypatch.chdir(minimal_copy)
    code, out, err = run_cli(capsys, "validate", "--content", ".")
    assert code == 1
    names = {"representative": "duty、former、index、streets", "station": "cards、index、nearby、streets", "rule": "index、repealed"}.get(kind, "index")
    assert out.splitlines() == [
        f"{path}:{line}: id: 编号“{new_id}”会占用网站上{title}列表页的地址 {relpath.split('/')[0]}/{new_id}/；"
        f"{title}的编号不能是 {names}，也不能只由数字组成，请改用其他编号（文件名一起改）"
    ]


def test_an_id_like_a_street_is_no_collision(minimal_copy: Path) -> None:
    """meetings/<street>/<year>.md are calendars; a meeting named like a street keeps its own address."""
    _copy_with_id(minimal_copy, "meetings/2026-03-study.yml", "hualong")
    files = render_site(SiteContext(load(minimal_copy), TODAY.date(), "2026-11-27 12:00"))
    assert "meetings/hualong.md" in files and "meetings/hualong/2026.md" in files


def test_a_rule_body_with_a_forbidden_tag_stops_validate_not_the_build(
    capsys: pytest.CaptureFixture[str], minimal_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On main, validate passed this and `yizheng build` died with a traceback naming no file."""
    path = minimal_copy / "rules/hl-rules.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n<marquee onstart=\"alert(1)\">通知</marquee>\n", encoding="utf-8")
    monkeypatch.chdir(minimal_copy)
    code, out, err = run_cli(capsys, "validate", "--content", ".")
    assert code == 1
    assert out.splitlines() == [
        "rules/hl-rules.md:21: body: 正文含有不允许的 HTML 标签 <marquee>，请删除或改写；"
        "制度正文只能写 Markdown，见工作手册（HANDBOOK.md）第十部分"
    ]


# --- finding 2: names from site.yml ------------------------------------------------------------

NAME_CASES = [
    ("name", 4, "\"><img src=x onerror=alert(1)>", "英文双引号 \"、>、<"),
    ("name", 4, "A & B", "&"),
    ("name", 4, "红古区\" onmouseover=\"alert(1)", "英文双引号 \""),
    ("congress", 6, "红古区人大常委会'", "英文单引号 '"),
    ("congress", 6, "<!--", "<"),
]


@pytest.mark.parametrize(("field", "line", "value", "shown"), NAME_CASES)
def test_validate_refuses_markup_in_names_the_theme_prints_raw(
    capsys: pytest.CaptureFixture[str],
    minimal_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    field: str,
    line: int,
    value: str,
    shown: str,
) -> None:
    site = minimal_copy / "site.yml"
    text = site.read_text(encoding="utf-8")
    old = {"name": "  name: 红古区\n", "congress": "  congress: 红古区人大常委会\n"}[field]
    assert text.split("\n")[line - 1] + "\n" == old
    site.write_text(text.replace(old, f"  {field}: {yaml.safe_dump(value, allow_unicode=True).splitlines()[0]}\n"), encoding="utf-8")
    monkeypatch.chdir(minimal_copy)
    code, out, err = run_cli(capsys, "validate", "--content", ".")
    assert code == 1
    assert out.splitlines() == [
        f"site.yml:{line}: district.{field}: 不能含有 {shown}：这个名称会写进每个网页的页眉和标题，网站主题原样输出它，"
        "这些字符会弄乱网页，甚至被当作代码执行；请删去，或改用中文标点（如“”《》）"
    ]


@pytest.mark.parametrize(
    "url",
    ["https://x.gov.cn/a)b/", 'https://x.gov.cn/"><img src=x onerror=alert(1)>/', "https://x.gov.cn/a b/", "https://x.gov.cn/[a](b)/"],
)
def test_validate_refuses_a_site_address_that_would_end_a_link_early(
    capsys: pytest.CaptureFixture[str], minimal_copy: Path, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    """site_url is written into bot comments and issue forms as a Markdown link target."""
    site = minimal_copy / "site.yml"
    text = site.read_text(encoding="utf-8")
    site.write_text(text.replace("\nstreets:\n", f"\nsite_url: {json.dumps(url)}\nstreets:\n", 1), encoding="utf-8")
    monkeypatch.chdir(minimal_copy)
    code, out, err = run_cli(capsys, "validate", "--content", ".")
    assert code == 1
    line = site.read_text(encoding="utf-8").split("\n").index(f"site_url: {json.dumps(url)}") + 1
    assert out.splitlines() == [
        f"site.yml:{line}: site_url: 格式不符：应为公开网站的地址，以 / 结尾，如 https://yizheng.example.gov.cn/；"
        f"不填时按 GitHub Pages 的规则由代码仓库地址推出；实际为“{url}”"
    ]


@pytest.mark.parametrize("value", [one_line(text) for text in CORPUS])
def test_every_corpus_name_is_refused_or_plain_text(value: str) -> None:
    """What the model lets through as a district name or congress holds nothing HTML could read as markup."""
    for field in ("name", "congress"):
        data = {**MINIMAL_SITE, "district": {**MINIMAL_SITE["district"], field: value}}
        try:
            accepted = Site.model_validate(data).district
        except ValidationError as err:
            assert any(e["loc"] == ("district", field) for e in err.errors()), err
        else:
            assert not re.search(r"[<>&\"']", getattr(accepted, field)), value


def test_the_site_template_escapes_everything_it_prints() -> None:
    """Jinja's autoescape is off in MkDocs themes: every {{ }} in main.html but super() ends in `| e`."""
    template = (ROOT / "site_overrides" / "main.html").read_text(encoding="utf-8")
    printed = [expr.strip() for expr in re.findall(r"\{\{(.*?)\}\}", template, re.S)]
    assert printed, "main.html prints nothing?"
    unescaped = [expr for expr in printed if expr != "super()" and not re.search(r"\|\s*e\s*$", expr)]
    assert unescaped == []


@functools.lru_cache(maxsize=1)
def _minimal_context() -> SiteContext:
    return fixed_context()


REPOSITORY = Site.model_fields["repository"].metadata[0].pattern
MINIMAL_SITE = yaml.safe_load((MINIMAL / "site.yml").read_text(encoding="utf-8"))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(repository=st.from_regex(REPOSITORY, fullmatch=True), title=st.sampled_from(CORPUS))
def test_every_repository_the_model_accepts_makes_links_the_pages_accept(repository: str, title: str) -> None:
    """md.href refuses unsafe targets; validation must never let one through to it."""
    site = Site.model_validate({**MINIMAL_SITE, "repository": repository, "site_url": "https://example.gov.cn/"})
    ctx = _minimal_context()
    ctx = dataclasses.replace(ctx, registry=dataclasses.replace(ctx.registry, site=site))
    for url in (ctx.source_url("rule", "hl-rules"), ctx.history_url("rule", "hl-rules"), ctx.report_url("rule", "hl-rules", title)):
        assert md.link("链接", url).endswith(f"({md.href(url)})")


# --- the reserved names are what the renderers write -----------------------------------------


def _inflate(ctx: SiteContext, kind: str, template_id: str, count: int, **update: object) -> None:
    records = ctx.registry.records(kind)
    source = ctx.registry.source(kind, template_id)
    for n in range(count):
        new_id = f"{template_id}-x{n}"
        records[new_id] = records[template_id].model_copy(update={"id": new_id, **update})
        ctx.registry.sources[(kind, new_id)] = dataclasses.replace(source, relpath=source.relpath.replace(template_id, new_id))


def test_listing_names_cover_every_page_a_renderer_writes_beside_the_records() -> None:
    ctx = fixed_context()
    _inflate(ctx, "representative", "hl-001", 120)
    _inflate(ctx, "representative", "hs-001", 60)
    _inflate(ctx, "station", "hs-station", 70)
    _inflate(ctx, "rule", "hl-rules-2022", 60)
    _inflate(ctx, "case", "overpass", 60)
    _inflate(ctx, "meeting", "2026-03-study", 30)
    registry = ctx.registry
    assert sum(r.status is ServiceStatus.LEFT for r in registry.representatives.values()) > 50
    files = render_site(ctx)
    streets = set(registry.index.streets)
    seen: dict[str, set[str]] = {kind: set() for kind in LISTING_NAMES}
    for kind in LISTING_NAMES:
        folder = KIND_BY_NAME[kind].pages + "/"
        records = registry.records(kind)
        for path in files:
            if not path.startswith(folder) or path[len(folder) :].removesuffix(".md") in records:
                continue
            rest = path[len(folder) :]
            first = rest.split("/")[0].removesuffix(".md")
            if kind == "meeting" and first in streets and rest.count("/") == 1 and rest != f"{first}/index.md":
                continue  # a street's calendar, meetings/<street>/<year>.md: no record's address
            assert reserved_id(kind, first), f"{path}: {first!r} is not in LISTING_NAMES[{kind!r}]"
            seen[kind].add("<digits>" if first.isdigit() else first)
    # Every reserved name is used (or the list says more than the renderers do).
    assert {kind: names - {"<digits>"} for kind, names in seen.items()} == dict(LISTING_NAMES)


# --- the property: validated content always renders -------------------------------------------

BASE = {path.relative_to(MINIMAL).as_posix(): path.read_text(encoding="utf-8") for path in sorted(MINIMAL.rglob("*")) if path.is_file()}
RECORD_FILES = [p for p in BASE if p != "site.yml"]
KIND_OF_FOLDER = {"representatives": "representative", "stations": "station", "rules": "rule", "meetings": "meeting", "cases": "case"}
BODY_PIECES = CORPUS + [
    "| a | b |\n|:--|--:|\n| c | d |", "!!! note \"提示\"\n    内容", "[上一版](hl-rules-2022.md)", "<div markdown>\n\n**注意**\n\n</div>",
    "## 第二章", "\n\n", "<div>", "</div>", "```", "[x](#_1)", "[x](https://www.npc.gov.cn/)",
]  # fmt: skip


def _split(text: str) -> tuple[dict, str]:
    """A record file as its YAML data and its Markdown body ("" for YAML files)."""
    if text.startswith("---\n"):
        front, body = text[4:].split("\n---\n", 1)
        return yaml.safe_load(front), body
    return yaml.safe_load(text), ""


def _join(data: dict, body: str, markdown: bool) -> str:
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return f"---\n{dumped}---\n{body}" if markdown else dumped


def _leaves(data: object, loc: tuple = ()) -> list[tuple]:
    if isinstance(data, dict):
        return [leaf for key, value in data.items() if key != "id" or loc for leaf in _leaves(value, loc + (key,))]
    if isinstance(data, list):
        return [leaf for i, value in enumerate(data) for leaf in _leaves(value, loc + (i,))]
    return [loc] if isinstance(data, str) else []


def _set(data: dict, loc: tuple, value: object) -> None:
    for key in loc[:-1]:
        data = data[key]
    data[loc[-1]] = value


def _hostile(rng: random.Random) -> str:
    text = rng.choice(CORPUS)
    return one_line(text) if rng.random() < 0.5 else text


FREE_TEXT = {
    "address", "affiliation", "bio", "congress", "description", "duties", "event", "full_name", "introduction",
    "issuer", "label", "location", "name", "note", "number", "opening_hours", "outcome", "problem", "proposal",
    "quote", "reason", "speaker", "summary", "text", "title", "topic",
}  # fmt: skip
"""Keys of free text (mostly the models' Text, Name and Title fields); other values are mutated less often."""


def _is_free_text(loc: tuple) -> bool:
    return next((key for key in reversed(loc) if isinstance(key, str)), "") in FREE_TEXT


def _mutate_text(rng: random.Random, files: dict[str, str], relpath: str) -> str:
    data, body = _split(files[relpath])
    leaves = _leaves(data)
    free = [loc for loc in leaves if _is_free_text(loc)]
    loc = rng.choice(free if free and rng.random() < 0.9 else leaves)
    _set(data, loc, _hostile(rng))
    files[relpath] = _join(data, body, relpath.endswith(".md"))
    return f"{relpath}:{'.'.join(map(str, loc))}"


def _mutate_record(rng: random.Random, files: dict[str, str]) -> str:
    return _mutate_text(rng, files, rng.choice(RECORD_FILES))


def _mutate_site(rng: random.Random, files: dict[str, str]) -> str:
    return _mutate_text(rng, files, "site.yml")


def _mutate_body(rng: random.Random, files: dict[str, str]) -> str:
    relpath = rng.choice([p for p in RECORD_FILES if p.endswith(".md")])
    data, body = _split(files[relpath])
    pieces = [rng.choice(BODY_PIECES) for _ in range(rng.randint(1, 3))]
    body = (body if rng.random() < 0.5 else "") + "\n" + "".join(pieces) + "\n"
    files[relpath] = _join(data, body, True)
    return f"{relpath}:body"


def _mutate_id(rng: random.Random, files: dict[str, str]) -> str:
    relpath = rng.choice([p for p in RECORD_FILES if p.split("/")[0] in KIND_OF_FOLDER])
    kind = KIND_OF_FOLDER[relpath.split("/")[0]]
    new_id = rng.choice([*sorted(LISTING_NAMES[kind]), "2", "0", "hualong", "haishi", "data", "track", "feeds"])
    data, body = _split(files[relpath])
    data["id"] = new_id
    suffix = ".md" if relpath.endswith(".md") else ".yml"
    files[relpath.rsplit("/", 1)[0] + f"/{new_id}{suffix}"] = _join(data, body, suffix == ".md")
    return f"{relpath}:id={new_id}"


MUTATIONS: list[tuple[float, Callable[[random.Random, dict[str, str]], str]]] = [
    (0.45, _mutate_record),
    (0.2, _mutate_site),
    (0.25, _mutate_body),
    (0.1, _mutate_id),
]


def mutated(rng: random.Random) -> tuple[dict[str, str], list[str]]:
    files = dict(BASE)
    done = []
    for _ in range(rng.randint(1, 3)):
        mutation = rng.choices([m for _, m in MUTATIONS], weights=[w for w, _ in MUTATIONS])[0]
        done.append(mutation(rng, files))
    return files, done


def write(files: dict[str, str], folder: Path) -> Path:
    for relpath, text in files.items():
        path = folder / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def assert_renders(registry_content: Path, described: list[str]) -> dict[str, str | bytes]:
    registry = load(registry_content)
    ctx = SiteContext(registry=registry, today=TODAY.date(), built_at="2026年11月27日 12:00")
    files = render_site(ctx, jobs=1)
    for rule_id in registry.rules:
        page = files[ctx.page_of("rule", rule_id)]
        assert isinstance(page, str)
        html = rulebody.to_html(page)
        # The page's own parts after the body are still HTML, not swallowed by it.
        assert '<div class="yz-record-footer">' in html, described
        assert not any(name.startswith("on") or name == "style" for e in rulebody.events(html) if e[0] == "start" for name, _ in e[2])
    return files


EXAMPLES = 250


def test_content_that_validates_always_renders(tmp_path: Path) -> None:
    rng = random.Random(20261130)
    loaded = refused = 0
    for n in range(EXAMPLES):
        files, done = mutated(rng)
        folder = write(files, tmp_path / str(n))
        try:
            assert_renders(folder, done)
        except InvalidContent as err:
            refused += 1
            assert any(p.is_error for p in err.problems)
            site_readable = not any(p.path.endswith("site.yml") for p in err.problems)  # else records go unchecked
            for what in done:
                if "id=" in what and site_readable:
                    kind = KIND_OF_FOLDER[what.split("/")[0]]
                    new_id = what.split("id=")[1]
                    if reserved_id(kind, new_id):
                        # Refused for its id, unless the copy is invalid for another reason already.
                        assert any(
                            (p.field == "id" and f"编号“{new_id}”" in p.message) or Path(p.path).stem == new_id
                            for p in err.problems
                        ), done
        else:
            loaded += 1
            assert not any("id=" in what and reserved_id(KIND_OF_FOLDER[what.split("/")[0]], what.split("id=")[1]) for what in done)
    # Not vacuous: many mutated sets pass validation and were rendered, many were refused.
    assert loaded >= EXAMPLES // 5 and refused >= EXAMPLES // 5, (loaded, refused)


# --- and a few of them through real MkDocs -----------------------------------------------------

RICH_BODY = "\n".join(
    [
        "## 第二章 其他",
        "",
        "| 项目 | 时间 |",
        "|:--|--:|",
        "| 学习 | 每月 |",
        "",
        '!!! warning "注意"',
        "    本条自公布之日起施行。",
        "",
        "见[上一版](hl-rules-2022.md)、[全部制度](index.md)和[人大网](https://www.npc.gov.cn/)。",
        "",
        "A & B < C > D \" E ' F {{ config.extra }}",
    ]
)


def test_mutated_content_that_validates_builds_with_mkdocs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from yizheng.site.build import build_site

    monkeypatch.setenv("YIZHENG_TODAY", "2026-11-27")
    rich = dict(BASE)
    data, body = _split(rich["rules/hl-rules.md"])
    rich["rules/hl-rules.md"] = _join(data, body + "\n" + RICH_BODY + "\n", True)
    # A name the model accepts though it looks like a template: printed as it is, never evaluated.
    rich["site.yml"] = rich["site.yml"].replace("  name: 红古区\n", "  name: '{{ 7*7 }}区\u202e'\n", 1)
    sets = [("rich rule body", rich)]
    rng = random.Random(7)
    while len(sets) < 3:
        files, done = mutated(rng)
        folder = write(files, tmp_path / f"candidate-{len(sets)}-{rng.random():.6f}")
        try:
            load(folder)
        except InvalidContent:
            continue
        if len(done) >= 2:
            sets.append((" ".join(done), files))
    for n, (described, files) in enumerate(sets):
        content = write(files, tmp_path / f"content-{n}")
        registry = load(content)
        code = build_site(registry, ROOT / "mkdocs.yml", tmp_path / f"site-{n}", docs_dir=tmp_path / f"docs-{n}")
        assert code == 0, described
        page = (tmp_path / f"site-{n}" / "rules" / "hl-rules" / "index.html").read_text(encoding="utf-8")
        assert 'class="yz-record-footer"' in page, described
    rule_page = (tmp_path / "site-0" / "rules" / "hl-rules" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../hl-rules-2022/">上一版</a>' in rule_page
    assert '<th align="left">项目</th>' in rule_page
    assert "A &amp; B &lt; C &gt; D" in rule_page
    assert "<title>华龙街道议政代表会议事规则 - {{ 7*7 }}区\u202e街道议政代表会议</title>" in rule_page
    assert "49区" not in rule_page
