"""A scanned sheet's blocks of rows (``xlsx_scan`` scans a big sheet's XML in blocks, side by
side) joined into one set of arrays per column, with one numbering of its texts.

Each block numbers the texts it met first from the end of the shared strings on, so one text
has an id in every block that holds it. The scanner joins the blocks' own texts (still bytes:
``join_texts``) into the sheet's, each distinct text once, and says where each block's ids go;
the shared strings come first. A Python str is made once per distinct text of the sheet. The blocks must follow one
another in rows (the scanner checks the order inside a block): else ``BlocksOutOfOrder`` and
calamine reads the tab.
"""

from __future__ import annotations

import numpy as np

from sheetsync.sources.xlsx_scan import Columns, ScannedSheet, _xlsx_scan

TEXT_KINDS = np.isin(np.arange(256), [2, 3, 5, 6])  # the scanner's SHARED, INLINE, ERROR, STR
Arrays = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


class BlocksOutOfOrder(ValueError):
    """A block's rows do not all come after the previous block's."""


def joined(sheet: ScannedSheet) -> tuple[list[Arrays | None], list[str]]:
    """Per column the rows, raw kinds, values (text ids renumbered) and cell formats of its
    cells, and the sheet's texts by id; a ValueError if a text is not UTF-8."""
    found = _xlsx_scan.join_texts([texts for _, texts in sheet.blocks])
    if found is None:
        raise ValueError("a text that is not UTF-8: calamine reads the tab")
    own, renumberings = found
    if len(sheet.blocks) == 1:  # its ids are the sheet's already
        return [None if c is None else _arrays(c) for c in sheet.blocks[0][0]], [
            *sheet.shared,
            *own,
        ]
    base = len(sheet.shared)
    blocks, last_row = [], -1
    for (columns, _), renumbering in zip(sheet.blocks, renumberings, strict=True):
        renumber = np.frombuffer(renumbering, dtype=np.float64)
        arrays = [None if c is None else _renumbered(_arrays(c), base, renumber) for c in columns]
        rows = [a[0] for a in arrays if a is not None and len(a[0])]
        if rows:
            if min(int(r[0]) for r in rows) <= last_row:
                raise BlocksOutOfOrder("a block of rows starts before the previous one ends")
            last_row = max(int(r[-1]) for r in rows)
        blocks.append(arrays)
    width = max(len(b) for b in blocks)
    merged = [_concatenated([b[j] for b in blocks if j < len(b)]) for j in range(width)]
    return merged, [*sheet.shared, *own]


def _arrays(column: tuple[bytes, bytes, bytes, bytes]) -> Arrays:
    rows, kinds, values, styles = column
    return (
        np.frombuffer(rows, dtype=np.int32),
        np.frombuffer(kinds, dtype=np.uint8),
        np.frombuffer(values, dtype=np.float64),
        np.frombuffer(styles, dtype=np.int32),
    )


def _renumbered(arrays: Arrays, base: int, renumber: np.ndarray) -> Arrays:
    """A block's column with its own text ids (from `base` on) in the sheet's numbering."""
    rows, kinds, values, styles = arrays
    own = TEXT_KINDS[kinds] & (values >= base)
    if own.any():
        values = values.copy()
        values[own] = renumber[values[own].astype(np.intp) - base]
    return rows, kinds, values, styles


def _concatenated(parts: list[Arrays | None]) -> Arrays | None:
    found = [p for p in parts if p is not None]
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    return tuple(np.concatenate([p[k] for p in found]) for k in range(4))  # type: ignore[return-value]


__all__ = ["Arrays", "BlocksOutOfOrder", "Columns", "joined"]
