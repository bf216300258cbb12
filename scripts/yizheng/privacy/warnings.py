"""The loader's privacy warnings: flagged addresses and names in records nobody has checked yet."""

from __future__ import annotations

from ..messages import field_path
from ..problems import Problem, display_path
from ..registry import Registry, Source
from .review import REVIEWED_KINDS, Flagged, checked_digest, flagged_texts


def warnings(registry: Registry, noticed: bool = True) -> list[Problem]:
    """One warning per flagged stretch of a record whose `privacy_checked` does not match its flagged texts,
    and one for a `privacy_checked` left behind when nothing is flagged any more.

    Each says what was flagged and exactly what to write to silence it. `noticed` False says
    that no record text holds a trigger word (see `review.noticing`), so only digests left
    behind need a look.
    """
    problems: list[Problem] = []
    for kind in REVIEWED_KINDS:
        for record_id, record in registry.records(kind).items():
            if not noticed and record.privacy_checked is None:
                continue
            flagged = flagged_texts(record) if noticed else []
            source = registry.source(kind, record_id)
            if not flagged:
                if record.privacy_checked is not None:
                    problems.append(
                        Problem(
                            display_path(source.path),
                            source.line_of(("privacy_checked",)),
                            "privacy_checked",
                            "记录里已没有需要核对的住址或姓名，这一行可以删去",
                            severity="warning",
                        )
                    )
                continue
            digest = checked_digest([text for _, text, _ in flagged])
            if record.privacy_checked == digest:
                continue
            problems += _unchecked(source, record.privacy_checked, digest, flagged)
    return problems


def _unchecked(source: Source, checked: str | None, digest: str, flagged: list[Flagged]) -> list[Problem]:
    if checked:
        again, silence = "（核对后文字又有改动，需重新核对）", f"把 privacy_checked 改为 {digest}"
    else:
        again, silence = "", f"在记录末尾加一行 privacy_checked: {digest}"
    return [
        Problem(
            display_path(source.path),
            source.line_of(loc),
            field_path(loc),
            f"“{text[flag.start : flag.end]}”可能是个人{flag.kind.value}{again}；"
            f"公开前请人工核对：不宜公开就改写或删去，确认可以公开就{silence}",
            severity="warning",
        )
        for loc, text, flags in flagged
        for flag in flags
    ]
