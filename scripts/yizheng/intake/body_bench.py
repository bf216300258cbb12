"""The issue-body parser at GitHub's size limit, on the worst shapes a body can take.

`yizheng bench --issue-body` runs this step alone (a few seconds), apart from
the site benchmark. Each shape is a valid suggestion body of exactly
`GITHUB_BODY_LIMIT` characters whose “反映的问题” is padded with one unit
repeated (unclosed fences, headings, blank lines, one long line, digits). The
figure is CPU time (`time.process_time`), the best of three runs, for
`parse_body` and, separately, for redacting the padded text (what intake does
to it next).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from .forms import FORMS_DIR, SUGGESTION_FILE
from .issue_body import NO_RESPONSE, Template, parse_body
from .redact import redact

GITHUB_BODY_LIMIT = 65_534
"""The longest issue body GitHub accepts, in characters."""

SHAPES = {
    "未闭合的代码围栏 ```x": "```x\n",
    "未闭合的 ~~~ 围栏": "~~~ y\n",
    "长短交错的围栏": "`````\n````x\n```\n",
    "成千上万个小标题": "### 类别\n\n",
    "只有 ###": "###\n",
    "空行": "\n",
    "一整行": "长",
    "一长串数字": "1",
}


def body_of(template: Template, unit: str, size: int = GITHUB_BODY_LIMIT) -> str:
    """A body of the form with every field filled and the first textarea padded with `unit` to `size` characters."""
    parts: list[str] = []
    padded = next(f.id for f in template.fields if f.type == "textarea")
    for field in template.fields:
        if field.type == "checkboxes":
            value = "\n".join(f"- [X] {option}" for option in field.options)
        elif field.type == "dropdown":
            value = field.options[0] if field.options else NO_RESPONSE
        elif field.id == padded:
            value = "\x00"
        else:
            value = "路口"
        parts.append(f"### {field.label}\n\n{value}")
    body = "\n\n".join(parts)
    room = max(0, size - len(body) + 1)
    return body.replace("\x00", "问题" + (unit * (room // len(unit) + 1))[: max(0, room - 2)])


def _best(run: Any, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def measure(root: Path, size: int = GITHUB_BODY_LIMIT) -> list[dict[str, Any]]:
    """For each shape: its body's length, and the CPU seconds of parsing it and of redacting it."""
    template = Template.from_yaml((root / FORMS_DIR / SUGGESTION_FILE).read_text(encoding="utf-8"))
    results = []
    for name, unit in SHAPES.items():
        body = body_of(template, unit, size)
        parsed = parse_body(body, template)
        results.append({
            "shape": name,
            "chars": len(body),
            "parsed": parsed.ok,
            "parse_s": _best(lambda body=body: parse_body(body, template)),
            "redact_s": _best(lambda body=body: redact(body), repeat=1),
        })
    return results


def text(results: list[dict[str, Any]]) -> str:
    lines = ["议题正文（GitHub 上限 65,534 个字符的最坏情况，CPU 时间；解析取三次中最快的一次）："]
    for r in results:
        lines.append(
            f"  {r['shape']}：{r['chars']:,} 个字符，解析 {r['parse_s'] * 1000:.1f} 毫秒，"
            f"删除个人信息 {r['redact_s'] * 1000:.1f} 毫秒" + ("" if r["parsed"] else "（未能读成表单）")
        )
    return "\n".join(lines)
