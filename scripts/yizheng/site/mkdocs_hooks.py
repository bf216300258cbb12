"""MkDocs hooks (listed under `hooks:` in mkdocs.yml): generate the pages before each build.

So plain `mkdocs build` and `mkdocs serve` work as well as `yizheng build`:
the records under content/ (or $YIZHENG_CONTENT) are loaded and checked, and
the generated Markdown is written into the docs folder (build/docs, ignored by git).

Every HTML page MkDocs writes (the pages, and 404.html, a theme template)
gets the Content-Security-Policy of yizheng.site.csp.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from yizheng.loader import InvalidContent, load
from yizheng.site import csp
from yizheng.site.generate import PRELOADED, context_for, write_site

log = logging.getLogger("mkdocs.plugins.yizheng")


def content_dir(config: MkDocsConfig) -> Path:
    configured = os.environ.get("YIZHENG_CONTENT")
    if configured:
        return Path(configured)
    return Path(config.config_file_path).parent / "content"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    content = content_dir(config)
    try:
        registry = PRELOADED.get(content.resolve()) or load(content)
    except InvalidContent as err:
        for problem in err.problems:
            log.error(str(problem))
        raise Abort(f"记录校验未通过：共 {len(err.problems)} 个错误，网站没有生成。请先运行 yizheng validate 并修正。") from None
    ctx = context_for(registry)
    report = write_site(ctx, Path(config.docs_dir))
    log.info(
        "yizheng: 生成 %d 个文件，其中改写 %d 个，删除 %d 个",
        len(report.written) + report.unchanged,
        len(report.written),
        len(report.removed),
    )
    site = registry.site
    config.site_name = f"{site.district.name}街道议政代表会议"
    config.extra["yizheng"] = {
        "district": site.district.name,
        "congress": site.district.congress,
        "repository": site.repository,
        "built_at": ctx.built_at,
        "example": site.example,
    }
    return config


PREVIEW_ENV = "YIZHENG_SERVING"
"""Set to 1 by on_startup in a `mkdocs serve` process: see yizheng.site.csp.

An environment variable, not a module variable: `mkdocs serve` loads this hook
file afresh for every rebuild but calls on_startup only once.
"""


def on_startup(command: str, dirty: bool) -> None:
    if command == "serve":
        os.environ[PREVIEW_ENV] = "1"
        log.info("yizheng: 本机预览时，为了改记录后自动刷新，网页安全策略允许页面内的脚本；正式生成的网站不允许。")
    else:
        os.environ.pop(PREVIEW_ENV, None)


def _with_policy(html: str, config: MkDocsConfig) -> str:
    theme = csp.theme_scripts(tuple(str(d) for d in config.theme.dirs))
    return csp.with_policy(html, theme, preview=os.environ.get(PREVIEW_ENV) == "1")


def on_post_page(output: str, page: object, config: MkDocsConfig) -> str:
    return _with_policy(output, config)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):
        return output_content  # sitemap.xml
    return _with_policy(output_content, config)
