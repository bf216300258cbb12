"""The configuration a site engine reads: mkdocs.yml with what the records decide filled in.

mkdocs.yml holds everything about the site that does not come from the records. The
site's name, its public address (`site_url`: Site.address, site.yml's site_url or the
repository's GitHub Pages address) and the `extra.yizheng` values the templates show
(district, congress, repository, build time) come from content/site.yml; the MkDocs plugin sets them while
MkDocs runs, and `yizheng generate` writes them, with the rest of mkdocs.yml, into a
generated configuration beside the generated pages, so an engine that runs no MkDocs
plugin (Zensical) builds the same pages from that one file.

That file also carries, as `extra.yizheng.csp`, the Content-Security-Policy for such an
engine's pages (csp.site_policy, from Zensical's theme and ours): the theme override writes
it into every page. The MkDocs plugin removes it and gives each page its own (plugin.py).
"""

from __future__ import annotations

import functools
import importlib.util
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from ..models import Site
from . import csp

GENERATED_CONFIG = "mkdocs.generated.yml"
"""The generated configuration's name, in the folder that holds the docs folder (build/)."""

PLUGIN = "yizheng"


def settings(site: Site, built_at: str) -> dict[str, Any]:
    """What the records decide in the configuration: site_name, site_url, and extra.yizheng for the templates.

    site_url is where the site is published, often under a path (https://owner.github.io/repo/).
    Every page links to the others relatively and works at any address; the error page 404.html,
    which the host serves at every unknown address at any depth, has its links, stylesheets and
    scripts from site_url's path (/repo/...), and each page gets a canonical link, the sitemap its
    addresses.
    """
    return {
        "site_name": f"{site.district.name}街道议政代表会议",
        "site_url": site.address,
        "yizheng": {
            "district": site.district.name,
            "congress": site.district.congress,
            "repository": site.repository,
            "built_at": built_at,
            "example": site.example,
        },
    }


def docs_dir_of(source: Path) -> Path:
    """The docs folder mkdocs.yml names, relative to the folder mkdocs.yml is in."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("不是 MkDocs 配置")
    return source.parent / str(data.get("docs_dir", "docs"))


def generated_config_path(docs_dir: Path) -> Path:
    return docs_dir.parent / GENERATED_CONFIG


def engine_config(
    source: Path, docs_dir: Path, values: dict[str, Any], site_dir: Path | None = None, *, policy: str | None = None
) -> dict[str, Any]:
    """mkdocs.yml (`source`) as a configuration kept beside `docs_dir`'s folder.

    Paths become relative to that folder, the site is built into its `site/` unless `site_dir`
    says otherwise; the plugin is told not to generate again (the pages
    are there already); `watch:` goes (the preview watches the content folder itself).
    `policy` (see zensical_policy) goes to extra.yizheng.csp.
    """
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    base = source.resolve().parent
    here = docs_dir.resolve().parent

    def moved(value: str) -> str:
        return Path(os.path.relpath((base / value).resolve(), here)).as_posix()

    data.pop("hooks", None)
    data.pop("watch", None)
    data["docs_dir"] = moved(str(docs_dir.resolve()))
    # Zensical builds only into a folder under the configuration's own.
    data["site_dir"] = moved(str(site_dir.resolve())) if site_dir is not None else "site"
    theme = data.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = moved(theme["custom_dir"])
    plugins = []
    for entry in data.get("plugins") or []:
        if entry == PLUGIN or (isinstance(entry, dict) and PLUGIN in entry):
            entry = {PLUGIN: {"generate": False}}
        plugins.append(entry)
    data["plugins"] = plugins
    data["site_name"] = values["site_name"]
    data["site_url"] = values["site_url"]
    data.setdefault("extra", {})["yizheng"] = values["yizheng"]
    if policy is not None:
        data["extra"]["yizheng"] = {**values["yizheng"], "csp": policy}
    return data


def zensical_templates() -> Path | None:
    """Zensical's theme folder, where Zensical is installed (the test extra installs it), else None."""
    spec = importlib.util.find_spec("zensical")
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent / "templates"
    return folder if folder.is_dir() else None


def zensical_policy(source: Path, *, preview: bool = False, site_url: str | None = None) -> str | None:
    """The one Content-Security-Policy for every page Zensical builds with mkdocs.yml (`source`): the
    hashes of the inline scripts of Zensical's theme and of custom_dir, and of the stylesheet its script
    bundle writes into its search dialog (csp.site_policy). The theme's scripts hold the page's base URL:
    a relative path on the pages, site_url's path (or the root) on 404.html. `preview`
    (`yizheng serve --engine zensical`) allows inline script, for the live-reload script Zensical's
    server adds. None without Zensical."""
    templates = zensical_templates()
    if templates is None:
        return None
    theme = yaml.safe_load(source.read_text(encoding="utf-8")).get("theme") or {}
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    folders = (templates, *([(source.resolve().parent / custom).resolve()] if custom else []))
    published = (urlsplit(site_url).path if site_url else "").rstrip("/")
    # Zensical writes it without the closing slash (/yizheng); MkDocs with it (/yizheng/).
    return _site_policy(folders, preview, csp.BASE_URLS + ((published, published + "/") if published else ()))


@functools.cache
def _site_policy(folders: tuple[Path, ...], preview: bool, base_urls: tuple[str, ...]) -> str:
    bundles = sorted((folders[0] / "assets" / "javascripts").glob("bundle.*.js"))
    return csp.site_policy(folders, bundles, preview=preview, base_urls=base_urls)


def dump(data: dict[str, Any]) -> str:
    header = "# Generated by `yizheng generate` from mkdocs.yml and content/site.yml: do not edit.\n"
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
