"""Fixtures of the normalize tests: the known exports of tests/data/exports, as pasted."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from sheetsync.normalize import normalize
from sheetsync.normalize.dataset import Dataset
from sheetsync.sources.base import RawWorkbook, Rows

EXPORTS = Path(__file__).parent.parent / "data" / "exports"
TODAY = dt.date(2026, 2, 1)
SALES = [["date", "amount"], ["2026-01-01", 1]]  # for a workbook of a Signups or Spend export


def export_rows(name: str) -> Rows:
    """One export file's rows of text cells (empty cells as None), as a paste gives them."""
    with (EXPORTS / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return [[c if c != "" else None for c in row] for row in csv.reader(handle)]


def read_book(tabs: dict[str, Rows], settings: list[list[object]] | None = None) -> Dataset:
    """Normalise a workbook of these tabs (plus a Settings tab of these lines)."""
    tabs = dict(tabs)
    if settings:
        tabs["Settings"] = [["key", "value"], *settings]
    return normalize(RawWorkbook(title="t", tabs=tabs), today=TODAY)


@pytest.fixture
def read_export() -> Callable[..., Dataset]:
    """Normalise one export pasted in a tab named `Feuille 3` (plus a Sales tab when the export
    is not one), with optional Settings lines."""

    def read(name: str, settings: list[list[object]] | None = None, **more: Rows) -> Dataset:
        tabs: dict[str, Rows] = {"Feuille 3": export_rows(name), **more}
        if not any(t[0] == "Sales" for t in tabs.items()) and name.split("_")[0] in (
            "mailchimp", "substack", "beehiiv", "brevo", "meta", "google",
        ):  # fmt: skip
            tabs["Sales"] = SALES
        return read_book(tabs, settings)

    return read
