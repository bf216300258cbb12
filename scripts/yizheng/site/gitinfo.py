"""When each record last changed, from the repository's history, in one git call."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def last_changed(content: Path) -> dict[str, dt.date]:
    """content-relative path → date of the last commit that touched it; {} outside a repository."""
    try:
        result = subprocess.run(
            ["git", "-C", str(content), "log", "--format=%x00%cs", "--name-only", "--relative", "--", "."],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if result.returncode != 0:
        return {}
    dates: dict[str, dt.date] = {}
    current: dt.date | None = None
    for line in result.stdout.splitlines():
        if line.startswith("\x00"):
            current = dt.date.fromisoformat(line[1:])
        elif line and current is not None and line not in dates:
            dates[line] = current
    return dates
