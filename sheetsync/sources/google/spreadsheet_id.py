"""The one rule for a spreadsheet id, checked before any call, file access or database row."""

from __future__ import annotations

import re

from sheetsync.errors import UsageError

# What Google's ids are made of; the workbooks folder of the service names its files the same way,
# so an id can never name a path outside that folder.
PATTERN = r"[A-Za-z0-9_-]{20,100}"
SPREADSHEET_ID = re.compile(PATTERN)


def validate_spreadsheet_id(spreadsheet_id: str | None) -> str:
    """The id itself when valid, else a UsageError (400) saying where to find the id."""
    if spreadsheet_id is None or not SPREADSHEET_ID.fullmatch(spreadsheet_id):
        text = str(spreadsheet_id)
        shown = text[:40] + ("…" if len(text) > 40 else "")
        raise UsageError(
            f"{shown!r} is not a Google spreadsheet id.",
            hint="A spreadsheet id is 20 to 100 letters, digits, - or _ (the part of the"
            " sheet's URL between /d/ and /edit).",
        )
    return spreadsheet_id
