"""A digest of everything a source read: the input half of "did the data change?".

The digest covers the workbook's title, locale, time zone, kind, tab ids, and every tab read
(name and cells, type included: the number 1, the text "1" and 1.0 differ). It never reads a
cell twice in Python: each column of a ``ColumnGrid`` (and each tab given as rows) is pickled
as one list by the C pickler, which costs about 40 ms per million cells, and the bytes go to
BLAKE2b. The pickler runs in "fast" mode (no memo), so the bytes depend on the values only,
never on which cells happen to share one Python object.

A source that hashed the cells as it received them (Google: the bytes of the Sheets API's
answers, every cell with its JSON type, ``RawWorkbook.cells_digest``) hands that digest over
instead: the cells are then not hashed a second time (0.1 s instead of 0.5 s for 15M cells). It
changes when any cell read changes, and also when the ranges read do (a grid grown by empty rows):
a refresh then writes once more than it needed to, never once less.

The tabs sheetsync owns (Dashboard, Data issues) are left out, content, name and id: they are
what the last refresh wrote (and a write may give them new ids), so counting them would make
every refresh look like a change. Whether the Dashboard is there at all is ``dashboard_missing``.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from typing import Any

from sheetsync.sources.base import DASHBOARD_TAB, OWNED_TABS, RawTab, RawWorkbook
from sheetsync.sources.grid import ColumnGrid


def _pickled(value: Any) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True  # no memo: equal values give equal bytes whatever their identity
    pickler.dump(value)
    return buffer.getvalue()


def _feed_tab(digest: Any, tab: RawTab) -> None:
    if isinstance(tab, ColumnGrid):
        digest.update(_pickled(("grid", tab.height, tab.width, tab.top, sorted(tab.unread))))
        for j, column in enumerate(tab.columns):
            cells = tab.top_cells[j][: tab.top] if j in tab.unread else column
            digest.update(_pickled(cells.tolist()))
    else:
        digest.update(_pickled(("rows", tab)))


def workbook_digest(raw: RawWorkbook) -> str:
    """The hex BLAKE2b digest of what was read from a workbook (see the module docstring)."""
    digest = hashlib.blake2b(digest_size=32)
    digest.update(_pickled((raw.title, raw.locale, raw.timezone, raw.kind)))
    owned = {name.casefold() for name in OWNED_TABS}
    ids = sorted((t, i) for t, i in raw.tab_ids.items() if t.casefold() not in owned)
    digest.update(_pickled(ids))
    if raw.cells_digest is not None:  # the source hashed the cells as they came
        digest.update(_pickled(("cells as received", raw.cells_digest)))
        return digest.hexdigest()
    for name in sorted(raw.tabs):
        if name.casefold() not in owned:
            digest.update(_pickled(("tab", name)))
            _feed_tab(digest, raw.tabs[name])
    return digest.hexdigest()


def dashboard_missing(raw: RawWorkbook) -> bool:
    """Whether the workbook as read lists no Dashboard tab (deleted, or never written)."""
    names = {name.casefold() for name in (*raw.tabs, *raw.tab_ids)}
    return DASHBOARD_TAB.casefold() not in names
