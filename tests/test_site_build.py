"""The whole build, through plain `mkdocs build` and the yizheng plugin, with hostile record text;
and `yizheng generate`, whose generated configuration builds the same site without the plugin."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import MINIMAL, ROOT, run_cli

HOSTILE = '</title><script>alert(1)</script><img src=x onerror=alert(2)>'


def _project(tmp_path: Path) -> Path:
    """A project folder with the minimal content (three titles made hostile), the overrides and mkdocs.yml."""
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    for relpath in ("suggestions/2026/2026-X0002.yml", "cases/overpass.yml", "meetings/2026-03-study.yml"):
        record = content / relpath
        text = record.read_text(encoding="utf-8")
        record.write_text(re.sub(r"(?m)^title: .*$", f"title: '{HOSTILE}'", text, count=1), encoding="utf-8")
    shutil.copytree(ROOT / "site_overrides", tmp_path / "site_overrides")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "build/docs").mkdir(parents=True)
    return tmp_path


def _run(args: list[str], cwd: Path) -> str:
    env = {**os.environ, "YIZHENG_TODAY": "2026-11-27"}
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def _html(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The project built once by plain `mkdocs build` into its site/: the project and the log (tests add
    folders beside site/, never change it)."""
    project = _project(tmp_path_factory.mktemp("project"))
    return project, _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "site")], project)


def test_plain_mkdocs_build_escapes_a_hostile_title_everywhere_and_generate_builds_the_same_site(built: tuple[Path, str]) -> None:
    project, log = built
    # MkDocs' list of pages not in the navigation is one line with the count, not a line per page.
    assert re.search(r"(?m)^INFO    -  yizheng: \d+ 个页面不在导航中（记录页和列表分页，由列表页链接，属正常）$", log), log
    assert "  - suggestions/" not in log and "not included in the" not in log
    pages = _html(project / "site")
    for page in ("suggestions/2026/2026-X0002", "cases/overpass", "meetings/2026-03-study"):
        assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in pages[f"{page}/index.html"], page
    for path, html in pages.items():
        assert "<script>alert" not in html and "<img src=x" not in html, path

    # The same pages, generated without MkDocs, then built by MkDocs from the generated configuration alone.
    yizheng = str(Path(sys.executable).parent / "yizheng")
    _run([yizheng, "generate", "--docs-dir", "out/docs"], project)
    config = project / "out" / "mkdocs.generated.yml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    assert (data["docs_dir"], data["site_dir"], data["theme"]["custom_dir"]) == ("docs", "site", "../site_overrides")
    assert data["plugins"][0] == {"yizheng": {"generate": False}} and "watch" not in data
    assert data["site_name"] == "红古区街道议政代表会议"
    assert data["site_url"] == "https://example.github.io/yizheng/"  # the repository's GitHub Pages address
    assert data["extra"]["yizheng"]["built_at"] == "2026年11月27日 12:00"
    _run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)], project)
    assert _html(project / "out" / "site") == pages


_CANONICAL = re.compile(r'\n *<link rel="canonical" href="([^"]*)">\n')


def test_the_site_s_address_changes_only_the_error_page_canonical_links_and_sitemap(
    built: tuple[Path, str], tmp_path: Path
) -> None:
    """site_url (site.yml's, or the GitHub Pages address) reaches MkDocs: 404.html, which the host shows at
    every unknown address, takes its stylesheets, scripts and links from the address's path, each page
    gets a canonical link, the sitemap the addresses. Every other byte of every page is the same as when
    the site is at a server's root, so a server that serves the site at its root (the preview, the tests)
    shows every page but 404.html as it is published."""
    web_project, log = built  # at the repository's GitHub Pages address, https://example.github.io/yizheng/
    project = _project(tmp_path)
    site = project / "content" / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("\nstreets:\n", "\nsite_url: https://yizheng.example.gov.cn/\nstreets:\n", 1), encoding="utf-8")
    log += _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "own")], project)
    web, own = _html(web_project / "site"), _html(project / "own")
    assert web.keys() == own.keys() and len(web) > 30, log
    for path, html in web.items():
        if path == "404.html":
            continue
        page = path.removesuffix("index.html")
        assert _CANONICAL.findall(html) == [f"https://example.github.io/yizheng/{page}"], path
        assert _CANONICAL.findall(own[path]) == [f"https://yizheng.example.gov.cn/{page}"], path
        assert _CANONICAL.sub("\n", html) == _CANONICAL.sub("\n", own[path]), path
    # 404.html: from /yizheng/ on GitHub Pages, from the root at the district's own address.
    for name, root in (("web", "/yizheng/"), ("own", "/")):
        html = (web if name == "web" else own)["404.html"]
        assert f'<link rel="stylesheet" href="{root}assets/stylesheets/yizheng.css">' in html, name
        assert f'<a class="md-button md-button--primary" href="{root}">回到首页</a>' in html, name
        assert f'"base": "{root}"' in html and f'new URL("{root}",location)' in html, name
        assert 'rel="canonical"' not in html
    assert not re.search(r'(?:href|src)="/(?!yizheng/)', web["404.html"])  # nothing from the server's root
    sitemap = (web_project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.github.io/yizheng/cases/overpass/</loc>" in sitemap


def test_generate_says_what_it_wrote_in_counted_steps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YIZHENG_TODAY", "2026-11-27")  # the same build time both runs
    docs = tmp_path / "out" / "docs"
    code, out, err = run_cli(capsys, "generate", "--content", str(MINIMAL), "--docs-dir", str(docs), "--config-file", str(ROOT / "mkdocs.yml"))
    assert code == 0, err
    config = tmp_path / "out" / "mkdocs.generated.yml"
    total = sum(1 for p in docs.rglob("*") if p.is_file())
    assert out == (
        f"已生成 {total} 个文件到 {docs}（改写 {total} 个，删除 0 个）\n"
        f"网站配置：{config}（构建：mkdocs build -f {config}，或 zensical build -f {config}）\n"
    )
    assert re.fullmatch(r"\[1/2\] 读入并校验记录……（已用 \d+ 秒）\n\[2/2\] 生成页面和网站配置……（已用 \d+ 秒）\n", err), err
    # Again: nothing to rewrite.
    assert run_cli(capsys, "generate", "--content", str(MINIMAL), "--docs-dir", str(docs), "--config-file", str(ROOT / "mkdocs.yml"))[1].startswith(
        f"已生成 {total} 个文件到 {docs}（改写 0 个，删除 0 个）\n"
    )


@pytest.mark.parametrize(("command", "site_url"), [("build", "https://example.github.io/yizheng/"), ("serve", None)])
def test_the_plugin_gives_mkdocs_the_address_but_not_under_mkdocs_serve(tmp_path: Path, command: str, site_url: str | None) -> None:
    """`mkdocs serve` serves the site at its own server's root and keeps its own site_url (None here,
    the local address when MkDocs serves): the error page it shows for a missing page works there."""
    from mkdocs.config import load_config

    project = _project(tmp_path)
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command=command, dirty=False)
    assert config.plugins.on_config(config).site_url == site_url
