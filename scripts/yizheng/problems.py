"""Problems found in records, and how they are printed.

Every check in the project reports a `Problem`: the file, the line, the field
and a Chinese message saying which rule was broken and what was expected.
Checks collect problems instead of raising, so one run reports all of them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        field = self.field or "-"
        return f"{self.path}:{self.line}: {field}: {self.message}"

    def annotation(self) -> str:
        """GitHub Actions workflow command, so a pull request shows it inline."""
        text = f"{self.field}: {self.message}" if self.field else self.message
        return f"::error file={_escape_property(self.path)},line={self.line}::{_escape_data(text)}"


def display_path(path: Path, base: Path | None = None) -> str:
    """A path as staff should see it: relative to the working directory if possible."""
    absolute = Path(os.path.abspath(path))  # not resolve(): a symlink is shown as itself
    try:
        return absolute.relative_to(os.path.abspath(base or Path.cwd())).as_posix()
    except ValueError:
        return path.as_posix()


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
