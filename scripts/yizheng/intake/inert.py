"""Text made inert before the bot puts it into a comment or a pull request on GitHub.

Whatever the bot writes appears under the project's name, so text it repeats
(a staff reply, a note, another suggestion's title) must not turn into
anything but the same characters on the page: no link, image, mention, issue
reference, HTML, heading, list or code. `inert(text)`:

- backslash-escapes every ASCII punctuation character Markdown gives meaning
  to (CommonMark allows escaping any of them, and the escape disappears when
  the page is shown), which also breaks "http://" and "www." auto-links in the
  Markdown source;
- replaces "@" and "#" with their full-width forms "＠" "＃", because GitHub
  finds mentions and issue references in the text of the rendered page, after
  Markdown's escapes are gone; Chinese readers see the same sign;
- removes control and format characters (including the bidirectional overrides)
  and turns every line break into "\\n".

`quote(text)` gives the lines of an inert block quote.
"""

from __future__ import annotations

import re
import unicodedata

_ESCAPED = "\\`*_{}[]()<>!|~+-.=:;&\"'$%^/?,"
_WIDE = {"@": "＠", "#": "＃"}
_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\u0085\x0b\x0c]")


def inert(text: str) -> str:
    """`text` as plain characters for GitHub's Markdown: nothing in it can link, mention or format."""
    out: list[str] = []
    for char in _BREAKS.sub("\n", text):
        if char in _WIDE:
            out.append(_WIDE[char])
        elif char in _ESCAPED:
            out.append("\\" + char)
        elif char == "\n" or char == " ":
            out.append(char)
        elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") or char == "\t":
            out.append(" " if char == "\t" else "")
        else:
            out.append(char)
    return "".join(out)


def quote(text: str) -> list[str]:
    """The lines of a Markdown block quote showing `text` as it is, inert."""
    return [f"> {line.strip()}".rstrip() for line in inert(text).strip().split("\n")]
