"""The loader's privacy warnings: flagged addresses and names in records nobody has checked yet."""

from __future__ import annotations

from ..messages import field_path
from ..problems import Problem, display_path
from ..registry import Registry
from .review import REVIEWED_KINDS, checked_digest, flagged_texts, take_noticed


def warnings(registry: Registry) -> list[Problem]:
    """One warning per flagged stretch of a record whose `privacy_checked` does not match its flagged texts.

    Each says what was flagged and exactly what line to add to silence it.
    """
    problems: list[Problem] = []
    if not take_noticed():
        return problems  # no record text holds a trigger word
    for kind in REVIEWED_KINDS:
        for record_id, record in registry.records(kind).items():
            flagged = flagged_texts(record)
            if not flagged:
                continue
            digest = checked_digest([text for _, text, _ in flagged])
            if record.privacy_checked == digest:
                continue
            source = registry.source(kind, record_id)
            shown = display_path(source.path)
            if record.privacy_checked:
                again, silence = "（核对后文字又有改动，需重新核对）", f"把 privacy_checked 改为 {digest}"
            else:
                again, silence = "", f"在记录末尾加一行 privacy_checked: {digest}"
            for loc, text, flags in flagged:
                for flag in flags:
                    problems.append(
                        Problem(
                            shown,
                            source.line_of(loc),
                            field_path(loc),
                            f"“{text[flag.start : flag.end]}”可能是个人{flag.kind.value}{again}；"
                            f"公开前请人工核对：不宜公开就改写或删去，确认可以公开就{silence}",
                            severity="warning",
                        )
                    )
    return problems
