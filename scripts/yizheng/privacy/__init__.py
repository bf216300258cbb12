"""Privacy beyond the certain numbers of `yizheng.personal_data`.

- `review`: what may be a home address or a personal name, flagged for a
  person to decide (`review_flags(text)`, for intake and for the loader's warnings).
- `scan`: every file written to the built site read for personal numbers
  (`scan_site(site_dir, public_phones)`), after MkDocs and in `yizheng scan-site`.
"""

from __future__ import annotations

from .review import Flag, ReviewKind, checked_digest, review_flags

__all__ = ["Flag", "ReviewKind", "checked_digest", "review_flags"]
