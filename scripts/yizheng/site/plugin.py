"""The MkDocs plugin `yizheng` (listed under `plugins:` in mkdocs.yml): the records become pages
before each build.

Options, in mkdocs.yml:

- `content`: the records' folder, relative to mkdocs.yml (default `content`);
- `generate`: whether to load the records and generate the pages (default true). The
  configuration `yizheng generate` writes sets it to false: its pages are there already.
- `site_url`: whether MkDocs is told the site's public address (Site.address) as its
  `site_url` (default true), so that 404.html, which the host shows at every unknown address,
  links its stylesheets, scripts and pages from the path the site is published under
  (/yizheng/...). The offline copy sets it to false (offline.py): it is opened from disk, and
  its pages are files (about.html), not the web's addresses, so no canonical link to them.
  Under `mkdocs serve` MkDocs' own site_url (the local server's address) stays: the local
  server serves the site at its root.

Every HTML page MkDocs writes (the pages, and 404.html, a theme template) gets the
Content-Security-Policy of yizheng.site.csp; under `mkdocs serve` the policy allows inline
script (the live-reload script the server adds).

`yizheng build` hands the registry it loaded to the plugin (`use`), so the records are read
once. Under `mkdocs serve` MkDocs keeps this plugin across rebuilds (it has `on_startup`):
it watches the content folder and, after the first build, regenerates only what the
changed records feed (see incremental.py).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin

from ..loader import InvalidContent, load
from ..registry import Registry
from . import csp, engine_config
from .generate import context_for, write_site
from .writer import WriteReport

log = logging.getLogger("mkdocs.plugins.yizheng")

_NOT_IN_NAV = "The following pages exist in the docs directory, but are not included in the \"nav\" configuration:"


class ShortNavNotice(logging.Filter):
    """MkDocs lists every page that is not in the navigation: the record pages, by design (some
    13,700 lines at 10,000 suggestions). The list becomes one line with the count; every other
    message, warnings and errors among them, passes as it is."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.levelno < logging.WARNING and message.startswith(_NOT_IN_NAV):
            record.msg = "yizheng: %d 个页面不在导航中（记录页和列表分页，由列表页链接，属正常）"
            record.args = (message.count("\n  - "),)
        return True


_SHORT_NAV_NOTICE = ShortNavNotice()


class YizhengConfig(base.Config):
    content = c.Type(str, default="content")
    generate = c.Type(bool, default=True)
    site_url = c.Type(bool, default=True)


class YizhengPlugin(BasePlugin[YizhengConfig]):
    def __init__(self) -> None:
        self.registry: Registry | None = None
        self.serving = False

    def use(self, registry: Registry) -> None:
        """Generate the next build from this registry instead of loading the content folder again."""
        self.registry = registry

    def content_dir(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path or ".").parent / self.config.content

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        if self.serving:
            log.info("yizheng: 本机预览时，为了改记录后自动刷新，网页安全策略允许页面内的脚本；正式生成的网站不允许。")

    def _with_policy(self, html: str, config: MkDocsConfig) -> str:
        theme = csp.theme_scripts(tuple(str(d) for d in config.theme.dirs))
        return csp.with_policy(html, theme, preview=self.serving)

    def on_post_page(self, output: str, /, *, page: Any, config: MkDocsConfig) -> str:
        return self._with_policy(output, config)

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):
            return output_content  # sitemap.xml
        return self._with_policy(output_content, config)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        nav_log = logging.getLogger("mkdocs.structure.nav")
        if _SHORT_NAV_NOTICE not in nav_log.filters:
            nav_log.addFilter(_SHORT_NAV_NOTICE)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        yz = config.extra.get("yizheng")
        if isinstance(yz, dict):
            yz.pop("csp", None)  # Zensical's one policy (engine_config.py); MkDocs' pages get their own here
        if not self.config.generate:
            return config
        content = self.content_dir(config)
        given, self.registry = self.registry, None  # for this build only: MkDocs keeps one plugin per process
        try:
            registry = given if given is not None and not self.serving else load(content)
        except InvalidContent as err:
            errors = [problem for problem in err.problems if problem.is_error]
            for problem in errors:
                log.error(str(problem))
            raise Abort(f"记录校验未通过：共 {len(errors)} 个错误，网站没有生成。请先运行 yizheng validate 并修正。") from None
        ctx = context_for(registry)
        report_generated(write_site(ctx, Path(config.docs_dir)))
        values = engine_config.settings(registry.site, ctx.built_at)
        config.site_name = values["site_name"]
        if self.config.site_url and not self.serving:
            config.site_url = values["site_url"]
        config.extra["yizheng"] = values["yizheng"]
        return config

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.config.generate:
            server.watch(str(self.content_dir(config)))
        return server


def report_generated(report: WriteReport) -> None:
    log.info(
        "yizheng: 生成 %d 个文件，其中改写 %d 个，删除 %d 个",
        len(report.written) + report.unchanged,
        len(report.written),
        len(report.removed),
    )
