"""Pieces that many pages share: status badges, the example-data notice, the record footer."""

from __future__ import annotations

from ..models.lifecycle import Status
from . import md
from .context import STATUS_SLUG, SiteContext

def status_badge(status: Status) -> str:
    return md.badge(status.value, STATUS_SLUG[status])


def example_notice(is_example: bool) -> str:
    """A visible note on every record that is example data; empty otherwise."""
    if not is_example:
        return ""
    return '!!! note "示例数据"\n    本页内容为演示用的虚构示例，不是真实记录。\n'


def record_footer(ctx: SiteContext, kind: str, record_id: str, title: str) -> str:
    """When the record last changed, its source file and history, and a way to report an error."""
    changed = ctx.changed_on(kind, record_id)
    when = f"本记录最后修改于 {changed.isoformat()}。" if changed else "本记录尚无提交记录。"
    links = " · ".join(
        [
            md.link("查看源文件", ctx.source_url(kind, record_id)),
            md.link("修改历史", ctx.history_url(kind, record_id)),
            md.link("报告错误", ctx.report_url(kind, record_id, title)),
        ]
    )
    return f'<div class="yz-record-footer" markdown>\n\n{when}{links}\n\n</div>\n'
