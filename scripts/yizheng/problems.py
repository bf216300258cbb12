"""Problems found in records, and how they are printed.

Every check in the project reports a `Problem`: the file, the line, the field
and a Chinese message saying which rule was broken and what was expected.
Checks collect problems instead of raising, so one run reports all of them.
A problem is an error (the records cannot be published as they are) or a
warning (a person should look, e.g. what may be a home address; nothing fails).

Whatever a record holds, a problem prints as one line: line breaks and other
control characters in a path, a field or a message are shown escaped, so a
value can never start a line of its own (in a GitHub Actions log such a line
could be read as a workflow command).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        field = self.field or "-"
        label = "" if self.is_error else "提醒："
        return one_line(f"{self.path}:{self.line}: {field}: {label}{self.message}")

    def annotation(self) -> str:
        """GitHub Actions workflow command, so a pull request shows it inline; always one line."""
        text = f"{self.field}: {self.message}" if self.field else self.message
        return f"::{self.severity} file={_escape_property(self.path)},line={self.line}::{_escape_data(text)}"


def display_path(path: Path, base: Path | None = None) -> str:
    """A path as staff should see it: relative to the working directory if possible."""
    absolute = Path(os.path.abspath(path))  # not resolve(): a symlink is shown as itself
    try:
        return absolute.relative_to(os.path.abspath(base or Path.cwd())).as_posix()
    except ValueError:
        return path.as_posix()


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """`text` with every control character and line separator shown as an escape (\\n, \\x1b, \\u2028)."""
    return _UNPRINTABLE.sub(_visible, text)


def _visible(match: re.Match[str]) -> str:
    char = match[0]
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char) or (
        f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    )


def _escape_data(text: str) -> str:
    """GitHub's escaping of a workflow command's message, after anything else unprintable is made visible."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return one_line(text)


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
