"""The whole build, through plain `mkdocs build` and its hook, with hostile record text."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import MINIMAL, ROOT

HOSTILE = '</title><script>alert(1)</script><img src=x onerror=alert(2)>'


def test_plain_mkdocs_build_escapes_a_hostile_title_everywhere(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    for relpath in ("suggestions/2026/2026-X0002.yml", "cases/overpass.yml", "meetings/2026-03-study.yml"):
        record = content / relpath
        text = record.read_text(encoding="utf-8")
        record.write_text(re.sub(r"(?m)^title: .*$", f"title: '{HOSTILE}'", text, count=1), encoding="utf-8")
    shutil.copytree(ROOT / "site_overrides", tmp_path / "site_overrides")
    (tmp_path / "scripts/yizheng/site").mkdir(parents=True)
    shutil.copy(ROOT / "scripts/yizheng/site/mkdocs_hooks.py", tmp_path / "scripts/yizheng/site/")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    (tmp_path / "build/docs").mkdir(parents=True)
    env = {**os.environ, "YIZHENG_TODAY": "2026-11-27"}
    env.pop("YIZHENG_CONTENT", None)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    for page in ("suggestions/2026/2026-X0002", "cases/overpass", "meetings/2026-03-study"):
        html = (tmp_path / "site" / page / "index.html").read_text(encoding="utf-8")
        assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html, page
    for path in (tmp_path / "site").rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html, path
