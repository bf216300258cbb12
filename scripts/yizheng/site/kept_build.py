"""An MkDocs build kept in memory for the preview: the whole site once, then only changed pages.

`full` does what `mkdocs build` does (mkdocs.commands.build.build, MkDocs 1.6) and keeps
its files, navigation and template environment. `update` then takes the paths the
incremental generation wrote and removed (incremental.py) and runs only those through
MkDocs' own page pipeline (`_populate_page`, `_build_page`, with every plugin event a page
has), copies changed data files, and deletes the pages of removed files. The navigation
and the search index stay as the full build made them: records are not in the navigation
(navigation.prune), and search finds an edited page's new words after the next full build.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.yizheng")


class KeptBuild:
    def __init__(self, config_file: Path) -> None:
        self.config: MkDocsConfig = load_config(str(config_file), strict=False)
        # The preview's server serves the site at its root, not under the public address's path
        # (/yizheng/): 404.html, the one page written from site_url, is written from the root here.
        self.config.site_url = None
        self.files: Files | None = None
        self.nav: Navigation | None = None
        self.env: Any = None

    @property
    def site_dir(self) -> Path:
        return Path(self.config.site_dir)

    def full(self) -> None:
        """The whole site into its site_dir, as `mkdocs build` builds it (not strict: a preview)."""
        config = self.config
        config.plugins.on_startup(command="build", dirty=False)
        config = self.config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        for file in files.documentation_pages(inclusion=InclusionLevel.is_included):
            if file.page is None:
                Page(None, file, config)
            assert file.page is not None
            mkdocs_build._populate_page(file.page, config, files)
        env = config.plugins.on_env(env, config=config, files=files)
        files.copy_static_files(inclusion=InclusionLevel.is_included)
        for template in config.theme.static_templates:
            mkdocs_build._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            mkdocs_build._build_extra_template(template, files, config, nav)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for file in doc_files:
            assert file.page is not None
            mkdocs_build._build_page(file.page, config, doc_files, nav, env)
        config.plugins.on_post_build(config=config)
        self.files, self.nav, self.env = files, nav, env

    def update(self, written: list[str], removed: list[str]) -> int:
        """Build again the pages of these docs-folder paths; the number of files built or removed."""
        assert self.files is not None and self.nav is not None, "full() first"
        config, files = self.config, self.files
        done = 0
        for relpath in removed:
            file = files.get_file_from_path(relpath)
            if file is not None:
                files.remove(file)
                built = Path(file.abs_dest_path)
                built.unlink(missing_ok=True)
                for folder in built.parents:  # a folder left empty (a page's own) goes too
                    if folder == self.site_dir or self.site_dir not in folder.parents or any(folder.iterdir()):
                        break
                    folder.rmdir()
                done += 1
        changed: list[File] = []
        added: list[File] = []
        for relpath in written:
            file = files.get_file_from_path(relpath)
            if file is None:
                file = File(relpath, config.docs_dir, config.site_dir, config.use_directory_urls)
                files.append(file)
                added.append(file)
            changed.append(file)
        if added:
            set_exclusions(added, config)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        pages = []
        for file in changed:
            if file.is_documentation_page():
                if file.page is None:
                    Page(None, file, config)
                assert file.page is not None
                mkdocs_build._populate_page(file.page, config, files)
                pages.append(file.page)
            else:
                file.copy_file()
                done += 1
        for page in pages:
            mkdocs_build._build_page(page, config, doc_files, self.nav, self.env)
            done += 1
        return done
