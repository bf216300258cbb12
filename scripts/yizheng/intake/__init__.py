"""Suggestions from GitHub issues: forms, parsing, redaction, intake and status sync."""
