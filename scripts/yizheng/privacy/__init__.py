"""Privacy beyond the certain numbers of `yizheng.personal_data`.

- `review`: what may be a home address or a personal name, flagged for a
  person to decide: `review_flags(text)` for one text (intake calls it on a
  new record's text), `flagged_texts(record)` and `record_digest(record)` for
  a whole record; the loader's warnings (`warnings`) are built from them.
- `scan`: every file written to the built site read for personal numbers
  (`scan_site(site_dir, public_phones)`), after MkDocs and in `yizheng scan-site`.
"""

from __future__ import annotations

from .review import Flag, ReviewKind, checked_digest, flagged_texts, record_digest, review_flags

__all__ = ["Flag", "ReviewKind", "checked_digest", "flagged_texts", "record_digest", "review_flags"]
