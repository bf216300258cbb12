"""Golden files: generated text compared with a checked-in expected file.

Run with UPDATE_GOLDEN=1 to rewrite the expected files after a deliberate
change, then review the diff like any other change.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from yizheng.loader import load
from yizheng.site.context import SiteContext
from yizheng.site.generate import render_site

GOLDEN = Path(__file__).resolve().parent / "golden"
MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"
TODAY = dt.date(2026, 11, 27)


def fixed_context(content: Path = MINIMAL) -> SiteContext:
    """A context that does not depend on the clock or on git."""
    return SiteContext(registry=load(content), today=TODAY, built_at="2026年11月27日 12:00", last_changed={})


def generated(content: Path = MINIMAL) -> dict[str, str | bytes]:
    return render_site(fixed_context(content))


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} 不存在：用 UPDATE_GOLDEN=1 运行一次以生成，并检查其内容"
    assert text == path.read_text(encoding="utf-8"), f"{name} 与金标准文件不同；若是有意修改，用 UPDATE_GOLDEN=1 更新"
