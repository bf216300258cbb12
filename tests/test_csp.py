"""The Content-Security-Policy (yizheng.site.csp, applied by the MkDocs plugin), read from the text.

tests/test_browser.py checks the same policy in Chromium: no violation on any
kind of page, and an injected inline script or handler does nothing.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import material
import pytest
from hypothesis import given
from hypothesis import strategies as st

from yizheng.loader import load
from yizheng.site import charts, csp, engine_config

ROOT = Path(__file__).resolve().parent.parent
MATERIAL = Path(material.__file__).resolve().parent / "templates"
THEME = csp.theme_scripts((str(ROOT / "site_overrides"), str(MATERIAL)))
STYLESHEET = ROOT / "site_overrides" / "assets" / "stylesheets" / "yizheng.css"

BASE_SCRIPT = re.search(
    r"<script>(.*?)</script>", (MATERIAL / "partials/javascripts/base.html").read_text(encoding="utf-8"), re.DOTALL
).group(1)
"""Material's `__md_scope=new URL("{{ config.extra.scope | d(base_url) }}",location),…` as in the template."""


def base_script(base: str) -> str:
    """Material's first inline script as a page at this base URL carries it."""
    text, count = re.subn(r"{{.*?}}", lambda m: base, BASE_SCRIPT)
    assert count == 1
    return text


def page(*scripts: str, head: str = '<meta charset="utf-8">') -> str:
    body = "".join(f"<script>{s}</script>" for s in scripts)
    return (
        f"<!doctype html>\n<html>\n  <head>\n    {head}\n    <title>t</title>\n  </head>\n"
        f"  <body>{body}</body>\n</html>\n"
    )


# --- the policy text -----------------------------------------------------------------


def test_the_policy() -> None:
    assert csp.policy(["'sha256-AAAA'", "'sha256-BBBB'"]) == (
        "default-src 'self'; script-src 'self' 'sha256-AAAA' 'sha256-BBBB'; style-src 'self'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"
    )
    assert csp.policy([]) == (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"
    )
    # Only the local preview (mkdocs serve, which adds an inline live-reload script) allows inline script.
    preview = csp.policy(["'sha256-AAAA'"], preview=True)
    assert preview.startswith("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src")


def test_hashes_are_sha256_in_base64() -> None:
    """Values from `printf TEXT | openssl dgst -sha256 -binary | base64`."""
    assert csp.sha256("alert(1)") == "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    assert csp.sha256('\n  var x = "大字";\n') == "'sha256-izUfwd0Oa+DHP1OB8viiqvjDcIy5K5sVWAJIXUdhYVQ='"


# --- which inline scripts get a hash --------------------------------------------------------


def test_the_themes_scripts_are_found_in_its_templates() -> None:
    patterns = {p.pattern for p in THEME}
    assert any(p.startswith(re.escape("__md_scope=new URL(")) for p in patterns)
    assert any(p.startswith(re.escape('var palette=__md_get("__palette")')) for p in patterns)
    # A script with an attribute (Material's analytics, the JSON config) is no inline script the theme runs bare.
    assert not any("dataLayer" in p or '"annotate"' in p for p in patterns)
    # The site's own templates have no inline script (its scripts are files) and no style= attribute.
    main = re.sub(r"{#.*?#}", "", (ROOT / "site_overrides" / "main.html").read_text(encoding="utf-8"), flags=re.DOTALL)
    assert csp.template_scripts(main) == [] and "<script>" not in main
    assert not re.search(r"\sstyle=|<style|\son[a-z]+=", main)


@pytest.mark.parametrize("base", [".", "..", "../../..", "/", "/yizheng/", ""])
def test_the_theme_script_is_allowed_at_every_depth(base: str) -> None:
    script = base_script(base)
    assert csp.allowed_hashes(page(script), THEME) == [csp.sha256(script)]


HOSTILE_BASES = [
    '..",location),window.__yz_pwned=1,new URL("',
    "..\\\",location);alert(1)//",
    "//evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    "/\t/evil.example",
    "..\n",
    "..</script><script>alert(1)",
]


@pytest.mark.parametrize("base", HOSTILE_BASES)
def test_a_doctored_theme_script_gets_no_hash(base: str) -> None:
    assert csp.allowed_hashes(page(base_script(base)), THEME) == []


@pytest.mark.parametrize(
    "script",
    [
        "alert(1)",
        "window.__yz_pwned='PWN'",
        base_script("..") + ";window.__yz_pwned=1",
        "window.__yz_pwned=1;" + base_script(".."),
        " " + base_script(".."),
    ],
)
def test_any_other_script_gets_no_hash(script: str) -> None:
    assert csp.allowed_hashes(page(script), THEME) == []


def test_a_script_with_attributes_gets_no_hash() -> None:
    script = base_script("..")
    html = page().replace("<body>", f'<body><script type="module">{script}</script><script defer>{script}</script>')
    assert csp.allowed_hashes(html, THEME) == []


@given(st.text(alphabet=st.sampled_from(list("./:\\\"'%@+-_~ \t\nab\u2028<>")), max_size=12))
def test_an_allowed_base_stays_on_the_site(base: str) -> None:
    """Whatever base URL the hash allows cannot end its string or point at another host."""
    if not csp.allowed_hashes(page(base_script(base)), THEME):
        return
    assert not set(base) & set("\"'\\<>:\t\n\u2028 "), base
    assert not base.startswith("//")
    assert urlsplit(urljoin("http://127.0.0.1:8000/a/b/", base)).netloc == "127.0.0.1:8000"


def test_each_hash_once_in_page_order() -> None:
    one = base_script("../..")
    two = (
        "var target=document.getElementById(location.hash.slice(1));"
        'target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))'
    )
    assert csp.allowed_hashes(page(one, "alert(1)", two, one), THEME) == [csp.sha256(one), csp.sha256(two)]


# --- where the policy goes ----------------------------------------------------------------


def test_the_meta_comes_right_after_the_charset() -> None:
    script = base_script("..")
    out = csp.with_policy(page(script, "alert(1)"), THEME)
    expected_meta = f'<meta http-equiv="Content-Security-Policy" content="{csp.policy([csp.sha256(script)])}">'
    charset = '<meta charset="utf-8">'
    assert out == page(script, "alert(1)").replace(charset, charset + "\n    " + expected_meta)


def test_without_a_charset_the_meta_opens_the_head() -> None:
    out = csp.with_policy(page("alert(1)", head='<script src="a.js"></script>'), THEME)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{csp.policy([])}">'
    assert "<head>\n" + meta + "\n    <script src" in out


def test_a_charset_in_the_body_is_not_the_anchor() -> None:
    html = page(head="<title>x</title>").replace("<body>", '<body><meta charset="utf-8">')
    out = csp.with_policy(html, THEME)
    assert out.index("Content-Security-Policy") < out.index("<title>x</title>")


def test_a_page_without_head_is_refused() -> None:
    with pytest.raises(csp.NoHead):
        csp.with_policy("<p>no head</p><header>x</header>", THEME)


def test_only_the_preview_server_allows_inline_script() -> None:
    """`mkdocs serve` adds a live-reload script to each page as it sends it; `mkdocs build` never does."""
    from yizheng.site.plugin import YizhengPlugin

    hooks = YizhengPlugin()
    config = SimpleNamespace(theme=SimpleNamespace(dirs=[ROOT / "site_overrides", MATERIAL]))
    hooks.on_startup(command="serve", dirty=False)
    assert f'content="{csp.policy([], preview=True)}"' in hooks.on_post_page(page("alert(1)"), page=None, config=config)
    hooks.on_startup(command="build", dirty=False)
    script = base_script("..")
    built = hooks.on_post_page(page("alert(1)", script), page=None, config=config)
    assert f'content="{csp.policy([csp.sha256(script)])}"' in built
    assert f'content="{csp.policy([csp.sha256(script)])}"' in hooks.on_post_template(
        page("alert(1)", script), template_name="404.html", config=config
    )
    sitemap = "<urlset></urlset>"
    assert hooks.on_post_template(sitemap, template_name="sitemap.xml", config=config) == sitemap


# --- one policy for every page of an engine without MkDocs plugins (Zensical) ---------------


def test_a_template_script_renders_once_for_each_base_url() -> None:
    template = '<script>a("{{ base_url }}",{{ x }})</script><script>b()</script><script>{% if x %}c(){% endif %}</script>'
    assert csp.rendered_scripts(template, [".", "../.."]) == ['a(".",.)', 'a("../..",../..)', "b()"]


@pytest.mark.parametrize("base", HOSTILE_BASES)
def test_only_a_path_on_the_site_is_filled_in(base: str) -> None:
    with pytest.raises(AssertionError):
        csp.rendered_scripts("<script>a({{ base_url }})</script>", [base])


def test_the_base_urls_cover_eight_folders_and_the_root() -> None:
    assert csp.BASE_URLS[:3] == (".", "..", "../..") and csp.BASE_URLS[-2:] == ("/".join([".."] * 8), "/")


def test_the_stylesheet_a_bundle_writes_into_its_own_style_element() -> None:
    bundle = 'var a=1,Tc=\'.r{color:red}.s:after{content:"x"}\';function Sc(e){o.appendChild(C("style",{},Tc.toString()))}'
    assert csp.bundle_styles(bundle) == ['.r{color:red}.s:after{content:"x"}']
    # A literal with an escape (its text is not what the browser gets) or another variable's is not taken.
    assert csp.bundle_styles('var Tc=\'a\\\'b\';o.appendChild(C("style",{},Tc.toString()))') == []
    assert csp.bundle_styles('var XTc=\'x\';o.appendChild(C("style",{},Tc.toString()))') == []
    assert csp.bundle_styles("var Tc='x';o.appendChild(C(\"div\",{},Tc.toString()))") == []


def test_style_hashes_go_to_style_src_only() -> None:
    assert csp.policy(["'sha256-AAAA'"], style_hashes=["'sha256-SSSS'"]) == (
        "default-src 'self'; script-src 'self' 'sha256-AAAA'; style-src 'self' 'sha256-SSSS'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"
    )


def test_the_mkdocs_plugin_drops_the_policy_meant_for_zensical() -> None:
    """MkDocs builds from the generated configuration too (the preview): its pages get their own policy only."""
    from yizheng.site.plugin import YizhengPlugin

    hooks = YizhengPlugin()
    assert hooks.load_config({"generate": False}) == ([], [])
    config = SimpleNamespace(extra={"yizheng": {"district": "红古区", "csp": csp.policy([])}})
    hooks.on_config(config)  # type: ignore[arg-type]
    assert config.extra == {"yizheng": {"district": "红古区"}}


def test_every_zensical_page_has_the_one_policy_before_any_script(zensical_site: Path) -> None:
    policy = engine_config.zensical_policy(ROOT / "mkdocs.yml", site_url=load(ROOT / "content").site.address)
    assert policy is not None and "'unsafe-inline'" not in policy
    script_src = policy.split("; ")[1].split()
    pages = sorted(zensical_site.rglob("*.html"))
    assert zensical_site / "404.html" in pages and len(pages) > 50
    scopes = set()
    for path in pages:
        name = path.relative_to(zensical_site).as_posix()
        parsed_page = parsed(path)
        assert [content for content, _ in parsed_page.policies] == [policy], name
        before = parsed_page.head_tags[: parsed_page.policies[0][1]]
        assert "script" not in before and "style" not in before, f"{name}: {before}"
        # Every inline script on the page is the theme's, and its hash is in the policy: none is blocked.
        assert parsed_page.scripts and all(csp.sha256(s) in script_src for s in parsed_page.scripts), name
        scopes.add(parsed_page.scripts[0])
        assert parsed_page.bad == [], f"{name}: {parsed_page.bad}"
    assert len(scopes) >= 5  # __md_scope differs with the depth of the page (and on 404.html)


# --- the built example site ---------------------------------------------------------------


class _Page(HTMLParser):
    """The CSP metas, bare inline scripts, style= and on…= attributes and <style> elements of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.policies: list[tuple[str, int]] = []  # (content, index of the tag among head elements)
        self.head_tags: list[str] = []
        self.in_head = False
        self.script: list[str] | None = None
        self.scripts: list[str] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif self.in_head:
            self.head_tags.append(tag)
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "content-security-policy":
            self.policies.append((values.get("content") or "", len(self.head_tags) - 1))
        if tag == "script" and not attrs:
            self.script = []
        if tag == "style":
            self.bad.append("<style>")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.bad.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        if tag == "script" and self.script is not None:
            self.scripts.append("".join(self.script))
            self.script = None

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script.append(data)


def parsed(path: Path) -> _Page:
    parser = _Page()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def test_every_built_page_has_the_policy_first(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert built_site / "404.html" in pages and len(pages) > 50
    depths = set()
    for path in pages:
        name = path.relative_to(built_site).as_posix()
        parsed_page = parsed(path)
        assert len(parsed_page.policies) == 1, name
        content, position = parsed_page.policies[0]
        assert parsed_page.head_tags[: position + 1] == ["meta", "meta"], f"{name}: not right after <meta charset>"
        # Every inline script on the example site is the theme's, and its hash is in the policy: none is blocked.
        hashes = list(dict.fromkeys(csp.sha256(s) for s in parsed_page.scripts))
        assert content == csp.policy(hashes), name
        assert len(hashes) >= 3, name  # __md_scope, the palette, the #target script
        depths.add(parsed_page.scripts[0])
        assert parsed_page.bad == [], f"{name}: {parsed_page.bad}"
    assert len(depths) >= 4  # __md_scope differs with the depth of the page (and on 404.html)


def test_the_classes_that_replace_style_attributes_are_in_the_stylesheet() -> None:
    css = STYLESHEET.read_text(encoding="utf-8")
    assert charts.MAX_WIDTH == "22.5em"
    assert ".md-typeset .yz-chart {\n  max-width: 22.5em;\n}" in css
    for name in ("yz-track__label", "yz-track__input", "yz-track__button"):
        assert f".md-typeset .yz-track .{name}" in css, name
