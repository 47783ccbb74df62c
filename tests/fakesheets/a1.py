"""A1 notation as the Sheets API reads and writes it: ``'Tab name'!A1:C10`` and friends.

A parsed range has 0-based, end-exclusive bounds; ``None`` means unbounded (``A:C`` has no row
bounds, ``2:5`` no column bounds, a bare ``Tab`` none at all).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CELL = re.compile(r"^([A-Za-z]*)([0-9]*)$")
_PLAIN_TITLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class A1Error(ValueError):
    """A range the API would refuse: ``Unable to parse range``."""


@dataclass(frozen=True)
class A1Range:
    """A range on one tab, 0-based and end-exclusive."""

    title: str
    start_row: int | None = None
    end_row: int | None = None
    start_col: int | None = None
    end_col: int | None = None

    def clip(self, rows: int, cols: int) -> tuple[int, int, int, int]:
        """Concrete bounds on a grid of ``rows`` x ``cols`` (unbounded ends run to the edge)."""
        r0 = self.start_row or 0
        c0 = self.start_col or 0
        r1 = rows if self.end_row is None else min(self.end_row, rows)
        c1 = cols if self.end_col is None else min(self.end_col, cols)
        return r0, max(r0, r1), c0, max(c0, c1)


def column_letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """A -> 0, Z -> 25, AA -> 26."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def quote_title(title: str) -> str:
    """The title as it appears before ``!``: quoted (with ``''`` for ``'``) unless plain."""
    looks_like_cell = re.match(r"^[A-Za-z]{1,3}[0-9]+$", title) is not None
    if _PLAIN_TITLE.match(title) and not looks_like_cell:
        return title
    return "'" + title.replace("'", "''") + "'"


def split_title(text: str) -> tuple[str, str | None]:
    """``'It''s'!A1`` -> (``It's``, ``A1``); ``Tab`` -> (``Tab``, None)."""
    if text.startswith("'"):
        i, out = 1, []
        while i < len(text):
            if text[i] == "'":
                if text[i + 1 : i + 2] == "'":
                    out.append("'")
                    i += 2
                    continue
                rest = text[i + 1 :]
                if rest == "":
                    return "".join(out), None
                if not rest.startswith("!"):
                    raise A1Error(f"Unable to parse range: {text}")
                return "".join(out), rest[1:]
            out.append(text[i])
            i += 1
        raise A1Error(f"Unable to parse range: {text}")
    if "!" in text:
        title, _, cells = text.rpartition("!")
        return title, cells
    return text, None


def _corner(text: str, whole: str) -> tuple[int | None, int | None]:
    m = _CELL.match(text)
    if not m or not text:
        raise A1Error(f"Unable to parse range: {whole}")
    letters, digits = m.groups()
    col = column_index(letters) if letters else None
    row = int(digits) - 1 if digits else None
    if row is not None and row < 0:
        raise A1Error(f"Unable to parse range: {whole}")
    return row, col


def parse(text: str) -> A1Range:
    """Parse ``'Tab'!A1:C10``, ``Tab!A:C``, ``Tab!2:5``, ``Tab!B2``, ``Tab!A2:C`` or ``Tab``."""
    title, cells = split_title(text)
    if not title:
        raise A1Error(f"Unable to parse range: {text}")
    if cells is None:
        return A1Range(title)
    first, sep, second = cells.partition(":")
    r0, c0 = _corner(first, text)
    if not sep:
        if r0 is None or c0 is None:
            # A lone column or row ("A", "3") is not a range the API accepts.
            raise A1Error(f"Unable to parse range: {text}")
        return A1Range(title, r0, r0 + 1, c0, c0 + 1)
    r1, c1 = _corner(second, text)
    if c0 is None and c1 is not None and r0 is not None:
        raise A1Error(f"Unable to parse range: {text}")
    start_row = None if r0 is None and r1 is None else (r0 or 0)
    start_col = None if c0 is None and c1 is None else (c0 or 0)
    if r0 is not None and r1 is not None and r1 < r0:
        r0, r1 = r1, r0
        start_row = r0
    if c0 is not None and c1 is not None and c1 < c0:
        c0, c1 = c1, c0
        start_col = c0
    return A1Range(
        title,
        start_row,
        None if r1 is None else r1 + 1,
        start_col,
        None if c1 is None else c1 + 1,
    )


def format_range(title: str, r0: int, r1: int, c0: int, c1: int) -> str:
    """The range Google echoes back: ``'Tab name'!A1:C10`` (end-exclusive bounds in)."""
    start = f"{column_letters(c0)}{r0 + 1}"
    end = f"{column_letters(max(c0, c1 - 1))}{max(r0, r1 - 1) + 1}"
    return f"{quote_title(title)}!{start}:{end}"
