"""The Content-Security-Policy on every page: the wall behind the wall.

Records are escaped and rule bodies sanitized before they become HTML; should
anything slip through all the same, the browser still refuses to run it.
Every built page gets, right after <meta charset>, a

    <meta http-equiv="Content-Security-Policy" content="...">

that lets a page load scripts, styles, images, fonts, the search worker and
data only from the site itself; allows no style= attribute or <style> element,
no inline event handler, no plugin, no <base> elsewhere and no form posting to
another host; and runs an inline <script> only if its SHA-256 is listed.

The only hashes listed are those of the theme's own inline scripts: the bare
<script>…</script> elements of the template files (Material's partials such as
partials/javascripts/base.html), found on the page. Their text is fixed except
for a few template values (the page's base URL in `__md_scope=new URL("..")`,
which differs with the depth of the page); such a value may only be a path on
this site: no other host, and nothing that could end the string it stands in. A script anywhere on the
page that is not one of them (from a record, a rule body or a name that escaped
escaping) gets no hash and does not run. The site's own scripts are files under
site_overrides/assets/javascripts/, allowed by 'self'.

`frame-ancestors`, `report-uri` and `sandbox` have no effect in a <meta>
policy and are left out. `img-src` allows data: because Material draws its
icons in the stylesheet as data: SVG images (masks of the search, navigation
and admonition icons).

The local preview (`mkdocs serve`, `make serve`) is the one exception: its
server adds an inline live-reload script to every page as it sends it, so
there script-src is 'self' 'unsafe-inline' (everything else the same). The
built site (`yizheng build`, `mkdocs build`) never allows inline script by
anything but hash.

Pure functions of text; the MkDocs plugin (scripts/yizheng/site/plugin.py) applies them
to each page MkDocs writes (on_post_page, and on_post_template for 404.html).

An engine that runs no MkDocs plugin (Zensical) cannot have each page's policy written
after the page: it gets one policy for the whole site (`site_policy`), which
`yizheng generate` puts into the configuration it writes and the theme override
(site_overrides/main.html) writes into every page's <head>, before any script. It
lists the hash of each theme script as it renders at every page depth (the template
value above is the page's base URL: ".", "..", "../..", …, and the path of site_url
on 404.html), and, in style-src, the hash of each stylesheet the theme's script bundle
writes into a <style> element of its own (Zensical's search dialog, in a shadow root).
Everything else is the same as on MkDocs' pages.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

FIXED = (
    ("default-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
"""Every directive but script-src, whose hashes differ from page to page."""

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
"""A bare inline script: no src, no type (a JSON data block such as Material's __config has a type)."""

_TEMPLATE_VALUE = re.compile(r"{{.*?}}", re.DOTALL)
_PATH = r"(?!//)[A-Za-z0-9._~/%@+\-]*"
"""What a template value inside a theme script may be on the page: a path on this site (such as "../.."),
no scheme and no leading // (so never another host), no quote and no backslash (so it cannot end its string)."""

_META = '<meta http-equiv="Content-Security-Policy" content="{}">'
_CHARSET = re.compile(r"(\s*)<meta charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)
_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)


class NoHead(ValueError):
    """A page without <head>: it cannot carry the policy."""


def template_scripts(text: str) -> list[re.Pattern[str]]:
    """The theme's inline scripts in one template file, each as a pattern of the text it renders to.

    A script with a Jinja statement or comment inside is left out (and so blocked
    on the page): its text cannot be told in advance.
    """
    patterns = []
    for match in _INLINE_SCRIPT.finditer(text):
        body = match.group(1)
        if "{%" in body or "{#" in body:
            continue
        parts = _TEMPLATE_VALUE.split(body)
        patterns.append(re.compile(_PATH.join(re.escape(p) for p in parts), re.DOTALL))
    return patterns


@functools.cache
def theme_scripts(template_dirs: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """Every inline script of the templates in these folders (the theme's, custom_dir included)."""
    found: dict[str, re.Pattern[str]] = {}
    for folder in template_dirs:
        for path in sorted(Path(folder).rglob("*.html")):
            for pattern in template_scripts(path.read_text(encoding="utf-8")):
                found.setdefault(pattern.pattern, pattern)
    return tuple(found.values())


def sha256(script: str) -> str:
    """The CSP source for an inline script with this text: 'sha256-<base64>'."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def page_scripts(page: str) -> list[str]:
    """The text of every bare inline <script> on a page, in order."""
    return [m.group(1) for m in _INLINE_SCRIPT.finditer(page)]


def allowed_hashes(page: str, theme: Sequence[re.Pattern[str]]) -> list[str]:
    """The hashes of the inline scripts on the page that are the theme's own, each once, in order."""
    hashes: dict[str, None] = {}
    for script in page_scripts(page):
        if any(p.fullmatch(script) for p in theme):
            hashes[sha256(script)] = None
    return list(hashes)


def policy(hashes: Iterable[str], *, preview: bool = False, style_hashes: Iterable[str] = ()) -> str:
    """The policy text: script-src 'self' plus the given hashes, then the fixed directives
    (style-src with `style_hashes` added, for the theme's own <style> elements).

    `preview` (under `mkdocs serve` only) allows any inline script instead of the
    hashes, for the live-reload script the preview server adds to each page as
    it sends it (its text differs with every request, so it has no hash in advance).
    """
    script_src = "'self' 'unsafe-inline'" if preview else " ".join(["'self'", *hashes])
    style_src = " ".join([dict(FIXED)["style-src"], *style_hashes])
    directives = [("default-src", FIXED[0][1]), ("script-src", script_src), *FIXED[1:]]
    return "; ".join(f"{name} {style_src if name == 'style-src' else value}" for name, value in directives)


def rendered_scripts(text: str, values: Sequence[str]) -> list[str]:
    """The theme's inline scripts in one template file as they render: a script without template values
    as it is, one with template values once for each of `values` (each value in every place). Like
    `template_scripts`, a script with a Jinja statement or comment inside is left out."""
    scripts: dict[str, None] = {}
    for match in _INLINE_SCRIPT.finditer(text):
        body = match.group(1)
        if "{%" in body or "{#" in body:
            continue
        parts = _TEMPLATE_VALUE.split(body)
        for value in values if len(parts) > 1 else [""]:
            assert re.fullmatch(_PATH, value), value  # a path on this site, as template_scripts allows
            scripts[value.join(parts)] = None
    return list(scripts)


BASE_URLS = (".", *("/".join([".."] * depth) for depth in range(1, 9)), "/")
"""The page's base URL as a theme script holds it: pages up to eight folders below the root (the example
site's deepest is four), and the root path, which 404.html holds (it is served at any depth) when the site
has no site_url; with one, 404.html holds its path (/yizheng/), which the caller adds."""

_BUNDLE_STYLE = re.compile(r"""appendChild\(\w+\(["']style["'],\{\},(\w+)(?:\.toString\(\))?\)\)""")
"""Zensical's bundle writing a stylesheet held in a variable into a <style> element of its own:
`o.appendChild(C("style",{},Tc.toString()))` (its search dialog, in a shadow root)."""


def bundle_styles(bundle: str) -> list[str]:
    """The text of each stylesheet a theme's minified script bundle writes into a <style> element of its own,
    where the bundle holds it as a plain string literal (no escapes) in a variable."""
    styles: dict[str, None] = {}
    for match in _BUNDLE_STYLE.finditer(bundle):
        literal = re.search(r"(?<![\w$])" + re.escape(match.group(1)) + r"""=(['"`])((?:(?!\1)[^\\])*)\1""", bundle)
        if literal is not None:
            styles[literal.group(2)] = None
    return list(styles)


def site_policy(
    template_dirs: Sequence[Path],
    bundles: Sequence[Path],
    *,
    preview: bool = False,
    base_urls: Sequence[str] = BASE_URLS,
) -> str:
    """One policy for every page an engine builds from these theme folders (custom_dir included) and script
    bundles: the hash of each theme script at every base URL, and of each stylesheet a bundle writes itself."""
    hashes: dict[str, None] = {}
    for folder in template_dirs:
        for path in sorted(Path(folder).rglob("*.html")):
            for script in rendered_scripts(path.read_text(encoding="utf-8"), base_urls):
                hashes[sha256(script)] = None
    styles: dict[str, None] = {}
    for bundle in bundles:
        for style in bundle_styles(bundle.read_text(encoding="utf-8")):
            styles[sha256(style)] = None
    return policy(hashes, preview=preview, style_hashes=styles)


def with_policy(page: str, theme: Sequence[re.Pattern[str]], *, preview: bool = False) -> str:
    """The page with its policy as the first thing after <meta charset> (or <head>), before any script."""
    text = policy([] if preview else allowed_hashes(page, theme), preview=preview)
    assert '"' not in text and "&" not in text and "<" not in text  # safe inside content="..."
    head = _HEAD.search(page)
    if head is None:
        raise NoHead("页面没有 <head>，无法加上网页安全策略")
    at = head.end()
    indent = ""
    charset = _CHARSET.match(page, at)
    if charset is not None:
        at = charset.end()
        indent = charset.group(1).rpartition("\n")[2]
    return page[:at] + "\n" + indent + _META.format(text) + page[at:]
