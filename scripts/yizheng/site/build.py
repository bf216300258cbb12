"""`yizheng build`: the MkDocs build, in this process, with the registry already loaded."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from ..registry import Registry
from .engine_config import PLUGIN


def build_site(
    registry: Registry, config_file: Path, site_dir: Path, docs_dir: Path | None = None, offline: bool = False
) -> int:
    """Build the site into site_dir with --strict; 0 on success, 1 on any warning or error.

    `docs_dir` moves the generated Markdown away from build/docs (several builds at once).
    The registry goes to the configuration's `yizheng` plugin, which generates from it.
    `offline` builds the copy that opens from disk (see site/offline.py): every page a file
    (use_directory_urls: false) and Material's offline plugin (search without a server).
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        overrides = {"site_dir": str(site_dir.resolve()), "strict": True}
        if docs_dir is not None:
            docs_dir.mkdir(parents=True, exist_ok=True)
            overrides["docs_dir"] = str(docs_dir.resolve())
        if offline:
            from .offline import OVERRIDES, SHIM, finish, plugins_with_offline

            overrides.update(OVERRIDES, plugins=plugins_with_offline(config_file))
        config = load_config(config_file=str(config_file), **overrides)
        plugin = config.plugins.get(PLUGIN)
        if plugin is None:
            print(f"{config_file}：plugins 中没有 {PLUGIN}，无法生成页面", file=sys.stderr)
            return 1
        plugin.use(registry)  # type: ignore[attr-defined]
        if offline:
            config.extra["polyfills"] = [*config.extra.get("polyfills", []), SHIM]
        build(config)
        if offline:
            finish(site_dir, registry.site.address)
    except (Abort, MkDocsException) as err:
        print(f"网站构建失败：{err}", file=sys.stderr)
        return 1
    finally:
        logger.removeHandler(handler)
    if scan_built_site(registry, site_dir) != 0:
        print("网站构建失败：生成的文件中有疑似个人信息，不能发布", file=sys.stderr)
        return 1
    print(f"网站已生成：{site_dir}")
    return 0


def scan_built_site(registry: Registry, site_dir: Path, annotations: bool = False) -> int:
    """The privacy scan of every file under site_dir (yizheng.privacy.scan): 0 when it finds nothing, else 1.

    The stations' public phones are published on purpose and are not findings.
    """
    import time

    from ..cli import print_problems
    from ..privacy.scan import public_numbers, scan_site

    started = time.perf_counter()
    public = public_numbers(station.phone for station in registry.stations.values() if station.phone)
    leaks = scan_site(site_dir, public)
    if leaks:
        print_problems([leak.problem(site_dir.as_posix()) for leak in leaks], annotations)
        return 1
    files = sum(1 for path in site_dir.rglob("*") if path.is_file())
    print(f"隐私检查通过：{files} 个网站文件中没有个人电话、证件号、银行卡号或邮箱（用时 {time.perf_counter() - started:.1f} 秒）")
    return 0
